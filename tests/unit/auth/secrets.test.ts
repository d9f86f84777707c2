import { afterEach, beforeEach, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { clearSecretCacheForTests, getSessionSecret, loadOrCreateSecret } from "@/lib/auth/secrets";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "sw-secrets-"));
  clearSecretCacheForTests();
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("data-folder secrets", () => {
  it("creates the secret once with mode 0600 and returns the same bytes afterwards", () => {
    const dataDir = path.join(dir, "data"); // does not exist yet
    const first = loadOrCreateSecret("session-secret", 32, { dataDir });
    expect(first.length).toBe(32);
    const file = path.join(dataDir, "session-secret");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, "utf8").trim()).toBe(first.toString("hex"));
    clearSecretCacheForTests(); // as after a restart
    expect(loadOrCreateSecret("session-secret", 32, { dataDir }).equals(first)).toBe(true);
    expect(fs.readdirSync(dataDir)).toEqual(["session-secret"]); // no temp files left behind
  });

  it("keeps different names apart", () => {
    const a = loadOrCreateSecret("session-secret", 32, { dataDir: dir });
    const b = loadOrCreateSecret("encryption-key", 32, { dataDir: dir });
    expect(a.equals(b)).toBe(false);
  });

  it("reads a secret another process wrote first", () => {
    const theirs = "ab".repeat(32);
    fs.writeFileSync(path.join(dir, "encryption-key"), theirs + "\n", { mode: 0o600 });
    expect(loadOrCreateSecret("encryption-key", 32, { dataDir: dir }).toString("hex")).toBe(theirs);
  });

  it("refuses a damaged secret file with a message naming the file", () => {
    fs.writeFileSync(path.join(dir, "session-secret"), "not hex");
    expect(() => loadOrCreateSecret("session-secret", 32, { dataDir: dir })).toThrow(
      `The secret file ${path.join(dir, "session-secret")} must hold 64 hexadecimal characters (32 bytes)`,
    );
  });

  it("refuses names that could leave the data folder", () => {
    expect(() => loadOrCreateSecret("../etc/passwd", 32, { dataDir: dir })).toThrow("must be kebab-case");
  });

  it("uses SESSION_SECRET when set, else the generated file", () => {
    expect(getSessionSecret({ sessionSecret: "x".repeat(40), dataDir: dir })).toBe("x".repeat(40));
    const generated = getSessionSecret({ dataDir: dir });
    expect(generated).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.readFileSync(path.join(dir, "session-secret"), "utf8").trim()).toBe(generated);
  });
});
