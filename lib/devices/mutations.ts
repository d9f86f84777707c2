// Writes of device security: devices registered on first sight (pending when their project blocks new devices),
// commands claimed exactly once by one conditional UPDATE and acknowledged, check-ins recorded in batches, and the
// admin's actions (approve, block, unblock, lock, wipe, force full sync, cancel) and policy saves, each audited.
import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/sqlite/client";
import { providerOfClient } from "@/lib/db/client";
import { AppError } from "@/lib/app-error";
import { audit } from "@/lib/audit/mutations";
import type { AuditActor } from "@/lib/audit/schema";
import { parseInput } from "@/lib/parse-input";
import { parseSettings, settingsText } from "@/lib/customization/data";
import { describePolicyDiff } from "@/lib/customization/describe-security-policy";
import { deviceWhere } from "./data";
import {
  BulkDeviceActionInputSchema,
  CancelCommandInputSchema,
  COMMAND_LABELS,
  DEVICE_REFUSALS,
  DEVICE_STATE_LABELS,
  DeviceActionInputSchema,
  SaveSecurityPolicyInputSchema,
  type CheckInRecord,
  type CommandKind,
  type DeviceAction,
  type DeviceState,
} from "./schema";

interface Options {
  requestId?: string;
}

// Device states may be remembered by the device API for seconds (downloads only); a change made in this process
// tells it at once. On globalThis: Next bundles server actions and route handlers separately.
const globalForDevices = globalThis as typeof globalThis & { __syncwrightDeviceStates?: { generation: number } };
const deviceStates = (globalForDevices.__syncwrightDeviceStates ??= { generation: 0 });

/** Changes whenever an admin changes a device's state in this process. */
export function deviceStateGeneration(): number {
  return deviceStates.generation;
}

// ---------- the device API's side ----------

export interface DeviceGate {
  id: string;
  state: DeviceState;
  /** Whether a command waits for it (the claim's UPDATE runs only then). */
  queued: boolean;
}

/**
 * The device's row as the device API needs it, or null when the portal has never seen it: one indexed statement
 * (the device by its unique key, and whether a command waits for it), since every check-in asks.
 */
export async function findDeviceGate(
  db: Pick<Prisma.TransactionClient, "$queryRaw">,
  deviceId: string,
  userOid: string,
): Promise<DeviceGate | null> {
  const rows = await db.$queryRaw<Array<{ id: string; state: string; queued: number | bigint | boolean }>>`
    SELECT d."id", d."state",
      EXISTS (SELECT 1 FROM "DeviceCommand" c WHERE c."deviceRowId" = d."id" AND c."status" = 'queued') AS "queued"
    FROM "Device" d WHERE d."deviceId" = ${deviceId} AND d."userOid" = ${userOid}`;
  const row = rows[0];
  return row ? { id: row.id, state: row.state as DeviceState, queued: Boolean(Number(row.queued)) } : null;
}

export interface NewDevice {
  deviceId: string;
  userOid: string;
  userName: string | null;
  appVersion: string;
  projectId: string | null;
  state: DeviceState;
}

const refuse = (reason: keyof typeof DEVICE_REFUSALS, extra = "") =>
  new AppError("forbidden", DEVICE_REFUSALS[reason] + extra, { reason });

/**
 * Registers a device the portal sees for the first time, in the state its project's policy gives it, unless its
 * user already holds `maxPerUser` devices (blocked ones do not count): then 403 device_limit_reached. Two requests
 * of one new device at once register it once. Counting and adding are one step per user: on PostgreSQL a
 * transaction-scoped advisory lock on the user; on SQLite the transaction itself (the single writer), so twenty
 * new devices of one user arriving at once cannot all pass a count taken before any of them was added.
 */
