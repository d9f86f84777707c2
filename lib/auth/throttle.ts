// Failed sign-in counters in the SignInThrottle table, per account and per address, shared by every portal
// instance. Unknown accounts get counters too, so a refusal never tells whether an account exists.
import "server-only";
import type { Db } from "@/lib/db/client";
import {
  DEFAULT_THROTTLE_POLICY,
  accountKey,
  addressKey,
  afterFailure,
  combineDecisions,
  evaluateThrottle,
  type ThrottleDecision,
  type ThrottleLimit,
  type ThrottlePolicy,
} from "@/lib/auth/throttle-policy";

export type ThrottleDb = Pick<Db, "signInThrottle">;

export interface ThrottleSubject {
  email: string;
  address: string | null | undefined;
  now?: Date;
  policy?: ThrottlePolicy;
}

/** Whether this account and this address may try to sign in now. */
export async function checkSignInThrottle(db: ThrottleDb, subject: ThrottleSubject): Promise<ThrottleDecision> {
  const now = subject.now ?? new Date();
  const rows = await db.signInThrottle.findMany({
    where: { key: { in: [accountKey(subject.email), addressKey(subject.address)] } },
  });
  return combineDecisions(...rows.map((row) => evaluateThrottle(row, now)));
}

/** Counts one failed sign-in against the account and the address; returns the decision for the next attempt. */
export async function recordSignInFailure(db: ThrottleDb, subject: ThrottleSubject): Promise<ThrottleDecision> {
  const now = subject.now ?? new Date();
  const policy = subject.policy ?? DEFAULT_THROTTLE_POLICY;
  const [account, address] = await Promise.all([
    bump(db, accountKey(subject.email), policy.account, now),
    bump(db, addressKey(subject.address), policy.address, now),
  ]);
  return combineDecisions(evaluateThrottle(account, now), evaluateThrottle(address, now));
}

/** A successful sign-in clears the account's counter (not the address's: one right password must not reopen a spray). */
export async function resetAccountThrottle(db: ThrottleDb, email: string): Promise<void> {
  await db.signInThrottle.deleteMany({ where: { key: accountKey(email) } });
}

// Optimistic read-compute-write: the update only lands if the row is still what we read, so two instances
// counting at once never lose a failure. A handful of retries is plenty for sign-in traffic.
async function bump(db: ThrottleDb, key: string, limit: ThrottleLimit, now: Date) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const row = await db.signInThrottle.findUnique({ where: { key } });
    const next = afterFailure(row, now, limit);
    if (!row) {
      try {
        await db.signInThrottle.create({ data: { key, ...next } });
        return next;
      } catch (error) {
        if ((error as { code?: string }).code === "P2002") continue; // created by someone else meanwhile
        throw error;
      }
    }
    const result = await db.signInThrottle.updateMany({
      where: { key, failures: row.failures, windowStart: row.windowStart },
      data: next,
    });
    if (result.count === 1) return next;
  }
  // Constant contention means an attack in progress: treat the key as locked rather than fail the request.
  return {
    failures: limit.limit,
    windowStart: now,
    lockedUntil: new Date(now.getTime() + limit.windowMinutes * 60_000),
  };
}

/** Deletes counters whose window and lock are long over. */
export async function pruneThrottle(
  db: ThrottleDb,
  options: { now?: Date; policy?: ThrottlePolicy } = {},
): Promise<number> {
  const now = options.now ?? new Date();
  const policy = options.policy ?? DEFAULT_THROTTLE_POLICY;
  const longest = Math.max(policy.account.windowMinutes, policy.address.windowMinutes) * 60_000;
  const cutoff = new Date(now.getTime() - 2 * longest);
  const result = await db.signInThrottle.deleteMany({
    where: { windowStart: { lt: cutoff }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
  });
  return result.count;
}
