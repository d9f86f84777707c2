// Reads of versions: the history of a project, one version with its downloads and the devices that are
// behind, the bundle bytes by immutable address, and the newest version a device's app can run.
import "server-only";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/sqlite/client";
import { AppError } from "@/lib/app-error";
import { getConfig } from "@/lib/config";
import type { VersionSummary } from "./schema";
import { contentHashOf, readBundleContent } from "./bundle-port";
import type { ProjectDocument } from "@/lib/customization/schema";

const SUMMARY_SELECT = {
  id: true,
  projectId: true,
  number: true,
  notes: true,
  createdAt: true,
  createdByLabel: true,
  contentHash: true,
  bundleHash: true,
  size: true,
  minClientVersion: true,
  warnings: true,
} as const;

type SummaryRow = { warnings: string } & Omit<VersionSummary, "warnings">;

function toSummary(row: SummaryRow): VersionSummary {
  let warnings: VersionSummary["warnings"] = [];
  try {
    warnings = JSON.parse(row.warnings) as VersionSummary["warnings"];
  } catch {
    warnings = [];
  }
  return { ...row, warnings };
}

export interface VersionListItem extends VersionSummary {
  downloadCount: number;
  current: boolean;
}

/** Every version of a project, newest first, with how often each was downloaded (in the history kept). */
export async function listVersions(db: Db, projectId: string): Promise<VersionListItem[]> {
  const project = await db.project.findUnique({ where: { id: projectId }, select: { currentVersionId: true } });
  if (!project) throw new AppError("not_found", `No project with id '${projectId}'`);
  const rows = await db.version.findMany({
    where: { projectId },
    orderBy: { number: "desc" },
    select: { ...SUMMARY_SELECT, downloadCount: true },
  });
  return rows.map(({ downloadCount, ...row }) => ({
    ...toSummary(row),
    downloadCount,
    current: row.id === project.currentVersionId,
  }));
}

/**
 * The numbers of a project's versions, newest first: for a choice of versions or "latest", without the summaries
 * and download counts listVersions reads.
 */
export async function listVersionNumbers(db: Db, projectId: string): Promise<number[]> {
  const project = await db.project.findUnique({
    where: { id: projectId },
    select: { versions: { orderBy: { number: "desc" }, select: { number: true } } },
  });
  if (!project) throw new AppError("not_found", `No project with id '${projectId}'`);
  return project.versions.map((v) => v.number);
}

/** A device as the device API last saw it. */
export interface DeviceStatus {
  deviceId: string;
  userOid: string;
  userName: string | null;
  appVersion: string;
  projectId: string;
  projectName: string;
  /** The version the device holds. */
  number: number;
  /** Its last download or check. */
  lastSeenAt: Date;
  /** Its last download; null when the portal has seen it only check (it got its version before this record existed). */
  lastDownloadAt: Date | null;
}

export interface VersionPage {
  version: VersionSummary;
  current: boolean;
  latestNumber: number;
  /** The latest downloads of this version (200s), newest first. */
  downloads: Array<{
    id: string;
    userOid: string;
    userName: string | null;
    deviceId: string;
    appVersion: string;
    at: Date;
  }>;
  downloadCount: number;
  /** How many days of downloads the portal keeps (SYNCWRIGHT_SYNC_HISTORY_DAYS; 0: all). */
  historyDays: number;
  /** Devices that hold this version now. */
  deviceCount: number;
  /** Devices of this project on an older version than the newest, longest unseen first: who is behind. */
  behind: DeviceStatus[];
  behindCount: number;
}

const DEVICE_SELECT = {
  deviceId: true,
  userOid: true,
  userName: true,
  appVersion: true,
  lastSeenAt: true,
  lastDownloadAt: true,
  version: { select: { number: true, project: { select: { id: true, name: true } } } },
} as const;

type DeviceRow = Prisma.DeviceGetPayload<{ select: typeof DEVICE_SELECT }>;

