import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  DEFAULT_THROTTLE_POLICY,
  accountKey,
  addressKey,
  afterAttempt,
  describeWait,
  pairKey,
  pairKeyPrefix,
  throttleMessage,
  waitAfter,
  waitLeft,
  waitSteps,
  type CounterState,
} from "@/lib/auth/throttle-policy";

const { pair, account, address } = DEFAULT_THROTTLE_POLICY;
const t0 = Date.UTC(2026, 10, 23, 12);

/** The counter after n attempts, each made as soon as it was allowed. */
function attempts(n: number, rule = pair): CounterState | null {
  let state: CounterState | null = null;
  let now = t0;
  for (let i = 0; i < n; i++) {
    now += waitLeft(rule, state, now);
    state = afterAttempt(rule, state, now);
  }
  return state;
}

describe("sign-in throttle rules", () => {
  it("gives an account and address pair three free attempts, then 1 s, 2 s, 4 s ... up to 15 minutes", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 12, 13, 14, 50].map((f) => waitAfter(pair, f))).toEqual([
      0, 0, 0, 1000, 2000, 4000, 8000, 512_000, 900_000, 900_000, 900_000,
    ]);
    expect(waitAfter(pair, 10_000)).toBe(900_000);
  });

  it("refuses an attempt until the wait after the last one has passed", () => {
    const three = attempts(3)!;
    expect(waitLeft(pair, three, three.lastAtMs)).toBe(1000);
    expect(waitLeft(pair, three, three.lastAtMs + 400)).toBe(600);
    expect(waitLeft(pair, three, three.lastAtMs + 1000)).toBe(0);
    const five = attempts(5)!;
    expect(waitLeft(pair, five, five.lastAtMs)).toBe(4000);
  });

  it("forgets a counter after a quiet day", () => {
    const many = attempts(20)!;
    expect(waitLeft(pair, many, many.lastAtMs + 60_000)).toBe(900_000 - 60_000);
    const later = many.lastAtMs + 24 * 3600_000;
    expect(waitLeft(pair, many, later)).toBe(0);
    expect(afterAttempt(pair, many, later)).toEqual({ failures: 1, lastAtMs: later });
  });

  it("lets ten different addresses fail on an account, then makes new addresses wait fifteen minutes", () => {
    const ten = attempts(10, account)!;
    expect(waitLeft(account, attempts(9, account), t0)).toBe(0);
    expect(waitLeft(account, ten, ten.lastAtMs)).toBe(15 * 60_000);
    expect(waitLeft(account, ten, ten.lastAtMs + 15 * 60_000)).toBe(0);
    expect(afterAttempt(account, ten, ten.lastAtMs + 15 * 60_000).failures).toBe(1);
  });

  it("lets an address spray twenty attempts across accounts before it waits", () => {
    expect(waitAfter(address, 19)).toBe(0);
    expect(waitAfter(address, 20)).toBe(1000);
  });

  it("tabulates the waits the database applies exactly as waitAfter computes them", () => {
    for (const rule of [pair, account, address]) {
      const steps = new Map(waitSteps(rule));
      const tabulated = (f: number) => (f < rule.free ? 0 : (steps.get(f) ?? rule.maxDelayMs));
      fc.assert(fc.property(fc.nat(1000), (f) => tabulated(f) === waitAfter(rule, f)));
    }
  });

  it("never allows two attempts in a row once the free ones are used", () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 60 }), fc.nat(899_999), (n, elapsed) => {
        const state = attempts(n)!;
        const left = waitLeft(pair, state, state.lastAtMs + elapsed);
        return elapsed < waitAfter(pair, n) ? left > 0 : left === 0;
      }),
    );
  });

  it("says the wait in seconds, then minutes, rounding up", () => {
    expect(describeWait(0.2)).toBe("1 second");
    expect(describeWait(8)).toBe("8 seconds");
    expect(describeWait(60)).toBe("1 minute");
    expect(describeWait(61)).toBe("2 minutes");
    expect(throttleMessage(900)).toBe("Too many attempts. Try again in 15 minutes.");
  });

  it("keys accounts by lower-cased email and addresses by text, unknown when missing", () => {
    expect(accountKey(" Ada@Example.com ")).toBe("account:ada@example.com");
    expect(addressKey(null)).toBe("address:unknown");
    expect(addressKey(" 192.0.2.1 ")).toBe("address:192.0.2.1");
    expect(pairKey("Ada@example.com", "2001:db8::1")).toBe("pair:ada@example.com 2001:db8::1");
    expect(pairKey("ada@example.com", "192.0.2.1").startsWith(pairKeyPrefix("ADA@example.com"))).toBe(true);
    // One account's prefix never matches another account that merely starts the same way.
    expect(pairKey("ada@example.com.evil", "192.0.2.1").startsWith(pairKeyPrefix("ada@example.com"))).toBe(false);
  });
});
