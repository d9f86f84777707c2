// One-time link tokens (setup link, invitations): 32 random bytes in base64url; only the SHA-256 is stored,
// so a copy of the database does not hold usable links.
import { createHash, randomBytes } from "node:crypto";

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("base64url");
}

export function generateToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashToken(token) };
}