/** Of a row read with a version condition (a device waiting for approval holds none). */
const toDeviceStatus = (r: DeviceRow & { version: NonNullable<DeviceRow["version"]> }): DeviceStatus => ({
  deviceId: r.deviceId,
  userOid: r.userOid,
  userName: r.userName,
  appVersion: r.appVersion,
  projectId: r.version.project.id,
  projectName: r.version.project.name,
  number: r.version.number,
  lastSeenAt: r.lastSeenAt,
  lastDownloadAt: r.lastDownloadAt,
});

/** One version with its latest downloads and the project's devices that are behind (up to `limit` each). */
export async function loadVersionPage(db: Db, projectId: string, number: number, limit = 200): Promise<VersionPage> {
  const found = await db.version.findUnique({
    where: { projectId_number: { projectId, number } },
    select: { ...SUMMARY_SELECT, downloadCount: true },
  });
  if (!found) throw new AppError("not_found", `This project has no version ${number}`);
  const { downloadCount, ...row } = found;
  const [project, latest] = await Promise.all([
    db.project.findUnique({ where: { id: projectId }, select: { currentVersionId: true } }),
    db.version.findFirst({ where: { projectId }, orderBy: { number: "desc" }, select: { number: true } }),
  ]);
  const latestNumber = latest?.number ?? row.number;
  const behindWhere = { version: { projectId, number: { lt: latestNumber } } };
  const [downloads, deviceCount, behind, behindCount] = await Promise.all([
    db.download.findMany({
      where: { versionId: row.id },
      orderBy: { at: "desc" },
      take: limit,
      select: { id: true, userOid: true, userName: true, deviceId: true, appVersion: true, at: true },
    }),
    db.device.count({ where: { versionId: row.id } }),
    db.device.findMany({ where: behindWhere, orderBy: { lastSeenAt: "asc" }, take: limit, select: DEVICE_SELECT }),
    db.device.count({ where: behindWhere }),
  ]);
  return {
    version: toSummary(row),
    current: project?.currentVersionId === row.id,
    latestNumber,
    downloads,
    downloadCount,
    historyDays: getConfig().syncHistoryDays,
    deviceCount,
    behind: behind.flatMap((r) => (r.version ? [toDeviceStatus({ ...r, version: r.version })] : [])),
    behindCount,
  };
}

export interface DeviceList {
  devices: Array<DeviceStatus & { latestNumber: number }>;
  total: number;
}

/** Every device the device API has seen, most recently seen first (up to `limit`), with its project's newest version number. */
export async function listDevices(db: Db, limit = 500): Promise<DeviceList> {
  const [rows, total] = await Promise.all([
    db.device.findMany({
      where: { versionId: { not: null } },
      orderBy: { lastSeenAt: "desc" },
      take: limit,
      select: DEVICE_SELECT,
    }),
    db.device.count({ where: { versionId: { not: null } } }),
  ]);
  const held = rows.flatMap((r) => (r.version ? [{ ...r, version: r.version }] : []));
  const projectIds = [...new Set(held.map((r) => r.version.project.id))];
  const latest = await db.version.groupBy({
    by: ["projectId"],
    where: { projectId: { in: projectIds } },
    _max: { number: true },
  });
  const latestOf = new Map(latest.map((l) => [l.projectId, l._max.number ?? 0]));
  return {
    devices: held.map((r) => ({
      ...toDeviceStatus(r),
      latestNumber: latestOf.get(r.version.project.id) ?? r.version.number,
    })),
    total,
  };
}

/** A version's summary and bundle bytes by number. */
export async function loadVersionBundle(
  db: Db,
  projectId: string,
  number: number,
): Promise<{ version: VersionSummary; bytes: Buffer }> {
  const row = await db.version.findUnique({
    where: { projectId_number: { projectId, number } },
    select: { ...SUMMARY_SELECT, bundle: true },
  });
  if (!row) throw new AppError("not_found", `This project has no version ${number}`);
  const { bundle, ...rest } = row;
  return { version: toSummary(rest), bytes: Buffer.from(bundle) };
}

