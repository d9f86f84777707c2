// Metadata upload into an environment, without a framework: the multipart body is read as a stream, one file
// at a time (each file's bytes dropped once taken: Web API JSON is parsed on arrival), the files become one
// document (a zip inflated on the thread pool), and the snapshot is stored. The production server's node:http
// front (upload-front.ts) and the Next route file (for `next dev`) both answer through it, after their own
// authentication; progress events let a caller stream upload and parse progress to the browser.
import "server-only";
import type { Db } from "@/lib/db/client";
import { countOf } from "@/lib/format/count";
import { UPLOAD_LIMIT_SETTING, uploadLimits } from "@/lib/environments/upload-limit";
import { readMultipartFiles, type BodyChunks } from "@/lib/http/request-body";
import { AppError } from "@/lib/app-error";
import { problemOfError } from "@/lib/problem";
import { combineIntoSnapshot, storeSnapshot, type StoreSnapshotResult } from "@/lib/metadata/mutations";
import { MetadataUploadCollector } from "@/lib/metadata/read-source";
import { DEFAULT_ZIP_LIMITS, ZipTexts, type ZipLimits } from "@/lib/metadata/read-zip";
import { definitionsFromUploadsOrWarning, mayHoldDefinitions } from "@/lib/metadata/read-definitions";
import { rolesFromUploadsOrWarning } from "@/lib/metadata/solution-roles";
import { recordSolutionRoles } from "@/lib/environments/mutations";
import {
  UPLOAD_PROGRESS_TYPE,
  type MetadataUploadResult,
  type UploadLine,
  type UploadProgress,
} from "@/lib/metadata/upload-progress";

export interface MetadataUploadInput {
  environmentId: string;
  headers: { get(name: string): string | null };
  body: BodyChunks;
  actor: { id: string; label: string };
  requestId: string;
  /** A snapshot of the environment to complete with the uploaded files (a new, combined snapshot); else a new one. */
  combineWith?: string | null;
}

