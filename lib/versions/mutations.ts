// Writes of versions: publish (validate, build and sign the bundle, store the immutable version, make it
// current and audit it, all in one transaction), rollback (an old version's content as a new version) and
// the record of each device download.
import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { Prisma } from "@/lib/db/generated/sqlite/client";
import { providerOfClient, type Db } from "@/lib/db/client";
import { AppError } from "@/lib/app-error";
import { audit } from "@/lib/audit/mutations";
import type { AuditActor } from "@/lib/audit/schema";
import { loadProjectDocument } from "@/lib/customization/data";
import { loadKnownRoles } from "@/lib/environments/data";
import { parseInput } from "@/lib/parse-input";
import type { ProjectDocument } from "@/lib/customization/schema";
import { validateProject, type ValidationIssue } from "@/lib/customization/validate";
import { reviewIssues, type ReviewedIssue } from "@/lib/customization/issue-review";
import type { VersionWarning } from "./schema";
import { loadSnapshotDocument } from "@/lib/metadata/data";
import { buildBundle, type BundleSigner } from "./bundle-port";
import { contentOfVersion, identicalCurrentVersion } from "./data";
import { publicationsChanged } from "./published-cache";
import { DEFAULT_MIN_CLIENT_VERSION } from "./client-version";
import {
  PortalPublishInputSchema,
  PublishInputSchema,
  RollbackInputSchema,
  type PortalPublishInput,
  type PortalPublishOutcome,
  type PublishInput,
  type RollbackInput,
} from "./schema";
import { countOf } from "@/lib/format/count";
import { isUniqueViolation } from "@/lib/database-errors";

type Tx = Prisma.TransactionClient;

export interface PublishOptions {
  /** The Ed25519 key the bundle is signed with (loadSigningKeys). */
  signer: BundleSigner;
  requestId?: string;
  /** How often a publish that lost the race for a number tries again. */
  maxAttempts?: number;
}

export interface PublishResult {
  id: string;
  number: number;
  contentHash: string;
  bundleHash: string;
  size: number;
  warnings: VersionWarning[];
}

export type { VersionWarning } from "./schema";

/** A warning as the version records it: acknowledged ones marked so, with the note, who and when. */
function recordedWarning(issue: ReviewedIssue): VersionWarning {
  const { review } = issue;
  return {
    path: issue.path,
    message: issue.message,
    ...(review.state === "acknowledged"
      ? {
          acknowledged: {
            note: review.acknowledgement.note,
            by: review.acknowledgement.by,
            at: review.acknowledgement.at,
          },
        }
      : {}),
  };
}

/** Problems of a project that block publishing, as an AppError listing each one by where it is. */
function blockingError(errors: ValidationIssue[]): AppError {
  return new AppError(
    "invalid",
    `The project has ${countOf(errors.length, "error")}; fix ${errors.length === 1 ? "it" : "them"} before publishing.`,
    {
      problems: errors.map((e) => ({ path: e.path, message: e.message })),
    },
  );
}

/** Validates a project document against its snapshot and the security roles its environment knows. */
export async function checkForPublish(
  db: Db,
  content: ProjectDocument,
): Promise<{ errors: ValidationIssue[]; warnings: VersionWarning[]; snapshotHash: string }> {
  const [snapshot, snapshotRow, knownRoles] = await Promise.all([
    loadSnapshotDocument(db, content.snapshotId),
    db.metadataSnapshot.findUnique({ where: { id: content.snapshotId }, select: { contentHash: true } }),
    loadKnownRoles(db, content.environmentId),
  ]);
  const issues = validateProject(content, snapshot, { knownRoles });
  return {
    errors: issues.filter((i) => i.severity === "error"),
    // Acknowledged warnings are recorded too, marked so: publishing neither blocks on nor asks about warnings.
    warnings: reviewIssues(
      issues.filter((i) => i.severity === "warning"),
      content.settings.acknowledgements,
    ).map(recordedWarning),
    snapshotHash: snapshotRow?.contentHash ?? "",
  };
}

