// Portal users for the owner's Users screen: list, change role, disable and enable. The portal always keeps
// at least one enabled owner, so nobody can lock everyone out.
import "server-only";
import type { Prisma } from "@/lib/db/generated/sqlite/client";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/app-error";
import { audit } from "@/lib/audit/mutations";
import { toAuditActor } from "@/lib/audit/schema";
import type { Actor } from "@/lib/auth/invitations";
import { parseInput } from "@/lib/parse-input";
import { requireRole } from "@/lib/auth/roles";
import { ChangeRoleSchema, type ChangeRoleInput, type Role } from "@/lib/auth/schema";

export interface UserListItem {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  /** Signs in with Microsoft. */
  entraLinked: boolean;
  /** Has a local password. */
  hasPassword: boolean;
  createdAt: Date;
}

/** Every user, owners first, then by name. Anyone who may read may see who else works here. */
export async function listUsers(db: Pick<Db, "user">): Promise<UserListItem[]> {
  const rows = await db.user.findMany({ orderBy: [{ name: "asc" }, { email: "asc" }] });
  const rank: Record<string, number> = { owner: 0, editor: 1, viewer: 2 };
  return rows.map(toItem).sort((a, b) => (rank[a.role] ?? 9) - (rank[b.role] ?? 9));
}

const LAST_OWNER = "The portal needs at least one enabled owner. Make another user owner first.";

async function enabledOwnerCount(tx: Prisma.TransactionClient): Promise<number> {
  return tx.user.count({ where: { role: "owner", disabled: false } });
}

/** Changes a user's role (owners only). The last enabled owner cannot be demoted. */
export async function changeRole(
  db: Db,
  actor: Actor,
  input: ChangeRoleInput,
  options: { requestId?: string; now?: Date } = {},
): Promise<UserListItem> {
  requireRole(actor, "manage-users");
  const { userId, role } = parseInput(ChangeRoleSchema, input, "role change");
  return db.$transaction(async (tx) => {
    const target = await tx.user.findUnique({ where: { id: userId } });
    if (!target) throw new AppError("not_found", "This user does not exist.");
    if (target.role === role) return toItem(target);
    if (target.role === "owner" && !target.disabled && (await enabledOwnerCount(tx)) <= 1) {
      throw new AppError("conflict", LAST_OWNER);
    }
    const updated = await tx.user.update({ where: { id: userId }, data: { role } });
    await audit(tx, {
      actor: toAuditActor(actor),
      action: "user.role-change",
      targetType: "user",
      targetId: userId,
      summary: `${actor.name} changed the role of ${target.name} from ${target.role} to ${role}`,
      before: { role: target.role },
      after: { role },
      requestId: options.requestId,
      at: options.now,
    });
    return toItem(updated);
  });
}

/** Disables or enables a user (owners only). Disabling ends all their sessions; the last enabled owner stays. */
export async function setUserDisabled(
  db: Db,
  actor: Actor,
  input: { userId: string; disabled: boolean },
  options: { requestId?: string; now?: Date } = {},
): Promise<UserListItem> {
  requireRole(actor, "manage-users");
  const now = options.now ?? new Date();
  return db.$transaction(async (tx) => {
    const target = await tx.user.findUnique({ where: { id: input.userId } });
    if (!target) throw new AppError("not_found", "This user does not exist.");
    if (target.disabled === input.disabled) return toItem(target);
    if (input.disabled && target.role === "owner" && (await enabledOwnerCount(tx)) <= 1) {
      throw new AppError("conflict", LAST_OWNER);
    }
    const updated = await tx.user.update({ where: { id: target.id }, data: { disabled: input.disabled } });
    let ended = 0;
    if (input.disabled) {
      ended = (await tx.session.updateMany({ where: { userId: target.id, revokedAt: null }, data: { revokedAt: now } }))
        .count;
    }
    await audit(tx, {
      actor: toAuditActor(actor),
      action: input.disabled ? "user.disable" : "user.enable",
      targetType: "user",
      targetId: target.id,
      summary: input.disabled
        ? `${actor.name} disabled ${target.name}${ended ? ` and ended ${ended} session${ended === 1 ? "" : "s"}` : ""}`
        : `${actor.name} enabled ${target.name}`,
      before: { disabled: target.disabled },
      after: { disabled: input.disabled },
      requestId: options.requestId,
      at: now,
    });
    return toItem(updated);
  });
}

function toItem(u: {
  id: string;
  email: string;
  name: string;
  role: string;
  disabled: boolean;
  entraOid: string | null;
  passwordHash: string | null;
  createdAt: Date;
}): UserListItem {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role as Role,
    disabled: u.disabled,
    entraLinked: !!u.entraOid,
    hasPassword: !!u.passwordHash,
    createdAt: u.createdAt,
  };
}
