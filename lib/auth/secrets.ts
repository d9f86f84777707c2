// Secrets kept in the data folder for the embedded default (session secret, encryption key): generated once,
// written with mode 0600, read back on every later start. Environment variables win where the caller has one.
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { AppError } from "@/lib/app-error";
import { getConfig } from "@/lib/config";
import { ensurePrivateFolder } from "@/lib/data-folder";

const cache = new Map<string, Buffer>();

export interface SecretOptions {
  /** Defaults to getConfig().dataDir. */
  dataDir?: string;
}

/**
 * Returns the secret stored in `<dataDir>/<name>` (hex text), creating it with `bytes` random bytes when the
 * file does not exist. Creation is atomic: when two processes start at once, both end up with the same secret.
 */
export function loadOrCreateSecret(name: string, bytes: number, options: SecretOptions = {}): Buffer {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new AppError("invalid", `Secret name "${name}" must be kebab-case.`);
  if (!Number.isInteger(bytes) || bytes < 16)
    throw new AppError("invalid", `Secret "${name}" must have at least 16 bytes.`);
  const dataDir = options.dataDir ?? getConfig().dataDir;
  const file = path.join(/*turbopackIgnore: true*/ dataDir, name);
  const cached = cache.get(file);
  if (cached && cached.length === bytes) return Buffer.from(cached);

  let secret = readSecret(file, bytes);
  if (!secret) {
    ensurePrivateFolder(dataDir);
    const fresh = randomBytes(bytes);
    const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    fs.writeFileSync(temp, `${fresh.toString("hex")}\n`, { mode: 0o600, flag: "wx" });
    try {
      // link() fails when the target exists, so the first writer wins and nobody reads a half-written file.
      fs.linkSync(temp, file);
      secret = fresh;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      secret = readSecret(file, bytes);
    } finally {
      fs.rmSync(temp, { force: true });
    }
    if (!secret) throw new AppError("internal", `Could not create the secret file ${file}.`);
  }
  cache.set(file, secret);
  return Buffer.from(secret);
}

function readSecret(file: string, bytes: number): Buffer | null {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8").trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  if (!new RegExp(`^[0-9a-fA-F]{${bytes * 2}}$`).test(text)) {
    throw new AppError(
      "invalid",
      `The secret file ${file} must hold ${bytes * 2} hexadecimal characters (${bytes} bytes); restore it from a backup or delete it to generate a new one (existing sessions or encrypted values then stop working).`,
    );
  }
  return Buffer.from(text, "hex");
}

/** The password iron-session seals cookies with: SESSION_SECRET, else a generated `<dataDir>/session-secret`. */
export function getSessionSecret(config: { sessionSecret?: string; dataDir: string } = getConfig()): string {
  return config.sessionSecret ?? loadOrCreateSecret("session-secret", 32, { dataDir: config.dataDir }).toString("hex");
}

/** For tests that create several data folders in one process. */
export function clearSecretCacheForTests(): void {
  cache.clear();
}
