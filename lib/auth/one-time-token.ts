// One-time link tokens (setup link, invitations, reset links): 32 random bytes in base64url; only the SHA-256 is stored,
// so a copy of the database does not hold usable links.
import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/client";

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("base64url");
}

export function generateToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashToken(token) };
}

/** The database a one-time token prune needs. */
export type OneTimeTokenDb = Pick<Db, "oneTimeToken">;

/**
 * Deletes links that can no longer be used (expired, or used) a day after that: an accepted invitation or a used
 * reset link stays in the audit log, not here. Pending links are kept. Returns how many went.
 */
export async function pruneOneTimeTokens(db: OneTimeTokenDb, options: { now?: Date } = {}): Promise<number> {
  const dayAgo = new Date((options.now ?? new Date()).getTime() - 24 * 60 * 60 * 1000);
  const result = await db.oneTimeToken.deleteMany({
    where: { OR: [{ expiresAt: { lt: dayAgo } }, { usedAt: { lt: dayAgo } }] },
  });
  return result.count;
}
