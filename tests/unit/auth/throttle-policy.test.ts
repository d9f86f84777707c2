import { describe, expect, it } from "vitest";
import {
  DEFAULT_THROTTLE_POLICY,
  accountKey,
  addressKey,
  afterFailure,
  combineDecisions,
  evaluateThrottle,
  throttleMessage,
  type ThrottleState,
} from "@/lib/auth/throttle-policy";

const t0 = new Date("2026-11-23T12:00:00Z");
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
const limit = DEFAULT_THROTTLE_POLICY.account;

function failures(n: number, every = 1): ThrottleState | null {
  let state: ThrottleState | null = null;
  for (let i = 0; i < n; i++) state = afterFailure(state, at(i * every), limit);
  return state;
}

describe("sign-in throttle rules", () => {
  it("allows five failures per account in 15 minutes and refuses the sixth attempt", () => {
    expect(evaluateThrottle(failures(4), at(4))).toEqual({ allowed: true });
    const five = failures(5);
    expect(five?.failures).toBe(5);
    expect(evaluateThrottle(five, at(4))).toEqual({ allowed: false, retryAfterMinutes: 15 });
    expect(evaluateThrottle(five, at(10))).toEqual({ allowed: false, retryAfterMinutes: 9 });
    expect(evaluateThrottle(five, at(18.5))).toEqual({ allowed: false, retryAfterMinutes: 1 });
    expect(evaluateThrottle(five, at(19))).toEqual({ allowed: true });
  });

  it("starts a new window when failures are spread out", () => {
    // One failure every 4 minutes: the window restarts before five pile up.
    const state = failures(12, 4);
    expect(state?.lockedUntil).toBeNull();
    expect(evaluateThrottle(state, at(48))).toEqual({ allowed: true });
  });

  it("counts from one again after a lock has passed", () => {
    const five = failures(5)!;
    const next = afterFailure(five, at(30), limit);
    expect(next).toEqual({ failures: 1, windowStart: at(30), lockedUntil: null });
  });

  it("uses the longest wait when both the account and the address are locked", () => {
    expect(
      combineDecisions(
        { allowed: true },
        { allowed: false, retryAfterMinutes: 3 },
        { allowed: false, retryAfterMinutes: 7 },
      ),
    ).toEqual({
      allowed: false,
      retryAfterMinutes: 7,
    });
    expect(combineDecisions({ allowed: true }, { allowed: true })).toEqual({ allowed: true });
  });

  it("says the same sentence for everyone", () => {
    expect(throttleMessage(1)).toBe("Too many attempts. Try again in 1 minute.");
    expect(throttleMessage(12)).toBe("Too many attempts. Try again in 12 minutes.");
  });

  it("keys accounts case-insensitively and addresses as given", () => {
    expect(accountKey(" Ada@Example.com ")).toBe("account:ada@example.com");
    expect(addressKey("203.0.113.9")).toBe("address:203.0.113.9");
    expect(addressKey(undefined)).toBe("address:unknown");
  });
});