/**
 * Stores `content` as the project's next version and makes it current. The project row is written first
 * inside the transaction: that takes PostgreSQL's row lock (and SQLite's write lock), so concurrent publishes
 * of one project queue up and each reads the true highest number. The unique (projectId, number) index is
 * the backstop: a lost race is retried, never stored twice.
 */
async function storeVersion(
  db: Db,
  actor: AuditActor,
  projectId: string,
  content: ProjectDocument,
  details: {
    notes: string;
    minClientVersion?: string;
    warnings: VersionWarning[];
    snapshotHash: string;
    action: string;
    summary: (n: number) => string;
    rolledBackFrom?: number;
    /** Store nothing when the content equals the current version's; answer that version's number instead. */
    refuseIdentical?: boolean;
  },
  options: PublishOptions,
): Promise<PublishResult | { identicalTo: number }> {
  const attempts = options.maxAttempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    try {
      return await db
        .$transaction(
          async (tx: Tx) => {
            const project = await tx.project.update({
              where: { id: projectId },
              data: { revision: { increment: 0 } },
              select: { id: true, name: true, currentVersionId: true },
            });
            const last = await tx.version.findFirst({
              where: { projectId },
              orderBy: { number: "desc" },
              select: { number: true, minClientVersion: true },
            });
            if (details.refuseIdentical) {
              // Checked under the project's lock, so a publish that raced ahead is what is compared against.
              const same = await identicalCurrentVersion(tx, projectId, content);
              if (same !== undefined) return { identicalTo: same };
            }
            const number = (last?.number ?? 0) + 1;
            const minClientVersion = details.minClientVersion ?? last?.minClientVersion ?? DEFAULT_MIN_CLIENT_VERSION;
            const createdAt = new Date();
            const built = buildBundle(
              content,
              {
                projectId,
                projectName: project.name,
                versionNumber: number,
                createdAt: createdAt.toISOString(),
                createdBy: actor.label,
                snapshotHash: details.snapshotHash,
                minClientVersion,
              },
              options.signer,
            );
            const bytes = Buffer.from(built.bytes);
            const bundleHash = createHash("sha256").update(bytes).digest("hex");
            const warnings = details.warnings.map((w) => ({
              path: w.path,
              message: w.message,
              ...(w.acknowledged ? { acknowledged: w.acknowledged } : {}),
            }));
            const version = await tx.version.create({
              data: {
                projectId,
                number,
                notes: details.notes,
                createdAt,
                createdById: actor.id,
                createdByLabel: actor.label,
                contentHash: built.contentHash,
                bundleHash,
                size: bytes.length,
                snapshotId: content.snapshotId,
                minClientVersion,
                warnings: JSON.stringify(warnings),
                bundle: bytes,
              },
              select: { id: true },
            });
            await tx.project.update({ where: { id: projectId }, data: { currentVersionId: version.id } });
            await audit(tx, {
              actor,
              action: details.action,
              targetType: "project",
              targetId: projectId,
              summary: details.summary(number),
              before: { currentVersionId: project.currentVersionId },
              after: {
                versionId: version.id,
                number,
                contentHash: built.contentHash,
                size: bytes.length,
                minClientVersion,
                warnings: warnings.length,
                ...(details.rolledBackFrom ? { rolledBackFrom: details.rolledBackFrom } : {}),
              },
              requestId: options.requestId,
            });
            return { id: version.id, number, contentHash: built.contentHash, bundleHash, size: bytes.length, warnings };
          },
          { maxWait: 20_000, timeout: 60_000 },
        )
        .finally(publicationsChanged);
    } catch (error) {
      if (isUniqueViolation(error) && attempt < attempts) continue;
      if (isUniqueViolation(error))
        throw new AppError("conflict", "Another publish of this project took the version number; try again.", {
          cause: error,
        });
      throw error;
    }
  }
}

/** Publishes the project's current configuration as its next version. Errors block; warnings are stored on the version. */
export async function publishVersion(
  db: Db,
  actor: AuditActor,
  input: PublishInput,
  options: PublishOptions,
): Promise<PublishResult> {
  const data = parseInput(PublishInputSchema, input, "publish request");
  return (await publishContent(db, actor, data, false, options)) as PublishResult;
}

