// Where to send a browser after sign-in (`/sign-in?next=...`, the Entra round trip): only a path on the portal's own
// origin, resolved by the URL parser exactly as a browser would resolve it. Anything else goes home. Pure.

/** Where a refused or missing return path lands. */
export const HOME_PATH = "/projects";

const MAX_LENGTH = 2048;
/**
 * Characters a browser strips, folds or treats as a separator before it resolves a Location (tab, CR, LF and the
 * other controls, invisible format characters, every Unicode space) and the backslash that browsers read as "/".
 * A return path never needs any of them unencoded.
 */
const UNSAFE_CHARACTERS = /[\p{Cc}\p{Cf}\p{Z}\\]/u;
/** After one round of percent-decoding (what a proxy or server in front of us may do): no `//host`, no hidden characters. */
const DECODED_AUTHORITY = /^\/[/\\]/;

/**
 * The same-origin path (pathname + search + hash, serialized by the URL parser, so percent-encoded and free of
 * raw controls) that `value` leads to from `origin`, or undefined when it leads anywhere else or is not a plain
 * path starting with a single "/".
 */
export function safeReturnPath(value: unknown, origin: string): string | undefined {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_LENGTH) return undefined;
  if (!value.startsWith("/") || value.startsWith("//") || UNSAFE_CHARACTERS.test(value)) return undefined;
  let base: URL;
  let url: URL;
  try {
    base = new URL(origin);
    url = new URL(value, base.origin);
  } catch {
    return undefined;
  }
  if (url.origin !== base.origin || url.username !== "" || url.password !== "") return undefined;
  const path = url.pathname + url.search + url.hash;
  if (!path.startsWith("/") || path.startsWith("//")) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return undefined; // a malformed escape: not a path any page of ours has
  }
  if (DECODED_AUTHORITY.test(decoded) || UNSAFE_CHARACTERS.test(decoded)) return undefined;
  return path;
}

/** safeReturnPath, or home. */
export function returnPathOrHome(value: unknown, origin: string): string {
  return safeReturnPath(value, origin) ?? HOME_PATH;
}
