// Turns a before/after value into the small JSON summary an audit entry keeps: secrets replaced, long text
// and deep or wide structures cut, so an audit row never holds a password, token or a whole document.

const SECRET_KEY =
  /(password|passwd|secret|token|cookie|authorization|credential|private.?key|api.?key|cipher|session.?id|^sid$)/i;
export const REDACTED = "[redacted]";
const MAX_STRING = 300;
const MAX_KEYS = 50;
const MAX_ITEMS = 50;
const MAX_DEPTH = 4;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** A JSON-safe copy of `value` with secret-named keys redacted and sizes bounded. */
export function summarizeForAudit(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === "string")
    return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}… (${value.length} characters)` : value;
  if (typeof value === "number" || typeof value === "boolean") return value;
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return `(${value.byteLength} bytes)`;
  if (depth >= MAX_DEPTH) return "…";
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((item) => summarizeForAudit(item, depth + 1));
    if (value.length > MAX_ITEMS) items.push(`… ${value.length - MAX_ITEMS} more`);
    return items;
  }
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    const entries = Object.entries(value as Record<string, unknown>).filter(
      ([, v]) => v !== undefined && typeof v !== "function",
    );
    for (const [key, item] of entries.slice(0, MAX_KEYS)) {
      out[key] = isSecretKey(key) ? REDACTED : summarizeForAudit(item, depth + 1);
    }
    if (entries.length > MAX_KEYS) out["…"] = `${entries.length - MAX_KEYS} more keys`;
    return out;
  }
  return String(value);
}