export async function registerDevice(db: Db, device: NewDevice, maxPerUser: number): Promise<DeviceGate> {
  const provider = providerOfClient(db);
  const now = new Date();
  try {
    return await db.$transaction(async (tx) => {
      if (provider === "postgresql") {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`syncwright:device-limit:${device.userOid}`}))`;
      }
      // The same device's other request registered it while this one waited.
      const existing = await findDeviceGate(tx, device.deviceId, device.userOid);
      if (existing) return existing;
      const held = await tx.device.count({ where: { userOid: device.userOid, state: { not: "blocked" } } });
      if (held >= maxPerUser) throw refuse("device_limit_reached", ` (${held} of ${maxPerUser} in use)`);
      const created = await tx.device.create({
        data: {
          id: randomUUID(),
          deviceId: device.deviceId.slice(0, 200),
          userOid: device.userOid,
          userName: device.userName,
          appVersion: device.appVersion.slice(0, 50),
          projectId: device.projectId,
          state: device.state,
          stateChangedAt: now,
          firstSeenAt: now,
          lastSeenAt: now,
        },
        select: { id: true, state: true },
      });
      if (device.state === "pending") {
        await audit(tx, {
          actor: null,
          action: "device.register",
          targetType: "device",
          targetId: created.id,
          summary: `Device '${device.deviceId}' of ${device.userName ?? device.userOid} waits for approval (its project blocks new devices)`,
          after: { state: device.state },
        });
      }
      return { id: created.id, state: created.state as DeviceState, queued: false };
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    // The same device's other request registered it meanwhile (SQLite: the unique key refused this insert).
    const again = await findDeviceGate(db, device.deviceId, device.userOid);
    if (again) return again;
    throw error;
  }
}

export interface SentCommand {
  id: string;
  kind: CommandKind;
  queuedAt: Date;
}

/**
 * Claims the device's queued commands for this check-in: one conditional UPDATE (status queued -> sent) that
 * returns the rows it changed. Two check-ins at once, on one portal instance or two, cannot both change a row:
 * the database lets one UPDATE win each row (SQLite's single writer; PostgreSQL's row lock, after which the
 * other UPDATE re-reads the row and no longer matches), so each command is delivered exactly once.
 */
export async function claimCommands(db: Db, deviceRowId: string, sentTo: string): Promise<SentCommand[]> {
  const rows = await db.deviceCommand.updateManyAndReturn({
    where: { deviceRowId, status: "queued" },
    data: { status: "sent", sentAt: new Date(), sentTo },
    select: { id: true, kind: true, queuedAt: true },
  });
  return rows
    .map((r) => ({ id: r.id, kind: r.kind as CommandKind, queuedAt: r.queuedAt }))
    .sort((a, b) => a.queuedAt.getTime() - b.queuedAt.getTime());
}

/** The device says it carried these commands out; ids of other devices or not sent are ignored. */
export async function acknowledgeCommands(db: Db, deviceRowId: string, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const { count } = await db.deviceCommand.updateMany({
    where: { deviceRowId, id: { in: [...ids] }, status: "sent" },
    data: { status: "acknowledged", acknowledgedAt: new Date() },
  });
  return count;
}

/**
 * Records check-ins, many at once (the device API batches them): a history row for each, and each device's row
 * brought up to date with what it last reported. As with downloads, the rows travel as one JSON parameter; a
 * device's row only moves forward in time.
 */
export async function recordCheckIns(db: Db, records: readonly CheckInRecord[]): Promise<void> {
  if (records.length === 0) return;
  const provider = providerOfClient(db);
  const text = (date: Date) =>
    provider === "sqlite"
      ? date.toISOString().replace("Z", "+00:00")
      : date.toISOString().slice(0, 23).replace("T", " ");
  const history = records.map((r) => ({
    id: randomUUID(),
    deviceRowId: r.deviceRowId,
    at: text(r.at),
    appVersion: r.appVersion.slice(0, 50),
    syncResult: r.body.lastSync?.result ?? null,
    syncError: r.body.lastSync?.result === "error" ? r.body.lastSync.message : null,
    dbBytes: r.body.localDatabase?.bytes ?? null,
    dbRows: r.body.localDatabase?.rows ?? null,
    model: r.body.model,
    osName: r.body.os.name,
    osVersion: r.body.os.version,
  }));
  // One row update per device: its check-ins of the batch in time order, each report's missing parts (no last sync,
  // no database size) kept from the one before, as the update keeps them from the row when the batch holds one.
  const latest = new Map<string, (typeof history)[number]>();
  for (const h of [...history].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))) {
    const before = latest.get(h.deviceRowId);
    latest.set(
      h.deviceRowId,
      before
        ? {
            ...h,
            syncResult: h.syncResult ?? before.syncResult,
            syncError: h.syncResult === null ? before.syncError : h.syncError,
            dbBytes: h.dbBytes ?? before.dbBytes,
            dbRows: h.dbRows ?? before.dbRows,
          }
        : h,
    );
  }
  const historyJson = JSON.stringify(history);
  const devicesJson = JSON.stringify([...latest.values()]);
  const statements =
    provider === "sqlite"
      ? [
          db.$executeRaw`INSERT INTO "DeviceCheckIn" ("id", "deviceRowId", "at", "appVersion", "syncResult", "syncError", "dbBytes", "dbRows")
            SELECT value ->> 'id', value ->> 'deviceRowId', value ->> 'at', value ->> 'appVersion', value ->> 'syncResult', value ->> 'syncError', value ->> 'dbBytes', value ->> 'dbRows'
            FROM json_each(${historyJson}) WHERE EXISTS (SELECT 1 FROM "Device" WHERE "Device"."id" = value ->> 'deviceRowId')`,
          db.$executeRaw`UPDATE "Device" SET "appVersion" = r."appVersion", "model" = r."model", "osName" = r."osName", "osVersion" = r."osVersion",
              "lastSyncResult" = coalesce(r."syncResult", "lastSyncResult"),
              "lastSyncError" = CASE WHEN r."syncResult" IS NULL THEN "lastSyncError" ELSE r."syncError" END,
              "localDbBytes" = coalesce(r."dbBytes", "localDbBytes"), "localDbRows" = coalesce(r."dbRows", "localDbRows"),
              "lastCheckInAt" = r."at", "lastSeenAt" = max("lastSeenAt", r."at")
            FROM (SELECT value ->> 'deviceRowId' AS "id", value ->> 'at' AS "at", value ->> 'appVersion' AS "appVersion", value ->> 'model' AS "model",
                    value ->> 'osName' AS "osName", value ->> 'osVersion' AS "osVersion", value ->> 'syncResult' AS "syncResult",
                    value ->> 'syncError' AS "syncError", value ->> 'dbBytes' AS "dbBytes", value ->> 'dbRows' AS "dbRows"
                  FROM json_each(${devicesJson})) AS r
            WHERE "Device"."id" = r."id" AND ("Device"."lastCheckInAt" IS NULL OR "Device"."lastCheckInAt" <= r."at")`,
        ]
      : [
          db.$executeRaw`INSERT INTO "DeviceCheckIn" ("id", "deviceRowId", "at", "appVersion", "syncResult", "syncError", "dbBytes", "dbRows")
            SELECT r."id", r."deviceRowId", r."at", r."appVersion", r."syncResult", r."syncError", r."dbBytes", r."dbRows"
            FROM json_to_recordset(${historyJson}::json) AS r("id" text, "deviceRowId" text, "at" timestamp(3), "appVersion" text, "syncResult" text, "syncError" text, "dbBytes" bigint, "dbRows" bigint)
            WHERE EXISTS (SELECT 1 FROM "Device" WHERE "Device"."id" = r."deviceRowId")`,
          db.$executeRaw`UPDATE "Device" AS d SET "appVersion" = r."appVersion", "model" = r."model", "osName" = r."osName", "osVersion" = r."osVersion",
              "lastSyncResult" = coalesce(r."syncResult", d."lastSyncResult"),
              "lastSyncError" = CASE WHEN r."syncResult" IS NULL THEN d."lastSyncError" ELSE r."syncError" END,
              "localDbBytes" = coalesce(r."dbBytes", d."localDbBytes"), "localDbRows" = coalesce(r."dbRows", d."localDbRows"),
              "lastCheckInAt" = r."at", "lastSeenAt" = greatest(d."lastSeenAt", r."at")
            FROM json_to_recordset(${devicesJson}::json) AS r("deviceRowId" text, "at" timestamp(3), "appVersion" text, "model" text, "osName" text, "osVersion" text, "syncResult" text, "syncError" text, "dbBytes" bigint, "dbRows" bigint)
            WHERE d."id" = r."deviceRowId" AND (d."lastCheckInAt" IS NULL OR d."lastCheckInAt" <= r."at")`,
        ];
  await db.$transaction(statements);
}

// ---------- the admin's side ----------

const TRANSITIONS: Partial<Record<DeviceAction, { from: DeviceState[]; to: DeviceState }>> = {
  approve: { from: ["pending"], to: "allowed" },
  block: { from: ["pending", "allowed"], to: "blocked" },
  unblock: { from: ["blocked"], to: "allowed" },
};

const COMMAND_OF: Partial<Record<DeviceAction, CommandKind>> = { lock: "lock", wipe: "wipe", "full-sync": "full-sync" };

export interface DeviceActionResult {
  /** Devices the action changed (state moved, or a command queued). */
  changed: number;
  /** Devices it did not apply to (already in that state, or that command already queued). */
  skipped: number;
}

async function applyToDevices(
  db: Db,
  actor: AuditActor,
  action: DeviceAction,
  ids: readonly string[],
  options: Options,
): Promise<DeviceActionResult> {
  let changed = 0;
  const transition = TRANSITIONS[action];
  const kind = COMMAND_OF[action];
  // In chunks, each one transaction: the state changes or commands commit with their audit entries.
  for (let i = 0; i < ids.length; i += 200) {
    const chunk = ids.slice(i, i + 200);
    const done = db.$transaction(
      async (tx) => {
        const devices = await tx.device.findMany({
          where: { id: { in: chunk } },
          select: { id: true, deviceId: true, userOid: true, userName: true, state: true },
        });
        let n = 0;
        for (const d of devices) {
          const who = `'${d.deviceId}' of ${d.userName ?? d.userOid}`;
          if (transition) {
            if (!transition.from.includes(d.state as DeviceState)) continue;
            // Conditional on the state read: a concurrent change in between is not overwritten.
            const { count } = await tx.device.updateMany({
              where: { id: d.id, state: d.state },
              data: { state: transition.to, stateChangedAt: new Date() },
            });
            if (count === 0) continue;
            await audit(tx, {
              actor,
              action: `device.${action}`,
              targetType: "device",
              targetId: d.id,
              summary: `Device ${who}: ${DEVICE_STATE_LABELS[d.state as DeviceState]} -> ${DEVICE_STATE_LABELS[transition.to]}`,
              before: { state: d.state },
              after: { state: transition.to },
              requestId: options.requestId,
            });
            n++;
          } else if (kind) {
            const waiting = await tx.deviceCommand.count({ where: { deviceRowId: d.id, kind, status: "queued" } });
            if (waiting > 0) continue;
            const id = randomUUID();
            await tx.deviceCommand.create({
              data: { id, deviceRowId: d.id, kind, queuedById: actor.id, queuedByLabel: actor.label },
            });
            await audit(tx, {
              actor,
              action: `device.command.${kind}`,
              targetType: "device",
              targetId: d.id,
              summary: `Device ${who}: ${COMMAND_LABELS[kind]} queued (delivered with its next check-in)`,
              after: { command: id, kind },
              requestId: options.requestId,
            });
            n++;
          }
        }
        return n;
      },
      { maxWait: 20_000, timeout: 60_000 },
    );
    // Only once the change is committed: a download reading the device meanwhile still finds the state before it,
    // and would keep that (say, allowed) under a generation taken after the bump.
    changed += await (transition ? done.finally(() => deviceStates.generation++) : done);
  }
  return { changed, skipped: ids.length - changed };
}

/** Approve, block, unblock, or queue a command for the devices picked by id. */
export async function applyDeviceAction(
  db: Db,
  actor: AuditActor,
  input: unknown,
  options: Options = {},
): Promise<DeviceActionResult> {
  const data = parseInput(DeviceActionInputSchema, input, "device action");
  return applyToDevices(db, actor, data.action, [...new Set(data.deviceIds)], options);
}

/** The most devices one bulk action takes. */
export const MAX_BULK_DEVICES = 10_000;

/**
 * The action for every device the filter matches. The admin confirmed a number: when the filter matches another
 * number now (devices came or went), nothing is done and the answer is a conflict naming the new number.
 */
export async function applyBulkDeviceAction(
  db: Db,
  actor: AuditActor,
  input: unknown,
  maxDevicesPerUser: number,
  options: Options = {},
): Promise<DeviceActionResult> {
  const data = parseInput(BulkDeviceActionInputSchema, input, "bulk device action");
  const where = await deviceWhere(db, data.filter, maxDevicesPerUser);
  const count = await db.device.count({ where });
  if (count !== data.expected)
    throw new AppError(
      "conflict",
      `The filter now matches ${count.toLocaleString("en-US")} devices, not ${data.expected.toLocaleString("en-US")}; review the list and confirm again.`,
      { details: { count } },
    );
  if (count > MAX_BULK_DEVICES)
    throw new AppError(
      "invalid",
      `A bulk action takes at most ${MAX_BULK_DEVICES.toLocaleString("en-US")} devices; narrow the filter.`,
    );
  const rows = await db.device.findMany({ where, select: { id: true }, orderBy: { id: "asc" } });
  return applyToDevices(
    db,
    actor,
    data.action,
    rows.map((r) => r.id),
    options,
  );
}

/** Cancels a command that is still queued; one already sent cannot be called back. */
export async function cancelCommand(db: Db, actor: AuditActor, input: unknown, options: Options = {}): Promise<void> {
  const { commandId } = parseInput(CancelCommandInputSchema, input, "command");
  await db.$transaction(async (tx) => {
    const command = await tx.deviceCommand.findUnique({
      where: { id: commandId },
      select: { kind: true, status: true, deviceRowId: true, device: { select: { deviceId: true } } },
    });
    if (!command) throw new AppError("not_found", "No such command.");
    const { count } = await tx.deviceCommand.updateMany({
      where: { id: commandId, status: "queued" },
      data: { status: "cancelled", cancelledAt: new Date() },
    });
    if (count === 0)
      throw new AppError(
        "conflict",
        `The ${COMMAND_LABELS[command.kind as CommandKind]} was already ${command.status === "cancelled" ? "cancelled" : "sent to the device"}; it can no longer be cancelled.`,
      );
    await audit(tx, {
      actor,
      action: "device.command.cancel",
      targetType: "device",
      targetId: command.deviceRowId,
      summary: `Device '${command.device.deviceId}': ${COMMAND_LABELS[command.kind as CommandKind]} cancelled before it was sent`,
      before: { command: commandId, status: "queued" },
      after: { status: "cancelled" },
      requestId: options.requestId,
    });
  });
}

/** Saves a project's security policy against the project revision the admin loaded; devices get it with the next publish. */
export async function saveSecurityPolicy(
  db: Db,
  actor: AuditActor,
  input: unknown,
  options: Options = {},
): Promise<{ revision: number }> {
  const data = parseInput(SaveSecurityPolicyInputSchema, input, "security policy");
  return db.$transaction(async (tx) => {
    const before = await tx.project.findUnique({
      where: { id: data.projectId },
      select: { name: true, settings: true, revision: true },
    });
    if (!before) throw new AppError("not_found", "No such project.");
    const settings = parseSettings(before.settings, data.projectId);
    const { count } = await tx.project.updateMany({
      where: { id: data.projectId, revision: data.revision },
      data: {
        settings: settingsText({ ...settings, security: data.policy }, "security policy"),
        revision: { increment: 1 },
      },
    });
    if (count === 0)
      throw new AppError(
        "conflict",
        `Someone else changed project '${before.name}' (now revision ${before.revision}, you loaded ${data.revision}). Reload to see their change, then apply yours again.`,
        { details: { currentRevision: before.revision } },
      );
    const changes = describePolicyDiff(settings.security, data.policy);
    await audit(tx, {
      actor,
      action: "project.security.save",
      targetType: "project",
      targetId: data.projectId,
      summary: `Security policy of '${before.name}': ${changes.map((c) => c.replace(/^security: /, "")).join("; ") || "no change"}`,
      before: settings.security,
      after: data.policy,
      requestId: options.requestId,
    });
    return { revision: data.revision + 1 };
  });
}
