// The server's housekeeping (lib/housekeeping/housekeeping.ts) on SQLite and PostgreSQL: ended sessions, quiet
// sign-in counters and spent links go a day after they stopped being usable, while live sessions, pending links and
// counters still counting stay; a second pass removes nothing; a task whose statement fails is reported and the
// others still run. The sync history's part and the timer are in sync-history-retention.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type Db } from "@/lib/db/client";
import { housekeepingPass } from "@/lib/housekeeping/housekeeping";
import { SESSION_IDLE_TTL_SECONDS } from "@/lib/auth/session-cookie";
import { DEFAULT_THROTTLE_POLICY } from "@/lib/auth/throttle-policy";
import { createTestDatabase } from "../support/test-database";

const NOW = Date.parse("2026-12-07T12:00:00Z");
const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;
const at = (ms: number) => new Date(NOW + ms);

describe.each(["sqlite", "postgresql"] as const)("housekeeping (%s)", (provider) => {
  let db: Db;
  let drop: (() => Promise<void>) | undefined;
  let skip = false;
  let userId: string;

  beforeAll(async () => {
    const database = await createTestDatabase(provider);
    if (!database) {
      skip = true;
      return;
    }
    drop = database.cleanup;
    db = createDbClient(database.url);
    userId = (await db.user.create({ data: { email: "ada@example.com", name: "Ada", role: "owner" } })).id;
  }, 60_000);
  afterAll(async () => {
    await db?.$disconnect();
    await drop?.();
  });

  const session = (id: string, times: { lastSeenAt?: Date; expiresAt?: Date; revokedAt?: Date }) =>
    db.session.create({
      data: { id, userId, createdAt: at(-2 * DAY), lastSeenAt: at(-HOUR), expiresAt: at(DAY), ...times },
    });
  const link = (tokenHash: string, times: { expiresAt: Date; usedAt?: Date }) =>
    db.oneTimeToken.create({
      data: { tokenHash, purpose: "invite", email: "bob@example.com", role: "editor", ...times },
    });
  const counter = (key: string, lastAt: number) =>
    db.signInThrottle.create({ data: { key, failures: 5, lastAtMs: BigInt(lastAt) } });

  it("removes what can no longer be used a day on, and keeps the rest", async ({ skip: skipTest }) => {
    if (skip) skipTest();
    await session("live", {});
    await session("expired-2-days-ago", { expiresAt: at(-2 * DAY) });
    await session("expired-an-hour-ago", { expiresAt: at(-HOUR) });
    await session("signed-out-2-days-ago", { revokedAt: at(-2 * DAY) });
    await session("signed-out-an-hour-ago", { revokedAt: at(-HOUR) });
    await session("idle-a-day-past-its-limit", { lastSeenAt: at(-SESSION_IDLE_TTL_SECONDS * 1000 - DAY - HOUR) });
    await link("pending", { expiresAt: at(DAY) });
    await link("expired-2-days-ago", { expiresAt: at(-2 * DAY) });
    await link("expired-an-hour-ago", { expiresAt: at(-HOUR) });
    await link("used-2-days-ago", { expiresAt: at(DAY), usedAt: at(-2 * DAY) });
    await link("used-an-hour-ago", { expiresAt: at(DAY), usedAt: at(-HOUR) });
    const forgotten = NOW - DEFAULT_THROTTLE_POLICY.address.resetAfterMs - HOUR;
    await counter("address:203.0.113.7", forgotten);
    await counter("pair:ada@example.com 203.0.113.7", forgotten);
    await counter("address:203.0.113.8", NOW - HOUR);

    const result = await housekeepingPass(db, { syncHistoryDays: 0, now: () => NOW });
    expect(result).toEqual({ sessions: 3, signInCounters: 2, links: 2, failed: [] });
    expect((await db.session.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((s) => s.id)).toEqual([
      "expired-an-hour-ago",
      "live",
      "signed-out-an-hour-ago",
    ]);
    expect(
      (await db.oneTimeToken.findMany({ select: { tokenHash: true }, orderBy: { tokenHash: "asc" } })).map(
        (t) => t.tokenHash,
      ),
    ).toEqual(["expired-an-hour-ago", "pending", "used-an-hour-ago"]);
    expect((await db.signInThrottle.findMany({ select: { key: true } })).map((c) => c.key)).toEqual([
      "address:203.0.113.8",
    ]);

    // Nothing more to remove; the sync history is left alone at 0 days (nothing counted for it).
    expect(await housekeepingPass(db, { syncHistoryDays: 0, now: () => NOW })).toEqual({
      sessions: 0,
      signInCounters: 0,
      links: 0,
      failed: [],
    });
  });

  it("runs every other task when one fails, and names the one that failed", async ({ skip: skipTest }) => {
    if (skip) skipTest();
    await session("expired-3-days-ago", { expiresAt: at(-3 * DAY) });
    await link("expired-3-days-ago", { expiresAt: at(-3 * DAY) });
    // The sign-in counters' table gone (the last test of the file): its statement fails every pass.
    await db.$executeRawUnsafe('DROP TABLE "SignInThrottle"');

    const result = await housekeepingPass(db, { syncHistoryDays: 0, now: () => NOW });
    expect(result).toEqual({ sessions: 1, links: 1, failed: ["quiet sign-in counters"] });
    expect(await db.session.count({ where: { id: "expired-3-days-ago" } })).toBe(0);
  });
});
