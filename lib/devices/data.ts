// Reads of the device registry: the Devices list (filters, sort, pages counted on the server), one device's page
// (check-ins, downloads, state changes, commands), users at the device limit, and a project's security policy.
import "server-only";
import type { Db } from "@/lib/db/client";
import { providerOfClient } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/sqlite/client";
import { AppError } from "@/lib/app-error";
import { parseSettings } from "@/lib/customization/data";
import { contentOfVersion, loadBundleBytes } from "@/lib/versions/data";
import type { CommandKind, CommandStatus, DeviceListFilter, DeviceListQuery, DeviceState } from "./schema";
import type { SecurityPolicy } from "@/lib/customization/security-policy";

export interface DeviceListRow {
  id: string;
  deviceId: string;
  userOid: string;
  userName: string | null;
  appVersion: string;
  state: DeviceState;
  model: string | null;
  os: string | null;
  project: { id: string; name: string } | null;
  /** The version number it holds, and its project's newest. */
  number: number | null;
  latestNumber: number | null;
  lastSeenAt: Date;
  lastCheckInAt: Date | null;
  lastSyncResult: string | null;
  /** Commands queued or sent and not yet acknowledged. */
  openCommands: number;
  /** Its user holds the most devices a user may. */
  userAtLimit: boolean;
}

export interface DeviceListPage {
  rows: DeviceListRow[];
  total: number;
  page: number;
  pageSize: number;
  /** Users holding the most devices a user may (not counting blocked ones). */
  usersAtLimit: Array<{ userOid: string; userName: string | null; devices: number }>;
  projects: Array<{ id: string; name: string }>;
  maxDevicesPerUser: number;
}

/**
 * Users whose devices (other than blocked ones) reach the limit. One pass over the (userOid, state) index, which
 * covers it: no table row is read until the few users at the limit have their names looked up.
 */
export async function usersAtDeviceLimit(
  db: Db,
  max: number,
): Promise<Array<{ userOid: string; userName: string | null; devices: number }>> {
  const groups = await db.$queryRaw<Array<{ userOid: string; devices: number | bigint }>>`
    SELECT "userOid", count(*) AS "devices" FROM "Device" WHERE "state" <> 'blocked'
    GROUP BY "userOid" HAVING count(*) >= ${max} ORDER BY "userOid" LIMIT 1000`;
  if (groups.length === 0) return [];
  const names = await db.device.findMany({
    where: { userOid: { in: groups.map((g) => g.userOid) }, userName: { not: null } },
    distinct: ["userOid"],
    select: { userOid: true, userName: true },
  });
  const nameOf = new Map(names.map((n) => [n.userOid, n.userName]));
  return groups.map((g) => ({
    userOid: g.userOid,
    userName: nameOf.get(g.userOid) ?? null,
    devices: Number(g.devices),
  }));
}

/** The Prisma condition of a filter (shared by the list and the bulk actions, so both mean the same devices). */
export async function deviceWhere(
  db: Db,
  filter: DeviceListFilter,
  maxDevicesPerUser: number,
): Promise<Prisma.DeviceWhereInput> {
  const and: Prisma.DeviceWhereInput[] = [];
  const insensitive = providerOfClient(db) === "postgresql" ? { mode: "insensitive" as const } : {};
  if (filter.q) {
    const q = filter.q;
    and.push({
      OR: [
        { deviceId: { contains: q, ...insensitive } },
        { userName: { contains: q, ...insensitive } },
        { userOid: { contains: q.toLowerCase() } },
        { model: { contains: q, ...insensitive } },
      ],
    });
  }
  if (filter.user)
    and.push({ OR: [{ userOid: filter.user.toLowerCase() }, { userName: { equals: filter.user, ...insensitive } }] });
  if (filter.projectId) and.push({ projectId: filter.projectId });
  if (filter.state) and.push({ state: filter.state });
  if (filter.appVersion) and.push({ appVersion: filter.appVersion });
  if (filter.os) and.push({ osName: { equals: filter.os, ...insensitive } });
  if (filter.staleDays) and.push({ lastSeenAt: { lt: new Date(Date.now() - filter.staleDays * 86_400_000) } });
  if (filter.behind) {
    const latest = await db.version.groupBy({ by: ["projectId"], _max: { number: true } });
    and.push({
      OR: latest.map((l) => ({ projectId: l.projectId, version: { number: { lt: l._max.number ?? 0 } } })),
    });
  }
  if (filter.atLimit) {
    const users = await usersAtDeviceLimit(db, maxDevicesPerUser);
    and.push({ userOid: { in: users.map((u) => u.userOid) } });
  }
  return and.length ? { AND: and } : {};
}

