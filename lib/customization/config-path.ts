// The paths that point into a project document for the UI's links ("tables/contact/columns/fax").
// Logical names are safe as they are; admin-chosen names (views, forms, roles) are URI-encoded.

export function tablePath(table: string, ...rest: string[]): string {
  return ["tables", table, ...rest].join("/");
}

/** A segment holding an admin-chosen name: "/" and friends would break the path. */
export function nameSegment(name: string): string {
  return encodeURIComponent(name);
}
