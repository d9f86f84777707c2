// Reads metadata from a path (file or folder) or from uploaded bytes: detects the format (solution zip,
// customizations.xml, Entity.xml, unpacked solution folder, Web API JSON), enforces size limits, and
// returns the normalized document. Node only (fs). Every failure is one AppError naming the file.
import { byteLimit, countOf } from "@/lib/format/count";
import { lstat, readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { AppError } from "@/lib/app-error";
import { decodeUtf8, MAX_TEXT_BYTES } from "@/lib/utf8";
import { importWebApi, type WebApiInput } from "@/lib/metadata/import-webapi";
import {
  importCustomizationsXml,
  importCustomizationsXmlAsync,
  importEntityXml,
  importSolutionFolder,
  importSolutionZip,
  importSolutionZipAsync,
  isSolutionFolderFile,
  type SolutionFile,
} from "@/lib/metadata/import-solution";
import { parseJsonText } from "@/lib/metadata/parse-json";
import { DEFAULT_ZIP_LIMITS, looksLikeZip, type ZipLimits, type ZipTexts } from "@/lib/metadata/read-zip";
import type { MetadataDocument } from "@/lib/metadata/schema";

export type MetadataSourceFormat = "webapi-json" | "solution";

export interface ReadSourceOptions {
  /** Largest single file accepted, in bytes (default 128 MiB). */
  maxFileBytes?: number;
  /** Largest total size of the files read from a folder (default 1 GiB). */
  maxTotalBytes?: number;
  /** Most files read from a folder (default 20,000). */
  maxFiles?: number;
  /** Limits for solution zips (entries, unpacked size, ratio). */
  zip?: Partial<ZipLimits>;
  /** The setting that raises the size limits, named when one is passed (SYNCWRIGHT_MAX_UPLOAD_MB for uploads). */
  limitSetting?: string;
  /** Keeps a zip's inflated entries for the upload's other readers (forms and views, roles). */
  zipTexts?: ZipTexts;
}

export interface MetadataSource {
  format: MetadataSourceFormat;
  document: MetadataDocument;
  /** The files the document was read from. */
  files: string[];
  /** Inputs skipped as not metadata (a folder's manifest, view lists...). */
  warnings: string[];
}

export const DEFAULT_MAX_FILE_BYTES = 128 * 1024 * 1024;
const DEFAULT_MAX_TOTAL_BYTES = 1024 * 1024 * 1024;
const DEFAULT_MAX_FILES = 20_000;
const MAX_FOLDER_DEPTH = 8;

function invalid(where: string, reason: string, details?: Record<string, unknown>): AppError {
  return new AppError("invalid", `${where}: ${reason}`, {
    problems: [{ path: where, message: reason }],
    details: { file: where, ...details },
  });
}

function tooLarge(where: string, size: number, limit: number): AppError {
  const reason = `the file is ${size} bytes, over the limit of ${limit} bytes`;
  return new AppError("too_large", `${where}: ${reason}`, {
    problems: [{ path: where, message: reason }],
    details: { file: where, size, limit },
  });
}

/** True for errors that mean "could not read the file" (missing, no permission) rather than "bad content". */
export function isUnreadableError(error: unknown): boolean {
  return (
    error instanceof AppError &&
    (error.code === "not_found" ||
      (typeof error.details === "object" &&
        error.details !== null &&
        (error.details as { unreadable?: boolean }).unreadable === true))
  );
}

function unreadable(where: string, error: unknown): AppError {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === "ENOENT" || code === "ENOTDIR") {
    return new AppError("not_found", `${where}: no such file or folder`, {
      problems: [{ path: where, message: "no such file or folder" }],
      cause: error,
    });
  }
  const reason = `cannot be read (${code ?? (error instanceof Error ? error.message : String(error))})`;
  return new AppError("invalid", `${where}: ${reason}`, {
    problems: [{ path: where, message: reason }],
    details: { file: where, unreadable: true },
    cause: error,
  });
}