/**
 * The portal's publish: as publishVersion, but content identical to the current version's is not published
 * unless `allowIdentical` says the admin was asked; the answer then names that version.
 */
export async function publishFromPortal(
  db: Db,
  actor: AuditActor,
  input: PortalPublishInput,
  options: PublishOptions,
): Promise<PortalPublishOutcome> {
  const { allowIdentical, ...data } = parseInput(PortalPublishInputSchema, input, "publish request");
  const stored = await publishContent(db, actor, data, !allowIdentical, options);
  if ("identicalTo" in stored) return { ok: false, reason: "identical", version: stored.identicalTo };
  return { ok: true, number: stored.number, warnings: stored.warnings.length };
}

async function publishContent(
  db: Db,
  actor: AuditActor,
  data: { projectId: string; notes: string; minClientVersion?: string },
  refuseIdentical: boolean,
  options: PublishOptions,
): Promise<PublishResult | { identicalTo: number }> {
  const { project: content } = await loadProjectDocument(db, data.projectId);
  const check = await checkForPublish(db, content);
  if (check.errors.length) throw blockingError(check.errors);
  const acknowledged = check.warnings.filter((w) => w.acknowledged).length;
  return storeVersion(
    db,
    actor,
    data.projectId,
    content,
    {
      notes: data.notes,
      minClientVersion: data.minClientVersion,
      warnings: check.warnings,
      snapshotHash: check.snapshotHash,
      action: "project.publish",
      summary: (n) =>
        `Published version ${n} of '${content.name}'${check.warnings.length ? ` with ${countOf(check.warnings.length, "warning")}${acknowledged ? ` (${acknowledged} acknowledged)` : ""}` : ""}`,
      refuseIdentical,
    },
    options,
  );
}

/**
 * Publishes an older version's content again as a new version (published versions never change). The
 * content is not re-validated against today's rules: it is exactly what devices already ran.
 */
export async function rollbackToVersion(
  db: Db,
  actor: AuditActor,
  input: RollbackInput,
  options: PublishOptions,
): Promise<PublishResult & { from: number }> {
  const data = parseInput(RollbackInputSchema, input, "rollback request");
  const old = await db.version.findUnique({
    where: { projectId_number: { projectId: data.projectId, number: data.number } },
    select: { bundle: true, minClientVersion: true, warnings: true },
  });
  if (!old) throw new AppError("not_found", `This project has no version ${data.number}`);
  const { content, snapshotHash } = contentOfVersion(old.bundle);
  const warnings = JSON.parse(old.warnings) as VersionWarning[];
  const result = (await storeVersion(
    db,
    actor,
    data.projectId,
    content,
    {
      notes: data.notes || `Rollback to version ${data.number}`,
      minClientVersion: old.minClientVersion,
      warnings,
      snapshotHash,
      action: "project.rollback",
      summary: (n) => `Rolled '${content.name}' back: version ${n} has the content of version ${data.number}`,
      rolledBackFrom: data.number,
    },
    options,
  )) as PublishResult;
  return { ...result, from: data.number };
}

/**
 * A UUIDv7 (RFC 9562): the millisecond time first, so new rows land at the end of an index instead of on a
 * random page of it (which halves SQLite's cost per row once a table is large); the rest is randomUUID's
 * random bits, which Node draws from a pool (the uuid package's v7 asks WebCrypto for every id, several times
 * slower on the device API's thread).
 */
function timeOrderedUuid(ms = Date.now()): string {
  const random = randomUUID(); // xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx
  const time = ms.toString(16).padStart(12, "0");
  return `${time.slice(0, 8)}-${time.slice(8)}-7${random.slice(15, 18)}-${random.slice(19)}`;
}

/** What the device API saw: a device received a version (200) or confirmed it holds it (304). */
export interface DeviceSync {
  versionId: string;
  userOid: string;
  userName?: string | null;
  deviceId: string;
  appVersion: string;
  /** True for a download (the bundle was sent), false for a check the device passed with its ETag (304). */
  downloaded: boolean;
  /** When the device was answered; now by default. */
  at?: Date;
}

