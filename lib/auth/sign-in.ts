// Signing in: with a password (rate limited, same answer and timing whether or not the account exists) and
// with a verified Microsoft identity (mapped to a portal user). Both end in a user for createSession().
import "server-only";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/app-error";
import { audit } from "@/lib/audit/mutations";
import { toAuditActor } from "@/lib/audit/schema";
import { logger as defaultLogger, type Logger } from "@/lib/logger";
import { claimInvite, createInvitedUser } from "@/lib/auth/invitations";
import { hashPassword, needsRehash, verifyDummyPassword, verifyPassword } from "@/lib/auth/password";
import { SignInSchema, type Role } from "@/lib/auth/schema";
import type { SessionUser } from "@/lib/auth/session";
import { creditSignInAttempt, reserveSignInAttempt } from "@/lib/auth/throttle";
import { throttleMessage, type ThrottlePolicy } from "@/lib/auth/throttle-policy";
import type { EntraIdentity } from "@/lib/auth/entra";

export const INVALID_CREDENTIALS = "The email or password is not correct.";
export const ACCOUNT_DISABLED = "This account is disabled. Ask an owner to enable it.";

export type SignInResult =
  | { ok: true; user: SessionUser }
  | { ok: false; reason: "invalid" | "disabled"; message: string }
  | { ok: false; reason: "throttled"; message: string; retryAfterSeconds: number };

export interface SignInOptions {
  now?: Date;
  requestId?: string;
  policy?: ThrottlePolicy;
  logger?: Logger;
}

/**
 * Checks an email and password. Unknown accounts, accounts without a password (Microsoft only) and wrong
 * passwords give the same message after the same work; throttled attempts give the same message for all.
 */
export async function signInWithPassword(
  db: Db,
  input: { email: string; password: string; address: string | null | undefined },
  options: SignInOptions = {},
): Promise<SignInResult> {
  const log = options.logger ?? defaultLogger;
  const now = options.now ?? new Date();
  const parsed = SignInSchema.safeParse(input);
  // Malformed input is still an attempt: it costs a hash and counts, so it cannot be used to probe.
  const email = parsed.success
    ? parsed.data.email
    : String(input.email ?? "")
        .trim()
        .toLowerCase()
        .slice(0, 254);
  const subject = { email, address: input.address, now, policy: options.policy };

  // The attempt is counted before the password is checked, in one atomic step per counter: parallel guesses
  // cannot all pass the check before any of them is counted. A correct password gives it back below.
  const throttle = await reserveSignInAttempt(db, subject);
  if (!throttle.allowed) {
    log.warn(
      { event: "sign-in.throttled", email, address: input.address, requestId: options.requestId },
      "sign-in refused: too many attempts",
    );
    return {
      ok: false,
      reason: "throttled",
      message: throttleMessage(throttle.retryAfterSeconds),
      retryAfterSeconds: throttle.retryAfterSeconds,
    };
  }

  const user = parsed.success ? await db.user.findUnique({ where: { email } }) : null;
  // Bounded, so a megabyte "password" costs no more than a real one.
  const typed = String(input.password ?? "").slice(0, 1024);
  const valid = user?.passwordHash ? await verifyPassword(typed, user.passwordHash) : await verifyDummyPassword(typed);

  if (!user || !valid) {
    // The reservation stays: it is the record of this failure.
    log.warn(
      { event: "sign-in.failed", email, address: input.address, requestId: options.requestId },
      "sign-in failed",
    );
    return { ok: false, reason: "invalid", message: INVALID_CREDENTIALS };
  }
  // Said only to someone who knows the password, so it reveals nothing to a guesser.
  if (user.disabled) return { ok: false, reason: "disabled", message: ACCOUNT_DISABLED };

  await creditSignInAttempt(db, throttle.reservation);
  if (needsRehash(user.passwordHash!)) {
    await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(typed) } });
  }
  await audit(db, {
    actor: toAuditActor(user),
    action: "user.sign-in",
    targetType: "user",
    targetId: user.id,
    summary: `${user.name} signed in with a password`,
    requestId: options.requestId,
    at: now,
  });
  log.info({ event: "sign-in", userId: user.id, method: "password", requestId: options.requestId }, "signed in");
  return {
    ok: true,
    user: { id: user.id, email: user.email, name: user.name, role: user.role as Role, entraOid: user.entraOid },
  };
}

export const ENTRA_NOT_INVITED =
  "Your Microsoft account has no access to this portal. Ask an owner to invite your work email address.";

/**
 * Maps a verified Microsoft identity to a portal user:
 * 1. the user already linked to this object id;
 * 2. else an existing user with this email and no Microsoft link yet (linked now: the tenant is pinned, so the
 *    organization vouches for the address);
 * 3. else an open invitation for this email (the account is created with the invited role).
 * Anyone else is refused: the first owner is always created through the setup link.
 */
export async function signInWithEntra(
  db: Db,
  identity: EntraIdentity,
  options: { now?: Date; requestId?: string; logger?: Logger } = {},
): Promise<SessionUser> {
  const log = options.logger ?? defaultLogger;
  const now = options.now ?? new Date();
  const email = identity.email?.trim().toLowerCase() || null;

  const user = await db.$transaction(async (tx) => {
    const linked = await tx.user.findUnique({ where: { entraOid: identity.oid } });
    if (linked) return { user: linked, how: "signed in with Microsoft" };
    if (email) {
      const byEmail = await tx.user.findUnique({ where: { email } });
      if (byEmail && !byEmail.entraOid) {
        const updated = await tx.user.update({ where: { id: byEmail.id }, data: { entraOid: identity.oid } });
        await audit(tx, {
          actor: toAuditActor(updated),
          action: "user.link-entra",
          targetType: "user",
          targetId: updated.id,
          summary: `${updated.name} linked a Microsoft account to their portal account`,
          after: { entraOid: identity.oid, tenantId: identity.tid },
          requestId: options.requestId,
          at: now,
        });
        return { user: updated, how: "signed in with Microsoft for the first time" };
      }
      if (byEmail) return null; // the email belongs to someone linked to another Microsoft account
      const invite = await claimInvite(tx, { email }, now);
      if (invite) {
        const created = await createInvitedUser(
          tx,
          invite,
          { name: identity.name || email, passwordHash: null, entraOid: identity.oid },
          now,
          options.requestId,
          "entra",
        );
        return { user: { ...created, disabled: false }, how: "signed in with Microsoft for the first time" };
      }
    }
    return null;
  });

  if (!user) {
    log.warn(
      { event: "sign-in.entra.refused", oid: identity.oid, email, requestId: options.requestId },
      "Microsoft sign-in refused: no portal user",
    );
    throw new AppError("forbidden", ENTRA_NOT_INVITED);
  }
  if (user.user.disabled) throw new AppError("forbidden", ACCOUNT_DISABLED);
  const u = user.user;
  await audit(db, {
    actor: toAuditActor(u),
    action: "user.sign-in",
    targetType: "user",
    targetId: u.id,
    summary: `${u.name} ${user.how}`,
    requestId: options.requestId,
    at: now,
  });
  log.info({ event: "sign-in", userId: u.id, method: "entra", requestId: options.requestId }, "signed in");
  return { id: u.id, email: u.email, name: u.name, role: u.role as Role, entraOid: u.entraOid };
}
