// The signed-in user's own account page: who they are, how they sign in, and how many other sessions are open.
import "server-only";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/app-error";
import type { Role } from "@/lib/auth/schema";

export interface AccountView {
  name: string;
  email: string;
  role: Role;
  /** Has a local password (can change it here). */
  hasPassword: boolean;
  entraLinked: boolean;
  /** Open sessions besides the one in use. */
  otherSessions: number;
}

export async function loadAccount(
  db: Pick<Db, "user" | "session">,
  user: { id: string; sessionId: string },
  options: { now?: Date } = {},
): Promise<AccountView> {
  const row = await db.user.findUnique({ where: { id: user.id } });
  if (!row) throw new AppError("not_found", "This account no longer exists.");
  const otherSessions = await db.session.count({
    where: {
      userId: user.id,
      revokedAt: null,
      id: { not: user.sessionId },
      expiresAt: { gt: options.now ?? new Date() },
    },
  });
  return {
    name: row.name,
    email: row.email,
    role: row.role as Role,
    hasPassword: !!row.passwordHash,
    entraLinked: !!row.entraOid,
    otherSessions,
  };
}
