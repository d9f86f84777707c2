// Finds the org's forms and views in what an admin uploads or a consultant points the CLI at: a solution .zip, its
// customizations.xml, an unpacked solution folder, or Web API JSON (`systemforms` / `savedqueries` responses that
// carry formxml / layoutxml). Beside lib/metadata/read-source.ts, not inside it: the metadata import is unchanged.
import { readdir, readFile, lstat, stat } from "node:fs/promises";
import path from "node:path";
import { utf8Text as utf8 } from "@/lib/utf8";
import {
  definitionsFromCustomizationsXml,
  definitionsFromSolutionFiles,
  formsFromWebApi,
  isDefinitionFile,
  viewsFromWebApi,
  type OrgDefinitions,
} from "@/lib/metadata/org-definitions";
import {
  DEFAULT_ZIP_LIMITS,
  listZipEntries,
  looksLikeZip,
  readZipText,
  type ZipLimits,
  type ZipTexts,
} from "@/lib/metadata/read-zip";

const EMPTY = (): OrgDefinitions => ({ forms: [], views: [] });

function fromZip(bytes: Uint8Array, fileName: string, limits: ZipLimits, texts?: ZipTexts): OrgDefinitions {
  const entries = listZipEntries(bytes, fileName, limits);
  const customizations = entries.find((e) => e.name.toLowerCase() === "customizations.xml");
  const read = (entry: (typeof entries)[number]) =>
    readZipText(bytes, entry, fileName, limits.maxUncompressedBytes, texts);
  if (customizations) return definitionsFromCustomizationsXml(read(customizations), `${fileName} (customizations.xml)`);
  const files = entries.filter((e) => isDefinitionFile(e.name)).map((e) => ({ path: e.name, text: read(e) }));
  return definitionsFromSolutionFiles(files);
}

/** Web API JSON: a `systemforms` or `savedqueries` response (by its @odata.context); anything else holds none. */
export function definitionsFromWebApiJson(json: unknown): OrgDefinitions {
  const out = EMPTY();
  if (!json || typeof json !== "object" || Array.isArray(json)) return out;
  const body = json as Record<string, unknown>;
  const context = typeof body["@odata.context"] === "string" ? body["@odata.context"] : "";
  const rows = Array.isArray(body.value) ? (body.value as Array<Record<string, unknown>>) : [];
  if (/#systemforms\b/.test(context)) out.forms.push(...formsFromWebApi(rows));
  if (/#savedqueries\b/.test(context)) out.views.push(...viewsFromWebApi(rows));
  return out;
}

function merge(into: OrgDefinitions, more: OrgDefinitions): void {
  into.forms.push(...more.forms);
  into.views.push(...more.views);
}

/** One uploaded or read file; a zip within `zip`'s limits (the upload's own, derived from its setting). */
export function definitionsFromUpload(
  bytes: Uint8Array,
  fileName: string,
  zip: ZipLimits = DEFAULT_ZIP_LIMITS,
  texts?: ZipTexts,
): OrgDefinitions {
  if (looksLikeZip(bytes)) return fromZip(bytes, fileName, zip, texts);
  const text = utf8(bytes, fileName).replace(/^\uFEFF/, "");
  const first = text.trimStart()[0];
  if (first === "<") {
    if (isDefinitionFile(fileName)) return definitionsFromSolutionFiles([{ path: fileName, text }]);
    return /<ImportExportXml\b/.test(text.slice(0, 4096)) ? definitionsFromCustomizationsXml(text, fileName) : EMPTY();
  }
  if (first === "{") {
    try {
      return definitionsFromWebApiJson(JSON.parse(text));
    } catch {
      return EMPTY();
    }
  }
  return EMPTY();
}

/** Several uploaded files (an unpacked folder's files with their relative paths, or Web API JSON files). */
export function definitionsFromUploads(
  files: Array<{ name: string; bytes: Uint8Array }>,
  zip: ZipLimits = DEFAULT_ZIP_LIMITS,
  texts?: ZipTexts,
): OrgDefinitions {
  if (files.length === 1) return definitionsFromUpload(files[0].bytes, files[0].name, zip, texts);
  const solution = files.filter((f) => isDefinitionFile(f.name.replace(/\\/g, "/")));
  if (solution.length > 0)
    return definitionsFromSolutionFiles(solution.map((f) => ({ path: f.name, text: utf8(f.bytes, f.name) })));
  const out = EMPTY();
  for (const file of files)
    if (file.name.toLowerCase().endsWith(".json")) merge(out, definitionsFromUpload(file.bytes, file.name));
  return out;
}

async function walk(root: string, depth = 0, out: string[] = []): Promise<string[]> {
  if (depth > 8) return out;
  for (const name of (await readdir(root)).sort()) {
    const full = path.join(root, name);
    const info = await lstat(full);
    if (info.isSymbolicLink()) continue;
    if (info.isDirectory()) await walk(full, depth + 1, out);
    else if (info.isFile()) out.push(full);
  }
  return out;
}

/** A file or folder on disk (the CLI). The caller has read the metadata from the same path first. */
export async function readOrgDefinitions(target: string): Promise<OrgDefinitions> {
  const info = await stat(target);
  if (!info.isDirectory()) return definitionsFromUpload(new Uint8Array(await readFile(target)), target);
  const files = await walk(target);
  const relative = files.map((full) => ({ full, rel: path.relative(target, full).split(path.sep).join("/") }));
  const solution = relative.filter((f) => isDefinitionFile(f.rel));
  if (solution.length > 0) {
    const parts = [];
    for (const f of solution) parts.push({ path: f.rel, text: utf8(new Uint8Array(await readFile(f.full)), f.full) });
    return definitionsFromSolutionFiles(parts);
  }
  const out = EMPTY();
  const json = relative.filter((f) => f.rel.toLowerCase().endsWith(".json"));
  for (const f of json) {
    const bytes = new Uint8Array(await readFile(f.full));
    // Only the responses that can hold forms or views are parsed (a 6 MB EntityDefinitions file is not).
    const head = new TextDecoder().decode(bytes.subarray(0, 1024));
    if (!/"@odata\.context"\s*:\s*"[^"]*#(systemforms|savedqueries)\b/.test(head)) continue;
    merge(out, definitionsFromUpload(bytes, f.full));
  }
  if (json.length > 0) return out;
  const zips = relative.filter((f) => f.rel.toLowerCase().endsWith(".zip"));
  if (zips.length === 1) return definitionsFromUpload(new Uint8Array(await readFile(zips[0].full)), zips[0].full);
  return out;
}

/**
 * For the upload route: the forms and views of files whose metadata was just read. A form that cannot be read
 * must not cost the admin the metadata import: it becomes a warning and the snapshot offers no forms.
 */
/** Whether an uploaded file may carry forms or views: anything but Web API JSON other than systemforms / savedqueries. */
export function mayHoldDefinitions(name: string): boolean {
  const lower = name.toLowerCase();
  return !lower.endsWith(".json") || /systemforms|savedqueries/.test(lower);
}

export function definitionsFromUploadsOrWarning(
  files: Array<{ name: string; bytes: Uint8Array }>,
  zip: ZipLimits = DEFAULT_ZIP_LIMITS,
  texts?: ZipTexts,
): {
  definitions: OrgDefinitions;
  warning?: string;
} {
  try {
    return { definitions: definitionsFromUploads(files, zip, texts) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { definitions: EMPTY(), warning: `The forms and views could not be read, so none are offered: ${reason}` };
  }
}
