// GET /api/client/v1/customization: who the device user is (token), which security roles they hold in the
// project's org (Web API, cached for minutes), which app project they get (priority), and the newest version
// of it their app can run, answered with its content hash as ETag (304 when the device has it).
import "server-only";
import { AppError } from "@/lib/app-error";
import { retrieveAadUserRoles } from "@/lib/dataverse/user-roles";
import { pickProject, roleOrder, type ProjectPick, type UserRole } from "@/lib/customization/role-priority";
import { loadBundleBytes, type CompatibleVersion, type PublishedProject } from "@/lib/versions/data";
import type { DeviceApiDeps } from "./deps";
import { etagMatches } from "./etag";
import { bundleCache } from "./bundle-cache";
import type { DeviceReply, DeviceRequest } from "./device-http";
import { admissionPolicy, admitDownload, deviceHeaders, noProjectError } from "./admit-device";

/** The roles of a user in an environment's org, direct and through teams (RetrieveAadUserRoles). */
export async function rolesOf(deps: DeviceApiDeps, environmentId: string, oid: string): Promise<UserRole[]> {
  const key = `${environmentId}:${oid}`;
  const cached = deps.roleCache.get(key);
  if (cached) return cached;
  let client: Awaited<ReturnType<DeviceApiDeps["clientFor"]>>;
  try {
    client = await deps.clientFor(environmentId);
  } catch (error) {
    // An environment without its org connection (a file-only one) can resolve no user's roles, so its projects
    // match nobody: they are passed over, not every device of every environment refused. An org that is connected
    // but fails is still an error (a device must not silently get another project while its org is down).
    if (error instanceof AppError && error.code === "invalid") return [];
    throw error;
  }
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

/**
 * Per list of published projects (the published cache hands out the same array until something changes): its
 * environments, and the last pick per user. A device that downloads again with the same roles (the same arrays from
 * the role cache) gets the same project without choosing again. Inputs are compared by identity: any change makes
 * new arrays.
 */
const byProjects = new WeakMap<
  PublishedProject[],
  { environments: string[]; picks: Map<string, { roles: UserRole[][]; pick: ProjectPick | undefined }> }
>();

/** The project a user gets across every environment with published projects, by priority (ties by name). */
export async function projectForUser(
  deps: DeviceApiDeps,
  oid: string,
  projects: PublishedProject[],
): Promise<ProjectPick | undefined> {
  let known = byProjects.get(projects);
  if (!known) {
    known = { environments: [...new Set(projects.map((p) => p.environmentId))], picks: new Map() };
    byProjects.set(projects, known);
  }
  const { environments, picks } = known;
  const rolesByEnvironment: UserRole[][] = [];
  for (const environmentId of environments) rolesByEnvironment.push(await rolesOf(deps, environmentId, oid));
  const last = picks.get(oid);
  if (
    last &&
    last.roles.length === rolesByEnvironment.length &&
    last.roles.every((r, i) => r === rolesByEnvironment[i])
  )
    return last.pick;
  const pick = choose(projects, environments, rolesByEnvironment);
  if (picks.size >= 10_000) picks.clear();
  picks.set(oid, { roles: rolesByEnvironment, pick });
  return pick;
}

function choose(
  projects: PublishedProject[],
  environments: string[],
  rolesByEnvironment: UserRole[][],
): ProjectPick | undefined {
  const picks: ProjectPick[] = [];
  environments.forEach((environmentId, i) => {
    const candidates = projects.filter((p) => p.environmentId === environmentId);
    const pick = pickProject(candidates, rolesByEnvironment[i]);
    if (pick) picks.push(pick);
  });
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

/** The refusal of an app too old for every version of its project. */
export function noVersionError(projectName: string, appVersionText: string): AppError {
  return new AppError(
    "not_found",
    `Project '${projectName}' has no version that app version ${appVersionText} can run; update the app.`,
  );
}

/**
 * A version's answer headers, made once per version and project (a version's fields never change), and those of its
 * 200 with the bundle's type and length once the bundle has been sent.
 */
interface VersionHeaders {
  projectId: string;
  headers: Readonly<Record<string, string>>;
  ok?: { length: number; headers: Readonly<Record<string, string>> };
}
const headersByVersion = new WeakMap<CompatibleVersion, VersionHeaders>();

function versionHeaders(version: CompatibleVersion, projectId: string): VersionHeaders {
  const known = headersByVersion.get(version);
  if (known && known.projectId === projectId) return known;
  const entry: VersionHeaders = {
    projectId,
    headers: {
      etag: `"${version.contentHash}"`,
      // Per user: a shared cache must not hand one user's answer to another; the content-addressed URL is the cacheable one.
      "cache-control": "private, no-cache",
      vary: "Authorization, X-App-Version",
      "content-location": `/api/client/v1/bundles/${version.bundleHash}`,
      "x-syncwright-project": projectId,
      "x-syncwright-version": String(version.number),
    },
  };
  headersByVersion.set(version, entry);
  return entry;
}

/** The 200's headers: the version's with the bundle's type and length first. */
function okHeaders(version: CompatibleVersion, projectId: string, length: number): Readonly<Record<string, string>> {
  const known = versionHeaders(version, projectId);
  if (known.ok?.length === length) return known.ok.headers;
  const headers = { "content-type": "application/json", "content-length": String(length), ...known.headers };
  known.ok = { length, headers };
  return headers;
}

export async function serveCustomization(request: DeviceRequest, deps: DeviceApiDeps): Promise<DeviceReply> {
  const identity = await deps.verifyToken(request.header("authorization"));
  const { deviceId, appVersionText, appVersion } = deviceHeaders(request);

  const projects = await deps.published.projects(deps.db);
  const pick = await projectForUser(deps, identity.oid, projects);
  if (!pick) throw noProjectError();
  const version = await deps.published.compatibleVersion(deps.db, pick.projectId, appVersion);
  if (!version) throw noVersionError(pick.projectName, appVersionText);

  // A device the project's policy does not let in gets nothing: 403 with the reason.
  const policy = (await admissionPolicy(deps, pick.projectId))!;
  await admitDownload(deps, identity, { deviceId, appVersionText }, { projectId: pick.projectId, policy });

  const notModified = etagMatches(request.header("if-none-match"), version.contentHash);
  // A HEAD sends no bundle: it is neither a download nor a sign that the device holds the version.
  if (request.method !== "HEAD")
    deps.syncs.record({
      versionId: version.id,
      userOid: identity.oid,
      userName: identity.name,
      deviceId,
      appVersion: appVersionText,
      downloaded: !notModified,
    });
  if (notModified) return { status: 304, headers: versionHeaders(version, pick.projectId).headers };
  let bytes = bundleCache.get(version.bundleHash);
  if (!bytes) {
    bytes = await loadBundleBytes(deps.db, version.id);
    if (!bytes) throw new AppError("not_found", "The version was removed meanwhile; try again.");
    bundleCache.set(version.bundleHash, bytes);
  }
  return { status: 200, headers: okHeaders(version, pick.projectId, bytes.length), body: bytes };
}
