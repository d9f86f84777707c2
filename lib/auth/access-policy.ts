// Which requests need what: the one table the request proxy applies to every path, so no page or
// route handler can forget its check. Pure: the proxy and the tests both call it.
import { roleAtLeast, type Role } from "@/lib/auth/roles";

export type Access =
  | { kind: "public" }
  /** Bearer-token APIs (devices, CLI): their route wrapper authenticates; no cookies, so no CSRF. */
  | { kind: "bearer" }
  | { kind: "session"; minRole: Role };

const PUBLIC: Access = { kind: "public" };
const BEARER: Access = { kind: "bearer" };
const VIEWER: Access = { kind: "session", minRole: "viewer" };
const EDITOR: Access = { kind: "session", minRole: "editor" };
const OWNER: Access = { kind: "session", minRole: "owner" };

/**
 * Every page, route handler and static file of the app, by its URL pattern (`[name]` stands for one path segment,
 * route groups are left out), with who may reach it. A test walks app/ and public/ and fails for a file without its
 * row and for a row without its file, so a new page cannot fall to the default by being forgotten.
 * Writes are checked again per server action and route handler; this table decides who may open a page at all.
 */
export const ROUTE_ACCESS: Readonly<Record<string, Access>> = {
  // Signing in, first-run setup, invitations: reachable without a session.
  "/sign-in": PUBLIC,
  "/setup": PUBLIC,
  "/invite": PUBLIC,
  "/auth/sign-in": PUBLIC,
  "/auth/sign-out": PUBLIC,
  "/auth/setup": PUBLIC,
  "/auth/invite": PUBLIC,
  "/auth/entra/start": PUBLIC,
  "/auth/entra/callback": PUBLIC,
  // A one-time reset link printed by `syncwright admin reset-password` on the host.
  "/reset-password": PUBLIC,
  "/auth/reset-password": PUBLIC,
  "/api/health": PUBLIC,
  "/.well-known/syncwright-signing-key": PUBLIC,
  "/icon.svg": PUBLIC,
  "/schema/bundle.schema.json": PUBLIC,
  "/schema/project.schema.json": PUBLIC,

  // Devices and the automation API (CLI, CI): bearer tokens, checked by their route wrappers.
  "/api/client/v1/customization": BEARER,
  "/api/client/v1/bundles/[hash]": BEARER,
  "/api/client/v1/devices/check-in": BEARER,
  "/api/v1/projects/import": BEARER,
  "/api/v1/projects/[project]/export": BEARER,
  "/api/v1/projects/[project]/import": BEARER,
  "/api/v1/projects/[project]/publish": BEARER,
  "/api/v1/projects/[project]/versions/[number]/bundle": BEARER,

  // The portal: every role reads configurations, metadata and devices.
  "/": VIEWER,
  "/forbidden": VIEWER,
  "/devices": VIEWER,
  "/devices/[id]": VIEWER,
  "/settings": VIEWER,
  // Every signed-in user's own account (change password).
  "/account": VIEWER,
  "/environments": VIEWER,
  "/environments/[environmentId]": VIEWER,
  "/environments/[environmentId]/diff": VIEWER,
  "/environments/[environmentId]/snapshots/[snapshotId]": VIEWER,
  "/environments/[environmentId]/snapshots/[snapshotId]/tables/[logicalName]": VIEWER,
  "/api/environments/[environmentId]/import-jobs/[jobId]": VIEWER,
  "/api/snapshots/[snapshotId]/columns": VIEWER,
  "/api/snapshots/[snapshotId]/tables/[logicalName]/relationships": VIEWER,
  "/projects": VIEWER,
  "/projects/[projectId]": VIEWER,
  "/projects/[projectId]/tables/[table]": VIEWER,
  "/projects/[projectId]/tables/[table]/filter": VIEWER,
  "/projects/[projectId]/tables/[table]/forms": VIEWER,
  "/projects/[projectId]/tables/[table]/forms/[formId]": VIEWER,
  "/projects/[projectId]/tables/[table]/views": VIEWER,
  "/projects/[projectId]/tables/[table]/views/[viewId]": VIEWER,
  "/projects/[projectId]/security": VIEWER,
  "/projects/[projectId]/versions": VIEWER,
  "/projects/[projectId]/versions/[number]": VIEWER,
  "/projects/[projectId]/versions/diff": VIEWER,
  "/projects/[projectId]/versions/import": VIEWER,

  // Editors create projects and read the audit log (roles.ts grants them "view-audit"): it records who changed
  // which configuration and published what, which editors answer for. It also names every user, their role,
  // invitations and token names, which is why viewers (read-only consumers of the configurations) do not see it.
  "/projects/new": EDITOR,
  "/audit": EDITOR,

  // Owners run the portal itself: users, API tokens, environments (credentials, uploads).
  "/settings/users": OWNER,
  "/settings/tokens": OWNER,
  "/environments/new": OWNER,
  "/api/environments/[environmentId]/upload": OWNER,
};

