import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clearSigningKeyCacheForTests, loadSigningKeys, PRIVATE_KEY_FILE, PUBLIC_KEY_FILE } from "@/lib/bundle/keys";
import { buildBundle } from "@/lib/bundle/build";
import { verifyBundle } from "@/lib/bundle/verify";
import { parsePublicKeyPem } from "@/lib/bundle/sign";
import { parseConfig } from "@/lib/config";
import { fieldSales, meta } from "./fixtures";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "syncwright-keys-"));
  clearSigningKeyCacheForTests();
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const pemPair = () => {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return {
    privatePem: privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
    publicPem: publicKey.export({ format: "pem", type: "spki" }).toString(),
  };
};

describe("loadSigningKeys", () => {
  it("generates the embedded default's key pair once, private key readable by the owner only", () => {
    const first = loadSigningKeys({ dataDir: dir });
    expect(first.source).toBe("generated");
    expect(fs.statSync(path.join(dir, PRIVATE_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(path.join(dir, PUBLIC_KEY_FILE), "utf8")).toBe(first.publicKeyPem);
    expect(first.keyId).toMatch(/^[0-9a-f]{16}$/);
    clearSigningKeyCacheForTests();
    const again = loadSigningKeys({ dataDir: dir });
    expect(again.source).toBe("file");
    expect(again.keyId).toBe(first.keyId);
    // What the first start signed, the restarted server's public key verifies.
    const built = buildBundle(fieldSales(), meta(), first);
    expect(verifyBundle(built.bytes, { publicKey: parsePublicKeyPem(again.publicKeyPem, "pub") }).signature).toBe(
      "valid",
    );
  });

  it("agrees on one key pair when several servers start at once on an empty data folder", async () => {
    const script = path.join(dir, "load-key.ts");
    fs.writeFileSync(
      script,
      `import { loadSigningKeys } from ${JSON.stringify(path.resolve("lib/bundle/keys.ts"))};\nprocess.stdout.write(loadSigningKeys({ dataDir: process.argv[2] }).keyId);\n`,
    );
    const data = path.join(dir, "data");
    const start = () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ["--import", "tsx", script, data], {
          cwd: process.cwd(),
          stdio: ["ignore", "pipe", "pipe"],
        });
        let out = "";
        let err = "";
        child.stdout.on("data", (d: Buffer) => (out += d.toString()));
        child.stderr.on("data", (d: Buffer) => (err += d.toString()));
        child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(err))));
      });
    const ids = await Promise.all([start(), start(), start(), start()]);
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toBe(loadSigningKeys({ dataDir: data }).keyId);
    expect(fs.readdirSync(data).sort()).toEqual([PRIVATE_KEY_FILE, PUBLIC_KEY_FILE]);
  }, 120_000);

  it("takes the private key from the environment as PEM text, as PEM with \\n escapes, or as a file path", () => {
    const { privatePem, publicPem } = pemPair();
    const expected = parsePublicKeyPem(publicPem, "pub");
    const fromText = loadSigningKeys({ dataDir: dir, signingPrivateKey: privatePem, signingPublicKey: publicPem });
    const escaped = loadSigningKeys({ dataDir: dir, signingPrivateKey: privatePem.replace(/\n/g, "\\n") });
    const file = path.join(dir, "key.pem");
    fs.writeFileSync(file, privatePem);
    const fromFile = loadSigningKeys({ dataDir: dir, signingPrivateKey: file });
    for (const keys of [fromText, escaped, fromFile]) {
      expect(keys.source).toBe("environment");
      expect(keys.publicKey.equals(expected)).toBe(true);
    }
    expect(fs.existsSync(path.join(dir, PRIVATE_KEY_FILE))).toBe(false);
  });

  it("explains a key that is not a key, not Ed25519, a missing file, or a public key of another pair", () => {
    expect(() =>
      loadSigningKeys({
        dataDir: dir,
        signingPrivateKey: "-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----",
      }),
    ).toThrow(/SYNCWRIGHT_SIGNING_PRIVATE_KEY: not a PEM private key/);
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 })
      .privateKey.export({ format: "pem", type: "pkcs8" })
      .toString();
    expect(() => loadSigningKeys({ dataDir: dir, signingPrivateKey: rsa })).toThrow(
      /the key is rsa, bundles are signed with Ed25519/,
    );
    expect(() => loadSigningKeys({ dataDir: dir, signingPrivateKey: path.join(dir, "missing.pem") })).toThrow(
      /must be a PEM key or the path of a PEM file; .*missing\.pem cannot be read \(ENOENT\)/,
    );
    expect(() =>
      loadSigningKeys({ dataDir: dir, signingPrivateKey: pemPair().privatePem, signingPublicKey: pemPair().publicPem }),
    ).toThrow(/is not the public half of SYNCWRIGHT_SIGNING_PRIVATE_KEY/);
  });

  it("refuses a damaged key file instead of silently making a new key", () => {
    fs.writeFileSync(path.join(dir, PRIVATE_KEY_FILE), "garbage", { mode: 0o600 });
    expect(() => loadSigningKeys({ dataDir: dir })).toThrow(/signing-key\.pem .*not a PEM private key/);
  });

  it("reads the variables through the configuration, refusing a public key without its private key", () => {
    const { privatePem } = pemPair();
    expect(parseConfig({ SYNCWRIGHT_SIGNING_PRIVATE_KEY: privatePem }).signingPrivateKey).toBe(privatePem.trim());
    expect(() => parseConfig({ SYNCWRIGHT_SIGNING_PUBLIC_KEY: "/keys/pub.pem" })).toThrow(
      "Configuration error: SYNCWRIGHT_SIGNING_PRIVATE_KEY is required when SYNCWRIGHT_SIGNING_PUBLIC_KEY is set (the portal signs with the private key).",
    );
  });
});
