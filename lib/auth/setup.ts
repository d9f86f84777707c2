// The first owner: while nobody owns the portal, start-up asks for a one-time setup link (printed on the
// console); the link creates exactly one owner, once, within its hour.
import "server-only";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/app-error";
import { audit } from "@/lib/audit/mutations";
import { toAuditActor } from "@/lib/audit/schema";
import { generateToken, hashToken } from "@/lib/auth/one-time-token";
import { hashPassword } from "@/lib/auth/password";
import { OneTimeTokenSchema, SetupSchema, type SetupInput } from "@/lib/auth/schema";
import { parseInput } from "@/lib/parse-input";
import type { SessionUser } from "@/lib/auth/session";

export const SETUP_LINK_TTL_MS = 60 * 60 * 1000;

const INVALID_SETUP_LINK =
  "This setup link is invalid, expired or already used. Restart the portal to print a new one.";

/** Whether an owner exists (then the portal is set up, whether or not that owner is enabled). */
export async function hasOwner(db: Pick<Db, "user">): Promise<boolean> {
  return (await db.user.count({ where: { role: "owner" } })) > 0;
}

/**
 * When the portal has no owner yet, creates a fresh setup token and returns its link (print it); otherwise
 * null. Earlier unexpired links stay valid (several instances may print one each); the first one used wins.
 */
export async function ensureSetupLink(
  db: Db,
  baseUrl: string,
  options: { now?: Date } = {},
): Promise<{ url: string; expiresAt: Date } | null> {
  const now = options.now ?? new Date();
  if (await hasOwner(db)) return null;
  const { token, tokenHash } = generateToken();
  const expiresAt = new Date(now.getTime() + SETUP_LINK_TTL_MS);
  await db.oneTimeToken.deleteMany({ where: { purpose: "setup", expiresAt: { lt: now } } });
  await db.oneTimeToken.create({ data: { tokenHash, purpose: "setup", createdAt: now, expiresAt } });
  return { url: `${baseUrl.replace(/\/$/, "")}/setup?token=${token}`, expiresAt };
}

/** Whether a setup token can still be used (for the setup page to show the form or the "link expired" note). */
export async function isSetupTokenUsable(db: Db, token: string, options: { now?: Date } = {}): Promise<boolean> {
  if (!OneTimeTokenSchema.safeParse(token).success) return false;
  const now = options.now ?? new Date();
  const row = await db.oneTimeToken.findUnique({ where: { tokenHash: hashToken(token) } });
  return !!row && row.purpose === "setup" && !row.usedAt && row.expiresAt > now && !(await hasOwner(db));
}

/**
 * Creates the first owner from a setup link. Fails with AppError("not_found") for an unknown, used or expired
 * link, AppError("conflict") when an owner already exists, AppError("invalid") naming the field for bad input.
 */
export async function completeSetup(
  db: Db,
  token: string,
  input: SetupInput,
  options: { now?: Date; requestId?: string } = {},
): Promise<SessionUser> {
  const { name, email, password } = parseInput(SetupSchema, input, "account");
  if (!OneTimeTokenSchema.safeParse(token).success) throw new AppError("not_found", INVALID_SETUP_LINK);
  const now = options.now ?? new Date();
  const passwordHash = await hashPassword(password);
  const tokenHash = hashToken(token);

  return db.$transaction(async (tx) => {
    // The claim is one conditional update: of two requests with the same link, only one gets count 1.
    const claimed = await tx.oneTimeToken.updateMany({
      where: { tokenHash, purpose: "setup", usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (claimed.count !== 1) throw new AppError("not_found", INVALID_SETUP_LINK);
    if ((await tx.user.count({ where: { role: "owner" } })) > 0) {
      throw new AppError("conflict", "The portal already has an owner. Sign in, or ask the owner for an invitation.");
    }
    if (await tx.user.findUnique({ where: { email } })) {
      throw new AppError("conflict", "A user with this email already exists.", {
        problems: [{ path: "email", message: "is already used" }],
      });
    }
    const user = await tx.user.create({ data: { email, name, role: "owner", passwordHash } });
    // Every other setup link dies with the first use.
    await tx.oneTimeToken.updateMany({ where: { purpose: "setup", usedAt: null }, data: { usedAt: now } });
    await audit(tx, {
      actor: toAuditActor(user),
      action: "user.setup",
      targetType: "user",
      targetId: user.id,
      summary: `${user.name} set up the portal and became its first owner`,
      after: { email: user.email, name: user.name, role: user.role },
      requestId: options.requestId,
      at: now,
    });
    return { id: user.id, email: user.email, name: user.name, role: "owner" as const, entraOid: null };
  });
}
