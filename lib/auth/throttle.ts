// Sign-in attempt counters in the SignInThrottle table, shared by every portal instance. An attempt is counted
// (reserved) before its password is checked, each counter with one atomic INSERT ... ON CONFLICT DO UPDATE ...
// WHERE <may count> RETURNING on SQLite and PostgreSQL alike, so parallel guesses can never check more passwords
// than the rules allow; a correct password gives its reservation back. Unknown accounts get counters too, so a
// refusal never tells whether an account exists. The rules are in throttle-policy.ts.
import "server-only";
import { Prisma } from "@/lib/db/generated/sqlite/client";
import type { Db } from "@/lib/db/client";
import {
  DEFAULT_THROTTLE_POLICY,
  accountKey,
  addressKey,
  pairKey,
  pairKeyPrefix,
  toRetryAfterSeconds,
  waitLeft,
  waitSteps,
  type CounterRule,
  type ThrottlePolicy,
} from "@/lib/auth/throttle-policy";

export type ThrottleDb = Pick<Db, "signInThrottle" | "$queryRaw">;

export interface ThrottleSubject {
  email: string;
  address: string | null | undefined;
  now?: Date;
  policy?: ThrottlePolicy;
}

/** What an allowed attempt counted, so a correct password can give exactly that back. */
export interface Reservation {
  email: string;
  address: string | null | undefined;
  /** Whether this attempt was the first counted from its address on the account (then the account counted it). */
  accountCounted: boolean;
}

export type ReserveResult = { allowed: true; reservation: Reservation } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts one attempt against the address, the account and address pair, and (for an address new to the account)
 * the account, before the password is checked. Refused when any counter must wait; then nothing stays counted.
 */
export async function reserveSignInAttempt(db: ThrottleDb, subject: ThrottleSubject): Promise<ReserveResult> {
  const nowMs = (subject.now ?? new Date()).getTime();
  const policy = subject.policy ?? DEFAULT_THROTTLE_POLICY;
  const keys = {
    address: addressKey(subject.address),
    pair: pairKey(subject.email, subject.address),
    account: accountKey(subject.email),
  };

  if ((await count(db, keys.address, policy.address, nowMs)) === null) {
    return refused(db, keys.address, policy.address, nowMs);
  }
  const pairCount = await count(db, keys.pair, policy.pair, nowMs);
  if (pairCount === null) {
    await giveBack(db, keys.address);
    return refused(db, keys.pair, policy.pair, nowMs);
  }
  // Only an address's first counted attempt on the account counts there: one guessing address, however busy,
  // never closes the account to the others; many addresses (distributed guessing) do.
  const accountCounted = pairCount === 1;
  if (accountCounted && (await count(db, keys.account, policy.account, nowMs)) === null) {
    await Promise.all([giveBack(db, keys.pair), giveBack(db, keys.address)]);
    return refused(db, keys.account, policy.account, nowMs);
  }
  return { allowed: true, reservation: { email: subject.email, address: subject.address, accountCounted } };
}

/**
 * A correct password: the account and address pair starts afresh, and the address and the account get this
 * attempt back (not more: a right password must not reopen a spray from the same address).
 */
export async function creditSignInAttempt(db: ThrottleDb, reservation: Reservation): Promise<void> {
  await Promise.all([
    db.signInThrottle.deleteMany({ where: { key: pairKey(reservation.email, reservation.address) } }),
    giveBack(db, addressKey(reservation.address)),
    reservation.accountCounted ? giveBack(db, accountKey(reservation.email)) : Promise.resolve(),
  ]);
}

/** Clears every counter of an account (`syncwright admin unlock`). Returns how many counters there were. */
export async function clearAccountThrottle(db: ThrottleDb, email: string): Promise<number> {
  const result = await db.signInThrottle.deleteMany({
    where: { OR: [{ key: accountKey(email) }, { key: { startsWith: pairKeyPrefix(email) } }] },
  });
  return result.count;
}

/** Deletes counters that have been quiet longer than any rule remembers. */
export async function pruneThrottle(
  db: ThrottleDb,
  options: { now?: Date; policy?: ThrottlePolicy } = {},
): Promise<number> {
  const nowMs = (options.now ?? new Date()).getTime();
  const policy = options.policy ?? DEFAULT_THROTTLE_POLICY;
  const longest = Math.max(policy.pair.resetAfterMs, policy.account.resetAfterMs, policy.address.resetAfterMs);
  const result = await db.signInThrottle.deleteMany({ where: { lastAtMs: { lt: BigInt(nowMs - longest) } } });
  return result.count;
}

/**
 * Counts one attempt on a key if its rule allows one now, in one statement: the row is created, or updated only
 * when it is stale (then it starts again at 1) or its wait is over. Returns the new count, or null when refused.
 */
async function count(db: ThrottleDb, key: string, rule: CounterRule, nowMs: number): Promise<number | null> {
  const now = BigInt(nowMs);
  const staleBefore = BigInt(nowMs - rule.resetAfterMs);
  const steps = waitSteps(rule);
  const row = '"SignInThrottle"';
  const failures = Prisma.raw(`${row}."failures"`);
  const lastAt = Prisma.raw(`${row}."lastAtMs"`);
  // The wait after the counted attempts, as a CASE over the rule's steps (the pure waitAfter, tabulated).
  const wait = Prisma.sql`CASE WHEN ${failures} < CAST(${rule.free} AS INTEGER) THEN CAST(0 AS BIGINT) ${Prisma.join(
    steps.map(([f, ms]) => Prisma.sql`WHEN ${failures} = CAST(${f} AS INTEGER) THEN CAST(${BigInt(ms)} AS BIGINT)`),
    " ",
  )} ELSE CAST(${BigInt(rule.maxDelayMs)} AS BIGINT) END`;
  const rows = await db.$queryRaw<Array<{ failures: number | bigint }>>`
    INSERT INTO "SignInThrottle" ("key", "failures", "lastAtMs") VALUES (${key}, 1, CAST(${now} AS BIGINT))
    ON CONFLICT ("key") DO UPDATE SET
      "failures" = CASE WHEN ${lastAt} <= CAST(${staleBefore} AS BIGINT) THEN 1 ELSE ${failures} + 1 END,
      "lastAtMs" = CAST(${now} AS BIGINT)
    WHERE ${lastAt} <= CAST(${staleBefore} AS BIGINT) OR ${lastAt} + (${wait}) <= CAST(${now} AS BIGINT)
    RETURNING "failures"`;
  return rows.length === 1 ? Number(rows[0].failures) : null;
}

/** Takes one counted attempt back (a refusal further on, or a correct password). */
async function giveBack(db: ThrottleDb, key: string): Promise<void> {
  await db.signInThrottle.updateMany({ where: { key, failures: { gt: 0 } }, data: { failures: { decrement: 1 } } });
}

/** The refusal with the wait left on the counter that refused (read after the fact: only for the message). */
async function refused(
  db: ThrottleDb,
  key: string,
  rule: CounterRule,
  nowMs: number,
): Promise<{ allowed: false; retryAfterSeconds: number }> {
  const row = await db.signInThrottle.findUnique({ where: { key } });
  const left = row ? waitLeft(rule, { failures: row.failures, lastAtMs: Number(row.lastAtMs) }, nowMs) : 0;
  return { allowed: false, retryAfterSeconds: toRetryAfterSeconds(left) };
}
