// If-None-Match against a strong ETag made from a hash: "*", a list, weak forms all match by value.
export function etagMatches(ifNoneMatch: string | null, hash: string): boolean {
  if (!ifNoneMatch) return false;
  // What a device sends back: the one tag it was given (no list to split).
  if (ifNoneMatch.length === hash.length + 2 && ifNoneMatch === `"${hash}"`) return true;
  return ifNoneMatch.split(",").some((tag) => {
    const t = tag.trim();
    return t === "*" || t.replace(/^W\//, "") === `"${hash}"`;
  });
}