function decodeText(bytes: Uint8Array, where: string): string {
  const decoded = decodeUtf8(bytes);
  if (decoded.ok) return decoded.text;
  throw invalid(
    where,
    bytes.length > MAX_TEXT_BYTES
      ? decoded.reason
      : "not Dataverse metadata: the file is neither UTF-8 text nor a ZIP archive",
  );
}

/** The name of the first element, skipping the XML declaration, comments and processing instructions. */
function rootElementName(text: string): string | undefined {
  const match = /^(?:\s|<\?[\s\S]*?\?>|<!--[\s\S]*?-->)*<([A-Za-z_][\w.:-]*)/.exec(
    text.charCodeAt(0) === 0xfeff ? text.slice(1) : text,
  );
  return match?.[1];
}

function importXml(text: string, where: string): MetadataDocument {
  const root = rootElementName(text);
  if (root === "Entity") return importEntityXml(text, where);
  if (root === "EntityRelationships") {
    throw invalid(
      where,
      "not a whole solution: this file holds only relationships; pass the unpacked solution folder or customizations.xml",
    );
  }
  // Anything else goes through the full parser, which names malformed XML and refuses declarations.
  return importCustomizationsXml(text, where);
}

/**
 * A snapshot must be worth storing: one without tables is refused, and tables without columns (a managed
 * solution carrying only forms and views of system tables) are named in a warning saying what completes them.
 */
export function checkUseful(source: MetadataSource, where: string): MetadataSource {
  const tables = source.document.tables;
  if (tables.length === 0)
    throw invalid(
      where,
      "no tables: this file holds no table definitions (a solution of only forms, views or web resources?); upload a solution that contains tables, or Web API JSON files",
    );
  const empty = tables.filter((table) => table.columns.length === 0);
  if (empty.length > 0) {
    const names = empty.map((table) => table.logicalName);
    const list = `${names.slice(0, 8).join(", ")}${names.length > 8 ? `, and ${names.length - 8} more` : ""}`;
    const what =
      source.format === "solution"
        ? "this solution carries only forms and views of them (tables it extends but does not define); import their definitions from the live organization or as Web API JSON files"
        : "their files hold no Attributes; export them with $expand=Attributes";
    source.warnings.push(
      `${countOf(empty.length, "table")} ${empty.length === 1 ? "has" : "have"} no columns (${list}): ${what}.`,
    );
  }
  return source;
}

function zipLimits(options: ReadSourceOptions): ZipLimits {
  return { ...DEFAULT_ZIP_LIMITS, ...options.zip };
}

/** One file's bytes (uploaded or read): detects the format by content first, then by extension. */
export function readMetadataUpload(
  bytes: Uint8Array,
  fileName: string,
  options: ReadSourceOptions = {},
): MetadataSource {
  return checkUseful(readOneFile(bytes, fileName, options), fileName);
}

