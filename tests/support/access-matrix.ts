// Who may open what, written out by hand: the unit matrix (the pure decision) and the integration matrix (the real
// proxy with real sessions) both check the app against it.
import type { Role } from "@/lib/auth/roles";

/**
 * The reviewed contract: who may open what. A change to the access table must change this too.
 * public: anyone; bearer: the route's token wrapper decides; viewer/editor/owner: the least role with a session.
 */
export const EXPECTED_ACCESS: Record<string, "public" | "bearer" | Role> = {
  "/": "viewer",
  "/.well-known/syncwright-signing-key": "public",
  "/api/client/v1/bundles/[hash]": "bearer",
  "/api/client/v1/customization": "bearer",
  "/api/client/v1/devices/check-in": "bearer",
  "/api/environments/[environmentId]/import-jobs/[jobId]": "viewer",
  "/api/environments/[environmentId]/upload": "owner",
  "/api/health": "public",
  "/api/snapshots/[snapshotId]/columns": "viewer",
  "/api/snapshots/[snapshotId]/tables/[logicalName]/relationships": "viewer",
  "/api/v1/projects/[project]/export": "bearer",
  "/api/v1/projects/[project]/import": "bearer",
  "/api/v1/projects/[project]/publish": "bearer",
  "/api/v1/projects/[project]/versions/[number]/bundle": "bearer",
  "/api/v1/projects/import": "bearer",
  "/account": "viewer",
  "/audit": "editor",
  "/auth/entra/callback": "public",
  "/auth/entra/start": "public",
  "/auth/invite": "public",
  "/auth/reset-password": "public",
  "/auth/setup": "public",
  "/auth/sign-in": "public",
  "/auth/sign-out": "public",
  "/devices": "viewer",
  "/devices/[id]": "viewer",
  "/environments": "viewer",
  "/environments/[environmentId]": "viewer",
  "/environments/[environmentId]/diff": "viewer",
  "/environments/[environmentId]/snapshots/[snapshotId]": "viewer",
  "/environments/[environmentId]/snapshots/[snapshotId]/tables/[logicalName]": "viewer",
  "/environments/new": "owner",
  "/forbidden": "viewer",
  "/icon.svg": "public",
  "/invite": "public",
  "/projects": "viewer",
  "/projects/[projectId]": "viewer",
  "/projects/[projectId]/tables/[table]": "viewer",
  "/projects/[projectId]/tables/[table]/filter": "viewer",
  "/projects/[projectId]/tables/[table]/forms": "viewer",
  "/projects/[projectId]/tables/[table]/forms/[formId]": "viewer",
  "/projects/[projectId]/tables/[table]/views": "viewer",
  "/projects/[projectId]/tables/[table]/views/[viewId]": "viewer",
  "/projects/[projectId]/security": "viewer",
  "/projects/[projectId]/versions": "viewer",
  "/projects/[projectId]/versions/[number]": "viewer",
  "/projects/[projectId]/versions/diff": "viewer",
  "/projects/[projectId]/versions/import": "viewer",
  "/projects/new": "editor",
  "/reset-password": "public",
  "/schema/bundle.schema.json": "public",
  "/schema/project.schema.json": "public",
  "/settings": "viewer",
  "/settings/tokens": "owner",
  "/settings/users": "owner",
  "/setup": "public",
  "/sign-in": "public",
};

/** Who asks: null is nobody signed in, and a disabled user, whose session the proxy reads as none. */
export const PRINCIPALS: Array<{ name: string; role: Role | null }> = [
  { name: "anonymous", role: null },
  { name: "viewer", role: "viewer" },
  { name: "editor", role: "editor" },
  { name: "owner", role: "owner" },
  { name: "disabled owner", role: null },
];

const RANK: Record<Role, number> = { viewer: 1, editor: 2, owner: 3 };

export function expectedDecision(expected: "public" | "bearer" | Role, role: Role | null) {
  if (expected === "public" || expected === "bearer") return "allow";
  if (role === null) return "sign-in";
  return RANK[role] >= RANK[expected] ? "allow" : "forbidden";
}