/** Paths that no file of ours serves: Next's own assets, and what browsers and crawlers ask for by convention. */
export const FRAMEWORK_ACCESS: ReadonlyArray<{ prefix: string; access: Access }> = [
  { prefix: "/_next/", access: PUBLIC },
  { prefix: "/favicon.ico", access: PUBLIC },
  { prefix: "/robots.txt", access: PUBLIC },
  // An unknown path under a bearer API gets that API's own 404, not a sign-in prompt.
  { prefix: "/api/client/", access: BEARER },
  { prefix: "/api/v1/", access: BEARER },
];

/** Anything else (a path no row names): denied to all but owners, who then see Next's 404. */
export const DEFAULT_ACCESS: Access = OWNER;

type Segment = { literal: string } | { param: string };
const COMPILED = Object.entries(ROUTE_ACCESS).map(([pattern, access]) => ({
  pattern,
  access,
  segments: splitPath(pattern).map((s): Segment => {
    const param = /^\[(.+)\]$/.exec(s);
    return param ? { param: param[1] } : { literal: s };
  }),
}));

function splitPath(pathname: string): string[] {
  const trimmed = pathname.length > 1 && pathname.endsWith("/") ? pathname.slice(0, -1) : pathname;
  return trimmed === "/" ? [] : trimmed.slice(1).split("/");
}

/**
 * The row of the access table that `pathname` reaches, as Next routes it: segments are compared percent-decoded
 * (Next decodes them too, so `/settings/%75sers` is `/settings/users`), and a literal segment beats a `[param]`
 * at the first place they differ (`/projects/new` before `/projects/[projectId]`).
 */
export function routeOf(pathname: string): string | undefined {
  if (!pathname.startsWith("/")) return undefined;
  let segments: string[];
  try {
    segments = splitPath(pathname).map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
  let best: { pattern: string; rank: string } | undefined;
  for (const route of COMPILED) {
    if (route.segments.length !== segments.length) continue;
    let rank = "";
    let matches = true;
    for (let i = 0; i < segments.length && matches; i++) {
      const want = route.segments[i];
      if ("literal" in want) {
        matches = segments[i] === want.literal;
        rank += "0";
      } else {
        matches = segments[i] !== "";
        rank += "1";
      }
    }
    if (matches && (!best || rank < best.rank)) best = { pattern: route.pattern, rank };
  }
  return best?.pattern;
}

function under(pathname: string, prefix: string): boolean {
  if (prefix.endsWith("/")) return pathname.startsWith(prefix);
  return pathname === prefix;
}

export function accessFor(pathname: string): Access {
  const route = routeOf(pathname);
  if (route) return ROUTE_ACCESS[route];
  return FRAMEWORK_ACCESS.find((f) => under(pathname, f.prefix))?.access ?? DEFAULT_ACCESS;
}

/** What the proxy does with a request: the access rule against who is signed in (null: nobody, or a disabled user). */
export type AccessDecision = "allow" | "sign-in" | "forbidden";

export function decideAccess(access: Access, role: string | null): AccessDecision {
  if (access.kind !== "session") return "allow";
  if (role === null) return "sign-in";
  return roleAtLeast(role, access.minRole) ? "allow" : "forbidden";
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
