// The sign-in rate limit as pure rules: how many failures per account and per address within a window, and
// what a counter looks like after one more failure. throttle.ts stores the counters.

export interface ThrottleLimit {
  /** Failures allowed within the window; the next attempt is refused. */
  limit: number;
  windowMinutes: number;
}

export interface ThrottlePolicy {
  account: ThrottleLimit;
  address: ThrottleLimit;
}

export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = {
  account: { limit: 5, windowMinutes: 15 },
  address: { limit: 20, windowMinutes: 15 },
};

export interface ThrottleState {
  failures: number;
  windowStart: Date;
  lockedUntil: Date | null;
}

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterMinutes: number };

const MINUTE = 60_000;

/** Whether one more attempt may be made under this counter. */
export function evaluateThrottle(state: ThrottleState | null, now: Date): ThrottleDecision {
  if (!state?.lockedUntil) return { allowed: true };
  const left = state.lockedUntil.getTime() - now.getTime();
  if (left <= 0) return { allowed: true };
  return { allowed: false, retryAfterMinutes: Math.max(1, Math.ceil(left / MINUTE)) };
}

/** The counter after one more failure: a new window when the old one has passed, a lock when the limit is hit. */
export function afterFailure(state: ThrottleState | null, now: Date, limit: ThrottleLimit): ThrottleState {
  const windowMs = limit.windowMinutes * MINUTE;
  const fresh = !state || now.getTime() - state.windowStart.getTime() >= windowMs;
  const failures = fresh ? 1 : state.failures + 1;
  const windowStart = fresh ? now : state.windowStart;
  const lockedUntil = failures >= limit.limit ? new Date(now.getTime() + windowMs) : null;
  return { failures, windowStart, lockedUntil };
}

/** The stricter of two decisions (the longest wait). */
export function combineDecisions(...decisions: ThrottleDecision[]): ThrottleDecision {
  let worst: ThrottleDecision = { allowed: true };
  for (const decision of decisions) {
    if (!decision.allowed && (worst.allowed || decision.retryAfterMinutes > worst.retryAfterMinutes)) worst = decision;
  }
  return worst;
}

/** The one message a throttled sign-in shows, whether or not the account exists. */
export function throttleMessage(retryAfterMinutes: number): string {
  return `Too many attempts. Try again in ${retryAfterMinutes} minute${retryAfterMinutes === 1 ? "" : "s"}.`;
}

export function accountKey(email: string): string {
  return `account:${email.trim().toLowerCase()}`;
}

export function addressKey(address: string | null | undefined): string {
  return `address:${address?.trim() || "unknown"}`;
}
