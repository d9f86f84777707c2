// The sign-in rate limit as pure rules. Three counters, each a number of counted attempts and when the last was
// counted; throttle.ts stores them and applies these rules in one atomic statement per counter:
// - per account and address ("pair"): a few free attempts, then growing delays (1 s, 2 s, 4 s ... capped). This is
//   what one guessing address meets, and it never touches anyone else's address;
// - per account: how many *different* addresses failed on it lately. Past the cap (distributed guessing), an
//   address that has not failed on the account yet must wait; addresses already counted keep their own delays;
// - per address, across accounts (password spraying): more free attempts, then growing delays.
// An attempt is counted *before* its password is checked (a reservation), and a correct password gives it back.

export interface CounterRule {
  /** Attempts counted without any wait before the next one. */
  free: number;
  /** The wait after the first counted attempt beyond the free ones; it doubles with each further one. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** A counter with nothing counted for this long starts again from zero. */
  resetAfterMs: number;
}

export interface ThrottlePolicy {
  pair: CounterRule;
  account: CounterRule;
  address: CounterRule;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = {
  // 3 free guesses, then 1 s, 2 s, 4 s ... up to 15 minutes between guesses; forgotten after a quiet day.
  pair: { free: 3, firstDelayMs: SECOND, maxDelayMs: 15 * MINUTE, resetAfterMs: 24 * HOUR },
  // 10 different failing addresses within 15 minutes of each other: new addresses wait out those 15 minutes.
  account: { free: 10, firstDelayMs: 15 * MINUTE, maxDelayMs: 15 * MINUTE, resetAfterMs: 15 * MINUTE },
  // 20 free failures from one address across accounts, then growing delays.
  address: { free: 20, firstDelayMs: SECOND, maxDelayMs: 15 * MINUTE, resetAfterMs: 24 * HOUR },
};

export interface CounterState {
  /** Attempts counted (failures, and reservations of attempts still being checked). */
  failures: number;
  /** When the last one was counted, in ms since the epoch. */
  lastAtMs: number;
}

/** The wait required after `failures` counted attempts before the next one may be made. */
export function waitAfter(rule: CounterRule, failures: number): number {
  if (failures < rule.free) return 0;
  const doublings = failures - rule.free;
  // 2 ** 40 and beyond only overflow into the cap.
  return doublings > 40 ? rule.maxDelayMs : Math.min(rule.firstDelayMs * 2 ** doublings, rule.maxDelayMs);
}

/** Whether the counter has been quiet long enough to start again from zero. */
export function isStale(rule: CounterRule, state: CounterState | null, nowMs: number): boolean {
  return !state || nowMs - state.lastAtMs >= rule.resetAfterMs;
}

/** How long (ms) until one more attempt may be counted; 0 when it may be now. */
export function waitLeft(rule: CounterRule, state: CounterState | null, nowMs: number): number {
  if (!state || isStale(rule, state, nowMs)) return 0;
  return Math.max(0, state.lastAtMs + waitAfter(rule, state.failures) - nowMs);
}

/** The counter after one more attempt is counted (only call it when waitLeft is 0). */
export function afterAttempt(rule: CounterRule, state: CounterState | null, nowMs: number): CounterState {
  return { failures: isStale(rule, state, nowMs) ? 1 : state!.failures + 1, lastAtMs: nowMs };
}

/**
 * The distinct waits of a rule as [failures, wait] steps, for the database to apply: every count from `free`
 * up to the first one whose wait is the cap. Counts below the first step wait nothing; beyond the last, the cap.
 */
export function waitSteps(rule: CounterRule): Array<[failures: number, waitMs: number]> {
  const steps: Array<[number, number]> = [];
  for (let f = rule.free; ; f++) {
    const wait = waitAfter(rule, f);
    steps.push([f, wait]);
    if (wait >= rule.maxDelayMs) return steps;
  }
}

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** The one message a throttled sign-in shows, whether or not the account exists. */
export function throttleMessage(retryAfterSeconds: number): string {
  return `Too many attempts. Try again in ${describeWait(retryAfterSeconds)}.`;
}

/** "1 second", "45 seconds", "2 minutes" (rounded up, so the wait is never shorter than said). */
export function describeWait(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return `${s} second${s === 1 ? "" : "s"}`;
  const m = Math.ceil(s / 60);
  return `${m} minute${m === 1 ? "" : "s"}`;
}

/** Milliseconds to whole seconds for Retry-After, never 0 for a refusal. */
export function toRetryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / SECOND));
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function accountKey(email: string): string {
  return `account:${normalizeEmail(email)}`;
}

export function addressKey(address: string | null | undefined): string {
  return `address:${address?.trim() || "unknown"}`;
}

/** One key per account and address; a space separates them (neither an email nor an address holds one). */
export function pairKey(email: string, address: string | null | undefined): string {
  return `pair:${normalizeEmail(email)} ${address?.trim() || "unknown"}`;
}

/** The prefix of every pair key of an account (to clear them all when the account is unlocked). */
export function pairKeyPrefix(email: string): string {
  return `pair:${normalizeEmail(email)} `;
}
