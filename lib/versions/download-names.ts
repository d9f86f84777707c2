// File names for what the Versions screens let an editor download: the project file and a version's bundle.
// Pure: the route handlers and the tests both call it.

/** A file-system-safe slug of a project name: letters, digits, dots, dashes and underscores; "project" when empty. */
export function fileSlug(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/\.{2,}/g, ".")
    .replace(/^[-.]+|[-.]+$/g, "")
    .slice(0, 80);
  return slug || "project";
}

/** The name `syncwright export` suggests for a project file: `<project>.project.json`. */
export function projectFileName(projectName: string): string {
  return `${fileSlug(projectName)}.project.json`;
}

/** A version's signed bundle: `<project>-v<N>.bundle.json`. */
export function bundleFileName(projectName: string, number: number): string {
  return `${fileSlug(projectName)}-v${number}.bundle.json`;
}

/** A Content-Disposition header that downloads under `fileName` (ASCII already; RFC 6266 filename*). */
export function attachment(fileName: string): string {
  return `attachment; filename="${fileName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
