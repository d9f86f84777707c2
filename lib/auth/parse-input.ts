// Parses untrusted input with a zod schema; failures become AppError("invalid") naming each field.
import type { z } from "zod";
import { AppError } from "@/lib/app-error";

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => ({
    path: issue.path.map(String).join(".") || "input",
    message: issue.message,
  }));
  return throwInvalid(problems);
}

function throwInvalid(problems: Array<{ path: string; message: string }>): never {
  throw new AppError("invalid", problems.map((p) => `${p.path} ${p.message}`).join("; "), { problems });
}
