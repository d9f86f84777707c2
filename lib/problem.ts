// Errors as application/problem+json documents: a code, a human message, the fields that are wrong. Never a
// stack trace or an internal message; unexpected errors are logged with the request id and answered generically.
// Plain data (status, headers, body text), so the Next route wrappers and the device API's node:http handler
// answer the same documents.
import { z } from "zod";
import { AppError, HTTP_STATUS, type AppErrorCode, type FieldProblem } from "@/lib/app-error";
import { logger } from "@/lib/logger";
import { fieldProblems } from "@/lib/parse-input";
import { isNulCharacterRefusal } from "@/lib/database-errors";

export interface ProblemDocument {
  status: number;
  headers: Record<string, string>;
  /** The JSON text of the problem. */
  body: string;
}

/** Converts anything thrown into an AppError a person can read; unknown errors become "internal" after logging. */
export function toAppError(error: unknown, requestId?: string): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof z.ZodError) {
    const problems = fieldProblems(error);
    return new AppError("invalid", `Invalid input: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`, {
      problems,
    });
  }
  if (isNulCharacterRefusal(error)) {
    logger.warn({ err: error, requestId }, "text with a NUL character refused by the database");
    return new AppError("invalid", "The text holds a NUL character (U+0000), which cannot be stored: remove it.");
  }
  logger.error({ err: error, requestId }, "unexpected error");
  return new AppError(
    "internal",
    `Something went wrong on our side. Quote request id ${requestId ?? "(none)"} when you report it.`,
  );
}

/** The problem document of anything thrown. */
export function problemOfError(
  error: unknown,
  requestId?: string,
  headers: Record<string, string> = {},
): ProblemDocument {
  const appError = toAppError(error, requestId);
  return problemDocument(appError.code, appError.message, {
    problems: appError.problems,
    requestId,
    headers,
    reason: appError.reason,
  });
}

export function problemDocument(
  code: AppErrorCode,
  detail: string,
  options: {
    problems?: FieldProblem[];
    requestId?: string;
    headers?: Record<string, string>;
    /** Instead of the code's own (405 for a wrong method). */ status?: number;
    /** A machine-readable reason beside the code (device_blocked, device_limit_reached, ...). */
    reason?: string;
  } = {},
): ProblemDocument {
  const status = options.status ?? HTTP_STATUS[code];
  const body = {
    type: `https://syncwright.dev/problems/${code}`,
    title: TITLES[code],
    status,
    code,
    ...(options.reason ? { reason: options.reason } : {}),
    detail,
    ...(options.problems?.length ? { problems: options.problems } : {}),
    ...(options.requestId ? { requestId: options.requestId } : {}),
  };
  return {
    status,
    headers: { "content-type": "application/problem+json", "cache-control": "no-store", ...options.headers },
    body: JSON.stringify(body),
  };
}

const TITLES: Record<AppErrorCode, string> = {
  invalid: "Invalid input",
  unauthorized: "Not signed in",
  forbidden: "Not allowed",
  not_found: "Not found",
  conflict: "Conflict",
  too_large: "Too large",
  rate_limited: "Too many attempts",
  unavailable: "Unavailable",
  upstream: "Dataverse error",
  internal: "Internal error",
};
