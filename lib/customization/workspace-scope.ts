// Which project pages are about the draft (the configuration being edited) and so show its validation panel.
// A published version's page and the diff of two versions are about what was published: the draft's issues beside
// them would read as the version's, so those pages show only what they record themselves. Pure.

const ABOUT_PUBLISHED: readonly RegExp[] = [
  // /projects/<id>/versions/<number> and what lies under it
  /^\/projects\/[^/]+\/versions\/\d+(\/|$)/,
  // /projects/<id>/versions/diff: two published versions
  /^\/projects\/[^/]+\/versions\/diff\/?$/,
];

/** Whether the project page at `pathname` shows the draft's validation panel beside it. */
export function showsDraftValidation(pathname: string): boolean {
  return !ABOUT_PUBLISHED.some((re) => re.test(pathname));
}
