// Reads what Dataverse says when a request fails: the OData error body, the Retry-After header, and the
// low-level cause of a network failure. Pure, no I/O.

export interface DataverseErrorBody {
  /** Dataverse's hexadecimal code such as 0x8004E023; empty when Dataverse gave none. */
  code: string;
  message: string;
}

/**
 * Parses `{ "error": { "code": "0x...", "message": "..." } }`. Returns undefined for any other body (an HTML page
 * from a gateway, an empty body), so the caller can describe the HTTP status instead.
 */
export function parseErrorBody(text: string): DataverseErrorBody | undefined {
  if (!text || text.trimStart()[0] !== "{") return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  const error = (body as { error?: unknown } | null)?.error;
  if (!error || typeof error !== "object") return undefined;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof message !== "string" || message.trim() === "") return undefined;
  return { code: typeof code === "string" ? code.trim() : "", message: message.trim() };
}

/** "<message> (code 0x...)", or the message alone when the code is empty. */
export function describeErrorBody(body: DataverseErrorBody): string {
  return body.code ? `${body.message} (code ${body.code})` : body.message;
}

/**
 * Retry-After in seconds: Dataverse sends whole seconds; an HTTP date is accepted too. Undefined when absent or
 * unreadable, so the caller falls back to its own backoff.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  // An HTTP date names its weekday and month; Date.parse would also read "-1" as a year.
  if (!/[a-z]{3}/i.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, (date - now) / 1000);
}

/** The innermost system error code of a failed fetch (ECONNREFUSED, ENOTFOUND, ...), if any. */
export function networkErrorCode(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  let found: string | undefined;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") found = code;
    const errors = (current as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.length > 0) {
      const inner = networkErrorCode(errors[0]);
      if (inner) return inner;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return found;
}
