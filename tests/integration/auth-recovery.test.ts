// Recovery, as a host administrator and a user do it: `syncwright admin reset-password` and `admin unlock` spawned
// as a user runs them (node bin/syncwright.cjs) against a real SQLite data folder, the printed link working once
// within its hour, and a signed-in user changing their password (current one required, other sessions ended).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type Db } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { completePasswordReset, changeOwnPassword, loadPasswordReset } from "@/lib/auth/recovery";
import { createSession, readSession } from "@/lib/auth/session";
import { createLogger } from "@/lib/logger";
import { createTestSqlite } from "../support/test-database";

const silent = createLogger({ level: "silent" });
const SECRET = "a-session-secret-for-tests-0123456789abcdef";
const oldPassword = "correct horse battery staple";
const newPassword = "a brand new long password";
let db: Db;
let dataDir: string;
let cleanup: () => Promise<void>;
let adaId: string;
let bobId: string;
let cyId: string;

function cli(args: string[], env: Record<string, string | undefined> = {}) {
  const result = spawnSync(process.execPath, [path.resolve("bin/syncwright.cjs"), ...args], {
    // From another folder, as a host administrator would run it.
    cwd: path.dirname(dataDir),
    env: {
      ...process.env,
      DATABASE_URL: undefined,
      SYNCWRIGHT_DATA_DIR: dataDir,
      SYNCWRIGHT_URL: "https://portal.example.com",
      ...env,
    },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  const database = await createTestSqlite();
  dataDir = path.dirname(database.file);
  db = createDbClient(database.url);
  cleanup = database.cleanup;
  const passwordHash = await hashPassword(oldPassword);
  adaId = (await db.user.create({ data: { email: "ada@example.com", name: "Ada", role: "owner", passwordHash } })).id;
  bobId = (await db.user.create({ data: { email: "bob@example.com", name: "Bob", role: "viewer", passwordHash } })).id;
  cyId = (await db.user.create({ data: { email: "cy@example.com", name: "Cy", role: "editor", passwordHash } })).id;
});

afterAll(async () => {
  await db?.$disconnect();
  await cleanup?.();
});

const signIn = (email: string, password: string, address: string, now?: Date) =>
  signInWithPassword(db, { email, password, address }, { logger: silent, now });

describe("syncwright admin reset-password", () => {
  it("prints a one-time link that sets a new password once, ends every session, and is audited", async () => {
    const session = await createSession(db, { id: adaId }, { secret: SECRET, baseUrl: "https://portal.example.com" });
    const run = cli(["admin", "reset-password", "ADA@example.com"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const url = /https:\/\/portal\.example\.com\/reset-password\?token=([A-Za-z0-9_-]{43})/.exec(run.stdout);
    expect(url, run.stdout).not.toBeNull();
    const token = url![1];
    expect(run.stdout).toContain("for ada@example.com (works once, until");

    expect(await loadPasswordReset(db, token)).toEqual({ email: "ada@example.com" });
    await expect(completePasswordReset(db, token, { password: "short" })).rejects.toThrow(/at least 12/);
    expect(await completePasswordReset(db, token, { password: newPassword })).toEqual({ email: "ada@example.com" });
    // Works once.
    await expect(completePasswordReset(db, token, { password: "yet another long password" })).rejects.toThrow(
      /invalid, expired or already used/,
    );
    expect(await loadPasswordReset(db, token)).toBeNull();
    expect(await readSession(db, session.value, { secret: SECRET })).toBeNull();
    expect((await signIn("ada@example.com", oldPassword, "192.0.2.1")).ok).toBe(false);
    expect((await signIn("ada@example.com", newPassword, "192.0.2.1")).ok).toBe(true);

    const entries = await db.auditEntry.findMany({
      where: { action: { in: ["user.password-reset-link", "user.password-reset"] } },
      orderBy: { at: "asc" },
    });
    expect(entries.map((e) => e.action)).toEqual(["user.password-reset-link", "user.password-reset"]);
    expect(entries[0].actorLabel).toMatch(/^host administrator \(.+@.+\)$/);
    expect(entries[0].summary).toContain("made a one-time password reset link for ada@example.com");
    expect(JSON.stringify(entries)).not.toContain(token);
  }, 120_000);

  it("makes a link that expires after an hour, and a newer link replaces an older one", async () => {
    const first = /token=([A-Za-z0-9_-]{43})/.exec(cli(["admin", "reset-password", "bob@example.com"]).stdout)![1];
    const second = /token=([A-Za-z0-9_-]{43})/.exec(
      cli(["admin", "reset-password", "bob@example.com", "--json"]).stdout,
    )![1];
    expect(await loadPasswordReset(db, first)).toBeNull();
    const inAnHour = new Date(Date.now() + 60 * 60 * 1000 + 1000);
    expect(await loadPasswordReset(db, second, { now: inAnHour })).toBeNull();
    await expect(completePasswordReset(db, second, { password: newPassword }, { now: inAnHour })).rejects.toThrow(
      /expired/,
    );
    expect(await loadPasswordReset(db, second)).toEqual({ email: "bob@example.com" });
  }, 120_000);

  it("exits 1 for an unknown user, 2 for a usage error or a folder without a database", () => {
    const unknown = cli(["admin", "reset-password", "nobody@example.com"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("No portal user has the email 'nobody@example.com'");
    expect(cli(["admin", "reset-password"]).code).toBe(2);
    const elsewhere = cli(["admin", "unlock", "ada@example.com"], { SYNCWRIGHT_DATA_DIR: path.join(dataDir, "nope") });
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toContain("No portal database at");
  }, 120_000);
});

describe("syncwright admin unlock", () => {
  it("opens an account that distributed guessing closed, and is audited", async () => {
    await db.signInThrottle.deleteMany();
    const now = new Date();
    for (let i = 0; i < 10; i++) await signIn("bob@example.com", `guess ${i}`, `198.51.100.${i}`, now);
    expect(await signIn("bob@example.com", oldPassword, "203.0.113.1", now)).toMatchObject({ reason: "throttled" });

    const run = cli(["admin", "unlock", "bob@example.com"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Cleared the sign-in counters of bob@example.com \(\d+ counters\)/);
    expect((await signIn("bob@example.com", oldPassword, "203.0.113.1", now)).ok).toBe(true);
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "user.unlock" } });
    expect(entry.targetId).toBe(bobId);
    expect(entry.actorLabel).toMatch(/^host administrator/);
    expect(cli(["admin", "unlock", "nobody@example.com"]).code).toBe(1);
  }, 120_000);
});

describe("changing your own password", () => {
  it("needs the current password, ends the other sessions and keeps this one", async () => {
    const options = { secret: SECRET, baseUrl: "https://portal.example.com" };
    const here = await createSession(db, { id: cyId }, options);
    const others = [await createSession(db, { id: cyId }, options), await createSession(db, { id: cyId }, options)];
    const me = { id: cyId, sessionId: here.sid };

    await expect(
      changeOwnPassword(db, me, { currentPassword: "not my password", newPassword: "the next long password" }),
    ).rejects.toMatchObject({ code: "invalid", problems: [{ path: "currentPassword", message: "is not correct" }] });
    await expect(
      changeOwnPassword(db, me, { currentPassword: oldPassword, newPassword: oldPassword }),
    ).rejects.toMatchObject({ code: "invalid" });
    expect(await readSession(db, others[0].value, { secret: SECRET })).not.toBeNull();

    const result = await changeOwnPassword(db, me, {
      currentPassword: oldPassword,
      newPassword: "the next long password",
    });
    expect(result).toEqual({ endedSessions: 2 });
    for (const other of others) expect(await readSession(db, other.value, { secret: SECRET })).toBeNull();
    expect(await readSession(db, here.value, { secret: SECRET })).not.toBeNull();
    expect((await signIn("cy@example.com", "the next long password", "192.0.2.9")).ok).toBe(true);
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "user.password-change" } });
    expect(entry.summary).toBe("Cy changed their password and ended 2 other sessions");
  });

  it("slows down guessing the current password from a session", async () => {
    const here = await createSession(db, { id: cyId }, { secret: SECRET, baseUrl: "https://portal.example.com" });
    const me = { id: cyId, sessionId: here.sid };
    const outcomes = [];
    for (let i = 0; i < 5; i++) {
      outcomes.push(
        await changeOwnPassword(db, me, { currentPassword: `guess ${i}`, newPassword: "whatever long password" }).catch(
          (error: { code: string }) => error.code,
        ),
      );
    }
    expect(outcomes).toEqual(["invalid", "invalid", "invalid", "rate_limited", "rate_limited"]);
  });
});
