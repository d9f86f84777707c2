// The portal's bundle-signing key pair: from SYNCWRIGHT_SIGNING_PRIVATE_KEY (PEM text or a path to a PEM file),
// or for the embedded default generated once into <dataDir>/signing-key.pem + signing-key.pub.pem (both 0600, in a 0700 folder).
// The private key never leaves the server; the public key is what Settings shows and devices verify with.
import fs from "node:fs";
import path from "node:path";
import { createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import { AppError } from "@/lib/app-error";
import { keyIdOf, parsePrivateKeyPem, parsePublicKeyPem, type BundleSigner } from "./sign";
import { ensurePrivateFolder } from "@/lib/data-folder";

export const PRIVATE_KEY_FILE = "signing-key.pem";
export const PUBLIC_KEY_FILE = "signing-key.pub.pem";

export interface SigningKeyConfig {
  dataDir: string;
  /** SYNCWRIGHT_SIGNING_PRIVATE_KEY: PEM text ("-----BEGIN PRIVATE KEY-----...", "\n" escapes allowed) or a file path. */
  signingPrivateKey?: string;
  /** SYNCWRIGHT_SIGNING_PUBLIC_KEY: optional; when set it must be the private key's public half (catches a mixed-up pair). */
  signingPublicKey?: string;
}

export interface SigningKeys extends BundleSigner {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyId: string;
  /** SPKI PEM of the public key: for Settings, the well-known URL and `syncwright verify --public-key`. */
  publicKeyPem: string;
  source: "environment" | "file" | "generated";
}

const cache = new Map<string, SigningKeys>();

/** PEM text as given, or the content of the file it names. `variable` names the origin in errors. */
function pemOrFile(value: string, variable: string): { pem: string; where: string } {
  const text = value.includes("\\n") && value.includes("-----BEGIN") ? value.replace(/\\n/g, "\n") : value;
  if (text.trimStart().startsWith("-----BEGIN")) return { pem: text, where: variable };
  const file = path.resolve(/*turbopackIgnore: true*/ text.trim());
  try {
    return { pem: fs.readFileSync(file, "utf8"), where: `${variable} (${file})` };
  } catch (e) {
    throw new AppError(
      "invalid",
      `${variable}: must be a PEM key or the path of a PEM file; ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
    );
  }
}

function keysFrom(privateKey: KeyObject, source: SigningKeys["source"]): SigningKeys {
  const publicKey = createPublicKey(privateKey);
  return {
    privateKey,
    publicKey,
    keyId: keyIdOf(publicKey),
    publicKeyPem: publicKey.export({ format: "pem", type: "spki" }).toString(),
    source,
  };
}

/** The signing keys of this portal; the files are created once (atomically: concurrent starts agree on one pair). */
export function loadSigningKeys(config: SigningKeyConfig): SigningKeys {
  const cacheKey = `${config.dataDir}\0${config.signingPrivateKey ?? ""}\0${config.signingPublicKey ?? ""}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  let keys: SigningKeys;
  if (config.signingPrivateKey) {
    const { pem, where } = pemOrFile(config.signingPrivateKey, "SYNCWRIGHT_SIGNING_PRIVATE_KEY");
    keys = keysFrom(parsePrivateKeyPem(pem, where), "environment");
    if (config.signingPublicKey) {
      const given = pemOrFile(config.signingPublicKey, "SYNCWRIGHT_SIGNING_PUBLIC_KEY");
      const publicKey = parsePublicKeyPem(given.pem, given.where);
      if (keyIdOf(publicKey) !== keys.keyId) {
        throw new AppError(
          "invalid",
          `SYNCWRIGHT_SIGNING_PUBLIC_KEY (key ${keyIdOf(publicKey)}) is not the public half of SYNCWRIGHT_SIGNING_PRIVATE_KEY (key ${keys.keyId})`,
        );
      }
    }
  } else {
    keys = loadOrCreateKeyFiles(config.dataDir);
  }
  cache.set(cacheKey, keys);
  return keys;
}

function loadOrCreateKeyFiles(dataDir: string): SigningKeys {
  const privateFile = path.join(/*turbopackIgnore: true*/ dataDir, PRIVATE_KEY_FILE);
  const publicFile = path.join(/*turbopackIgnore: true*/ dataDir, PUBLIC_KEY_FILE);
  let existing = readPem(privateFile);
  let source: SigningKeys["source"] = "file";
  if (existing === undefined) {
    ensurePrivateFolder(dataDir);
    const { privateKey } = generateKeyPairSync("ed25519");
    const pem = privateKey.export({ format: "pem", type: "pkcs8" }).toString();
    const temp = `${privateFile}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    fs.writeFileSync(temp, pem, { mode: 0o600, flag: "wx" });
    try {
      // link() fails when the target exists: the first process to start wins, the others read its key.
      fs.linkSync(temp, privateFile);
      existing = pem;
      source = "generated";
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      existing = readPem(privateFile);
    } finally {
      fs.rmSync(temp, { force: true });
    }
    if (existing === undefined) throw new AppError("internal", `Could not create the signing key ${privateFile}.`);
  }
  const keys = keysFrom(
    parsePrivateKeyPem(
      existing,
      `${privateFile} (restore it from a backup, or delete it to generate a new key; devices must then trust the new public key)`,
    ),
    source,
  );
  // The public half is a convenience copy for admins; it is rewritten whenever it is missing or stale.
  if (readPem(publicFile) !== keys.publicKeyPem) {
    const temp = `${publicFile}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    fs.writeFileSync(temp, keys.publicKeyPem, { mode: 0o600 });
    fs.renameSync(temp, publicFile);
  }
  return keys;
}

function readPem(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** For tests that create several data folders in one process. */
export function clearSigningKeyCacheForTests(): void {
  cache.clear();
}