/** The same, inflating a zip on libuv's thread pool (the server: the event loop stays free meanwhile). */
export async function readMetadataUploadAsync(
  bytes: Uint8Array,
  fileName: string,
  options: ReadSourceOptions = {},
  onTable?: (tables: number) => void,
): Promise<MetadataSource> {
  const fits = bytes.length > 0 && bytes.length <= (options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
  let document: MetadataDocument | undefined;
  if (fits && looksLikeZip(bytes))
    document = await importSolutionZipAsync(bytes, fileName, zipLimits(options), onTable, options.zipTexts);
  else if (fits && firstNonSpace(bytes) === 0x3c) {
    // A customizations.xml on its own: parsed a slice at a time too (other XML is small).
    const text = decodeText(bytes, fileName);
    if (rootElementName(text) === "ImportExportXml")
      document = await importCustomizationsXmlAsync(text, fileName, onTable);
  }
  if (document) return checkUseful({ format: "solution", document, files: [fileName], warnings: [] }, fileName);
  return readMetadataUpload(bytes, fileName, options);
}

function readOneFile(bytes: Uint8Array, fileName: string, options: ReadSourceOptions): MetadataSource {
  const limit = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (bytes.length > limit) throw tooLarge(fileName, bytes.length, limit);
  if (bytes.length === 0) throw invalid(fileName, "the file is empty");
  const extension = path.extname(fileName).toLowerCase();
  if (looksLikeZip(bytes)) {
    return {
      format: "solution",
      document: importSolutionZip(bytes, fileName, zipLimits(options)),
      files: [fileName],
      warnings: [],
    };
  }
  if (extension === ".zip")
    throw invalid(fileName, "not a ZIP archive (it does not start with a ZIP header; truncated or renamed?)");
  const text = decodeText(bytes, fileName);
  const first = text.replace(/^\uFEFF/, "").trimStart()[0];
  if (first === undefined) throw invalid(fileName, "the file is empty (only white space)");
  if (first === "<") {
    return { format: "solution", document: importXml(text, fileName), files: [fileName], warnings: [] };
  }
  if (first === "{" || first === "[" || extension === ".json") {
    const json = parseJsonText(text, fileName);
    const result = importWebApi([{ name: fileName, json }]);
    return { format: "webapi-json", document: result.document, files: [fileName], warnings: result.warnings };
  }
  throw invalid(fileName, "not Dataverse metadata: expected Web API JSON, solution XML or a solution .zip");
}

type Collected =
  | { name: string; kind: "json"; json: unknown }
  | { name: string; kind: "solution"; path: string; text: string }
  | { name: string; kind: "other"; bytes: Uint8Array };

/**
 * Uploaded files taken one at a time as they arrive (a browser's multi-file or folder upload, streamed): each
 * file is checked against the limits, and Web API JSON is parsed at once so its bytes can be dropped. Files of
 * an unpacked solution keep their relative paths (e.g. "Entities/Contact/Entity.xml").
 */
export class MetadataUploadCollector {
  private readonly files: Collected[] = [];
  private total = 0;
  private tables = 0;
  private readonly fileLimit: number;
  private readonly totalLimit: number;
  private readonly maxFiles: number;

  constructor(private readonly options: ReadSourceOptions = {}) {
    this.fileLimit = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    this.totalLimit = options.maxTotalBytes ?? DEFAULT_MAX_TOTAL_BYTES;
    this.maxFiles = options.maxFiles ?? DEFAULT_MAX_FILES;
  }

  get count(): number {
    return this.files.length;
  }

  /** Tables seen so far (table files of an unpacked solution, tables of Web API JSON): for progress only. */
  get tablesSeen(): number {
    return this.tables;
  }

  /** Takes one file; the caller may drop `bytes` once this returns. */
  add(name: string, bytes: Uint8Array): void {
    if (this.files.length >= this.maxFiles) throw invalid("(upload)", `more than ${this.maxFiles} files were uploaded`);
    if (bytes.length > this.fileLimit) throw tooLarge(name, bytes.length, this.fileLimit);
    this.total += bytes.length;
    if (this.total > this.totalLimit)
      throw new AppError(
        "too_large",
        `the uploaded files add up to more than ${byteLimit(this.totalLimit, this.options.limitSetting)}`,
        { problems: [{ path: "(upload)", message: "upload too large" }] },
      );
    const path = name.replace(/\\/g, "/");
    if (isSolutionFolderFile(path)) {
      this.files.push({ name, kind: "solution", path, text: decodeText(bytes, name) });
      if (/(^|\/)Entities\/[^/]+\/Entity\.xml$/i.test(path)) this.tables += 1;
      return;
    }
    const first = firstNonSpace(bytes);
    if (path.toLowerCase().endsWith(".json") && (first === 0x7b || first === 0x5b)) {
      const json = parseJsonText(decodeText(bytes, name), name);
      this.files.push({ name, kind: "json", json });
      this.tables += countTables(json);
      return;
    }
    this.files.push({ name, kind: "other", bytes });
  }

  /**
   * The document of everything taken; a zip is inflated on the thread pool and a customizations.xml parsed a
   * slice at a time (`onTable` hears the tables read so far).
   */
  async finish(onTable?: (tables: number) => void): Promise<MetadataSource> {
    const only = this.files.length === 1 ? this.files[0] : undefined;
    try {
      if (only?.kind === "other") return await readMetadataUploadAsync(only.bytes, only.name, this.options, onTable);
      return this.finishSync();
    } finally {
      // The parsed files are let go before the caller stores the document.
      this.files.length = 0;
    }
  }

  finishSync(): MetadataSource {
    const files = this.files;
    if (files.length === 0) throw invalid("(no files)", "no file was uploaded");
    if (files.length === 1) {
      const only = files[0];
      if (only.kind === "other") return readMetadataUpload(only.bytes, only.name, this.options);
      if (only.kind === "solution")
        return checkUseful(
          { format: "solution", document: importXml(only.text, only.name), files: [only.name], warnings: [] },
          only.name,
        );
      const result = importWebApi([{ name: only.name, json: only.json }]);
      return checkUseful(
        { format: "webapi-json", document: result.document, files: [only.name], warnings: result.warnings },
        only.name,
      );
    }
    const solution = files.filter((file) => file.kind === "solution");
    if (solution.length > 0) {
      return checkUseful(
        {
          format: "solution",
          document: importSolutionFolder(
            solution.map((file) => ({ path: file.path, text: file.text })),
            "(upload)",
            solution.map((file) => file.name),
          ),
          files: solution.map((file) => file.name),
          warnings: [],
        },
        "(upload)",
      );
    }
    const other = files.find((file) => file.kind !== "json");
    if (other) {
      throw invalid(
        other.name,
        "several files can be imported together only as Web API JSON files or as the files of an unpacked solution; upload a solution .zip or customizations.xml on its own",
      );
    }
    const inputs: WebApiInput[] = files.map((file) => ({ name: file.name, json: (file as { json: unknown }).json }));
    const result = importWebApi(inputs, { ignoreUnrecognized: true });
    return checkUseful(
      {
        format: "webapi-json",
        document: result.document,
        files: files.map((file) => file.name),
        warnings: result.warnings,
      },
      "(upload)",
    );
  }
}

function countTables(json: unknown): number {
  const isTable = (value: unknown) =>
    typeof value === "object" && value !== null && "LogicalName" in value && "Attributes" in value;
  if (isTable(json)) return 1;
  const list = Array.isArray(json) ? json : (json as { value?: unknown })?.value;
  return Array.isArray(list) ? list.filter(isTable).length : 0;
}

function firstNonSpace(bytes: Uint8Array): number | undefined {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  return bytes[i];
}

/**
 * Several uploaded files at once (a browser's multi-file or folder upload): Web API JSON files, or the
 * files of an unpacked solution (names with their relative paths, e.g. "Entities/Contact/Entity.xml").
 * One file is the same as readMetadataUpload.
 */
export function readMetadataUploads(
  files: Array<{ name: string; bytes: Uint8Array }>,
  options: ReadSourceOptions = {},
): MetadataSource {
  if (files.length === 0) throw invalid("(no files)", "no file was uploaded");
  if (files.length === 1) return readMetadataUpload(files[0].bytes, files[0].name, options);
  const collector = new MetadataUploadCollector(options);
  for (const file of files) collector.add(file.name, file.bytes);
  return collector.finishSync();
}

interface FolderFile {
  full: string;
  relative: string;
  size: number;
}

async function listFolder(root: string, options: ReadSourceOptions): Promise<FolderFile[]> {
  const maxFiles = options.maxFiles ?? DEFAULT_MAX_FILES;
  const files: FolderFile[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > MAX_FOLDER_DEPTH) return;
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (error) {
      throw unreadable(dir, error);
    }
    for (const name of names.sort()) {
      const full = path.join(dir, name);
      const info = await lstat(full).catch((error: unknown) => {
        throw unreadable(full, error);
      });
      // Symbolic links are not followed: a folder import reads only what lies inside the folder.
      if (info.isSymbolicLink()) continue;
      if (info.isDirectory()) await walk(full, depth + 1);
      else if (info.isFile()) {
        files.push({ full, relative: path.relative(root, full).split(path.sep).join("/"), size: info.size });
        if (files.length > maxFiles) throw invalid(root, `the folder holds more than ${maxFiles} files`);
      }
    }
  };
  await walk(root, 0);
  return files;
}

