// Ed25519 signatures of bundle manifests (node:crypto) and the key id that names a public key.
// Pure apart from the crypto; the server signs, the CLI and the reference client verify.
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import { AppError } from "@/lib/app-error";
import { canonicalBytes } from "./canonical-json";
import type { BundleManifest, BundleSignature } from "./schema";

/** What buildBundle needs to sign: the private key and the id of its public key. */
export interface BundleSigner {
  privateKey: KeyObject;
  keyId: string;
}

/** The raw 32-byte Ed25519 public key (the JWK "x"), from a private or public KeyObject. */
export function rawPublicKey(key: KeyObject): Buffer {
  const publicKey = key.type === "private" ? createPublicKey(key) : key;
  if (publicKey.asymmetricKeyType !== "ed25519") {
    throw new AppError("invalid", `The key is ${publicKey.asymmetricKeyType ?? "not asymmetric"}, not Ed25519`);
  }
  const jwk = publicKey.export({ format: "jwk" }) as { x?: string };
  return Buffer.from(jwk.x ?? "", "base64url");
}

/** The key id: the first 16 hex characters of the SHA-256 of the raw public key. */
export function keyIdOf(key: KeyObject): string {
  return createHash("sha256").update(rawPublicKey(key)).digest("hex").slice(0, 16);
}

/** Reads a PEM (PKCS#8 private or SPKI public) Ed25519 key; `where` names its origin in the error. */
export function parsePublicKeyPem(pem: string, where: string): KeyObject {
  let key: KeyObject;
  try {
    key = pem.includes("PRIVATE KEY") ? createPublicKey(createPrivateKey(pem)) : createPublicKey(pem);
  } catch (e) {
    throw new AppError("invalid", `${where}: not a PEM public key (${e instanceof Error ? e.message : String(e)})`, {
      problems: [{ path: where, message: "not a PEM public key" }],
    });
  }
  if (key.asymmetricKeyType !== "ed25519") {
    throw new AppError("invalid", `${where}: the key is ${key.asymmetricKeyType}, bundles are signed with Ed25519`, {
      problems: [{ path: where, message: "not an Ed25519 key" }],
    });
  }
  return key;
}

export function parsePrivateKeyPem(pem: string, where: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (e) {
    throw new AppError("invalid", `${where}: not a PEM private key (${e instanceof Error ? e.message : String(e)})`, {
      problems: [{ path: where, message: "not a PEM private key" }],
    });
  }
  if (key.asymmetricKeyType !== "ed25519") {
    throw new AppError("invalid", `${where}: the key is ${key.asymmetricKeyType}, bundles are signed with Ed25519`, {
      problems: [{ path: where, message: "not an Ed25519 key" }],
    });
  }
  return key;
}

/** Signs the canonical JSON of the manifest. */
export function signManifest(manifest: BundleManifest, signer: BundleSigner): BundleSignature {
  const value = sign(null, canonicalBytes(manifest), signer.privateKey).toString("base64");
  return { alg: "Ed25519", keyId: signer.keyId, value };
}

/** True when `signature` is `publicKey`'s signature of the canonical JSON of `manifest`. */
export function verifyManifestSignature(manifest: unknown, signature: BundleSignature, publicKey: KeyObject): boolean {
  const bytes = Buffer.from(signature.value, "base64");
  // Base64 has spare bits in its last character; only the one canonical spelling counts, so no byte of a
  // signed bundle can change unnoticed.
  if (bytes.length !== 64 || bytes.toString("base64") !== signature.value) return false;
  return verify(null, canonicalBytes(manifest), publicKey, bytes);
}
