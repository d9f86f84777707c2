// The recorder's handling of failed writes, with a write function that stands in for the database's answers (the
// real refusals of SQLite and PostgreSQL are in tests/integration/device-security.test.ts): a refused record is
// found and dropped alone, a lost connection keeps every record not yet written, and a refusal of every record is
// a fault of the writes, not of the records, so nothing is dropped.
import { describe, expect, it } from "vitest";
import { BatchRecorder } from "@/lib/device-api/sync-recorder";

class Refused extends Error {}
class Unreachable extends Error {}

interface Row {
  n: number;
  at?: Date;
}

/** A recorder over an in-memory store; `answer` decides each write (throw to fail it), `stored` is what was written. */
function recorder(answer: (rows: Row[], attempt: number) => void) {
  const stored: number[] = [];
  let attempt = 0;
  const batches = new BatchRecorder<Row>(
    async (rows) => {
      answer(rows, attempt++);
      stored.push(...rows.map((r) => r.n));
    },
    { maxBatch: 100, delayMs: 60_000, isRefusal: (error) => error instanceof Refused, describe: (r) => ({ n: r.n }) },
  );
  return { batches, stored, writes: () => attempt };
}

const record = (batches: BatchRecorder<Row>, from: number, to: number) => {
  for (let n = from; n < to; n++) batches.record({ n });
};

describe("BatchRecorder", () => {
  it("drops only the records the database refuses and stores the rest in order", async () => {
    const bad = new Set([3, 17]);
    const { batches, stored, writes } = recorder((rows) => {
      if (rows.some((r) => bad.has(r.n))) throw new Refused();
    });
    record(batches, 0, 20);
    await batches.flush();
    expect(stored).toEqual([...Array(20).keys()].filter((n) => !bad.has(n)));
    expect({ pending: batches.pending, dropped: batches.dropped }).toEqual({ pending: 0, dropped: 2 });
    expect(writes()).toBeLessThan(20);
  });

  it("keeps what is not written yet when the database goes away in the middle of the search", async () => {
    let away = false;
    let lost = false;
    const { batches, stored } = recorder((rows, attempt) => {
      if (away) throw new Unreachable();
      if (rows.some((r) => r.n === 5)) throw new Refused();
      if (attempt >= 3 && !lost) [away, lost] = [true, true]; // a few writes into the search, the connection is lost
    });
    record(batches, 0, 20);
    await batches.flush();
    const kept = batches.pending;
    expect(stored.length + kept + batches.dropped).toBe(20);
    expect(kept).toBeGreaterThan(0);

    away = false;
    await batches.flush();
    expect([...stored].sort((a, b) => a - b)).toEqual([...Array(20).keys()].filter((n) => n !== 5));
    expect({ pending: batches.pending, dropped: batches.dropped }).toEqual({ pending: 0, dropped: 1 });
  });

  it("drops nothing when the database refuses every record: the fault is the writes'", async () => {
    const { batches, stored } = recorder(() => {
      throw new Refused();
    });
    record(batches, 0, 100);
    await batches.flush();
    expect(stored).toEqual([]);
    expect({ pending: batches.pending, dropped: batches.dropped }).toEqual({ pending: 100, dropped: 0 });
  });

  it("keeps a batch whole, tried once, when the database cannot be reached", async () => {
    const { batches, writes } = recorder(() => {
      throw new Unreachable();
    });
    record(batches, 0, 50);
    await batches.flush();
    expect({ pending: batches.pending, dropped: batches.dropped, writes: writes() }).toEqual({
      pending: 50,
      dropped: 0,
      writes: 1,
    });
  });
});
