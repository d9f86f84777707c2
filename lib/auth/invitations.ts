// Invitations: an owner invites an email with a role; the link (valid 7 days, once) lets that person choose a
// name and password, or sign in with Microsoft when the email is their work account.
import "server-only";
import type { Prisma } from "@/lib/db/generated/sqlite/client";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/app-error";
import { audit } from "@/lib/audit/mutations";
import { toAuditActor } from "@/lib/audit/schema";
import { generateToken, hashToken } from "@/lib/auth/one-time-token";
import { hashPassword } from "@/lib/auth/password";
import { parseInput } from "@/lib/parse-input";
import { requireRole } from "@/lib/auth/roles";
import {
  AcceptInviteSchema,
  InviteSchema,
  OneTimeTokenSchema,
  type AcceptInviteInput,
  type InviteInput,
  type Role,
} from "@/lib/auth/schema";
import type { SessionUser } from "@/lib/auth/session";

export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const INVALID_INVITE = "This invitation link is invalid, expired or already used. Ask an owner for a new one.";

export interface Actor {
  id: string;
  name: string;
  email: string;
  role: string;
}

/** Creates an invitation (owners only). A newer invitation for the same email replaces the older one. */
export async function createInvite(
  db: Db,
  actor: Actor,
  input: InviteInput,
  options: { baseUrl: string; now?: Date; requestId?: string },
): Promise<{ id: string; url: string; email: string; role: Role; expiresAt: Date }> {
  requireRole(actor, "manage-users");
  const { email, role } = parseInput(InviteSchema, input, "invitation");
  const now = options.now ?? new Date();
  const { token, tokenHash } = generateToken();
  const expiresAt = new Date(now.getTime() + INVITE_TTL_MS);

  const created = await db.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email } })) {
      throw new AppError("conflict", `${email} already has an account.`, {
        problems: [{ path: "email", message: "already has an account" }],
      });
    }
    const replaced = await tx.oneTimeToken.updateMany({
      where: { purpose: "invite", email, usedAt: null },
      data: { usedAt: now },
    });
    const row = await tx.oneTimeToken.create({
      data: { tokenHash, purpose: "invite", email, role, createdById: actor.id, createdAt: now, expiresAt },
    });
    await audit(tx, {
      actor: toAuditActor(actor),
      action: "user.invite",
      targetType: "invitation",
      targetId: row.id,
      summary: `${actor.name} invited ${email} as ${role}${replaced.count ? " (replacing an earlier invitation)" : ""}`,
      after: { email, role, expiresAt },
      requestId: options.requestId,
      at: now,
    });
    return row;
  });
  return { id: created.id, url: `${options.baseUrl.replace(/\/$/, "")}/invite?token=${token}`, email, role, expiresAt };
}

/** What the invitation page shows before the person accepts, or null for an unusable link. */
export async function loadInvite(
  db: Db,
  token: string,
  options: { now?: Date } = {},
): Promise<{ email: string; role: Role; expiresAt: Date } | null> {
  if (!OneTimeTokenSchema.safeParse(token).success) return null;
  const now = options.now ?? new Date();
  const row = await db.oneTimeToken.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row || row.purpose !== "invite" || row.usedAt || row.expiresAt <= now || !row.email || !row.role) return null;
  return { email: row.email, role: row.role as Role, expiresAt: row.expiresAt };
}

/** Open invitations for the Users screen (the links themselves cannot be shown again: only hashes are kept). */
export async function listPendingInvites(
  db: Db,
  options: { now?: Date } = {},
): Promise<Array<{ id: string; email: string; role: Role; createdAt: Date; expiresAt: Date }>> {
  const rows = await db.oneTimeToken.findMany({
    where: { purpose: "invite", usedAt: null, expiresAt: { gt: options.now ?? new Date() } },
    orderBy: { createdAt: "desc" },
  });
  return rows.map((row) => ({
    id: row.id,
    email: row.email ?? "",
    role: row.role as Role,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
  }));
}