async function readChecked(file: FolderFile, limit: number): Promise<Uint8Array> {
  if (file.size > limit) throw tooLarge(file.full, file.size, limit);
  try {
    const bytes = new Uint8Array(await readFile(file.full));
    if (bytes.length > limit) throw tooLarge(file.full, bytes.length, limit);
    return bytes;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw unreadable(file.full, error);
  }
}

async function readFolder(root: string, options: ReadSourceOptions): Promise<MetadataSource> {
  const fileLimit = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const totalLimit = options.maxTotalBytes ?? DEFAULT_MAX_TOTAL_BYTES;
  const all = await listFolder(root, options);
  let total = 0;
  const take = async (file: FolderFile): Promise<Uint8Array> => {
    total += file.size;
    if (total > totalLimit)
      throw new AppError("too_large", `${root}: the files to read add up to more than ${totalLimit} bytes`, {
        problems: [{ path: root, message: "folder too large" }],
      });
    return readChecked(file, fileLimit);
  };

  const solutionFiles = all.filter((file) => isSolutionFolderFile(file.relative));
  if (solutionFiles.length > 0) {
    const files: SolutionFile[] = [];
    for (const file of solutionFiles)
      files.push({ path: file.relative, text: decodeText(await take(file), file.full) });
    const document = importSolutionFolder(
      files,
      root,
      solutionFiles.map((file) => file.full),
    );
    return { format: "solution", document, files: solutionFiles.map((file) => file.full), warnings: [] };
  }
  const customizations = all.find((file) => file.relative.toLowerCase() === "customizations.xml");
  if (customizations) {
    const document = importCustomizationsXml(
      decodeText(await take(customizations), customizations.full),
      customizations.full,
    );
    return { format: "solution", document, files: [customizations.full], warnings: [] };
  }
  const jsonFiles = all.filter((file) => file.relative.toLowerCase().endsWith(".json"));
  if (jsonFiles.length > 0) {
    const inputs: WebApiInput[] = [];
    for (const file of jsonFiles)
      inputs.push({ name: file.full, json: parseJsonText(decodeText(await take(file), file.full), file.full) });
    const result = importWebApi(inputs, { ignoreUnrecognized: true });
    return {
      format: "webapi-json",
      document: result.document,
      files: jsonFiles.map((file) => file.full),
      warnings: result.warnings,
    };
  }
  const zips = all.filter((file) => file.relative.toLowerCase().endsWith(".zip"));
  if (zips.length === 1) {
    const bytes = await take(zips[0]);
    return {
      format: "solution",
      document: importSolutionZip(bytes, zips[0].full, zipLimits(options)),
      files: [zips[0].full],
      warnings: [],
    };
  }
  throw invalid(
    root,
    "not Dataverse metadata: the folder holds no Web API JSON, no customizations.xml, no unpacked solution and no single solution .zip",
  );
}

/** A file or folder on disk. */
export async function readMetadataSource(target: string, options: ReadSourceOptions = {}): Promise<MetadataSource> {
  let info;
  try {
    // The path the user names may be a link; links inside a folder are not followed.
    info = await stat(target);
  } catch (error) {
    throw unreadable(target, error);
  }
  if (info.isDirectory()) return checkUseful(await readFolder(target, options), target);
  if (!info.isFile()) throw invalid(target, "not a regular file or folder", { unreadable: true });
  const bytes = await readChecked(
    { full: target, relative: path.basename(target), size: info.size },
    options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
  );
  return readMetadataUpload(bytes, target, options);
}
