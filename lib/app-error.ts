// The one error type of the domain: a closed set of codes that route handlers map to HTTP problems.
export type AppErrorCode =
  | "invalid"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "rate_limited"
  | "too_large"
  | "unavailable"
  | "upstream"
  | "internal";

export const HTTP_STATUS: Record<AppErrorCode, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  internal: 500,
  upstream: 502,
  unavailable: 503,
};

export interface FieldProblem {
  /** Where: a field path ("tables[3].columns"), a file name with line, or a table/column name. */
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly problems: FieldProblem[];
  readonly details?: unknown;
  /** A machine-readable reason beside the code (problem+json `reason`), e.g. device_blocked. */
  readonly reason?: string;

  constructor(
    code: AppErrorCode,
    message: string,
    options: { problems?: FieldProblem[]; details?: unknown; cause?: unknown; reason?: string } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.problems = options.problems ?? [];
    this.details = options.details;
    this.reason = options.reason;
  }

  get status(): number {
    return HTTP_STATUS[this.code];
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
