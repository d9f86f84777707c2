// Encrypts short secrets at rest (an environment's client secret) with AES-256-GCM in a versioned text format,
// and finds the key: SECRET_ENCRYPTION_KEY, or a key file generated once into the data folder.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { AppError } from "@/lib/app-error";
import { ensurePrivateFolder } from "@/lib/data-folder";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const SECRET_KEY_FILE = "secret-encryption.key";

/**
 * A sealed secret: `v1:<key id>:<iv>:<tag>:<ciphertext>`, each part base64url. The key id (8 characters of the
 * key's SHA-256) is not secret; it lets a failure say "encrypted with another key" instead of "tampered".
 */
export type SealedSecret = string;

export function keyId(key: Buffer): string {
  return createHash("sha256").update(key).digest("base64url").slice(0, 8);
}

function checkKey(key: Buffer): void {
  if (key.length !== 32)
    throw new AppError("internal", `The secret encryption key must be 32 bytes, got ${key.length}.`);
}

/**
 * Encrypts `plaintext`. `context` (for example the environment id) is bound as associated data, so a sealed
 * secret copied onto another record does not decrypt there.
 */
export function encryptSecret(plaintext: string, key: Buffer, context = ""): SealedSecret {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(`${VERSION}:${context}`, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [
    VERSION,
    keyId(key),
    iv.toString("base64url"),
    tag.toString("base64url"),
    ciphertext.toString("base64url"),
  ].join(":");
}

/** Decrypts a sealed secret; any change to it, another key or another context gives one clear AppError. */
export function decryptSecret(sealed: SealedSecret, key: Buffer, context = ""): string {
  checkKey(key);
  const parts = typeof sealed === "string" ? sealed.split(":") : [];
  if (parts.length !== 5 || parts[0] !== VERSION) {
    const version = parts.length > 0 && parts[0] ? `"${parts[0].slice(0, 8)}"` : "none";
    throw new AppError(
      "invalid",
      `The stored secret is not in a known format (expected ${VERSION}:..., found version ${version}).`,
    );
  }
  const [, kid, ivText, tagText, ciphertextText] = parts;
  if (kid !== keyId(key)) {
    throw new AppError(
      "invalid",
      `The stored secret was encrypted with another key (key id ${kid}, current key id ${keyId(key)}); was SECRET_ENCRYPTION_KEY or the key file changed? Enter the secret again.`,
    );
  }
  const iv = strictBase64url(ivText);
  const tag = strictBase64url(tagText);
  const ciphertext = strictBase64url(ciphertextText);
  if (!iv || !tag || !ciphertext || iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new AppError(
      "invalid",
      "The stored secret is damaged (its nonce, tag or ciphertext has the wrong length or characters).",
    );
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(`${VERSION}:${context}`, "utf8"));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
  } catch (cause) {
    throw new AppError(
      "invalid",
      "The stored secret failed its integrity check: it was altered or belongs to another record.",
      { cause },
    );
  }
}

// Node's decoder ignores stray characters and non-zero padding bits; only the canonical spelling is accepted,
// so that any edit of the text is detected.
function strictBase64url(text: string): Buffer | undefined {
  const bytes = Buffer.from(text, "base64url");
  return bytes.toString("base64url") === text ? bytes : undefined;
}

/** Parses 64 hexadecimal characters into a 32-byte key. */
export function parseHexKey(hex: string, source: string): Buffer {
  const text = hex.trim();
  if (!/^[0-9a-fA-F]{64}$/.test(text)) {
    throw new AppError("invalid", `${source} must hold 64 hexadecimal characters (32 bytes).`);
  }
  return Buffer.from(text, "hex");
}

/**
 * The key to use: `secretEncryptionKey` (SECRET_ENCRYPTION_KEY) when set, otherwise `<dataDir>/secret-encryption.key`,
 * created with mode 0600 on first use for the embedded default. Creation is exclusive, so two processes starting
 * together end up with the same key.
 */
export function loadSecretKey(config: { secretEncryptionKey?: string; dataDir: string }): Buffer {
  if (config.secretEncryptionKey) return parseHexKey(config.secretEncryptionKey, "SECRET_ENCRYPTION_KEY");
  const file = path.join(config.dataDir, SECRET_KEY_FILE);
  try {
    return parseHexKey(fs.readFileSync(file, "utf8"), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  ensurePrivateFolder(config.dataDir);
  // Write a complete temporary file, then link it into place: link() fails if the key file appeared meanwhile,
  // and a reader never sees a half-written key.
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  fs.writeFileSync(temporary, `${randomBytes(32).toString("hex")}\n`, { mode: 0o600, flag: "wx" });
  try {
    fs.linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    fs.rmSync(temporary, { force: true });
  }
  return parseHexKey(fs.readFileSync(file, "utf8"), file);
}