/** The bundle stored under its SHA-256, or undefined. */
export async function findBundleByHash(
  db: Db,
  bundleHash: string,
): Promise<{ bytes: Buffer; contentHash: string; bundleHash: string } | undefined> {
  const row = await db.version.findUnique({
    where: { bundleHash },
    select: { bundle: true, contentHash: true, bundleHash: true },
  });
  return row ? { bytes: Buffer.from(row.bundle), contentHash: row.contentHash, bundleHash: row.bundleHash } : undefined;
}

/** The project that published a bundle (by its hash), with its role assignments: who may read the bundle. */
export async function findBundlePublisher(db: Db, bundleHash: string): Promise<PublishedProject | undefined> {
  const row = await db.version.findUnique({
    where: { bundleHash },
    select: {
      project: {
        select: {
          id: true,
          name: true,
          environmentId: true,
          roles: { select: { roleName: true, roleId: true, priority: true } },
        },
      },
    },
  });
  if (!row) return undefined;
  const p = row.project;
  return {
    projectId: p.id,
    projectName: p.name,
    environmentId: p.environmentId,
    roles: p.roles.map((x) => ({
      roleName: x.roleName,
      ...(x.roleId ? { roleId: x.roleId } : {}),
      priority: x.priority,
    })),
  };
}

export interface CompatibleVersion {
  id: string;
  number: number;
  contentHash: string;
  bundleHash: string;
  minClientVersion: string;
}

/** Every version of a project, newest first, with what the device API needs to choose one. */
export async function listVersionHeads(db: Db, projectId: string): Promise<CompatibleVersion[]> {
  return db.version.findMany({
    where: { projectId },
    orderBy: { number: "desc" },
    select: { id: true, number: true, contentHash: true, bundleHash: true, minClientVersion: true },
  });
}

/** The project document and snapshot hash a stored bundle was built from. */
export function contentOfVersion(bundle: Uint8Array): { content: ProjectDocument; snapshotHash: string } {
  return readBundleContent(bundle);
}

export interface PublishedProject {
  projectId: string;
  projectName: string;
  environmentId: string;
  roles: Array<{ roleName: string; roleId?: string; priority: number }>;
}

/** Projects that have a published version, with their role assignments: what a device can be given. */
export async function listPublishedProjects(db: Db): Promise<PublishedProject[]> {
  const rows = await db.project.findMany({
    where: { currentVersionId: { not: null } },
    select: {
      id: true,
      name: true,
      environmentId: true,
      roles: { select: { roleName: true, roleId: true, priority: true } },
    },
  });
  return rows.map((r) => ({
    projectId: r.id,
    projectName: r.name,
    environmentId: r.environmentId,
    roles: r.roles.map((x) => ({
      roleName: x.roleName,
      ...(x.roleId ? { roleId: x.roleId } : {}),
      priority: x.priority,
    })),
  }));
}

/** The bundle bytes of a version by id. */
export async function loadBundleBytes(db: Db, versionId: string): Promise<Buffer | undefined> {
  const row = await db.version.findUnique({ where: { id: versionId }, select: { bundle: true } });
  return row ? Buffer.from(row.bundle) : undefined;
}

/**
 * The number of the project's current version when `content` is exactly its content (same contentSha256), else
 * undefined: publishing it again would make a new version that devices already hold.
 */
export async function identicalCurrentVersion(
  db: Db | Prisma.TransactionClient,
  projectId: string,
  content: ProjectDocument,
): Promise<number | undefined> {
  const project = await db.project.findUnique({ where: { id: projectId }, select: { currentVersionId: true } });
  const current = project?.currentVersionId
    ? await db.version.findUnique({
        where: { id: project.currentVersionId },
        select: { number: true, contentHash: true },
      })
    : null;
  return current && current.contentHash === contentHashOf(content) ? current.number : undefined;
}
