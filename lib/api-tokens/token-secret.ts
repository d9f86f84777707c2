// Makes a new API token's text and the hash stored in its place; the text is shown once and never stored.
import { createHash, randomBytes } from "node:crypto";
import { TOKEN_PATTERN } from "./schema";

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export function newTokenText(): { token: string; prefix: string } {
  const bytes = randomBytes(8);
  const prefix = Array.from(bytes, (b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join("");
  return { token: `swt_${prefix}_${randomBytes(32).toString("base64url")}`, prefix };
}

/** SHA-256 is enough: the secret has 256 random bits, so there is nothing to guess that a slow hash would protect. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function looksLikeToken(text: string): boolean {
  return TOKEN_PATTERN.test(text);
}
