// The one conversion of zod's issues into field problems, and the parse that throws them: every request body,
// server action, stored document and file (portal, CLI and device API alike) names a bad field the same way,
// `tables[3].columns[2]`. Pure: safe in the browser, the CLI and the server.
import type { z } from "zod";
import { AppError, type FieldProblem } from "@/lib/app-error";

/** A zod issue path as the house writes field paths: `tables[3].columns[2]`. */
export function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** One problem per zod issue; unknown keys are named one by one so a typo is easy to find. */
export function fieldProblems(error: z.ZodError, prefix = ""): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const issue of error.issues) {
    const base = formatIssuePath(issue.path);
    const at = prefix && base ? `${prefix}.${base}` : prefix || base || "(root)";
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys)
        problems.push({ path: at === "(root)" ? key : `${at}.${key}`, message: `Unknown field '${key}'` });
    } else {
      problems.push({ path: at, message: issue.message });
    }
  }
  return problems;
}

/** The AppError("invalid") of a failed parse: the first problem in the message, every one in `problems`. */
export function invalidInput(what: string, problems: FieldProblem[]): AppError {
  const first = problems[0];
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : "";
  return new AppError("invalid", `Invalid ${what}: ${first.path}: ${first.message}${more}`, { problems });
}

/** An object literal or JSON object, not a Date, a Buffer or another class's instance (bytes are not text). */
const isPlainObject = (v: object) => {
  const prototype = Object.getPrototypeOf(v);
  return prototype === Object.prototype || prototype === null;
};

/** At most this many NUL problems are listed: one is enough to act on, a file full of them needs no list of all. */
const MAX_NUL_PROBLEMS = 20;

/**
 * A problem for each text in `value` (at any depth, keys too) that holds a NUL character (U+0000). No field of
 * Syncwright means one, and PostgreSQL cannot store one in text: without this the write fails as an internal error.
 */
export function nulCharacterProblems(value: unknown, prefix = ""): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const message = "must not contain a NUL character (U+0000)";
  const pathOf = (path: PropertyKey[]) => {
    const base = formatIssuePath(path);
    return prefix && base ? `${prefix}.${base}` : prefix || base || "(root)";
  };
  const walk = (v: unknown, path: PropertyKey[]): void => {
    if (problems.length >= MAX_NUL_PROBLEMS) return;
    if (typeof v === "string") {
      if (v.includes("\u0000")) problems.push({ path: pathOf(path), message });
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) walk(v[i], [...path, i]);
    } else if (typeof v === "object" && v !== null && isPlainObject(v)) {
      for (const [key, item] of Object.entries(v)) {
        if (key.includes("\u0000") && problems.length < MAX_NUL_PROBLEMS)
          problems.push({ path: pathOf(path), message: `a key ${message}` });
        walk(item, [...path, key]);
      }
    }
  };
  walk(value, []);
  return problems;
}

/**
 * Parses `input` or throws AppError("invalid") naming every bad field. `what` says what was parsed
 * ("project file", "table config") so the message makes sense without the problem list. Text with a NUL character
 * is refused too (nulCharacterProblems).
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw invalidInput(what, fieldProblems(result.error));
  const nul = nulCharacterProblems(result.data);
  if (nul.length > 0) throw invalidInput(what, nul);
  return result.data as z.infer<S>;
}
