// How long the device API's history is kept: every download (200) and check-in is a row, so a fleet that syncs
// all day adds millions a year. Rows older than SYNCWRIGHT_SYNC_HISTORY_DAYS are removed a batch at a time (so a
// SQLite writer is never held for long), and each pass that removed something says so in the audit log. The
// devices' own rows (state, the version each holds, its last sync) are not history and stay.
import "server-only";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/sqlite/client";
import { audit } from "@/lib/audit/mutations";
import { downloadCountChanges } from "@/lib/versions/mutations";

export interface PruneResult {
  downloads: number;
  checkIns: number;
}

/** Finds a batch of rows to remove and removes them, until none is left; the number removed. */
async function removeInBatches(
  find: () => Promise<Array<{ id: string }>>,
  remove: (ids: string[]) => Promise<{ count: number }>,
): Promise<number> {
  let removed = 0;
  for (;;) {
    const ids = (await find()).map((r) => r.id);
    if (ids.length === 0) return removed;
    removed += (await remove(ids)).count;
  }
}

/**
 * Removes downloads and takes them off their versions' counts (Version.downloadCount) in one transaction: only
 * the rows this statement removed count (RETURNING), so two instances pruning at once take none off twice.
 */
async function removeDownloads(db: Db, ids: string[]): Promise<{ count: number }> {
  return db.$transaction(async (tx) => {
    const gone = await tx.$queryRaw<Array<{ versionId: string }>>`
      DELETE FROM "Download" WHERE "id" IN (${Prisma.join(ids)}) RETURNING "versionId"`;
    const changes = downloadCountChanges(
      tx,
      gone.map((row) => row.versionId),
      -1,
    );
    for (const change of changes) await change;
    return { count: gone.length };
  });
}

/**
 * Removes downloads and check-ins from before `before`, oldest first, `batch` rows per statement; audits what it
 * removed. Each find reads the (at) index: without an order, Prisma orders a `take` by id, and the database then
 * reads every row kept to find none (npm run bench device-history).
 */
export async function pruneSyncHistory(
  db: Db,
  before: Date,
  options: { batch?: number; days?: number } = {},
): Promise<PruneResult> {
  const batch = options.batch ?? 5_000;
  const downloads = await removeInBatches(
    () =>
      db.download.findMany({
        where: { at: { lt: before } },
        orderBy: { at: "asc" },
        select: { id: true },
        take: batch,
      }),
    (ids) => removeDownloads(db, ids),
  );
  const checkIns = await removeInBatches(
    () =>
      db.deviceCheckIn.findMany({
        where: { at: { lt: before } },
        orderBy: { at: "asc" },
        select: { id: true },
        take: batch,
      }),
    (ids) => db.deviceCheckIn.deleteMany({ where: { id: { in: ids } } }),
  );
  const result: PruneResult = { downloads, checkIns };
  if (result.downloads + result.checkIns > 0) {
    const kept = options.days === undefined ? "" : ` (SYNCWRIGHT_SYNC_HISTORY_DAYS=${options.days})`;
    await audit(db, {
      actor: null,
      action: "sync-history.prune",
      targetType: "sync-history",
      targetId: "all",
      summary: `Removed ${result.downloads} downloads and ${result.checkIns} check-ins from before ${before.toISOString()}${kept}`,
      after: { ...result, before: before.toISOString() },
    });
  }
  return result;
}
