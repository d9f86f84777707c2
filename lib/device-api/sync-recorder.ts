// Every download and check is recorded, but not one write per request: syncs wait in memory for a moment (or
// until a batch is full) and go to the database together (lib/versions/mutations.ts recordDeviceSyncs). A crash
// can lose the last fraction of a second of them, never a download itself; a failed write is retried with the
// next batch.
import "server-only";
import type { DeviceSync } from "@/lib/versions/mutations";
import { logger } from "@/lib/logger";

export interface SyncRecorderOptions {
  /** Records written in one statement; reaching it writes at once. Default 500. */
  maxBatch?: number;
  /** How long a record may wait for others. Default 250 ms. */
  delayMs?: number;
  /** Records kept while the database is unreachable; beyond it the oldest are dropped (and logged). Default 100,000. */
  maxPending?: number;
}

export class SyncRecorder {
  readonly #write: (records: DeviceSync[]) => Promise<void>;
  readonly #maxBatch: number;
  readonly #delayMs: number;
  readonly #maxPending: number;
  #pending: DeviceSync[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #writing: Promise<void> = Promise.resolve();

  constructor(write: (records: DeviceSync[]) => Promise<void>, options: SyncRecorderOptions = {}) {
    this.#write = write;
    this.#maxBatch = options.maxBatch ?? 500;
    this.#delayMs = options.delayMs ?? 250;
    this.#maxPending = options.maxPending ?? 100_000;
  }

  /** Queues one record; it reaches the database within the delay. */
  record(record: DeviceSync): void {
    this.#pending.push({ ...record, at: record.at ?? new Date() });
    if (this.#pending.length > this.#maxPending) {
      const dropped = this.#pending.splice(0, this.#pending.length - this.#maxPending);
      logger.error({ dropped: dropped.length }, "device syncs dropped: the database did not take them");
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
        try {
          await this.#write(chunk);
        } catch (error) {
          logger.warn(
            { err: error, records: batch.length - i },
            "device syncs not written yet; retrying with the next batch",
          );
          this.#pending.unshift(...batch.slice(i));
          this.#timer ??= setTimeout(() => void this.flush(), Math.max(this.#delayMs, 1_000)).unref();
          return;
        }
      }
    });
    return this.#writing;
  }

  /** Records waiting to be written. */
  get pending(): number {
    return this.#pending.length;
  }
}
