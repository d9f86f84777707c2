// GET /api/client/v1/customization: who the device user is (token), which security roles they hold in the
// project's org (Web API, cached for minutes), which app project they get (priority), and the newest version
// of it their app can run, answered with its content hash as ETag (304 when the device has it).
import "server-only";
import { AppError } from "@/lib/app-error";
import { retrieveAadUserRoles } from "@/lib/dataverse/user-roles";
import { pickProject, roleOrder, type ProjectPick, type UserRole } from "@/lib/customization/role-priority";
import { loadBundleBytes, type PublishedProject } from "@/lib/versions/data";
import type { DeviceApiDeps } from "./deps";
import { etagMatches } from "./etag";
import { bundleCache } from "./bundle-cache";
import type { DeviceReply, DeviceRequest } from "./device-http";
import { admitDownload, deviceHeaders, policyOfVersion } from "./admit-device";

/** The roles of a user in an environment's org, direct and through teams (RetrieveAadUserRoles). */
export async function rolesOf(deps: DeviceApiDeps, environmentId: string, oid: string): Promise<UserRole[]> {
  const key = `${environmentId}:${oid}`;
  const cached = deps.roleCache.get(key);
  if (cached) return cached;
  const client = await deps.clientFor(environmentId);
  let roles: UserRole[];
  try {
    roles = (await retrieveAadUserRoles(client, oid)).map((r) => ({
      name: r.name,
      id: r.id,
      ...(r.rootRoleId ? { rootId: r.rootRoleId } : {}),
    }));
  } catch (error) {
    // A user the org does not know holds no roles there.
    if (error instanceof AppError && error.code === "not_found") roles = [];
    else throw error;
  }
  deps.roleCache.set(key, roles);
  return roles;
}

/** The project a user gets across every environment with published projects, by priority (ties by name). */
export async function projectForUser(
  deps: DeviceApiDeps,
  oid: string,
  projects: PublishedProject[],
): Promise<ProjectPick | undefined> {
  const environments = [...new Set(projects.map((p) => p.environmentId))];
  const picks: ProjectPick[] = [];
  for (const environmentId of environments) {
    const candidates = projects.filter((p) => p.environmentId === environmentId);
    const roles = await rolesOf(deps, environmentId, oid);
    const pick = pickProject(candidates, roles);
    if (pick) picks.push(pick);
  }
  if (picks.length <= 1) return picks[0];
  // The same order as within one environment.
  const best = roleOrder(
    picks.map((p) => ({
      projectId: p.projectId,
      projectName: p.projectName,
      roles: [{ roleName: p.roleName, priority: p.priority }],
    })),
  )[0];
  return picks.find((p) => p.projectId === best.projectId);
}

export async function serveCustomization(request: DeviceRequest, deps: DeviceApiDeps): Promise<DeviceReply> {
  const identity = await deps.verifyToken(request.header("authorization"));
  const { deviceId, appVersionText, appVersion } = deviceHeaders(request);

  const projects = await deps.published.projects(deps.db);
  const pick = await projectForUser(deps, identity.oid, projects);
  if (!pick)
    throw new AppError(
      "not_found",
      "None of your security roles is assigned to a published app project. Ask your administrator to assign one of your roles to a project.",
    );
  const version = await deps.published.compatibleVersion(deps.db, pick.projectId, appVersion);
  if (!version)
    throw new AppError(
      "not_found",
      `Project '${pick.projectName}' has no version that app version ${appVersionText} can run; update the app.`,
    );

  // A device the policy does not let in gets nothing: 403 with the reason.
  const policy = await policyOfVersion(deps, version.id, version.bundleHash);
  await admitDownload(deps, identity, { deviceId, appVersionText }, { projectId: pick.projectId, policy });

  const etag = `"${version.contentHash}"`;
  const headers: Record<string, string> = {
    etag,
    // Per user: a shared cache must not hand one user's answer to another; the content-addressed URL is the cacheable one.
    "cache-control": "private, no-cache",
    vary: "Authorization, X-App-Version",
    "content-location": `/api/client/v1/bundles/${version.bundleHash}`,
    "x-syncwright-project": pick.projectId,
    "x-syncwright-version": String(version.number),
  };
  const notModified = etagMatches(request.header("if-none-match"), version.contentHash);
  deps.syncs.record({
    versionId: version.id,
    userOid: identity.oid,
    userName: identity.name,
    deviceId,
    appVersion: appVersionText,
    downloaded: !notModified,
  });
  if (notModified) return { status: 304, headers };
  let bytes = bundleCache.get(version.bundleHash);
  if (!bytes) {
    bytes = await loadBundleBytes(deps.db, version.id);
    if (!bytes) throw new AppError("not_found", "The version was removed meanwhile; try again.");
    bundleCache.set(version.bundleHash, bytes);
  }
  return {
    status: 200,
    headers: { ...headers, "content-type": "application/json", "content-length": String(bytes.length) },
    body: bytes,
  };
}
