// Getting back in: a one-time password reset link made on the host where the data lives (`syncwright admin
// reset-password`), clearing an account's sign-in counters (`syncwright admin unlock`), and a signed-in user
// changing their own password (current password required; their other sessions end). All audited.
import "server-only";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/app-error";
import { audit } from "@/lib/audit/mutations";
import { toAuditActor, type AuditActor } from "@/lib/audit/schema";
import { generateToken, hashToken } from "@/lib/auth/one-time-token";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { parseInput } from "@/lib/parse-input";
import {
  ChangePasswordSchema,
  EmailSchema,
  OneTimeTokenSchema,
  ResetPasswordSchema,
  type ChangePasswordInput,
  type ResetPasswordInput,
} from "@/lib/auth/schema";
import { clearAccountThrottle, creditSignInAttempt, reserveSignInAttempt } from "@/lib/auth/throttle";
import { throttleMessage } from "@/lib/auth/throttle-policy";

export const RESET_LINK_TTL_MS = 60 * 60 * 1000;

const INVALID_RESET_LINK =
  "This reset link is invalid, expired or already used. Ask the portal's host administrator for a new one.";

/** The audit actor of the host-side commands: whoever can run them can read the database anyway. */
export function hostAdministrator(who: string): AuditActor {
  return { id: "host-administrator", label: `host administrator (${who})` };
}

async function userByEmail(db: Db, email: string) {
  const parsed = EmailSchema.safeParse(email);
  const user = parsed.success ? await db.user.findUnique({ where: { email: parsed.data } }) : null;
  if (!user) throw new AppError("not_found", `No portal user has the email '${email.trim()}'.`);
  return user;
}

/**
 * A one-time link (valid one hour) to set a new password for the user with this email. Earlier unused reset
 * links of the user stop working. The user's role and whether they are disabled do not change.
 */
export async function createPasswordResetLink(
  db: Db,
  actor: AuditActor,
  email: string,
  options: { baseUrl: string; now?: Date },
): Promise<{ url: string; expiresAt: Date; email: string; disabled: boolean }> {
  const user = await userByEmail(db, email);
  const now = options.now ?? new Date();
  const { token, tokenHash } = generateToken();
  const expiresAt = new Date(now.getTime() + RESET_LINK_TTL_MS);
  await db.$transaction(async (tx) => {
    await tx.oneTimeToken.updateMany({
      where: { purpose: "reset", email: user.email, usedAt: null },
      data: { usedAt: now },
    });
    await tx.oneTimeToken.create({
      data: { tokenHash, purpose: "reset", email: user.email, createdAt: now, expiresAt },
    });
    await audit(tx, {
      actor,
      action: "user.password-reset-link",
      targetType: "user",
      targetId: user.id,
      summary: `${actor.label} made a one-time password reset link for ${user.email}`,
      after: { expiresAt: expiresAt.toISOString() },
      at: now,
    });
  });
  return {
    url: `${options.baseUrl.replace(/\/$/, "")}/reset-password?token=${token}`,
    expiresAt,
    email: user.email,
    disabled: user.disabled,
  };
}

/** The email a reset link is for, while it can be used (for the reset page), or null. */
export async function loadPasswordReset(
  db: Db,
  token: string,
  options: { now?: Date } = {},
): Promise<{ email: string } | null> {
  if (!OneTimeTokenSchema.safeParse(token).success) return null;
  const now = options.now ?? new Date();
  const row = await db.oneTimeToken.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row || row.purpose !== "reset" || row.usedAt || row.expiresAt <= now || !row.email) return null;
  return { email: row.email };
}

/**
 * Sets the new password from a reset link, once: the link is claimed in one conditional update, every session
 * of the user ends, and the account's sign-in counters are cleared.
 */
