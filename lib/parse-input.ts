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

/**
 * Parses `input` or throws AppError("invalid") naming every bad field. `what` says what was parsed
 * ("project file", "table config") so the message makes sense without the problem list.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data as z.infer<S>;
  throw invalidInput(what, fieldProblems(result.error));
}
