// Reading an importer's lookup tables (a Dataverse text to our value) without the object prototype's names: a file
// that says "toString" or "constructor" where a type or ownership belongs names nothing we know.

/** What `map` holds for `key` as its own entry, or undefined. */
export function known<T>(map: Readonly<Record<string, T>>, key: string | undefined): T | undefined {
  return key !== undefined && Object.hasOwn(map, key) ? map[key] : undefined;
}