const ORDER: Record<DeviceListQuery["sort"], (dir: "asc" | "desc") => Prisma.DeviceOrderByWithRelationInput[]> = {
  lastSeen: (dir) => [{ lastSeenAt: dir }, { id: dir }],
  firstSeen: (dir) => [{ firstSeenAt: dir }, { id: dir }],
  user: (dir) => [{ userName: dir }, { userOid: dir }, { id: dir }],
  appVersion: (dir) => [{ appVersion: dir }, { id: dir }],
};

const LIST_SELECT = {
  id: true,
  deviceId: true,
  userOid: true,
  userName: true,
  appVersion: true,
  state: true,
  model: true,
  osName: true,
  osVersion: true,
  projectId: true,
  lastSeenAt: true,
  lastCheckInAt: true,
  lastSyncResult: true,
  version: { select: { number: true } },
  _count: { select: { commands: { where: { status: { in: ["queued", "sent"] } } } } },
} satisfies Prisma.DeviceSelect;

/** One page of the Devices list: the filter and order applied by the database, counted there too. */
export async function listDevicePage(
  db: Db,
  query: DeviceListQuery,
  maxDevicesPerUser: number,
): Promise<DeviceListPage> {
  const where = await deviceWhere(db, query, maxDevicesPerUser);
  const [rows, total, usersAtLimit, projects, latest] = await Promise.all([
    db.device.findMany({
      where,
      orderBy: ORDER[query.sort](query.dir),
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
      select: LIST_SELECT,
    }),
    db.device.count({ where }),
    usersAtDeviceLimit(db, maxDevicesPerUser),
    db.project.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
    db.version.groupBy({ by: ["projectId"], _max: { number: true } }),
  ]);
  const projectOf = new Map(projects.map((p) => [p.id, p]));
  const latestOf = new Map(latest.map((l) => [l.projectId, l._max.number]));
  const atLimit = new Set(usersAtLimit.map((u) => u.userOid));
  return {
    rows: rows.map((r) => ({
      id: r.id,
      deviceId: r.deviceId,
      userOid: r.userOid,
      userName: r.userName,
      appVersion: r.appVersion,
      state: r.state as DeviceState,
      model: r.model,
      os: r.osName ? `${r.osName} ${r.osVersion ?? ""}`.trim() : null,
      project: r.projectId ? (projectOf.get(r.projectId) ?? null) : null,
      number: r.version?.number ?? null,
      latestNumber: r.projectId ? (latestOf.get(r.projectId) ?? null) : null,
      lastSeenAt: r.lastSeenAt,
      lastCheckInAt: r.lastCheckInAt,
      lastSyncResult: r.lastSyncResult,
      openCommands: r._count.commands,
      userAtLimit: atLimit.has(r.userOid) && r.state !== "blocked",
    })),
    total,
    page: query.page,
    pageSize: query.pageSize,
    usersAtLimit,
    projects,
    maxDevicesPerUser,
  };
}

export interface DeviceCommandView {
  id: string;
  kind: CommandKind;
  status: CommandStatus;
  queuedAt: Date;
  queuedByLabel: string;
  sentAt: Date | null;
  acknowledgedAt: Date | null;
  cancelledAt: Date | null;
}

export interface DevicePage {
  device: DeviceListRow & {
    firstSeenAt: Date;
    lastDownloadAt: Date | null;
    lastSyncError: string | null;
    localDbBytes: number | null;
    localDbRows: number | null;
    stateChangedAt: Date | null;
  };
  checkIns: Array<{
    id: string;
    at: Date;
    appVersion: string;
    syncResult: string | null;
    syncError: string | null;
    dbBytes: number | null;
    dbRows: number | null;
  }>;
  downloads: Array<{ id: string; at: Date; appVersion: string; number: number }>;
  commands: DeviceCommandView[];
  /** State changes and commands as the audit log has them: who did what, when. */
  history: Array<{ id: string; at: Date; actorLabel: string; action: string; summary: string }>;
}

const num = (v: bigint | null) => (v === null ? null : Number(v));

