// What a metadata upload tells the browser while it runs, and how that reads: upload bytes (measured by the
// browser as they leave), then the files and tables the server has read, then storing; the last line is the
// result or the problem. Pure: the upload core writes these lines, the upload panel reads them.
import type { FieldProblem } from "@/lib/app-error";

export type UploadProgress =
  | { phase: "upload"; bytes: number; total: number | null }
  | { phase: "parse"; files: number; tables: number }
  | { phase: "store"; tables: number };

export interface MetadataUploadResult {
  duplicate: boolean;
  message: string;
  warnings: string[];
  snapshot: { id: string; name: string; createdAt: string; tableCount: number; columnCount: number };
}

export type UploadLine =
  | UploadProgress
  | { phase: "done"; status: number; result: MetadataUploadResult }
  | { phase: "error"; status: number; problem: { detail?: string; problems?: FieldProblem[] } };

/** The media type of progress lines; a caller asks for them with Accept. */
export const UPLOAD_PROGRESS_TYPE = "application/x-ndjson";

/** The complete lines of `text` after `from` (a response still arriving), and where the next read starts. */
export function readUploadLines(text: string, from: number): { lines: UploadLine[]; next: number } {
  const lines: UploadLine[] = [];
  let start = from;
  for (let end = text.indexOf("\n", start); end !== -1; end = text.indexOf("\n", start)) {
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (!line) continue;
    try {
      lines.push(JSON.parse(line) as UploadLine);
    } catch {
      // A line that is not JSON is not ours (a proxy's page): the final status tells what happened.
    }
  }
  return { lines, next: start };
}

const MB = 1024 * 1024;
const megabytes = (bytes: number) => `${(bytes / MB).toFixed(bytes < 10 * MB ? 1 : 0)} MB`;
const plural = (n: number, one: string, many: string) =>
  `${n.toLocaleString("en-US")} ${new Intl.PluralRules("en-US").select(n) === "one" ? one : many}`;

/** One line a person reads, and how far along the bar is (null: no measure, show it moving). */
export function describeUploadProgress(progress: UploadProgress): { label: string; percent: number | null } {
  switch (progress.phase) {
    case "upload":
      return progress.total
        ? {
            label: `Uploading: ${megabytes(progress.bytes)} of ${megabytes(progress.total)}`,
            percent: Math.min(100, Math.round((progress.bytes / progress.total) * 100)),
          }
        : { label: `Uploading: ${megabytes(progress.bytes)}`, percent: null };
    case "parse":
      return {
        label: `Reading: ${plural(progress.files, "file", "files")}, ${plural(progress.tables, "table", "tables")} so far`,
        percent: null,
      };
    case "store":
      return { label: `Storing ${plural(progress.tables, "table", "tables")}`, percent: null };
  }
}

/** The line left in place once an upload is done: what was sent and what was read. */
export function describeFinishedUpload(bytes: number, tables: number): string {
  return `Uploaded ${megabytes(bytes)}, read ${plural(tables, "table", "tables")}`;
}