export async function completePasswordReset(
  db: Db,
  token: string,
  input: ResetPasswordInput,
  options: { now?: Date; requestId?: string } = {},
): Promise<{ email: string }> {
  const { password } = parseInput(ResetPasswordSchema, input, "password");
  if (!OneTimeTokenSchema.safeParse(token).success) throw new AppError("not_found", INVALID_RESET_LINK);
  const now = options.now ?? new Date();
  const passwordHash = await hashPassword(password);
  const tokenHash = hashToken(token);
  const email = await db.$transaction(async (tx) => {
    const claimed = await tx.oneTimeToken.updateMany({
      where: { tokenHash, purpose: "reset", usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (claimed.count !== 1) throw new AppError("not_found", INVALID_RESET_LINK);
    const row = await tx.oneTimeToken.findUniqueOrThrow({ where: { tokenHash } });
    const user = row.email ? await tx.user.findUnique({ where: { email: row.email } }) : null;
    if (!user) throw new AppError("not_found", INVALID_RESET_LINK);
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    const ended = await tx.session.updateMany({
      where: { userId: user.id, revokedAt: null },
      data: { revokedAt: now },
    });
    await audit(tx, {
      actor: toAuditActor(user),
      action: "user.password-reset",
      targetType: "user",
      targetId: user.id,
      summary: `${user.name} set a new password with a reset link${ended.count ? ` (${ended.count} session${ended.count === 1 ? "" : "s"} ended)` : ""}`,
      requestId: options.requestId,
      at: now,
    });
    return user.email;
  });
  await clearAccountThrottle(db, email);
  return { email };
}

/** Clears the sign-in counters of the account with this email (not of the addresses that guessed). */
export async function unlockAccount(
  db: Db,
  actor: AuditActor,
  email: string,
  options: { now?: Date } = {},
): Promise<{ email: string; cleared: number }> {
  const user = await userByEmail(db, email);
  const cleared = await clearAccountThrottle(db, user.email);
  await audit(db, {
    actor,
    action: "user.unlock",
    targetType: "user",
    targetId: user.id,
    summary: `${actor.label} cleared the sign-in counters of ${user.email} (${cleared} cleared)`,
    at: options.now,
  });
  return { email: user.email, cleared };
}

/**
 * A signed-in user changes their own password. The current password is checked under the same rate limit as a
 * sign-in (counted per session, so a stolen session cannot guess it quickly); every other session of the user
 * ends, the one in use stays.
 */
export async function changeOwnPassword(
  db: Db,
  user: { id: string; sessionId: string },
  input: ChangePasswordInput,
  options: { now?: Date; requestId?: string } = {},
): Promise<{ endedSessions: number }> {
  const { currentPassword, newPassword } = parseInput(ChangePasswordSchema, input, "password change");
  const now = options.now ?? new Date();
  const row = await db.user.findUnique({ where: { id: user.id } });
  if (!row || row.disabled) throw new AppError("unauthorized", "Sign in to continue.");
  if (!row.passwordHash) {
    throw new AppError("conflict", "Your account signs in with Microsoft; change that password with Microsoft.");
  }
  const attempt = await reserveSignInAttempt(db, { email: row.email, address: `session:${user.sessionId}`, now });
  if (!attempt.allowed) throw new AppError("rate_limited", throttleMessage(attempt.retryAfterSeconds));
  if (!(await verifyPassword(currentPassword, row.passwordHash))) {
    throw new AppError("invalid", "The current password is not correct.", {
      problems: [{ path: "currentPassword", message: "is not correct" }],
    });
  }
  await creditSignInAttempt(db, attempt.reservation);
  const passwordHash = await hashPassword(newPassword);
  return db.$transaction(async (tx) => {
    // Conditional on the hash checked above: a change made meanwhile (another tab, a reset link) wins.
    const changed = await tx.user.updateMany({
      where: { id: row.id, passwordHash: row.passwordHash },
      data: { passwordHash },
    });
    if (changed.count !== 1) throw new AppError("conflict", "Your password was changed meanwhile. Sign in again.");
    const ended = await tx.session.updateMany({
      where: { userId: row.id, revokedAt: null, id: { not: user.sessionId } },
      data: { revokedAt: now },
    });
    await audit(tx, {
      actor: toAuditActor(row),
      action: "user.password-change",
      targetType: "user",
      targetId: row.id,
      summary: `${row.name} changed their password${ended.count ? ` and ended ${ended.count} other session${ended.count === 1 ? "" : "s"}` : ""}`,
      requestId: options.requestId,
      at: now,
    });
    return { endedSessions: ended.count };
  });
}
