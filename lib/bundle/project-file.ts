// The consultant's project file: the whole project document in a format envelope, written with canonical
// key order and number/string forms (RFC 8785) and two-space indentation, so export -> import -> export is
// byte-identical and a pull request shows one changed line per changed setting.
import { AppError } from "@/lib/app-error";
import { MAX_DOCUMENT_JSON_DEPTH, fieldProblems, jsonDepthProblem, unstorableTextProblems } from "@/lib/parse-input";
import { ProjectDocumentSchema, type ProjectDocument } from "@/lib/customization/schema";
import { canonicalJson } from "./canonical-json";
import { parseJsonBytes } from "./json-text";
import { PROJECT_FILE_FORMAT, PROJECT_FILE_FORMAT_VERSION, ProjectFileSchema, type BundleProblem } from "./schema";
import { newerFormatMessage } from "./verify";

/** The project file text of a document (normalized through the schema first), ending with a newline. */
export function toProjectFile(doc: ProjectDocument): string {
  const parsed = ProjectDocumentSchema.safeParse(doc);
  if (!parsed.success)
    throw new AppError("invalid", "The project cannot be exported: it does not match the project schema", {
      problems: fieldProblems(parsed.error, "project"),
    });
  return `${canonicalJson({ format: PROJECT_FILE_FORMAT, formatVersion: PROJECT_FILE_FORMAT_VERSION, project: parsed.data }, { indent: 2 })}\n`;
}

export type ProjectFileResult = { ok: true; project: ProjectDocument } | { ok: false; problems: BundleProblem[] };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Reads a project file; every problem names the file, or the field as "project.tables[2].columns". */
export function readProjectFile(text: string | Uint8Array, name = "project file"): ProjectFileResult {
  const json = parseJsonBytes(text, name);
  if (!json.ok) return { ok: false, problems: [json.problem] };
  return projectFileFromJson(json.value, name);
}

/** The same checks on an already parsed JSON value. */
export function projectFileFromJson(value: unknown, name = "project file"): ProjectFileResult {
  if (!isRecord(value) || value.format !== PROJECT_FILE_FORMAT) {
    const bundle = isRecord(value) && isRecord(value.manifest);
    return {
      ok: false,
      problems: [
        {
          path: name,
          message: bundle
            ? "this is a bundle, not a project file"
            : `not a Syncwright project file (expected "format": "${PROJECT_FILE_FORMAT}")`,
        },
      ],
    };
  }
  const version = value.formatVersion;
  if (typeof version === "number" && Number.isInteger(version) && version > PROJECT_FILE_FORMAT_VERSION) {
    return {
      ok: false,
      problems: [
        { path: "formatVersion", message: newerFormatMessage(version, PROJECT_FILE_FORMAT_VERSION, "project file") },
      ],
    };
  }
  const deep = jsonDepthProblem(value, "", MAX_DOCUMENT_JSON_DEPTH);
  if (deep) return { ok: false, problems: [deep] };
  const parsed = ProjectFileSchema.safeParse(value);
  if (!parsed.success) return { ok: false, problems: fieldProblems(parsed.error) };
  const text = unstorableTextProblems(parsed.data.project, "project");
  if (text.length > 0) return { ok: false, problems: text };
  return { ok: true, project: parsed.data.project };
}

/** Reads a project file or throws AppError("invalid") listing every problem (for import). */
export function parseProjectFile(text: string | Uint8Array, name = "project file"): ProjectDocument {
  const result = readProjectFile(text, name);
  if (result.ok) return result.project;
  const first = result.problems[0];
  const more = result.problems.length > 1 ? ` (and ${result.problems.length - 1} more)` : "";
  // A path that already names the file ("p.json:4:3") is not prefixed with it again.
  const where = first.path === name || first.path.startsWith(`${name}:`) ? first.path : `${name}: ${first.path}`;
  throw new AppError("invalid", `${where}: ${first.message}${more}`, {
    problems: result.problems,
  });
}
