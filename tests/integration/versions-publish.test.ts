// Publishing against real databases (a SQLite file and a fresh PostgreSQL database): version numbers
// 1..N with no gap or duplicate under parallel publishes, errors that block with their list, warnings kept
// on the version, one transaction with the current version and the audit entry, rollback as a new version.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type Db } from "@/lib/db/client";
import { AppError } from "@/lib/app-error";
import { readMetadataSource } from "@/lib/metadata/read-source";
import { storeSnapshot } from "@/lib/metadata/mutations";
import { createProject, enableTables } from "@/lib/customization/mutations";
import {
  publishFromPortal,
  publishVersion,
  recordDeviceSyncs,
  rollbackToVersion,
  type DeviceSync,
  type PublishOptions,
} from "@/lib/versions/mutations";
import {
  identicalCurrentVersion,
  listDevices,
  listVersions,
  loadVersionBundle,
  loadVersionPage,
} from "@/lib/versions/data";
import { loadProjectDocument } from "@/lib/customization/data";
import { generateKeyPairSync } from "node:crypto";
import { keyIdOf } from "@/lib/bundle/sign";
import { createTempDir, createTestPostgres, createTestSqlite, postgresForTests } from "../support/test-database";

const SOURCE = path.resolve(process.cwd(), "../shared/data/dataverse/webapi-entitydefinitions");

interface World {
  db: Db;
  /** PostgreSQL: a second client like a second portal instance; SQLite: the same client (one process per file). */
  db2: Db;
  actor: { id: string; label: string };
  environmentId: string;
  snapshotId: string;
  options: PublishOptions;
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError, got success");
}

