import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ConcurrencyLimit } from "@/lib/dataverse/concurrency-limit";

describe("ConcurrencyLimit", () => {
  it("never runs more than its limit, runs everything, in arrival order", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 40 }),
        async (limit, delays) => {
          const gate = new ConcurrencyLimit(limit);
          let running = 0;
          let peak = 0;
          const started: number[] = [];
          const results = await Promise.all(
            delays.map((delay, i) =>
              gate.run(async () => {
                started.push(i);
                running++;
                peak = Math.max(peak, running);
                await new Promise((resolve) => setTimeout(resolve, delay));
                running--;
                return i;
              }),
            ),
          );
          expect(results).toEqual(delays.map((_, i) => i));
          expect(peak).toBeLessThanOrEqual(limit);
          expect(peak).toBe(Math.min(limit, delays.length));
          expect(gate.maxActive).toBe(peak);
          expect(started).toEqual(delays.map((_, i) => i));
          expect(gate.active).toBe(0);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("frees the slot when a task fails", async () => {
    const gate = new ConcurrencyLimit(1);
    await expect(gate.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(gate.run(async () => "ok")).resolves.toBe("ok");
    expect(gate.active).toBe(0);
  });

  it("refuses a limit below one", () => {
    expect(() => new ConcurrencyLimit(0)).toThrow(/positive integer/);
  });
});
