// Password sign-in and its rate limit on real databases: the same answers for unknown and known accounts,
// per-account and per-address limits, the wait shown in minutes, and a success clearing the account counter.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDbClient, type Db } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";
import { ACCOUNT_DISABLED, INVALID_CREDENTIALS, signInWithPassword, type SignInResult } from "@/lib/auth/sign-in";
import { createLogger } from "@/lib/logger";
import { createTestPostgres, createTestSqlite, postgresForTests } from "@/tests/support/test-database";
import { Writable } from "node:stream";

const t0 = new Date("2026-11-23T12:00:00Z");
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);
const password = "correct horse battery staple";
const silent = createLogger({ level: "silent" });

/** What a person sees: the result without the user object. */
function seen(result: SignInResult) {
  return result.ok ? { ok: true } : result;
}

for (const provider of ["sqlite", "postgresql"] as const) {
  describe(`password sign-in on ${provider}`, () => {
    let db: Db;
    let cleanup: () => Promise<void> = async () => {};
    let skip = false;

    const attempt = (email: string, pw: string, now: Date, address = "203.0.113.7") =>
      signInWithPassword(db, { email, password: pw, address }, { now, logger: silent });

    beforeAll(async () => {
      if (provider === "postgresql" && !(await postgresForTests()).available) {
        skip = true;
        return;
      }
      const database = provider === "sqlite" ? await createTestSqlite() : await createTestPostgres();
      db = createDbClient(database.url);
      cleanup = database.cleanup;
      const passwordHash = await hashPassword(password);
      await db.user.create({ data: { email: "ada@example.com", name: "Ada", role: "owner", passwordHash } });
      await db.user.create({
        data: { email: "off@example.com", name: "Off", role: "viewer", passwordHash, disabled: true },
      });
      await db.user.create({
        data: { email: "entra@example.com", name: "Entra only", role: "editor", entraOid: "oid-1" },
      });
    });
    afterAll(async () => {
      await db?.$disconnect();
      await cleanup();
    });
    beforeEach(async () => {
      if (!skip) await db.signInThrottle.deleteMany();
    });

    it("signs in with the right password, case-insensitively by email, and audits it", async (ctx) => {
      if (skip) ctx.skip();
      const result = await attempt(" ADA@example.com", password, t0);
      expect(result.ok && result.user).toMatchObject({ email: "ada@example.com", role: "owner", name: "Ada" });
      const entry = await db.auditEntry.findFirstOrThrow({
        where: { action: "user.sign-in" },
        orderBy: { at: "desc" },
      });
      expect(entry.summary).toBe("Ada signed in with a password");
    });

    it("gives one message for a wrong password, an unknown account and a Microsoft-only account", async (ctx) => {
      if (skip) ctx.skip();
      const expected = { ok: false, reason: "invalid", message: INVALID_CREDENTIALS };
      expect(seen(await attempt("ada@example.com", "wrong password!", t0))).toEqual(expected);
      expect(seen(await attempt("nobody@example.com", password, t0))).toEqual(expected);
      expect(seen(await attempt("entra@example.com", password, t0))).toEqual(expected);
      expect(seen(await attempt("not an email", password, t0))).toEqual(expected);
    });

    it("tells a disabled user so only when the password is right", async (ctx) => {
      if (skip) ctx.skip();
      expect(seen(await attempt("off@example.com", password, t0))).toEqual({
        ok: false,
        reason: "disabled",
        message: ACCOUNT_DISABLED,
      });
      expect(seen(await attempt("off@example.com", "wrong password!", t0))).toMatchObject({ reason: "invalid" });
    });

    it("locks an account after five failures with the same words for known and unknown accounts", async (ctx) => {
      if (skip) ctx.skip();
      const known: unknown[] = [];
      const unknown: unknown[] = [];
      for (let i = 0; i < 7; i++) {
        known.push(seen(await attempt("ada@example.com", `wrong password ${i}`, minutes(i * 0.5), "198.51.100.1")));
        unknown.push(seen(await attempt("ghost@example.com", `wrong password ${i}`, minutes(i * 0.5), "198.51.100.2")));
      }
      expect(known).toEqual(unknown);
      expect(known.slice(0, 5)).toEqual(Array(5).fill({ ok: false, reason: "invalid", message: INVALID_CREDENTIALS }));
      // Locked at minute 2 (the fifth failure) for 15 minutes: at 2.5 and 3 the wait is 15 and 14 minutes.
      expect(known[5]).toEqual({
        ok: false,
        reason: "throttled",
        message: "Too many attempts. Try again in 15 minutes.",
        retryAfterMinutes: 15,
      });
      expect(known[6]).toEqual({
        ok: false,
        reason: "throttled",
        message: "Too many attempts. Try again in 14 minutes.",
        retryAfterMinutes: 14,
      });

      // Even the right password is refused while locked, so the lock is no oracle.
      expect(seen(await attempt("ada@example.com", password, minutes(10), "198.51.100.1"))).toMatchObject({
        reason: "throttled",
        retryAfterMinutes: 7,
      });
      // From a fresh address too: the lock is on the account.
      expect(seen(await attempt("ada@example.com", password, minutes(10), "192.0.2.99"))).toMatchObject({
        reason: "throttled",
      });
      // After the wait, the right password works.
      expect((await attempt("ada@example.com", password, minutes(17), "198.51.100.1")).ok).toBe(true);
    });

    it("clears the account counter on success", async (ctx) => {
      if (skip) ctx.skip();
      for (let i = 0; i < 4; i++) await attempt("ada@example.com", "wrong password!", minutes(i));
      expect((await attempt("ada@example.com", password, minutes(4))).ok).toBe(true);
      for (let i = 0; i < 4; i++) await attempt("ada@example.com", "wrong password!", minutes(5 + i));
      expect((await attempt("ada@example.com", password, minutes(9))).ok).toBe(true);
    });

    it("limits one address to twenty failures across accounts", async (ctx) => {
      if (skip) ctx.skip();
      for (let i = 0; i < 20; i++) {
        expect(
          seen(await attempt(`spray${i}@example.com`, "Winter2026!!", minutes(i * 0.25), "203.0.113.50")),
        ).toMatchObject({ reason: "invalid" });
      }
      expect(seen(await attempt("ada@example.com", password, minutes(5), "203.0.113.50"))).toEqual({
        ok: false,
        reason: "throttled",
        message: "Too many attempts. Try again in 15 minutes.",
        retryAfterMinutes: 15,
      });
      // Another address is not affected.
      expect((await attempt("ada@example.com", password, minutes(5), "203.0.113.51")).ok).toBe(true);
    });

    it("counts every failure when attempts arrive at once", async (ctx) => {
      if (skip) ctx.skip();
      await Promise.all(
        Array.from({ length: 5 }, (_, i) => attempt("ada@example.com", `parallel ${i}`, minutes(1), `192.0.2.${i}`)),
      );
      const row = await db.signInThrottle.findUniqueOrThrow({ where: { key: "account:ada@example.com" } });
      expect(row.failures).toBe(5);
      expect(seen(await attempt("ada@example.com", password, minutes(2), "192.0.2.200"))).toMatchObject({
        reason: "throttled",
      });
    });
  });
}