/** One device with its latest check-ins, downloads, commands and audited changes (up to `limit` each). */
export async function loadDevicePage(db: Db, id: string, maxDevicesPerUser: number, limit = 50): Promise<DevicePage> {
  const row = await db.device.findUnique({
    where: { id },
    select: {
      ...LIST_SELECT,
      firstSeenAt: true,
      lastDownloadAt: true,
      lastSyncError: true,
      localDbBytes: true,
      localDbRows: true,
      stateChangedAt: true,
    },
  });
  if (!row) throw new AppError("not_found", "No such device: it may have been removed with its version.");
  const [checkIns, downloads, commands, history, project, latest, userDevices] = await Promise.all([
    db.deviceCheckIn.findMany({ where: { deviceRowId: id }, orderBy: { at: "desc" }, take: limit }),
    db.download.findMany({
      where: { deviceId: row.deviceId, userOid: row.userOid },
      orderBy: { at: "desc" },
      take: limit,
      select: { id: true, at: true, appVersion: true, version: { select: { number: true } } },
    }),
    db.deviceCommand.findMany({ where: { deviceRowId: id }, orderBy: { queuedAt: "desc" }, take: limit }),
    db.auditEntry.findMany({
      where: { targetType: "device", targetId: id },
      orderBy: { at: "desc" },
      take: limit,
      select: { id: true, at: true, actorLabel: true, action: true, summary: true },
    }),
    row.projectId ? db.project.findUnique({ where: { id: row.projectId }, select: { id: true, name: true } }) : null,
    row.projectId
      ? db.version.findFirst({
          where: { projectId: row.projectId },
          orderBy: { number: "desc" },
          select: { number: true },
        })
      : null,
    db.device.count({ where: { userOid: row.userOid, state: { not: "blocked" } } }),
  ]);
  return {
    device: {
      id: row.id,
      deviceId: row.deviceId,
      userOid: row.userOid,
      userName: row.userName,
      appVersion: row.appVersion,
      state: row.state as DeviceState,
      model: row.model,
      os: row.osName ? `${row.osName} ${row.osVersion ?? ""}`.trim() : null,
      project,
      number: row.version?.number ?? null,
      latestNumber: latest?.number ?? null,
      lastSeenAt: row.lastSeenAt,
      lastCheckInAt: row.lastCheckInAt,
      lastSyncResult: row.lastSyncResult,
      openCommands: row._count.commands,
      userAtLimit: userDevices >= maxDevicesPerUser && row.state !== "blocked",
      firstSeenAt: row.firstSeenAt,
      lastDownloadAt: row.lastDownloadAt,
      lastSyncError: row.lastSyncError,
      localDbBytes: num(row.localDbBytes),
      localDbRows: num(row.localDbRows),
      stateChangedAt: row.stateChangedAt,
    },
    checkIns: checkIns.map((c) => ({
      id: c.id,
      at: c.at,
      appVersion: c.appVersion,
      syncResult: c.syncResult,
      syncError: c.syncError,
      dbBytes: num(c.dbBytes),
      dbRows: num(c.dbRows),
    })),
    downloads: downloads.map((d) => ({ id: d.id, at: d.at, appVersion: d.appVersion, number: d.version.number })),
    commands: commands.map((c) => ({
      id: c.id,
      kind: c.kind as CommandKind,
      status: c.status as CommandStatus,
      queuedAt: c.queuedAt,
      queuedByLabel: c.queuedByLabel,
      sentAt: c.sentAt,
      acknowledgedAt: c.acknowledgedAt,
      cancelledAt: c.cancelledAt,
    })),
    history,
  };
}

/** A project's security policy as saved (the draft; devices get it when a version is published) and its revision. */
export async function loadSecurityPolicy(
  db: Db,
  projectId: string,
): Promise<{
  projectId: string;
  projectName: string;
  revision: number;
  policy: SecurityPolicy;
  published: SecurityPolicy | null;
}> {
  const row = await db.project.findUnique({
    where: { id: projectId },
    select: { id: true, name: true, revision: true, settings: true, currentVersionId: true },
  });
  if (!row) throw new AppError("not_found", "No such project.");
  let published: SecurityPolicy | null = null;
  if (row.currentVersionId) {
    const bytes = await loadBundleBytes(db, row.currentVersionId);
    if (bytes) published = contentOfVersion(bytes).content.settings.security;
  }
  return {
    projectId: row.id,
    projectName: row.name,
    revision: row.revision,
    policy: parseSettings(row.settings, row.id).security,
    published,
  };
}
