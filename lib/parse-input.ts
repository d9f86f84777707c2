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

/** At most this many text problems are listed: one is enough to act on, a file full of them needs no list of all. */
const MAX_TEXT_PROBLEMS = 20;

/** Half of a UTF-16 surrogate pair without its other half: no character at all. */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `text` cannot be stored and published as it is, or undefined. */
function unstorable(text: string): string | undefined {
  if (text.includes("\u0000")) return "must not contain a NUL character (U+0000)";
  if (LONE_SURROGATE.test(text))
    return "must be well-formed text: it holds half of a surrogate pair (as text cut inside an emoji does)";
  return undefined;
}

/**
 * A problem for each text in `value` (at any depth, keys too) that no store or reader takes: a NUL character
 * (U+0000), which no field of Syncwright means and PostgreSQL cannot store in text (the write would fail as an
 * internal error), or a lone surrogate, which the databases replace silently (two names become one) and which
 * strict JSON readers of a bundle refuse (I-JSON, RFC 8785).
 */
export function unstorableTextProblems(value: unknown, prefix = ""): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const pathOf = (path: PropertyKey[]) => {
    const base = formatIssuePath(path);
    return prefix && base ? `${prefix}.${base}` : prefix || base || "(root)";
  };
  const walk = (v: unknown, path: PropertyKey[]): void => {
    if (problems.length >= MAX_TEXT_PROBLEMS) return;
    if (typeof v === "string") {
      const message = unstorable(v);
      if (message) problems.push({ path: pathOf(path), message });
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) walk(v[i], [...path, i]);
    } else if (typeof v === "object" && v !== null && isPlainObject(v)) {
      for (const [key, item] of Object.entries(v)) {
        const message = unstorable(key);
        if (message && problems.length < MAX_TEXT_PROBLEMS)
          problems.push({ path: pathOf(path), message: `a key ${message}` });
        walk(item, [...path, key]);
      }
    }
  };
  walk(value, []);
  return problems;
}

/**
 * How deep a value read from outside may nest objects and arrays. zod checks a filter tree (lib/filters/schema.ts)
 * by recursion and runs out of stack at about 1,500 levels (a filter group is two: the group and its children), so
 * the depth is refused before zod sees the value. 256 levels hold a filter 100 groups deep (as deep as the FetchXML
 * reader reads, lib/filters/parse-fetchxml.ts) inside a form's rule, with room to spare.
 */
export const MAX_JSON_DEPTH = 256;

/**
 * The same for a project file or a bundle: they hold each table two levels below where a save request holds it
 * (`project.tables[i]`, `content.tables[i]` against `config`), so whatever a save took, its export takes too.
 */
export const MAX_DOCUMENT_JSON_DEPTH = MAX_JSON_DEPTH + 2;

/** Path segments kept at each end when a path too deep to read is shortened. */
const PATH_ENDS = 6;

/**
 * A problem naming where `value` first nests objects and arrays deeper than `max` levels, or null. Iterative, so
 * a value of any depth is checked without running out of stack.
 */
export function jsonDepthProblem(value: unknown, prefix = "", max = MAX_JSON_DEPTH): FieldProblem | null {
  interface Frame {
    value: unknown;
    depth: number;
    key: PropertyKey | undefined;
    parent: Frame | undefined;
  }
  const stack: Frame[] = [{ value, depth: 1, key: undefined, parent: undefined }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const v = frame.value;
    if (typeof v !== "object" || v === null) continue;
    if (frame.depth > max) {
      const path: PropertyKey[] = [];
      for (let f: Frame | undefined = frame; f?.key !== undefined; f = f.parent) path.push(f.key);
      path.reverse();
      // Each end cut where a field's name starts, so an index stays with its field: a…children[0].children[0].
      let head = PATH_ENDS;
      while (head < PATH_ENDS + 2 && head < path.length && typeof path[head] === "number") head++;
      let tail = path.length - PATH_ENDS;
      while (tail > path.length - PATH_ENDS - 2 && tail > head && typeof path[tail] === "number") tail--;
      const shown =
        tail > head
          ? `${formatIssuePath(path.slice(0, head))}…${formatIssuePath(path.slice(tail))}`
          : formatIssuePath(path);
      const at = prefix && shown ? `${prefix}.${shown}` : prefix || shown || "(root)";
      return { path: at, message: `nests objects and arrays deeper than ${max} levels` };
    }
    // Only objects and arrays go on the stack: a list of two million strings costs no frame per string.
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) {
        const item: unknown = v[i];
        if (typeof item === "object" && item !== null)
          stack.push({ value: item, depth: frame.depth + 1, key: i, parent: frame });
      }
    } else if (isPlainObject(v)) {
      for (const key in v) {
        const item: unknown = (v as Record<string, unknown>)[key];
        if (typeof item === "object" && item !== null)
          stack.push({ value: item, depth: frame.depth + 1, key, parent: frame });
      }
    }
  }
  return null;
}

/**
 * Parses `input` or throws AppError("invalid") naming every bad field. `what` says what was parsed
 * ("project file", "table config") so the message makes sense without the problem list. Text with a NUL character
 * or a lone surrogate is refused too (unstorableTextProblems), and so is a value nested deeper than MAX_JSON_DEPTH
 * (jsonDepthProblem).
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const deep = jsonDepthProblem(input);
  if (deep) throw invalidInput(what, [deep]);
  const result = schema.safeParse(input);
  if (!result.success) throw invalidInput(what, fieldProblems(result.error));
  const text = unstorableTextProblems(result.data);
  if (text.length > 0) throw invalidInput(what, text);
  return result.data as z.infer<S>;
}
