import { describe, expect, it } from "vitest";
import fc from "fast-check";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { decryptSecret, encryptSecret, keyId, loadSecretKey, SECRET_KEY_FILE } from "@/lib/crypto/secret-box";
import { AppError } from "@/lib/app-error";

const key = Buffer.from("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", "hex");

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "syncwright-secret-"));
}

describe("secret box", () => {
  it("round-trips any text, with a fresh nonce each time", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 200 }), fc.string({ maxLength: 40 }), (secret, context) => {
        const a = encryptSecret(secret, key, context);
        const b = encryptSecret(secret, key, context);
        expect(a).not.toBe(b);
        expect(decryptSecret(a, key, context)).toBe(secret);
      }),
      { numRuns: 200 },
    );
  });

  it("writes the versioned format and never the plaintext", () => {
    const sealed = encryptSecret("Qm8~client.secret.value", key);
    const parts = sealed.split(":");
    expect(parts).toHaveLength(5);
    expect(parts[0]).toBe("v1");
    expect(parts[1]).toBe(keyId(key));
    expect(Buffer.from(parts[2], "base64url")).toHaveLength(12);
    expect(Buffer.from(parts[3], "base64url")).toHaveLength(16);
    expect(sealed).not.toContain("secret");
  });

  it("refuses every single-character change of a sealed secret", () => {
    const sealed = encryptSecret("a client secret", key, "env-1");
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let refused = 0;
    for (let i = 0; i < sealed.length; i++) {
      if (sealed[i] === ":") continue;
      const replacement = alphabet[(alphabet.indexOf(sealed[i]) + 7) % alphabet.length] ?? "A";
      const tampered = sealed.slice(0, i) + replacement + sealed.slice(i + 1);
      expect(() => decryptSecret(tampered, key, "env-1")).toThrow(AppError);
      refused++;
    }
    expect(refused).toBeGreaterThan(40);
  });

  it("says which problem it is: tampered, another key, another record, unknown format", () => {
    const sealed = encryptSecret("s3cret", key, "env-1");
    const [v, kid, iv, tag, ct] = sealed.split(":");
    const flipped = Buffer.from(ct, "base64url");
    flipped[0] ^= 1;
    expect(() => decryptSecret([v, kid, iv, tag, flipped.toString("base64url")].join(":"), key, "env-1")).toThrow(
      /integrity check/,
    );
    expect(() => decryptSecret(sealed, randomBytes(32), "env-1")).toThrow(/another key/);
    expect(() => decryptSecret(sealed, key, "env-2")).toThrow(/integrity check/);
    expect(() => decryptSecret("v2:a:b:c:d", key)).toThrow(/not in a known format.*"v2"/);
    expect(() => decryptSecret("plain text secret", key)).toThrow(/not in a known format/);
    expect(() => decryptSecret([v, kid, iv.slice(2), tag, ct].join(":"), key, "env-1")).toThrow(/damaged/);
  });
});

describe("secret key", () => {
  it("uses SECRET_ENCRYPTION_KEY when set and writes no file", () => {
    const dir = tempDir();
    const hex = "ab".repeat(32);
    expect(loadSecretKey({ secretEncryptionKey: hex, dataDir: dir }).toString("hex")).toBe(hex);
    expect(fs.existsSync(path.join(dir, SECRET_KEY_FILE))).toBe(false);
  });

  it("generates a 0600 key file once and reuses it", () => {
    const dir = path.join(tempDir(), "nested", "data");
    const first = loadSecretKey({ dataDir: dir });
    const file = path.join(dir, SECRET_KEY_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, "utf8").trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(loadSecretKey({ dataDir: dir }).equals(first)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual([SECRET_KEY_FILE]);
    const sealed = encryptSecret("x", first);
    expect(decryptSecret(sealed, loadSecretKey({ dataDir: dir }))).toBe("x");
  });

  it("names the key file when it is damaged", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, SECRET_KEY_FILE), "not hex\n");
    expect(() => loadSecretKey({ dataDir: dir })).toThrow(new RegExp(`${SECRET_KEY_FILE} must hold 64 hexadecimal`));
  });
});
