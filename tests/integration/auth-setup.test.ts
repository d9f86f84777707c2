// The one-time setup link on real databases (a SQLite file and a fresh PostgreSQL database): it creates
// exactly one owner, once, within its hour, and every later attempt is refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/app-error";
import { createDbClient, type Db } from "@/lib/db/client";
import { completeSetup, ensureSetupLink, hasOwner, isSetupTokenUsable } from "@/lib/auth/setup";
import { loadAuditPage } from "@/lib/audit/data";
import { createTestPostgres, createTestSqlite, postgresForTests } from "@/tests/support/test-database";

const baseUrl = "http://localhost:3000";
const t0 = new Date("2026-11-23T12:00:00Z");
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);
const owner = { name: "Ada Lovelace", email: "Ada@Example.com", password: "analytical engine 1843" };

function tokenOf(url: string): string {
  return new URL(url).searchParams.get("token")!;
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error("expected a refusal");
}

for (const provider of ["sqlite", "postgresql"] as const) {
  describe(`setup link on ${provider}`, () => {
    let db: Db;
    let cleanup: () => Promise<void> = async () => {};
    let skip = false;

    beforeAll(async () => {
      if (provider === "postgresql") {
        const pgAvailable = await postgresForTests();
        if (!pgAvailable.available) {
          skip = true;
          return;
        }
      }
      const database = provider === "sqlite" ? await createTestSqlite() : await createTestPostgres();
      db = createDbClient(database.url);
      cleanup = database.cleanup;
    });
    afterAll(async () => {
      await db?.$disconnect();
      await cleanup();
    });

    it("prints a link while there is no owner, and that link refuses bad input naming the field", async (ctx) => {
      if (skip) ctx.skip();
      expect(await hasOwner(db)).toBe(false);
      const link = await ensureSetupLink(db, baseUrl, { now: t0 });
      expect(link?.url).toMatch(/^http:\/\/localhost:3000\/setup\?token=[A-Za-z0-9_-]{43}$/);
      expect(link?.expiresAt).toEqual(minutes(60));
      const error = await refusal(
        completeSetup(db, tokenOf(link!.url), { ...owner, password: "short" }, { now: minutes(1) }),
      );
      expect(error.code).toBe("invalid");
      expect(error.problems).toEqual([{ path: "password", message: "must be at least 12 characters" }]);
      // A refused attempt does not use the link up.
      expect(await isSetupTokenUsable(db, tokenOf(link!.url), { now: minutes(1) })).toBe(true);
    });

    it("refuses an expired link", async (ctx) => {
      if (skip) ctx.skip();
      const link = await ensureSetupLink(db, baseUrl, { now: t0 });
      const token = tokenOf(link!.url);
      expect(await isSetupTokenUsable(db, token, { now: minutes(61) })).toBe(false);
      const error = await refusal(completeSetup(db, token, owner, { now: minutes(61) }));
      expect(error.code).toBe("not_found");
      expect(error.message).toBe(
        "This setup link is invalid, expired or already used. Restart the portal to print a new one.",
      );
      expect(await hasOwner(db)).toBe(false);
    });

    it("refuses a made-up token", async (ctx) => {
      if (skip) ctx.skip();
      expect((await refusal(completeSetup(db, "A".repeat(43), owner, { now: t0 }))).code).toBe("not_found");
      expect((await refusal(completeSetup(db, "not a token", owner, { now: t0 }))).code).toBe("not_found");
    });

    it("creates exactly one owner when the same link is used twice at once, and never again", async (ctx) => {
      if (skip) ctx.skip();
      const earlier = await ensureSetupLink(db, baseUrl, { now: minutes(2) });
      const link = await ensureSetupLink(db, baseUrl, { now: minutes(3) });
      const token = tokenOf(link!.url);
      const results = await Promise.allSettled([
        completeSetup(db, token, owner, { now: minutes(4), requestId: "req-1" }),
        completeSetup(db, token, { ...owner, email: "mallory@example.com" }, { now: minutes(4) }),
      ]);
      const fulfilled = results.filter((r) => r.status === "fulfilled");
      expect(fulfilled).toHaveLength(1);
      const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(rejected.reason).toBeInstanceOf(AppError);

      const created = (fulfilled[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof completeSetup>>>).value;
      expect(created.role).toBe("owner");
      expect(await db.user.count()).toBe(1);
      expect(await hasOwner(db)).toBe(true);

      // The same link again, an older unused link, and a new link request: all refused.
      expect(
        (await refusal(completeSetup(db, token, { ...owner, email: "eve@example.com" }, { now: minutes(5) }))).code,
      ).toBe("not_found");
      expect(
        (
          await refusal(
            completeSetup(db, tokenOf(earlier!.url), { ...owner, email: "eve@example.com" }, { now: minutes(5) }),
          )
        ).code,
      ).toBe("not_found");
      expect(await ensureSetupLink(db, baseUrl, { now: minutes(6) })).toBeNull();
      expect(await db.user.count()).toBe(1);

      // Stored: the lower-cased email and a scrypt hash, never the password or the token.
      const row = await db.user.findFirstOrThrow();
      expect(row.email).toMatch(/@example\.com$/);
      expect(row.passwordHash).toMatch(/^\$scrypt\$/);
      const tokens = await db.oneTimeToken.findMany();
      expect(tokens.every((t) => t.tokenHash !== token && t.usedAt !== null)).toBe(true);

      const audit = await loadAuditPage(db, { page: 1, pageSize: 10 });
      expect(audit.total).toBe(1);
      expect(audit.entries[0]).toMatchObject({
        action: "user.setup",
        targetType: "user",
        targetId: created.id,
        actorId: created.id,
      });
      expect(audit.entries[0].summary).toBe(`${created.name} set up the portal and became its first owner`);
      expect(JSON.stringify(audit.entries)).not.toContain(owner.password);
    });
  });
}