/** Withdraws an open invitation (owners only). */
export async function revokeInvite(
  db: Db,
  actor: Actor,
  inviteId: string,
  options: { now?: Date; requestId?: string } = {},
): Promise<void> {
  requireRole(actor, "manage-users");
  const now = options.now ?? new Date();
  await db.$transaction(async (tx) => {
    const row = await tx.oneTimeToken.findUnique({ where: { id: inviteId } });
    if (!row || row.purpose !== "invite" || row.usedAt)
      throw new AppError("not_found", "This invitation does not exist or was already used.");
    await tx.oneTimeToken.update({ where: { id: inviteId }, data: { usedAt: now } });
    await audit(tx, {
      actor: toAuditActor(actor),
      action: "user.invite-revoke",
      targetType: "invitation",
      targetId: row.id,
      summary: `${actor.name} withdrew the invitation of ${row.email}`,
      before: { email: row.email, role: row.role },
      requestId: options.requestId,
      at: now,
    });
  });
}

/** Accepts an invitation with a name and password: creates the user with the invited email and role. */
export async function acceptInvite(
  db: Db,
  token: string,
  input: AcceptInviteInput,
  options: { now?: Date; requestId?: string } = {},
): Promise<SessionUser> {
  const { name, password } = parseInput(AcceptInviteSchema, input, "account");
  if (!OneTimeTokenSchema.safeParse(token).success) throw new AppError("not_found", INVALID_INVITE);
  const now = options.now ?? new Date();
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    const invite = await claimInvite(tx, { tokenHash: hashToken(token) }, now);
    if (!invite) throw new AppError("not_found", INVALID_INVITE);
    return createInvitedUser(tx, invite, { name, passwordHash, entraOid: null }, now, options.requestId, "password");
  });
}

export interface ClaimedInvite {
  id: string;
  email: string;
  role: Role;
}

/** Marks one usable invitation used (by token hash or by email) and returns it; null when there is none. */
export async function claimInvite(
  tx: Prisma.TransactionClient,
  by: { tokenHash: string } | { email: string },
  now: Date,
): Promise<ClaimedInvite | null> {
  const row = await tx.oneTimeToken.findFirst({
    where: { ...by, purpose: "invite", usedAt: null, expiresAt: { gt: now } },
    orderBy: { createdAt: "desc" },
  });
  if (!row || !row.email || !row.role) return null;
  // Conditional: of two acceptances racing for one link, exactly one gets count 1.
  const claimed = await tx.oneTimeToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } });
  if (claimed.count !== 1) return null;
  return { id: row.id, email: row.email, role: row.role as Role };
}

export async function createInvitedUser(
  tx: Prisma.TransactionClient,
  invite: ClaimedInvite,
  fields: { name: string; passwordHash: string | null; entraOid: string | null },
  now: Date,
  requestId: string | undefined,
  method: "password" | "entra",
): Promise<SessionUser> {
  if (await tx.user.findUnique({ where: { email: invite.email } })) {
    throw new AppError("conflict", `${invite.email} already has an account. Sign in instead.`);
  }
  const user = await tx.user.create({
    data: {
      email: invite.email,
      name: fields.name,
      role: invite.role,
      passwordHash: fields.passwordHash,
      entraOid: fields.entraOid,
    },
  });
  await audit(tx, {
    actor: toAuditActor(user),
    action: "user.accept-invite",
    targetType: "user",
    targetId: user.id,
    summary: `${user.name} accepted the invitation as ${user.role}${method === "entra" ? " with a Microsoft account" : ""}`,
    after: { email: user.email, name: user.name, role: user.role, entra: !!fields.entraOid },
    requestId,
    at: now,
  });
  return { id: user.id, email: user.email, name: user.name, role: user.role as Role, entraOid: user.entraOid };
}
