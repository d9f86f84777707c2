// Password sign-in and its rate limit on real databases: the same answers for unknown and known accounts,
// growing delays per account and address, the cap on distinct addresses per account and on one address across
// accounts, the wait shown, a correct password giving its attempt back, and parallel guesses counted atomically.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDbClient, type Db } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";
import { ACCOUNT_DISABLED, INVALID_CREDENTIALS, signInWithPassword, type SignInResult } from "@/lib/auth/sign-in";
import { createLogger } from "@/lib/logger";
import { DEFAULT_THROTTLE_POLICY } from "@/lib/auth/throttle-policy";
import { pruneThrottle } from "@/lib/auth/throttle";
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

    it("gives one address three free guesses at an account, then growing delays, alike for unknown accounts", async (ctx) => {
      if (skip) ctx.skip();
      const seconds = (n: number) => new Date(t0.getTime() + n * 1000);
      const run = async (email: string, address: string) => {
        const seenResults: unknown[] = [];
        // Three at once, a fourth at once, then one as soon as each wait is over and one too early.
        for (let i = 0; i < 4; i++) seenResults.push(seen(await attempt(email, `wrong password ${i}`, t0, address)));
        seenResults.push(seen(await attempt(email, "wrong password 4", seconds(1), address)));
        seenResults.push(seen(await attempt(email, "wrong password 5", seconds(2.5), address)));
        seenResults.push(seen(await attempt(email, "wrong password 6", seconds(3), address)));
        return seenResults;
      };
      const known = await run("ada@example.com", "198.51.100.1");
      const unknown = await run("ghost@example.com", "198.51.100.2");
      expect(known).toEqual(unknown);
      const invalid = { ok: false, reason: "invalid", message: INVALID_CREDENTIALS };
      const wait = (s: number) => ({
        ok: false,
        reason: "throttled",
        message: `Too many attempts. Try again in ${s} second${s === 1 ? "" : "s"}.`,
        retryAfterSeconds: s,
      });
      // 3 free; the 4th at once waits 1 s; at 1 s it is counted and the next waits 2 s (from 1 s: at 3 s).
      expect(known).toEqual([invalid, invalid, invalid, wait(1), invalid, wait(1), invalid]);
      // Even the right password waits from this address, so the delay is no oracle.
      expect(seen(await attempt("ada@example.com", password, seconds(3.5), "198.51.100.1"))).toEqual(wait(4));
      expect((await attempt("ada@example.com", password, seconds(7), "198.51.100.1")).ok).toBe(true);
    });

    it("lets the right password through from another address while one address keeps guessing", async (ctx) => {
      if (skip) ctx.skip();
      let now = t0.getTime();
      let counted = 0;
      // Guessing for an hour, each guess as soon as it is allowed.
      while (now < t0.getTime() + 3600_000) {
        const result = await attempt("ada@example.com", `guess ${counted}`, new Date(now), "203.0.113.66");
        if (result.ok) throw new Error("a guess succeeded");
        if (result.reason === "invalid") counted++;
        else if (result.reason === "throttled") now += 1000 * result.retryAfterSeconds;
      }
      // 3 free, then after 1 s, 2 s ... 512 s (10 more), then every 15 minutes (2 more within the hour).
      expect(counted).toBe(15);
      expect(seen(await attempt("ada@example.com", "one more", new Date(now), "203.0.113.66"))).toMatchObject({
        reason: "invalid",
      });
      expect(seen(await attempt("ada@example.com", password, new Date(now), "203.0.113.66"))).toMatchObject({
        reason: "throttled",
      });
      // The owner at her own address is not locked out by it, nor at any other address that has not failed.
      expect((await attempt("ada@example.com", password, new Date(now), "192.0.2.10")).ok).toBe(true);
      expect((await attempt("ada@example.com", password, new Date(now), "192.0.2.11")).ok).toBe(true);
    });

    it("keeps new addresses out of an account that ten addresses failed on (distributed guessing)", async (ctx) => {
      if (skip) ctx.skip();
      for (let i = 0; i < 10; i++) {
        expect(seen(await attempt("ada@example.com", `guess ${i}`, minutes(i * 0.5), `198.51.100.${i}`))).toMatchObject(
          {
            reason: "invalid",
          },
        );
      }
      // The 11th address is refused before any password is checked, even the right one, for 15 minutes after the 10th.
      expect(seen(await attempt("ada@example.com", password, minutes(5), "198.51.100.200"))).toEqual({
        ok: false,
        reason: "throttled",
        message: "Too many attempts. Try again in 15 minutes.",
        retryAfterSeconds: 870,
      });
      // An address already counted keeps its own delays (it has free attempts left) ...
      expect(seen(await attempt("ada@example.com", "guess again", minutes(5), "198.51.100.3"))).toMatchObject({
        reason: "invalid",
      });
      // ... and the account opens again to new addresses when the 15 minutes are over.
      expect((await attempt("ada@example.com", password, minutes(19.5), "198.51.100.200")).ok).toBe(true);
    });

    it("gives a correct password its attempt back and starts its address afresh on the account", async (ctx) => {
      if (skip) ctx.skip();
      for (let i = 0; i < 2; i++) await attempt("ada@example.com", "wrong password!", t0);
      expect((await attempt("ada@example.com", password, t0)).ok).toBe(true);
      for (let i = 0; i < 3; i++) {
        expect(seen(await attempt("ada@example.com", "wrong password!", t0))).toMatchObject({ reason: "invalid" });
      }
      expect(await db.signInThrottle.findUnique({ where: { key: "address:203.0.113.7" } })).toMatchObject({
        failures: 5,
      });
    });

    it("slows one address down across accounts after twenty failures (spraying)", async (ctx) => {
      if (skip) ctx.skip();
      for (let i = 0; i < 20; i++) {
        expect(
          seen(await attempt(`spray${i}@example.com`, "Winter2026!!", minutes(i * 0.25), "203.0.113.50")),
        ).toMatchObject({ reason: "invalid" });
      }
      expect(seen(await attempt("ada@example.com", password, minutes(4.75), "203.0.113.50"))).toMatchObject({
        reason: "throttled",
        retryAfterSeconds: 1,
      });
      // Another address is not affected.
      expect((await attempt("ada@example.com", password, minutes(4.75), "203.0.113.51")).ok).toBe(true);
    });

    it("forgets counters that have been quiet for longer than any rule remembers", async (ctx) => {
      if (skip) ctx.skip();
      await attempt("ada@example.com", "wrong password!", t0, "192.0.2.1");
      await attempt("ada@example.com", "wrong password!", minutes(23 * 60), "192.0.2.2");
      expect(await pruneThrottle(db, { now: minutes(24 * 60 + 1) })).toBe(2);
      expect((await db.signInThrottle.findMany({ orderBy: { key: "asc" } })).map((r) => r.key)).toEqual([
        "account:ada@example.com",
        "address:192.0.2.2",
        "pair:ada@example.com 192.0.2.2",
      ]);
    });

    for (const n of [20, 50]) {
      it(`checks at most 3 passwords when ${n} guesses from one address arrive at once`, async (ctx) => {
        if (skip) ctx.skip();
        const results = await Promise.all(
          Array.from({ length: n }, (_, i) => attempt("ada@example.com", `parallel ${i}`, minutes(1), "192.0.2.1")),
        );
        const checked = results.filter((r) => !r.ok && r.reason === "invalid").length;
        expect(checked).toBe(DEFAULT_THROTTLE_POLICY.pair.free);
        expect(results.filter((r) => !r.ok && r.reason === "throttled")).toHaveLength(n - checked);
        // Refused attempts gave back what they had counted on the way.
        const pairRow = await db.signInThrottle.findUniqueOrThrow({ where: { key: "pair:ada@example.com 192.0.2.1" } });
        expect(pairRow.failures).toBe(3);
        expect((await db.signInThrottle.findUniqueOrThrow({ where: { key: "address:192.0.2.1" } })).failures).toBe(3);
      });

      it(`checks at most 10 passwords when ${n} guesses from ${n} addresses arrive at once`, async (ctx) => {
        if (skip) ctx.skip();
        const results = await Promise.all(
          Array.from({ length: n }, (_, i) =>
            attempt("ada@example.com", `parallel ${i}`, minutes(1), `192.0.2.${i + 1}`),
          ),
        );
        const checked = results.filter((r) => !r.ok && r.reason === "invalid").length;
        expect(checked).toBe(DEFAULT_THROTTLE_POLICY.account.free);
        const accountRow = await db.signInThrottle.findUniqueOrThrow({ where: { key: "account:ada@example.com" } });
        expect(accountRow.failures).toBe(10);
        expect(await db.signInThrottle.count({ where: { key: { startsWith: "pair:" }, failures: { gt: 0 } } })).toBe(
          10,
        );
      });
    }
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
