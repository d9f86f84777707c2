// If-None-Match against a strong ETag made from a hash: "*", a list, weak forms all match by value.

/** One element of an If-None-Match list: `*`, or an entity-tag (weak or not) whose quotes may hold a comma. */
const ELEMENT = /(?:^|,)\s*(\*|(?:W\/)?"[^"]*")\s*(?=,|$)/g;

export function etagMatches(ifNoneMatch: string | null, hash: string): boolean {
  if (!ifNoneMatch) return false;
  // What a device sends back: the one tag it was given (no list to split).
  if (ifNoneMatch.length === hash.length + 2 && ifNoneMatch === `"${hash}"`) return true;
  // A device upgrading sends its older version's tag: no list to split when neither the hash nor * is in it.
  if (!ifNoneMatch.includes(hash) && !ifNoneMatch.includes("*")) return false;
  const tag = `"${hash}"`;
  // Split by the grammar, not at every comma: `"x,*,y"` is one tag (RFC 9110 8.8.3), no list holding `*`.
  for (const [, element] of ifNoneMatch.matchAll(ELEMENT))
    if (element === "*" || element === tag || element === `W/${tag}`) return true;
  return false;
}
