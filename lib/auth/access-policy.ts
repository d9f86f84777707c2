// Which requests need what: the one table the request proxy applies to every path, so no page or
// route handler can forget its check. Pure: the proxy and the tests both call it.
import type { Role } from "@/lib/auth/roles";

export type Access =
  | { kind: "public" }
  /** Bearer-token APIs (devices, CLI): their route wrapper authenticates; no cookies, so no CSRF. */
  | { kind: "bearer" }
  | { kind: "session"; minRole: Role };

const PUBLIC_PREFIXES = [
  "/sign-in",
  "/setup",
  "/invite",
  "/reset-password",
  "/auth/",
  "/_next/",
  "/schema/",
  "/.well-known/",
];
const PUBLIC_EXACT = new Set(["/api/health", "/favicon.ico", "/robots.txt"]);
const BEARER_PREFIXES = ["/api/client/", "/api/v1/"];

/** Pages and handlers that only some roles may reach at all (writes are checked again per action). */
const ROLE_PREFIXES: Array<{ prefix: string; minRole: Role }> = [
  { prefix: "/settings/users", minRole: "owner" },
  { prefix: "/settings/tokens", minRole: "owner" },
  { prefix: "/environments/new", minRole: "owner" },
  { prefix: "/projects/new", minRole: "editor" },
  // Every signed-in user's own account (change password).
  { prefix: "/account", minRole: "viewer" },
];

function under(pathname: string, prefix: string): boolean {
  if (prefix.endsWith("/")) return pathname.startsWith(prefix) || pathname === prefix.slice(0, -1);
  return pathname === prefix || pathname.startsWith(prefix + "/");
}

export function accessFor(pathname: string): Access {
  if (PUBLIC_EXACT.has(pathname) || PUBLIC_PREFIXES.some((p) => under(pathname, p))) return { kind: "public" };
  if (BEARER_PREFIXES.some((p) => under(pathname, p))) return { kind: "bearer" };
  const rule = ROLE_PREFIXES.find((r) => under(pathname, r.prefix));
  return { kind: "session", minRole: rule?.minRole ?? "viewer" };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cookie-authenticated writes must come from our own pages. Browsers send Sec-Fetch-Site and Origin;
 * a cross-site one is refused. A request with neither header is not a browser's, so carries no
 * ambient-cookie risk.
 */
export function isCrossSiteWrite(method: string, headers: { get(name: string): string | null }): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  const site = headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return true;
  const origin = headers.get("origin");
  if (origin === null) return false;
  if (origin === "null") return true;
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  try {
    return host === null || new URL(origin).host !== host;
  } catch {
    return true;
  }
}