function suite(provider: "sqlite" | "postgresql") {
  let world: World;
  let skip = false;
  let cleanup = async () => {};

  beforeAll(async () => {
    let url: string;
    let dropDatabase: () => Promise<void>;
    if (provider === "postgresql") {
      const pg = await postgresForTests();
      if (!pg.available) {
        skip = true;
        return;
      }
      const database = await createTestPostgres();
      url = database.url;
      dropDatabase = database.cleanup;
    } else {
      const database = await createTestSqlite();
      url = database.url;
      dropDatabase = database.cleanup;
    }
    const keysDir = createTempDir("syncwright-keys-");
    const db = createDbClient(url);
    const ada = await db.user.create({ data: { email: "ada@example.com", name: "Ada", role: "editor" } });
    const actor = { id: ada.id, label: "Ada <ada@example.com>" };
    const env = await db.environment.create({ data: { name: "Contoso" } });
    const source = await readMetadataSource(SOURCE);
    const stored = (
      await storeSnapshot(db, actor, {
        environmentId: env.id,
        source: "webapi-json",
        sourceName: "webapi-entitydefinitions",
        document: source.document,
      })
    ).snapshot;
    const db2 = provider === "postgresql" ? createDbClient(url) : db;
    world = { db, db2, actor, environmentId: env.id, snapshotId: stored.id, options: { signer: testSigner() } };
    cleanup = async () => {
      await db.$disconnect();
      if (db2 !== db) await db2.$disconnect();
      await dropDatabase();
      keysDir.cleanup();
    };
  }, 60_000);
  afterAll(async () => cleanup());

  async function newProject(name: string) {
    const { id } = await createProject(world.db, world.actor, {
      name,
      description: "",
      environmentId: world.environmentId,
      snapshotId: world.snapshotId,
      roles: [{ roleName: "Salesperson", priority: 10 }],
    });
    await enableTables(world.db, world.actor, { projectId: id, tableNames: ["contact"], syncMode: "offline" });
    return id;
  }

  /** A project with two published versions (the second after a change). */
  async function projectWithTwoVersions(name: string) {
    const id = await newProject(name);
    const v1 = await publishVersion(world.db, world.actor, { projectId: id, notes: "" }, world.options);
    await world.db.project.update({ where: { id }, data: { description: "v2" } });
    const v2 = await publishVersion(world.db, world.actor, { projectId: id, notes: "" }, world.options);
    return { id, v1, v2 };
  }

  /** One user's devices on one morning: `t(minutes)` is a time, `sync(...)` a record at it, `row(device)` its row. */
  function syncsOf(user: string, day: number) {
    const t = (minutes: number) => new Date(Date.UTC(2026, 11, day, 8, minutes));
    const sync = (
      deviceId: string,
      versionId: string,
      minutes: number,
      downloaded: boolean,
      appVersion = "3.0.0",
    ): DeviceSync => ({
      versionId,
      userOid: `oid-${user}`,
      userName: `${user}@contoso.test`,
      deviceId,
      appVersion,
      downloaded,
      at: t(minutes),
    });
    const row = (deviceId: string) =>
      world.db.device.findUniqueOrThrow({ where: { deviceId_userOid: { deviceId, userOid: `oid-${user}` } } });
    return { t, sync, row };
  }

  it("publishes version 1, makes it current and audits it in the same transaction", async (ctx) => {
    if (skip) ctx.skip();
    const id = await newProject(`Publish ${provider}`);
    const v1 = await publishVersion(world.db, world.actor, { projectId: id, notes: "First release" }, world.options);
    expect(v1.number).toBe(1);
    expect(v1.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const project = await world.db.project.findUniqueOrThrow({ where: { id } });
    expect(project.currentVersionId).toBe(v1.id);
    const audit = await world.db.auditEntry.findMany({ where: { targetId: id, action: "project.publish" } });
    expect(audit).toHaveLength(1);
    expect(audit[0].summary).toContain("Published version 1");
    const list = await listVersions(world.db, id);
    expect(list).toMatchObject([
      {
        number: 1,
        notes: "First release",
        current: true,
        createdByLabel: "Ada <ada@example.com>",
        minClientVersion: "1.0.0",
      },
    ]);
    const { bytes } = await loadVersionBundle(world.db, id, 1);
    expect(bytes.length).toBe(v1.size);
    // Same configuration -> same content hash; the version's own bytes differ (number, time) and so does its address.
    const v2 = await publishVersion(
      world.db,
      world.actor,
      { projectId: id, notes: "", minClientVersion: "2.1" },
      world.options,
    );
    expect(v2.contentHash).toBe(v1.contentHash);
    expect(v2.bundleHash).not.toBe(v1.bundleHash);
    const page = await loadVersionPage(world.db, id, 2);
    expect(page).toMatchObject({ current: true, latestNumber: 2, version: { minClientVersion: "2.1" } });
  });

  it("records downloads many rows per statement, read back newest first with their times", async (ctx) => {
    if (skip) ctx.skip();
    const id = await newProject(`Downloads ${provider}`);
    const v1 = await publishVersion(world.db, world.actor, { projectId: id, notes: "" }, world.options);
    const base = Date.UTC(2026, 11, 5, 9, 0, 0, 123);
    // 1,203 downloads in one call; the last 3 carry their own times, a device id longer than the column keeps
    // and a name with quotes (inside the JSON parameter, never spliced into the SQL).
    const records: DeviceSync[] = Array.from({ length: 1_200 }, (_, i) => ({
      versionId: v1.id,
      userOid: `oid-${i % 7}`,
      userName: null,
      deviceId: `device-${i}`,
      appVersion: "2.0.0",
      downloaded: true,
    }));
    records.push(
      {
        versionId: v1.id,
        userOid: "oid-a",
        userName: 'O\'Brien "Bob"\'); DROP TABLE "Download"; --',
        deviceId: "d".repeat(250),
        appVersion: "2.1.0",
        downloaded: true,
        at: new Date(base),
      },
      {
        versionId: v1.id,
        userOid: "oid-b",
        userName: null,
        deviceId: "phone-b",
        appVersion: "2.2.0",
        downloaded: true,
        at: new Date(base + 1),
      },
      {
        versionId: v1.id,
        userOid: "oid-c",
        userName: null,
        deviceId: "phone-c",
        appVersion: "2.3.0",
        downloaded: true,
        at: new Date(Date.now() + 60_000),
      },
    );
    await recordDeviceSyncs(world.db, records);
    expect(await world.db.download.count({ where: { versionId: v1.id } })).toBe(1_203);
    const page = await loadVersionPage(world.db, id, 1);
    expect(page).toMatchObject({ downloadCount: 1_203, deviceCount: 1_203 });
    expect(page.downloads[0]).toMatchObject({ userOid: "oid-c", deviceId: "phone-c", appVersion: "2.3.0" });
    const bob = await world.db.download.findFirstOrThrow({ where: { versionId: v1.id, userOid: "oid-a" } });
    expect(bob).toMatchObject({
      userName: 'O\'Brien "Bob"\'); DROP TABLE "Download"; --',
      deviceId: "d".repeat(200),
      at: new Date(base),
    });
    // Times sort as times, whichever way they were written (the model's own writes and this insert alike).
    const oldest = await world.db.download.findFirstOrThrow({ where: { versionId: v1.id }, orderBy: { at: "asc" } });
    expect(oldest.userOid).toBe("oid-a");
    expect(
      (
        await world.db.download.findMany({
          where: { versionId: v1.id, at: { gt: new Date(base) } },
          select: { userOid: true },
        })
      ).length,
    ).toBe(1_202);
    expect(
      await world.db.device.findUniqueOrThrow({
        where: { deviceId_userOid: { deviceId: "d".repeat(200), userOid: "oid-a" } },
      }),
    ).toMatchObject({ lastSeenAt: new Date(base), lastDownloadAt: new Date(base), firstSeenAt: new Date(base) });
  });

  it("keeps one row per device: the version it holds, its last check and its last download, and who is behind", async (ctx) => {
    if (skip) ctx.skip();
    const { id, v1, v2 } = await projectWithTwoVersions(`Devices ${provider}`);
    const { t, sync, row } = syncsOf("rita", 6);
    // The phone downloads v1, checks it twice (304), then downloads v2; the tablet downloads v1 and only checks since.
    await recordDeviceSyncs(world.db, [
      sync("phone", v1.id, 0, true),
      sync("tablet", v1.id, 1, true),
      sync("phone", v1.id, 2, false),
    ]);
    await recordDeviceSyncs(world.db, [
      sync("phone", v1.id, 3, false),
      sync("phone", v2.id, 4, true, "3.1.0"),
      sync("tablet", v1.id, 5, false),
    ]);
    // A late batch from another portal instance does not take the phone back to v1.
    await recordDeviceSyncs(world.db, [sync("phone", v1.id, 1, false)]);
    const phone = await row("phone");
    expect(phone).toMatchObject({
      versionId: v2.id,
      appVersion: "3.1.0",
      firstSeenAt: t(0),
      lastSeenAt: t(4),
      lastDownloadAt: t(4),
    });
    const tablet = await row("tablet");
    expect(tablet).toMatchObject({ versionId: v1.id, lastSeenAt: t(5), lastDownloadAt: t(1) });
    // Checks are no downloads: v1 was downloaded twice, v2 once.
    expect(await world.db.download.count({ where: { versionId: v1.id } })).toBe(2);
    const page = await loadVersionPage(world.db, id, 2);
    expect(page).toMatchObject({ downloadCount: 1, deviceCount: 1, behindCount: 1 });
    expect(page.behind).toEqual([
      expect.objectContaining({ deviceId: "tablet", number: 1, projectId: id, lastSeenAt: t(5), lastDownloadAt: t(1) }),
    ]);
    // Other tests' devices share the database (and some were seen later): ask for all of them.
    const { devices } = await listDevices(world.db, 10_000);
    expect(devices.filter((d) => d.projectId === id).map((d) => [d.deviceId, d.number, d.latestNumber])).toEqual([
      ["tablet", 1, 2],
      ["phone", 2, 2],
    ]);
  });

  it("takes each device's newest record from a batch whose records arrive out of time order", async (ctx) => {
    if (skip) ctx.skip();
    const { v1, v2 } = await projectWithTwoVersions(`Out of order ${provider}`);
    const { t, sync, row } = syncsOf("omar", 7);
    // Newest check first, then the first download, then the newest download; two records share the last minute.
    await recordDeviceSyncs(world.db, [
      sync("laptop", v2.id, 9, false, "3.1.0"),
      sync("laptop", v1.id, 7, true),
      sync("laptop", v2.id, 8, true, "3.1.0"),
      sync("laptop", v2.id, 9, false, "3.2.0"),
    ]);
    const laptop = await row("laptop");
    // On equal times the record that came later wins (3.2.0).
    expect(laptop).toMatchObject({
      versionId: v2.id,
      appVersion: "3.2.0",
      firstSeenAt: t(7),
      lastSeenAt: t(9),
      lastDownloadAt: t(8),
    });
    expect(await world.db.download.count({ where: { versionId: { in: [v1.id, v2.id] } } })).toBe(2);
  });

  it("numbers parallel publishes 1..N with no gap and no duplicate", async (ctx) => {
    if (skip) ctx.skip();
    const id = await newProject(`Race ${provider}`);
    const N = 8;
    // One attempt each: the project row lock must serialize them; a retry would hide a broken lock.
    const results = await Promise.allSettled(
      Array.from({ length: N }, (_, i) =>
        publishVersion(
          i % 2 ? world.db2 : world.db,
          world.actor,
          { projectId: id, notes: `parallel ${i}` },
          { ...world.options, maxAttempts: 1 },
        ),
      ),
    );
    const failed = results.filter((r) => r.status === "rejected");
    expect(failed.map((f) => String((f as PromiseRejectedResult).reason))).toEqual([]);
    const numbers = results
      .map((r) => (r as PromiseFulfilledResult<{ number: number }>).value.number)
      .sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    const stored = (await listVersions(world.db, id)).map((v) => v.number);
    expect(stored).toEqual(Array.from({ length: N }, (_, i) => N - i));
    // The current version is the highest number, whichever transaction committed last.
    const project = await world.db.project.findUniqueOrThrow({ where: { id } });
    const current = await world.db.version.findUniqueOrThrow({ where: { id: project.currentVersionId! } });
    expect(current.number).toBe(N);
    expect(await world.db.auditEntry.count({ where: { targetId: id, action: "project.publish" } })).toBe(N);
  }, 60_000);

  it("blocks a project with errors, lists them, and stores nothing", async (ctx) => {
    if (skip) ctx.skip();
    const id = await newProject(`Blocked ${provider}`);
    // The org turns out not to have the project's role: an error for the publish check.
    await world.db.environment.update({
      where: { id: world.environmentId },
      data: {
        rolesJson: JSON.stringify([
          { id: "22222222-2222-4222-8222-222222222222", name: "Field Technician", businessUnitId: "bu1" },
        ]),
      },
    });
    try {
      const error = await failure(publishVersion(world.db, world.actor, { projectId: id, notes: "" }, world.options));
      expect(error.code).toBe("invalid");
      expect(error.message).toMatch(/1 error; fix it before publishing/);
      expect(error.problems).toEqual([
        expect.objectContaining({
          path: expect.stringContaining("roles"),
          message: expect.stringContaining("Salesperson"),
        }),
      ]);
      expect(await world.db.version.count({ where: { projectId: id } })).toBe(0);
      expect((await world.db.project.findUniqueOrThrow({ where: { id } })).currentVersionId).toBeNull();
    } finally {
      await world.db.environment.update({ where: { id: world.environmentId }, data: { rolesJson: null } });
    }
  });

  it("rolls back by publishing an old version's content as a new version; old versions stay as they were", async (ctx) => {
    if (skip) ctx.skip();
    const id = await newProject(`Rollback ${provider}`);
    const v1 = await publishVersion(world.db, world.actor, { projectId: id, notes: "v1" }, world.options);
    const before1 = await loadVersionBundle(world.db, id, 1);
    await world.db.project.update({ where: { id }, data: { description: "Changed after v1" } });
    const v2 = await publishVersion(world.db, world.actor, { projectId: id, notes: "v2" }, world.options);
    expect(v2.contentHash).not.toBe(v1.contentHash);
    const v3 = await rollbackToVersion(world.db, world.actor, { projectId: id, number: 1 }, world.options);
    expect(v3).toMatchObject({ number: 3, from: 1, contentHash: v1.contentHash });
    expect((await loadVersionBundle(world.db, id, 1)).bytes.equals(before1.bytes)).toBe(true);
    const list = await listVersions(world.db, id);
    expect(list.map((v) => [v.number, v.current, v.notes])).toEqual([
      [3, true, "Rollback to version 1"],
      [2, false, "v2"],
      [1, false, "v1"],
    ]);
    expect(await world.db.auditEntry.count({ where: { targetId: id, action: "project.rollback" } })).toBe(1);
    expect(
      (await failure(rollbackToVersion(world.db, world.actor, { projectId: id, number: 9 }, world.options))).code,
    ).toBe("not_found");
  });

  it("asks before the portal publishes content identical to the current version; the API path publishes as asked", async (ctx) => {
    if (skip) ctx.skip();
    const id = await newProject(`Identical ${provider}`);
    const draft = async () => (await loadProjectDocument(world.db, id)).project;
    expect(await identicalCurrentVersion(world.db, id, await draft())).toBeUndefined();
    const first = await publishFromPortal(world.db, world.actor, { projectId: id, notes: "v1" }, world.options);
    expect(first).toEqual({ ok: true, number: 1, warnings: 0 });
    expect(await identicalCurrentVersion(world.db, id, await draft())).toBe(1);

    // Unchanged: refused with the version it repeats, nothing stored, nothing audited.
    const again = await publishFromPortal(world.db, world.actor, { projectId: id, notes: "again" }, world.options);
    expect(again).toEqual({ ok: false, reason: "identical", version: 1 });
    expect(await world.db.version.count({ where: { projectId: id } })).toBe(1);
    expect(await world.db.auditEntry.count({ where: { targetId: id, action: "project.publish" } })).toBe(1);

    // Asked and confirmed: v2 with v1's content.
    const anyway = await publishFromPortal(
      world.db,
      world.actor,
      { projectId: id, notes: "anyway", allowIdentical: true },
      world.options,
    );
    expect(anyway).toEqual({ ok: true, number: 2, warnings: 0 });
    // The automation API and the CLI (publishVersion) keep publishing as asked.
    expect((await publishVersion(world.db, world.actor, { projectId: id, notes: "" }, world.options)).number).toBe(3);

    // Changed: published without asking, and no longer identical.
    await world.db.project.update({ where: { id }, data: { description: "Changed after v3" } });
    expect(await identicalCurrentVersion(world.db, id, await draft())).toBeUndefined();
    expect(await publishFromPortal(world.db, world.actor, { projectId: id, notes: "" }, world.options)).toMatchObject({
      ok: true,
      number: 4,
    });
    // After a rollback to v1 the current version is v5 with v1's content: the draft (v4's) is not identical to it.
    await rollbackToVersion(world.db, world.actor, { projectId: id, number: 1 }, world.options);
    expect(await identicalCurrentVersion(world.db, id, await draft())).toBeUndefined();
  });

  it("stores nothing when building the bundle fails inside the transaction", async (ctx) => {
    if (skip) ctx.skip();
    const id = await newProject(`Atomic ${provider}`);
    const broken: PublishOptions = {
      signer: { ...world.options.signer, privateKey: "not a key" } as unknown as PublishOptions["signer"],
    };
    await expect(publishVersion(world.db, world.actor, { projectId: id, notes: "" }, broken)).rejects.toThrow();
    expect(await world.db.version.count({ where: { projectId: id } })).toBe(0);
    expect((await world.db.project.findUniqueOrThrow({ where: { id } })).currentVersionId).toBeNull();
    expect(await world.db.auditEntry.count({ where: { targetId: id, action: "project.publish" } })).toBe(0);
  });
}

describe("publishing on SQLite", () => suite("sqlite"));
describe("publishing on PostgreSQL", () => suite("postgresql"));

function testSigner(): PublishOptions["signer"] {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return { privateKey, keyId: keyIdOf(publicKey) };
}
