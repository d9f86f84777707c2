// Every download, check and check-in is recorded, but not one write per request: records wait in memory for a
// moment (or until a batch is full) and go to the database together (lib/versions/mutations.ts recordDeviceSyncs,
// lib/devices/mutations.ts recordCheckIns). A crash can lose the last fraction of a second of them, never a
// download itself; a clean shutdown writes them all (flushDeviceApi); a failed write is retried with the next batch.
// A record the database refuses outright (a value it cannot store, a row it references gone) would fail every
// retry and hold back every record queued behind it: such a batch is written in halves until that record is found
// alone, which is dropped and logged, and the rest is stored.
import "server-only";
import type { DeviceSync } from "@/lib/versions/mutations";
import { isRefusedByDatabase } from "@/lib/database-errors";
import { logger } from "@/lib/logger";

/**
 * Records of one batch the database may refuse one by one before the refusal counts as a fault of every write
 * (at least this many, or 1 in 100 of the batch): a bad record or two is dropped, a refusal of most is not.
 */
const MOST_REFUSED = 10;

export interface BatchRecorderOptions<T = unknown> {
  /** What the records are, for the log. Default "device syncs". */
  label?: string;
  /**
   * Records written in one statement; reaching it writes at once. Default 2,000: each write also pays for its
   * statements' preparation, Prisma's transaction and the commit, so under a burst of downloads 2,000 a write
   * served 10-15% more 200s on SQLite than 500 did (`npm run bench -- device-download`). The price is one longer
   * write (on SQLite, which runs on this thread, about 10 ms every 2,000 downloads: p99 rose from about 18 to 30 ms).
   */
  maxBatch?: number;
  /** How long a record may wait for others. Default 250 ms. */
  delayMs?: number;
  /** Records kept while the database is unreachable; beyond it the oldest are dropped (and logged). Default 100,000. */
  maxPending?: number;
  /**
   * Whether a failed write's error means the database refuses the data itself, so the same records fail again
   * however often they are tried (then the batch is split to find the record, see above). Default: lib/database-errors.ts
   * isRefusedByDatabase. Any other error keeps the whole batch for the next attempt.
   */
  isRefusal?: (error: unknown) => boolean;
  /** What the log says of a dropped record (no personal data beyond what identifies the device). */
  describe?: (record: T) => Record<string, unknown>;
}

export class BatchRecorder<T extends { at?: Date }> {
  readonly #write: (records: T[]) => Promise<void>;
  readonly #label: string;
  readonly #maxBatch: number;
  readonly #delayMs: number;
  readonly #maxPending: number;
  readonly #isRefusal: (error: unknown) => boolean;
  readonly #describe: (record: T) => Record<string, unknown>;
  #dropped = 0;
  #pending: T[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #writing: Promise<void> = Promise.resolve();

  constructor(write: (records: T[]) => Promise<void>, options: BatchRecorderOptions<T> = {}) {
    this.#write = write;
    this.#label = options.label ?? "device syncs";
    this.#maxBatch = options.maxBatch ?? 2000;
    this.#delayMs = options.delayMs ?? 250;
    this.#maxPending = options.maxPending ?? 100_000;
    this.#isRefusal = options.isRefusal ?? isRefusedByDatabase;
    this.#describe = options.describe ?? (() => ({}));
  }

  /** Queues one record; it reaches the database within the delay. */
  record(record: T): void {
    // The time first and the record spread after it: V8 (Node 20) builds `{ ...record, at }` through a slow path
    // (about 1.6 us against 0.1). A record that carries `at: undefined` itself is stamped after.
    const stamped = record.at ? record : { at: new Date(), ...record };
    stamped.at ??= new Date();
    this.#pending.push(stamped);
    if (this.#pending.length > this.#maxPending) {
      const dropped = this.#pending.splice(0, this.#pending.length - this.#maxPending);
      logger.error({ dropped: dropped.length }, `${this.#label} dropped: the database did not take them`);
    }
    if (this.#pending.length >= this.#maxBatch) void this.flush();
    else this.#timer ??= setTimeout(() => void this.flush(), this.#delayMs).unref();
  }

  /** Writes everything queued so far; resolves when it is stored (or failed and is queued again). */
  flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = this.#pending;
    this.#pending = [];
    // One write at a time; a batch that failed goes back to the queue (each record keeps its own time).
    this.#writing = this.#writing.then(async () => {
      for (let i = 0; i < batch.length; i += this.#maxBatch) {
        const chunk = batch.slice(i, i + this.#maxBatch);
        const unwritten = await this.#writeAll(chunk);
        if (unwritten) {
          logger.warn(
            { err: unwritten.error, records: batch.length - i - chunk.length + unwritten.records.length },
            `${this.#label} not written yet; retrying with the next batch`,
          );
          this.#pending.unshift(...unwritten.records, ...batch.slice(i + chunk.length));
          this.#timer ??= setTimeout(() => void this.flush(), Math.max(this.#delayMs, 1_000)).unref();
          return;
        }
      }
    });
    return this.#writing;
  }

  /**
   * Writes `records`; when the database refuses them, writes them in halves, and halves of those, until each record
   * it refuses is alone, and drops it (logged). Resolves to what is left unwritten by another error (the database
   * unreachable, busy or locked), to be tried again whole, or undefined when nothing is. More records refused alone
   * than a bad record or two explain (MOST_REFUSED) is a fault of every write, such as another instance's newer
   * schema: nothing is dropped then, and what is not written is kept for a later attempt.
   */
  async #writeAll(records: T[]): Promise<{ records: T[]; error: unknown } | undefined> {
    // Parts still to write, the next one last.
    const parts = [records];
    const refused: Array<{ record: T; error: unknown }> = [];
    const most = Math.max(MOST_REFUSED, Math.ceil(records.length / 100));
    while (parts.length > 0) {
      const part = parts.pop()!;
      try {
        await this.#write(part);
        continue;
      } catch (error) {
        if (!this.#isRefusal(error)) {
          return { records: [refused.map((r) => r.record), part, ...parts.reverse()].flat(), error };
        }
        if (part.length > 1) {
          const half = Math.ceil(part.length / 2);
          parts.push(part.slice(half), part.slice(0, half));
          continue;
        }
        refused.push({ record: part[0], error });
        if (refused.length > most) {
          logger.error(
            { err: error, refused: refused.length, records: records.length },
            `${this.#label}: the database refuses every record, not one or two; kept for a later attempt`,
          );
          return { records: [refused.map((r) => r.record), ...parts.reverse()].flat(), error };
        }
      }
    }
    for (const { record, error } of refused) {
      this.#dropped++;
      logger.error(
        { err: error, record: this.#describe(record) },
        `${this.#label}: one record dropped, the database refuses to store it`,
      );
    }
    return undefined;
  }

  /** Records waiting to be written. */
  get pending(): number {
    return this.#pending.length;
  }

  /** Records dropped since start because the database refused them. */
  get dropped(): number {
    return this.#dropped;
  }
}

/** Downloads and checks (lib/versions/mutations.ts recordDeviceSyncs). */
export class SyncRecorder extends BatchRecorder<DeviceSync> {}
