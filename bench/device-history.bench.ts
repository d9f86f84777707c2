// A device's download history: what the Download index on (deviceId, userOid, at) buys and what it costs, on SQLite
// and PostgreSQL, as shipped and with the index dropped (dropped and made again between rounds, ROUNDS rounds
// alternated, min and median in the same run):
// - buys: the device's page (loadDevicePage, which lists its latest downloads) with DOWNLOADS downloads kept; without
//   the index it reads every download kept, longer the longer the history (on SQLite on the portal's own thread, so
//   devices wait for it too);
// - costs: recording downloads in batches of 2,000 distinct devices (a burst of first syncs after a publish), in us
//   a download: each batch puts its rows all over the index, and SQLite writes every page it touched again. A
//   constant factor on each download, against a page that grows with the history: the index stays.
// And the history's pruning pass (every 6 hours) once nothing is old enough, with the Download (at) index dropped,
// and recording check-ins with the DeviceCheckIn (at) index dropped: what the two indexes for pruning buy and cost.
// And the Versions list, its download counts read from Version.downloadCount against counting the downloads kept.
import os from "node:os";
import { generateKeyPairSync } from "node:crypto";
import type { Figure } from "./measure";
import { round } from "./measure";
import { createDbClient, type Db } from "@/lib/db/client";
import { loadDevicePage } from "@/lib/devices/data";
import { pruneSyncHistory } from "@/lib/devices/retention";
import { listVersions } from "@/lib/versions/data";
import { recordCheckIns } from "@/lib/devices/mutations";
import type { CheckInRecord } from "@/lib/devices/schema";
import { keyIdOf } from "@/lib/bundle/sign";
import { publishVersion, recordDeviceSyncs, type DeviceSync } from "@/lib/versions/mutations";
import { createTestPostgres, createTestSqlite, postgresForTests } from "@/tests/support/test-database";
import { SEED_ACTOR, environmentWithSnapshot, offlineProject, readRealWebApi } from "@/tests/e2e/support/seed-project";

const DOWNLOADS = Number(process.env.BENCH_HISTORY_DOWNLOADS ?? 300_000);
const ROUNDS = Number(process.env.BENCH_HISTORY_ROUNDS ?? 5);
const DEVICES = 5_000;
const BATCH = 2_000;
/** Page loads per round and case. */
const PAGES = 7;
/** Batches recorded per round and case. */
const WRITES = 3;
/** An index of prisma/schema.prisma that an alternative drops, and how it is made again. */
interface Index {
  name: string;
  create: string;
}
/** The device's downloads (Download), and the two the history's pruning reads (Download, DeviceCheckIn). */
const DEVICE_INDEX: Index = {
  name: `"Download_deviceId_userOid_at_idx"`,
  create: `CREATE INDEX "Download_deviceId_userOid_at_idx" ON "Download"("deviceId", "userOid", "at")`,
};
const AT_INDEX: Index = { name: `"Download_at_idx"`, create: `CREATE INDEX "Download_at_idx" ON "Download"("at")` };
const CHECK_IN_AT_INDEX: Index = {
  name: `"DeviceCheckIn_at_idx"`,
  create: `CREATE INDEX "DeviceCheckIn_at_idx" ON "DeviceCheckIn"("at")`,
};

type Case = "shipped" | "dropped";

/** Runs `round` ROUNDS times as shipped and as many with `index` dropped (made again after each), alternated. */
async function alternated(db: Db, index: Index, round: (variant: Case) => Promise<void>): Promise<void> {
  for (let r = 0; r < ROUNDS; r++) {
    for (const variant of ["shipped", "dropped"] as const) {
      if (variant === "dropped") await db.$executeRawUnsafe(`DROP INDEX ${index.name}`);
      await round(variant);
      if (variant === "dropped") await db.$executeRawUnsafe(index.create);
    }
  }
}

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)] };
}

/** A batch of downloads by `BATCH` distinct devices, `offset` placing them among the DEVICES. */
function burst(versionId: string, offset: number, at: (i: number) => Date): DeviceSync[] {
  return Array.from({ length: BATCH }, (_, k) => {
    const n = (offset + k) % DEVICES;
    return {
      versionId,
      userOid: `user-${n}`,
      deviceId: `device-${n}`,
      appVersion: "4.2.0",
      downloaded: true,
      at: at(offset + k),
    };
  });
}