/**
 * Records what devices synced, many at once (the device API batches them: lib/device-api/sync-recorder.ts):
 * a Download row for every download, and each device's row brought up to date (the version it holds, its app
 * version, when it was last seen and last downloaded), in one transaction. Not audited: devices are not portal
 * users, and this is the record of their syncs itself.
 */
export async function recordDeviceSyncs(db: Db, syncs: readonly DeviceSync[]): Promise<void> {
  if (syncs.length === 0) return;
  // The rows travel as one JSON parameter that the database expands itself (SQLite's json_each, PostgreSQL's
  // json_to_recordset): Prisma's cost grows with the number of bound parameters, about 25 us a download with
  // 7 a row, more than the device API spends on answering it (npm run bench device-download).
  const provider = providerOfClient(db);
  // Each provider's DateTime text as Prisma itself writes it: ISO with +00:00 on SQLite; UTC without a zone in
  // PostgreSQL's TIMESTAMP(3) columns.
  const now = new Date();
  const text = (date: Date) =>
    provider === "sqlite"
      ? date.toISOString().replace("Z", "+00:00")
      : date.toISOString().slice(0, 23).replace("T", " ");
  const deviceIdOf = (s: DeviceSync) => s.deviceId.slice(0, 200);
  const clip = (s: DeviceSync) => ({
    deviceId: deviceIdOf(s),
    appVersion: s.appVersion.slice(0, 50),
    userName: s.userName ?? null,
  });

  // A Download row per download. On SQLite as an array in the column order, read by position: taking seven named
  // fields out of each JSON object cost SQLite 6.3 us a row against 3.4 by position (500-row batches into the
  // migrated table), and the shorter text costs Prisma less to pass on. PostgreSQL's json_to_recordset read names
  // as fast as arrays there. Either way written field by field, not spread: V8 (Node 20) builds a spread object
  // that then gets a name added through a slow path.
  const downloads: unknown[] = [];
  for (const s of syncs) {
    if (!s.downloaded) continue;
    const id = timeOrderedUuid();
    const { deviceId, appVersion, userName } = clip(s);
    const at = text(s.at ?? now);
    downloads.push(
      provider === "sqlite"
        ? [id, s.versionId, s.userOid, userName, deviceId, appVersion, at]
        : { id, versionId: s.versionId, userOid: s.userOid, userName, deviceId, appVersion, at },
    );
  }

  // One row per device and user: the batch's last word on it (PostgreSQL refuses one statement touching a row twice).
  // One pass in arrival order, times as numbers; on equal times the later record wins.
  const latest = new Map<string, { sync: DeviceSync; seen: number; first: number; downloaded: number | undefined }>();
  for (const s of syncs) {
    const t = (s.at ?? now).getTime();
    const key = `${s.userOid}\u0000${deviceIdOf(s)}`;
    const known = latest.get(key);
    if (!known) {
      latest.set(key, { sync: s, seen: t, first: t, downloaded: s.downloaded ? t : undefined });
      continue;
    }
    if (t >= known.seen) {
      known.sync = s;
      known.seen = t;
    }
    if (t < known.first) known.first = t;
    if (s.downloaded && (known.downloaded === undefined || t >= known.downloaded)) known.downloaded = t;
  }
  const devices = [...latest.values()].map(({ sync, seen, first, downloaded }) => ({
    id: timeOrderedUuid(),
    ...clip(sync),
    userOid: sync.userOid,
    versionId: sync.versionId,
    firstSeenAt: text(new Date(first)),
    seenAt: text(new Date(seen)),
    downloadedAt: downloaded === undefined ? null : text(new Date(downloaded)),
  }));
  const downloadsJson = JSON.stringify(downloads);
  const devicesJson = JSON.stringify(devices);

  // A device's row only moves forward in time: a batch from another portal instance that arrives late does not
  // undo a newer sync.
  const statements =
    provider === "sqlite"
      ? [
          db.$executeRaw`INSERT INTO "Download" ("id", "versionId", "userOid", "userName", "deviceId", "appVersion", "at")
            SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6
            FROM json_each(${downloadsJson})`,
          db.$executeRaw`INSERT INTO "Device" ("id", "deviceId", "userOid", "userName", "appVersion", "versionId", "firstSeenAt", "lastSeenAt", "lastDownloadAt")
            SELECT value ->> 'id', value ->> 'deviceId', value ->> 'userOid', value ->> 'userName', value ->> 'appVersion', value ->> 'versionId', value ->> 'firstSeenAt', value ->> 'seenAt', value ->> 'downloadedAt'
            FROM json_each(${devicesJson}) WHERE true
            ON CONFLICT ("deviceId", "userOid") DO UPDATE SET "userName" = excluded."userName", "appVersion" = excluded."appVersion", "versionId" = excluded."versionId",
              "lastSeenAt" = excluded."lastSeenAt", "lastDownloadAt" = coalesce(excluded."lastDownloadAt", "Device"."lastDownloadAt")
            WHERE excluded."lastSeenAt" >= "Device"."lastSeenAt"`,
        ]
      : [
          db.$executeRaw`INSERT INTO "Download" ("id", "versionId", "userOid", "userName", "deviceId", "appVersion", "at")
            SELECT "id", "versionId", "userOid", "userName", "deviceId", "appVersion", "at"
            FROM json_to_recordset(${downloadsJson}::json) AS r("id" text, "versionId" text, "userOid" text, "userName" text, "deviceId" text, "appVersion" text, "at" timestamp(3))`,
          db.$executeRaw`INSERT INTO "Device" ("id", "deviceId", "userOid", "userName", "appVersion", "versionId", "firstSeenAt", "lastSeenAt", "lastDownloadAt")
            SELECT "id", "deviceId", "userOid", "userName", "appVersion", "versionId", "firstSeenAt", "seenAt", "downloadedAt"
            FROM json_to_recordset(${devicesJson}::json) AS r("id" text, "deviceId" text, "userOid" text, "userName" text, "appVersion" text, "versionId" text, "firstSeenAt" timestamp(3), "seenAt" timestamp(3), "downloadedAt" timestamp(3))
            ON CONFLICT ("deviceId", "userOid") DO UPDATE SET "userName" = EXCLUDED."userName", "appVersion" = EXCLUDED."appVersion", "versionId" = EXCLUDED."versionId",
              "lastSeenAt" = EXCLUDED."lastSeenAt", "lastDownloadAt" = coalesce(EXCLUDED."lastDownloadAt", "Device"."lastDownloadAt")
            WHERE EXCLUDED."lastSeenAt" >= "Device"."lastSeenAt"`,
        ];
  // Each version's count of the downloads kept, in the same transaction.
  const downloaded: string[] = [];
  for (const s of syncs) if (s.downloaded) downloaded.push(s.versionId);
  const counts = downloadCountChanges(db, downloaded, 1);
  await db.$transaction(downloads.length ? [...statements, ...counts] : statements.slice(1));
}

/**
 * The statements that move each version's count of downloads kept (Version.downloadCount) by the downloads of
 * `versionIds` (one entry a download): `sign` 1 as the recorder stores them, -1 as the pruning removes them
 * (lib/devices/retention.ts). In one order of version ids, so two instances' transactions never wait on each
 * other's rows in a circle. Run them in the transaction that writes the downloads.
 */
export function downloadCountChanges(db: Pick<Db, "$executeRaw">, versionIds: readonly string[], sign: 1 | -1) {
  const perVersion = new Map<string, number>();
  for (const id of versionIds) perVersion.set(id, (perVersion.get(id) ?? 0) + 1);
  return [...perVersion.keys()]
    .sort()
    .map(
      (id) =>
        db.$executeRaw`UPDATE "Version" SET "downloadCount" = "downloadCount" + ${sign * perVersion.get(id)!} WHERE "id" = ${id}`,
    );
}
