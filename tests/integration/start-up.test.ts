// The start-up checks as a user meets them: scripts/prestart.ts run the way scripts/start.mjs runs it.
import { describe, expect, it, afterAll } from "vitest";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import Database from "better-sqlite3";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const dirs: string[] = [];

function prestart(env: Record<string, string>) {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(PORT|DATABASE_URL|SYNCWRIGHT_|ENTRA_|SESSION_SECRET|SECRET_ENCRYPTION_KEY)/.test(k),
    ),
  );
  return spawnSync(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join(root, "scripts/prestart.ts")],
    {
      cwd: root,
      env: { ...clean, NODE_ENV: "production", LOG_LEVEL: "silent", ...env },
      encoding: "utf8",
      timeout: 60_000,
    },
  );
}

function dataDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "sw-start-"));
  dirs.push(dir);
  return dir;
}

afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("start-up", () => {
  it("stops with one line naming a malformed variable", () => {
    const result = prestart({ PORT: "eighty", SYNCWRIGHT_DATA_DIR: dataDir() });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe("Configuration error: PORT must be a port number such as 3000.");
  });

  it("names an unreachable database without a stack trace", () => {
    const result = prestart({
      DATABASE_URL: "postgresql://root:secret@127.0.0.1:1/none",
      SYNCWRIGHT_DATA_DIR: dataDir(),
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^Database error: Cannot reach the PostgreSQL database at 127\.0\.0\.1:1\/none/);
    expect(result.stderr).not.toContain("secret");
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("creates the SQLite database on first start, prints a setup link, and migrates only once", () => {
    const dir = dataDir();
    const first = prestart({ SYNCWRIGHT_DATA_DIR: dir, PORT: "3456" });
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/applied \d+_init/);
    expect(first.stdout).toMatch(/http:\/\/localhost:3456\/setup\?token=[A-Za-z0-9_-]{43}/);
    expect(existsSync(path.join(dir, "syncwright.db"))).toBe(true);
    expect(existsSync(path.join(dir, "session-secret"))).toBe(true);

    const second = prestart({ SYNCWRIGHT_DATA_DIR: dir, PORT: "3456" });
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain("is up to date");
    expect(second.stdout).toMatch(/setup\?token=/);
  });

  it("creates the data folder 0700 with the database, its WAL files and every key 0600, and tightens wider ones", () => {
    const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);
    // First start into a folder that does not exist yet.
    const fresh = path.join(dataDir(), "data");
    const first = prestart({ SYNCWRIGHT_DATA_DIR: fresh });
    expect(first.status, first.stderr).toBe(0);
    expect(mode(fresh)).toBe("700");
    expect(mode(path.join(fresh, "syncwright.db"))).toBe("600");
    expect(mode(path.join(fresh, "session-secret"))).toBe("600");
    // While the portal has it open, SQLite's -wal and -shm carry the database file's mode.
    const open = new Database(path.join(fresh, "syncwright.db"));
    open.exec("CREATE TABLE mode_check (x); DROP TABLE mode_check;");
    for (const f of ["syncwright.db-wal", "syncwright.db-shm"]) expect(mode(path.join(fresh, f)), f).toBe("600");
    open.close();

    // An older install: everything world-readable.
    const old = dataDir();
    chmodSync(old, 0o755);
    writeFileSync(path.join(old, "signing-key.pem"), "x", { mode: 0o644 });
    writeFileSync(path.join(old, "secret-encryption.key"), "x", { mode: 0o664 });
    const before = prestart({ SYNCWRIGHT_DATA_DIR: old });
    expect(before.status, before.stderr).toBe(0);
    for (const f of ["syncwright.db", "session-secret"]) chmodSync(path.join(old, f), 0o644);
    writeFileSync(path.join(old, "signing-key.pub.pem"), "x", { mode: 0o644 });
    mkdirSync(path.join(old, "backups"), { mode: 0o755 });
    chmodSync(old, 0o755);
    const again = prestart({ SYNCWRIGHT_DATA_DIR: old });
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/made .*syncwright\.db.* readable by this user only \(0600\)/);
    expect(mode(old)).toBe("700");
    for (const f of [
      "syncwright.db",
      "signing-key.pub.pem",
      "session-secret",
      "signing-key.pem",
      "secret-encryption.key",
    ])
      expect(mode(path.join(old, f)), f).toBe("600");
    expect(mode(path.join(old, "backups"))).toBe("755"); // inside a 0700 folder; the operator's own
  });
});
