// Sync history retention (lib/devices/retention.ts) on SQLite and PostgreSQL: downloads and check-ins from before the
// cut-off go, a batch at a time, newer ones and the devices themselves stay, the pass is audited, and a pass with
// nothing to remove writes nothing. The server's housekeeping (lib/housekeeping/housekeeping.ts) runs it on its
// timer and keeps everything when the setting is 0.
import path from "node:path";
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type Db } from "@/lib/db/client";
import { readMetadataSource } from "@/lib/metadata/read-source";
import { storeSnapshot } from "@/lib/metadata/mutations";
import { createProject, enableTables } from "@/lib/customization/mutations";
import { publishVersion, recordDeviceSyncs } from "@/lib/versions/mutations";
import { keyIdOf } from "@/lib/bundle/sign";
import { registerDevice } from "@/lib/devices/mutations";
import { pruneSyncHistory } from "@/lib/devices/retention";
import { startHousekeeping } from "@/lib/housekeeping/housekeeping";
import { parseConfig } from "@/lib/config";
import { createTestDatabase } from "../support/test-database";

const SOURCE = path.resolve(process.cwd(), "../shared/data/dataverse/webapi-entitydefinitions");
const DAY = 24 * 60 * 60_000;
const NOW = Date.parse("2026-12-07T12:00:00Z");

describe.each(["sqlite", "postgresql"] as const)("sync history retention (%s)", (provider) => {
  let db: Db;
  let drop: (() => Promise<void>) | undefined;
  let skip = false;
  let versionId: string;
  let deviceRowId: string;

  beforeAll(async () => {
    const database = await createTestDatabase(provider);
    if (!database) {
      skip = true;
      return;
    }
    drop = database.cleanup;
    db = createDbClient(database.url);
    const user = await db.user.create({ data: { email: "ada@example.com", name: "Ada", role: "owner" } });
    const actor = { id: user.id, label: "Ada <ada@example.com>" };
    const env = await db.environment.create({ data: { name: "Contoso" } });
    const { snapshot } = await storeSnapshot(db, actor, {
      environmentId: env.id,
      source: "webapi-json",
      sourceName: "webapi",
      document: (await readMetadataSource(SOURCE)).document,
    });
    const { id: projectId } = await createProject(db, actor, {
      name: "Sales app",
      description: "",
      environmentId: env.id,
      snapshotId: snapshot.id,
      roles: [],
    });
    await enableTables(db, actor, { projectId, tableNames: ["contact"], syncMode: "offline" });
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    versionId = (
      await publishVersion(db, actor, { projectId, notes: "" }, { signer: { privateKey, keyId: keyIdOf(publicKey) } })
    ).id;
    deviceRowId = (
      await registerDevice(
        db,
        { deviceId: "phone-1", userOid: "oid-1", userName: "Bob", appVersion: "5.0.0", projectId, state: "allowed" },
        10,
      )
    ).id;
  }, 60_000);
  afterAll(async () => {
    await db?.$disconnect();
    await drop?.();
  });

  const downloadCount = async () =>
    (await db.version.findUniqueOrThrow({ where: { id: versionId }, select: { downloadCount: true } })).downloadCount;

  /** Seven downloads and seven check-ins a day apart, the oldest 200 days ago, the newest 194 days ago; and today's. */
  async function seed() {
    const ages = [200, 199, 198, 197, 196, 195, 194, 0];
    // As the device API records them, so that the version's count of downloads kept grows by 8 too.
    const counted = await downloadCount();
    await recordDeviceSyncs(
      db,
      ages.map((age) => ({
        versionId,
        userOid: "oid-1",
        deviceId: "phone-1",
        appVersion: "5.0.0",
        downloaded: true,
        at: new Date(NOW - age * DAY),
      })),
    );
    expect(await downloadCount()).toBe(counted + 8);
    await db.deviceCheckIn.createMany({
      data: ages.map((age) => ({ id: randomUUID(), deviceRowId, at: new Date(NOW - age * DAY), appVersion: "5.0.0" })),
    });
  }

  it("removes what is older than the cut-off, in batches, keeps the rest and the device, and audits it", async ({
    skip: skipTest,
  }) => {
    if (skip) skipTest();
    await seed();
    // 196.5 days: the four rows of 200..197 days go (two batches of 3, the second short), 196..194 and today's stay.
    const removed = await pruneSyncHistory(db, new Date(NOW - 196.5 * DAY), { batch: 3, days: 196 });
    expect(removed).toEqual({ downloads: 4, checkIns: 4 });
    expect(await db.download.count()).toBe(4);
    expect(await downloadCount()).toBe(4);
    expect(await db.deviceCheckIn.count()).toBe(4);
    expect(await db.device.count({ where: { id: deviceRowId } })).toBe(1);
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "sync-history.prune" } });
    expect(entry.summary).toMatch(
      /^Removed 4 downloads and 4 check-ins from before .+ \(SYNCWRIGHT_SYNC_HISTORY_DAYS=196\)$/,
    );

    // Nothing more to remove: no second audit entry.
    expect(await pruneSyncHistory(db, new Date(NOW - 196.5 * DAY))).toEqual({ downloads: 0, checkIns: 0 });
    expect(await db.auditEntry.count({ where: { action: "sync-history.prune" } })).toBe(1);
  });

  it("runs on its timer with the configured days, and keeps everything at 0", async ({ skip: skipTest }) => {
    if (skip) skipTest();
    const keepAll = startHousekeeping(db, { syncHistoryDays: 0, firstMs: 1, now: () => NOW });
    await new Promise((r) => setTimeout(r, 50));
    keepAll();
    expect(await db.download.count()).toBe(4);

    const stop = startHousekeeping(db, { syncHistoryDays: 1, firstMs: 1, everyMs: 60_000, now: () => NOW });
    await expect.poll(() => db.download.count(), { timeout: 10_000 }).toBe(1);
    stop();
    expect(await db.deviceCheckIn.count()).toBe(1);
    expect(await downloadCount()).toBe(1);
  });

  it("keeps the version's count exact when two passes remove the same rows at once", async ({ skip: skipTest }) => {
    if (skip) skipTest();
    await seed();
    await seed();
    // Two instances' passes, a row a statement: each row is taken off the count by the pass that removed it.
    const passes = await Promise.all([
      pruneSyncHistory(db, new Date(NOW - DAY), { batch: 1 }),
      pruneSyncHistory(db, new Date(NOW - DAY), { batch: 1 }),
    ]);
    expect(passes[0].downloads + passes[1].downloads).toBe(14);
    expect(await db.download.count({ where: { versionId } })).toBe(3);
    expect(await downloadCount()).toBe(3);
  });
});

describe("SYNCWRIGHT_SYNC_HISTORY_DAYS", () => {
  it("is 180 days unless set; 0 keeps all; anything else is refused by name", () => {
    expect(parseConfig({}).syncHistoryDays).toBe(180);
    expect(parseConfig({ SYNCWRIGHT_SYNC_HISTORY_DAYS: "0" }).syncHistoryDays).toBe(0);
    expect(parseConfig({ SYNCWRIGHT_SYNC_HISTORY_DAYS: "365" }).syncHistoryDays).toBe(365);
    for (const bad of ["-1", "1.5", "forever", "40000"])
      expect(() => parseConfig({ SYNCWRIGHT_SYNC_HISTORY_DAYS: bad })).toThrow(/SYNCWRIGHT_SYNC_HISTORY_DAYS/);
  });
});
