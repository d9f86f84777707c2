// If-None-Match against a strong ETag made from a hash: "*", a list, weak forms all match by value.
export function etagMatches(ifNoneMatch: string | null, hash: string): boolean {
  if (!ifNoneMatch) return false;
  // What a device sends back: the one tag it was given (no list to split).
  if (ifNoneMatch.length === hash.length + 2 && ifNoneMatch === `"${hash}"`) return true;
  // A device upgrading sends its older version's tag: no list to split when neither the hash nor * is in it.
  if (!ifNoneMatch.includes(hash) && !ifNoneMatch.includes("*")) return false;
  return ifNoneMatch.split(",").some((tag) => {
    const t = tag.trim();
    return t === "*" || t.replace(/^W\//, "") === `"${hash}"`;
  });
}