async function measure(provider: "sqlite" | "postgresql", db: Db): Promise<Figure[]> {
  const on = await environmentWithSnapshot(db, SEED_ACTOR, "Contoso", await readRealWebApi());
  const projectId = await offlineProject(db, SEED_ACTOR, on, { name: "Sales app", tables: ["contact"] });
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  await publishVersion(
    db,
    SEED_ACTOR,
    { projectId, notes: "v1" },
    { signer: { privateKey, keyId: keyIdOf(publicKey) } },
  );
  const version = await db.version.findFirstOrThrow({ where: { projectId } });

  // The history: DOWNLOADS downloads over the last 180 days, 2,000 distinct devices a batch.
  const start = Date.now() - 180 * 86_400_000;
  const spread = (i: number) => new Date(start + (i / DOWNLOADS) * 180 * 86_400_000);
  for (let i = 0; i < DOWNLOADS; i += BATCH) await recordDeviceSyncs(db, burst(version.id, i, spread));
  const device = await db.device.findFirstOrThrow({ where: { deviceId: "device-42" } });

  const page: Record<Case, number[]> = { shipped: [], dropped: [] };
  const write: Record<Case, number[]> = { shipped: [], dropped: [] };
  let written = DOWNLOADS;
  await alternated(db, DEVICE_INDEX, async (variant) => {
    for (let p = 0; p < PAGES; p++) {
      const started = performance.now();
      const loaded = await loadDevicePage(db, device.id, 10);
      page[variant].push(performance.now() - started);
      if (loaded.downloads.length === 0) throw new Error("the device page lists no download: nothing was measured");
    }
    for (let w = 0; w < WRITES; w++) {
      const batch = burst(version.id, written, () => new Date());
      written += BATCH;
      const started = performance.now();
      await recordDeviceSyncs(db, batch);
      write[variant].push(((performance.now() - started) * 1000) / BATCH);
    }
  });
  // The pruning pass every 6 hours, once the old rows are gone (its last find, which removes nothing, always runs):
  // as shipped, and with the Download (at) index dropped.
  const prune: Record<Case, number[]> = { shipped: [], dropped: [] };
  await alternated(db, AT_INDEX, async (variant) => {
    for (let p = 0; p < PAGES; p++) {
      const started = performance.now();
      const removed = await pruneSyncHistory(db, new Date(start - 86_400_000));
      prune[variant].push(performance.now() - started);
      if (removed.downloads !== 0)
        throw new Error("the pruning removed downloads: the history was not what was measured");
    }
  });

  // What the DeviceCheckIn (at) index costs: recording check-ins of 2,000 devices a batch, with it and without it.
  const rows = (await db.device.findMany({ select: { id: true }, take: BATCH })).map((d) => d.id);
  const checkIns = (): CheckInRecord[] =>
    rows.map((deviceRowId) => ({
      deviceRowId,
      appVersion: "4.2.0",
      at: new Date(),
      body: { model: "Pixel 8", os: { name: "Android", version: "15" }, acknowledgements: [] },
    }));
  const checkIn: Record<Case, number[]> = { shipped: [], dropped: [] };
  await alternated(db, CHECK_IN_AT_INDEX, async (variant) => {
    for (let w = 0; w < WRITES; w++) {
      const batch = checkIns();
      const started = performance.now();
      await recordCheckIns(db, batch);
      checkIn[variant].push(((performance.now() - started) * 1000) / batch.length);
    }
  });

  // The Versions list: each version's count of downloads kept, read from Version.downloadCount (as shipped), against
  // counting them as the list did before (Prisma's _count, which reads every download kept), alternated.
  const list = { stored: [] as number[], counting: [] as number[] };
  for (let r = 0; r < ROUNDS; r++) {
    for (let p = 0; p < PAGES; p++) {
      let started = performance.now();
      const shown = await listVersions(db, projectId);
      list.stored.push(performance.now() - started);
      started = performance.now();
      const counted = await db.version.findMany({
        where: { projectId },
        orderBy: { number: "desc" },
        select: { id: true, _count: { select: { downloads: true } } },
      });
      list.counting.push(performance.now() - started);
      if (shown[0].downloadCount !== counted[0]._count.downloads || shown[0].downloadCount < DOWNLOADS)
        throw new Error(`the stored count (${shown[0].downloadCount}) is not the downloads kept`);
    }
  }

  const loadAverage = os.loadavg().map((l) => round(l, 2));
  const stored = stats(list.stored);
  const counting = stats(list.counting);
  const versionsList: Figure = {
    name: `versions list with ${DOWNLOADS.toLocaleString("en-US")} downloads kept, counts stored (${provider})`,
    value: round(stored.median, 2),
    min: round(stored.min, 2),
    unit: "ms",
    countingMedian: round(counting.median, 2),
    countingMin: round(counting.min, 2),
    ratioToCounting: round(stored.median / counting.median, 3),
    downloadsKept: DOWNLOADS,
    rounds: ROUNDS,
    loadAverage,
  };
  const figure = (name: string, unit: string, values: Record<Case, number[]>, without: Index): Figure => {
    const shipped = stats(values.shipped);
    const dropped = stats(values.dropped);
    return {
      name: `${name} (${provider})`,
      value: round(shipped.median, 2),
      min: round(shipped.min, 2),
      unit,
      without: without.name,
      withoutMedian: round(dropped.median, 2),
      withoutMin: round(dropped.min, 2),
      ratioToWithout: round(shipped.median / dropped.median, 2),
      downloadsKept: DOWNLOADS,
      rounds: ROUNDS,
      loadAverage,
    };
  };
  const kept = DOWNLOADS.toLocaleString("en-US");
  return [
    figure(`device page with ${kept} downloads kept`, "ms", page, DEVICE_INDEX),
    figure("recording a burst of 2,000 distinct devices' downloads", "us/download", write, DEVICE_INDEX),
    figure(`pruning pass with nothing to remove, ${kept} downloads kept`, "ms", prune, AT_INDEX),
    figure("recording check-ins of 2,000 devices", "us/check-in", checkIn, CHECK_IN_AT_INDEX),
    versionsList,
  ];
}

export async function run(): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const provider of ["sqlite", "postgresql"] as const) {
    if (provider === "postgresql" && !(await postgresForTests()).available) continue;
    const database = provider === "sqlite" ? await createTestSqlite() : await createTestPostgres();
    const db = createDbClient(database.url);
    try {
      figures.push(...(await measure(provider, db)));
    } finally {
      await db.$disconnect();
      await database.cleanup();
    }
  }
  return figures;
}
