// What the running server removes on its own, a minute after start and then every six hours: rows that can no
// longer be used and would otherwise pile up for as long as the server runs (start-up prunes sessions and sign-in
// counters too, but a portal may run for months between restarts).
// - device sync history older than SYNCWRIGHT_SYNC_HISTORY_DAYS (lib/devices/retention.ts; 0 keeps it all);
// - sessions a day after they ended (expired, signed out or idle; lib/auth/session.ts);
// - sign-in counters quiet longer than any throttle rule remembers (lib/auth/throttle.ts): a run of failed
//   sign-ins from many addresses leaves a row for each address;
// - setup, invitation and reset links a day after they expired or were used (lib/auth/one-time-token.ts).
// Each task runs on its own: one that fails is logged and tried again at the next pass, and the others still run.
import "server-only";
import type { Db } from "@/lib/db/client";
import { pruneSessions } from "@/lib/auth/session";
import { pruneThrottle } from "@/lib/auth/throttle";
import { pruneOneTimeTokens } from "@/lib/auth/one-time-token";
import { pruneSyncHistory } from "@/lib/devices/retention";
import { logger } from "@/lib/logger";

const DAY_MS = 24 * 60 * 60_000;

/** What one pass removed, by task; a task that failed is absent (and named in `failed`). */
export interface HousekeepingResult {
  downloads?: number;
  checkIns?: number;
  sessions?: number;
  signInCounters?: number;
  links?: number;
  /** Tasks whose statement failed this pass (logged with the error). */
  failed: string[];
}

export interface HousekeepingOptions {
  /** SYNCWRIGHT_SYNC_HISTORY_DAYS: the sync history kept; 0 keeps all of it. */
  syncHistoryDays: number;
  /** The clock (tests). */
  now?: () => number;
}

/** One pass of every task, each on its own (see above). */
export async function housekeepingPass(db: Db, options: HousekeepingOptions): Promise<HousekeepingResult> {
  const now = new Date((options.now ?? Date.now)());
  const result: HousekeepingResult = { failed: [] };
  const task = async (name: string, run: () => Promise<void>) => {
    try {
      await run();
    } catch (error) {
      result.failed.push(name);
      logger.error({ err: error, task: name }, `housekeeping: ${name} not removed; tried again at the next pass`);
    }
  };
  const days = options.syncHistoryDays;
  if (days > 0)
    await task("old device sync history", async () => {
      const removed = await pruneSyncHistory(db, new Date(now.getTime() - days * DAY_MS), { days });
      result.downloads = removed.downloads;
      result.checkIns = removed.checkIns;
    });
  await task("ended sessions", async () => {
    result.sessions = await pruneSessions(db, { now });
  });
  await task("quiet sign-in counters", async () => {
    result.signInCounters = await pruneThrottle(db, { now });
  });
  await task("expired and used links", async () => {
    result.links = await pruneOneTimeTokens(db, { now });
  });
  const removed = [result.downloads, result.checkIns, result.sessions, result.signInCounters, result.links];
  if (removed.some((n) => (n ?? 0) > 0)) logger.info(result, "housekeeping: old rows removed");
  return result;
}

/**
 * Runs housekeepingPass `firstMs` after start (default a minute) and then every `everyMs` (default six hours), a
 * pass never overlapping the one before. Returns a stop function.
 */
export function startHousekeeping(
  db: Db,
  options: HousekeepingOptions & { firstMs?: number; everyMs?: number },
): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      void housekeepingPass(db, options).finally(() => schedule(options.everyMs ?? 6 * 60 * 60_000));
    }, ms).unref();
  };
  schedule(options.firstMs ?? 60_000);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