/** The upload's reply: 201 for a new snapshot, 200 when the same content was stored before. Throws AppError. */
export async function receiveMetadataUpload(
  db: Db,
  input: MetadataUploadInput,
  onProgress: (event: UploadProgress) => void = () => {},
): Promise<{ status: number; body: MetadataUploadResult }> {
  const limits = uploadLimits();
  // Every reader of the upload (metadata, forms and views, roles) holds a zip to the same unpacked size.
  const zip: ZipLimits = {
    ...DEFAULT_ZIP_LIMITS,
    maxUncompressedBytes: limits.maxUnpackedBytes,
    setting: UPLOAD_LIMIT_SETTING,
  };
  // A zip's entries are inflated once, by the first reader that wants them, and shared with the others.
  const zipTexts = new ZipTexts();
  const collector = new MetadataUploadCollector({
    maxFileBytes: limits.maxFileBytes,
    maxTotalBytes: limits.maxTotalBytes,
    maxFiles: limits.maxFiles,
    limitSetting: UPLOAD_LIMIT_SETTING,
    zip,
    zipTexts,
  });
  const names: string[] = [];
  // The org's forms and views come from the solution's files (kept by the collector anyway) and from Web API
  // systemforms / savedqueries responses; the big EntityDefinitions files are not kept for them.
  const definitionFiles: Array<{ name: string; bytes: Uint8Array }> = [];
  const declared = Number(input.headers.get("content-length") ?? "");
  const total = Number.isFinite(declared) && declared > 0 ? declared : null;
  let lastReported = 0;
  await readMultipartFiles(
    input.body,
    input.headers,
    { ...limits, message: { what: "The upload", setting: UPLOAD_LIMIT_SETTING, shownLimit: limits.maxTotalBytes } },
    (file) => {
      if (file.field !== "files") return;
      names.push(file.name);
      if (mayHoldDefinitions(file.name)) definitionFiles.push({ name: file.name, bytes: file.bytes });
      collector.add(file.name, file.bytes);
      onProgress({ phase: "parse", files: collector.count, tables: collector.tablesSeen });
    },
    (bytes) => {
      // At most ~100 reports per upload (one a megabyte when the size is not declared).
      if (bytes - lastReported >= (total === null ? 1024 * 1024 : total / 100) || bytes === total) {
        lastReported = bytes;
        onProgress({ phase: "upload", bytes, total });
      }
    },
  );
  if (names.length === 0)
    throw new AppError("invalid", "Choose at least one file to import.", {
      problems: [{ path: "files", message: "no file was uploaded" }],
    });
  const files = collector.count;
  const source = await collector.finish((tables) => onProgress({ phase: "parse", files, tables }));
  onProgress({ phase: "store", tables: source.document.tables.length });
  const sourceName = sourceNameOf(names);
  const { definitions, warning } = definitionsFromUploadsOrWarning(definitionFiles, zip, zipTexts);
  // The security roles a solution defines are the environment's, not the snapshot's: recorded once it is stored.
  const roles = source.format === "solution" ? rolesFromUploadsOrWarning(definitionFiles, zip, zipTexts) : undefined;
  definitionFiles.length = 0;
  const warnings = [...source.warnings, ...(warning ? [warning] : []), ...(roles?.warning ? [roles.warning] : [])];
  let stored: StoreSnapshotResult;
  let combinedNote = "";
  if (input.combineWith) {
    const combined = await combineIntoSnapshot(
      db,
      input.actor,
      {
        environmentId: input.environmentId,
        baseSnapshotId: input.combineWith,
        source: source.format,
        sourceName,
        document: source.document,
        definitions,
      },
      { requestId: input.requestId },
    );
    stored = combined;
    const { report } = combined;
    combinedNote = ` Added to "${combined.base.name}": ${countOf(report.tablesAdded.length, "table")} added, ${countOf(report.tablesCompleted.length, "table")} completed (${countOf(report.columnsAdded, "column")}).`;
  } else {
    stored = await storeSnapshot(
      db,
      input.actor,
      { environmentId: input.environmentId, source: source.format, sourceName, document: source.document, definitions },
      { requestId: input.requestId },
    );
  }
  const { snapshot } = stored;
  if (roles)
    await recordSolutionRoles(
      db,
      input.actor,
      { environmentId: input.environmentId, source: sourceName, roles: roles.found.roles },
      { requestId: input.requestId },
    );
  const message = stored.duplicate
    ? `Already imported as "${snapshot.name}"; nothing new was stored.`
    : `Imported ${countOf(snapshot.tableCount, "table")}, ${countOf(snapshot.columnCount, "column")} from ${sourceName} as "${snapshot.name}".${combinedNote}`;
  const rolesNote = roles?.found.roles.length
    ? ` Its ${countOf(roles.found.roles.length, "security role")} (${roles.found.roles.map((r) => r.name).join(", ")}) are offered in the projects' roles editor.`
    : "";
  return {
    status: stored.duplicate ? 200 : 201,
    body: {
      duplicate: stored.duplicate,
      message: message + rolesNote,
      warnings,
      snapshot: {
        id: snapshot.id,
        name: snapshot.name,
        createdAt: snapshot.createdAt.toISOString(),
        tableCount: snapshot.tableCount,
        columnCount: snapshot.columnCount,
      },
    },
  };
}

/** How a snapshot names what it came from: the file, the folder a folder upload came from, or the first files. */
export function sourceNameOf(names: string[]): string {
  if (names.length === 1) return names[0];
  const tops = new Set(names.map((name) => (name.includes("/") ? name.slice(0, name.indexOf("/")) : "")));
  const [top] = tops;
  if (tops.size === 1 && top) return `folder ${top} (${names.length} files)`;
  return `${names.length} files: ${names.slice(0, 5).join(", ")}${names.length > 5 ? ", ..." : ""}`;
}

/** Whether the caller asked for progress lines (application/x-ndjson) rather than one JSON reply. */
export function wantsProgress(headers: { get(name: string): string | null }): boolean {
  return (headers.get("accept") ?? "").includes(UPLOAD_PROGRESS_TYPE);
}

/**
 * The upload answered as progress lines (application/x-ndjson): one JSON object per line, then a last line with
 * `phase: "done"` (status and result) or `phase: "error"` (status and problem document). Never throws.
 */
export async function streamMetadataUpload(
  db: Db,
  input: MetadataUploadInput,
  write: (line: string) => void,
): Promise<void> {
  try {
    const line = (value: UploadLine) => write(JSON.stringify(value) + "\n");
    const reply = await receiveMetadataUpload(db, input, line);
    line({ phase: "done", status: reply.status, result: reply.body });
  } catch (error) {
    const problem = problemOfError(error, input.requestId);
    write(
      JSON.stringify({
        phase: "error",
        status: problem.status,
        problem: JSON.parse(problem.body),
      } satisfies UploadLine) + "\n",
    );
  }
}