describe("password sign-in: what an observer can learn (SQLite)", () => {
  let db: Db;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const database = await createTestSqlite();
    db = createDbClient(database.url);
    cleanup = database.cleanup;
    await db.user.create({
      data: { email: "ada@example.com", name: "Ada", role: "owner", passwordHash: await hashPassword(password) },
    });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await cleanup();
  });

  it("takes about as long for an unknown account as for a known one", async () => {
    const timed = async (email: string, i: number) => {
      const t = performance.now();
      await signInWithPassword(
        db,
        { email, password: `wrong password ${i}`, address: `192.0.2.${i}` },
        { now: t0, logger: silent },
      );
      return performance.now() - t;
    };
    let known = Infinity;
    let unknown = Infinity;
    // Interleaved, four each (below the account limit), so machine load hits both sides alike; the fastest
    // run of each side is the work itself, without the noise of a busy machine.
    for (let i = 0; i < 4; i++) {
      known = Math.min(known, await timed("ada@example.com", i));
      unknown = Math.min(unknown, await timed("nobody@example.com", 10 + i));
    }
    expect(unknown / known).toBeGreaterThan(0.5);
    expect(unknown / known).toBeLessThan(2);
  });

  it("logs failed and successful sign-ins without the password", async () => {
    await db.signInThrottle.deleteMany(); // the timing test left four failures on this account
    const lines: string[] = [];
    const logger = createLogger({
      level: "info",
      destination: new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }),
    });
    await signInWithPassword(
      db,
      { email: "ada@example.com", password: "a wrong password 99", address: "192.0.2.77" },
      { now: t0, logger, requestId: "req-1" },
    );
    await signInWithPassword(
      db,
      { email: "ada@example.com", password, address: "192.0.2.77" },
      { now: t0, logger, requestId: "req-2" },
    );
    const events = lines.map((line) => JSON.parse(line));
    expect(events.map((e) => [e.event, e.requestId])).toEqual([
      ["sign-in.failed", "req-1"],
      ["sign-in", "req-2"],
    ]);
    expect(lines.join("")).not.toContain("a wrong password 99");
    expect(lines.join("")).not.toContain(password);
  });
});
