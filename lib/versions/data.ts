// Reads of versions: the history of a project, one version with its downloads and the devices that are
// behind, the bundle bytes by immutable address, and the newest version a device's app can run.
import "server-only";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/app-error";
import type { VersionSummary } from "./schema";
import { readBundleContent } from "./bundle-port";
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

/** Every version of a project, newest first, with how often each was downloaded. */
export async function listVersions(db: Db, projectId: string): Promise<VersionListItem[]> {
  const project = await db.project.findUnique({ where: { id: projectId }, select: { currentVersionId: true } });
  if (!project) throw new AppError("not_found", `No project with id '${projectId}'`);
  const rows = await db.version.findMany({ where: { projectId }, orderBy: { number: "desc" }, select: { ...SUMMARY_SELECT, _count: { select: { downloads: true } } } });
  return rows.map(({ _count, ...row }) => ({ ...toSummary(row), downloadCount: _count.downloads, current: row.id === project.currentVersionId }));
}

export interface DeviceStatus {
  deviceId: string;
  userOid: string;
  userName: string | null;
  appVersion: string;
  /** The version the device received last. */
  number: number;
  at: Date;
}

export interface VersionPage {
  version: VersionSummary;
  current: boolean;
  latestNumber: number;
  downloads: Array<{ id: string; userOid: string; userName: string | null; deviceId: string; appVersion: string; at: Date }>;
  /** Devices of this project whose last download is an older version than the newest: who is behind. */
  behind: DeviceStatus[];
}

/** One version with its latest downloads (up to `limit`) and the project's devices that are behind. */
export async function loadVersionPage(db: Db, projectId: string, number: number, limit = 200): Promise<VersionPage> {
  const row = await db.version.findUnique({ where: { projectId_number: { projectId, number } }, select: SUMMARY_SELECT });
  if (!row) throw new AppError("not_found", `This project has no version ${number}`);
  const [project, latest, downloads, behind] = await Promise.all([
    db.project.findUnique({ where: { id: projectId }, select: { currentVersionId: true } }),
    db.version.findFirst({ where: { projectId }, orderBy: { number: "desc" }, select: { number: true } }),
    db.download.findMany({ where: { versionId: row.id }, orderBy: { at: "desc" }, take: limit, select: { id: true, userOid: true, userName: true, deviceId: true, appVersion: true, at: true } }),
    devicesOf(db, projectId),
  ]);
  const latestNumber = latest?.number ?? row.number;
  return { version: toSummary(row), current: project?.currentVersionId === row.id, latestNumber, downloads, behind: behind.filter((d) => d.number < latestNumber) };
}

/** The last download of every device of a project. */
export async function devicesOf(db: Db, projectId: string): Promise<DeviceStatus[]> {
  const rows = await db.download.findMany({
    where: { version: { projectId } },
    orderBy: { at: "desc" },
    take: 5000,
    select: { deviceId: true, userOid: true, userName: true, appVersion: true, at: true, version: { select: { number: true } } },
  });
  const seen = new Map<string, DeviceStatus>();
  for (const r of rows) {
    const key = `${r.userOid}\u0000${r.deviceId}`;
    if (!seen.has(key)) seen.set(key, { deviceId: r.deviceId, userOid: r.userOid, userName: r.userName, appVersion: r.appVersion, number: r.version.number, at: r.at });
  }
  return [...seen.values()];
}

/** A version's summary and bundle bytes by number. */
export async function loadVersionBundle(db: Db, projectId: string, number: number): Promise<{ version: VersionSummary; bytes: Buffer }> {
  const row = await db.version.findUnique({ where: { projectId_number: { projectId, number } }, select: { ...SUMMARY_SELECT, bundle: true } });
  if (!row) throw new AppError("not_found", `This project has no version ${number}`);
  const { bundle, ...rest } = row;
  return { version: toSummary(rest), bytes: Buffer.from(bundle) };
}

/** The bundle stored under its SHA-256, or undefined. */
export async function findBundleByHash(db: Db, bundleHash: string): Promise<{ bytes: Buffer; contentHash: string; bundleHash: string } | undefined> {
  const row = await db.version.findUnique({ where: { bundleHash }, select: { bundle: true, contentHash: true, bundleHash: true } });
  return row ? { bytes: Buffer.from(row.bundle), contentHash: row.contentHash, bundleHash: row.bundleHash } : undefined;
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
  const rows = await db.project.findMany({ where: { currentVersionId: { not: null } }, select: { id: true, name: true, environmentId: true, roles: { select: { roleName: true, roleId: true, priority: true } } } });
  return rows.map((r) => ({
    projectId: r.id,
    projectName: r.name,
    environmentId: r.environmentId,
    roles: r.roles.map((x) => ({ roleName: x.roleName, ...(x.roleId ? { roleId: x.roleId } : {}), priority: x.priority })),
  }));
}

/** The bundle bytes of a version by id. */
export async function loadBundleBytes(db: Db, versionId: string): Promise<Buffer | undefined> {
  const row = await db.version.findUnique({ where: { id: versionId }, select: { bundle: true } });
  return row ? Buffer.from(row.bundle) : undefined;
}
