// Sessions on a real SQLite file: sign-out really ends them (a copied cookie is refused), idle and absolute
// expiry with an injected clock, disabled users, forged and foreign cookies.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type Db } from "@/lib/db/client";
import {
  LAST_SEEN_RESOLUTION_MS,
  createSession,
  endUserSessions,
  pruneSessions,
  readSession,
  signOut,
} from "@/lib/auth/session";
import { SESSION_COOKIE, sealSessionCookie } from "@/lib/auth/session-cookie";
import { createTestSqlite, type TestSqlite } from "@/tests/support/test-database";

const secret = "session-test-secret-".padEnd(64, "s");
const t0 = new Date("2026-11-23T08:00:00Z");
const hours = (n: number) => new Date(t0.getTime() + n * 3_600_000);

let database: TestSqlite;
let db: Db;
let ada: { id: string };
let bob: { id: string };

beforeAll(async () => {
  database = await createTestSqlite();
  db = createDbClient(database.url);
  ada = await db.user.create({ data: { email: "ada@example.com", name: "Ada", role: "owner", passwordHash: "x" } });
  bob = await db.user.create({ data: { email: "bob@example.com", name: "Bob", role: "viewer", passwordHash: "x" } });
});
afterAll(async () => {
  await db?.$disconnect();
  await database?.cleanup();
});

const open = (user: { id: string }, now = t0, baseUrl = "http://localhost:3000") =>
  createSession(db, user, { now, secret, baseUrl });
const read = (value: string, now: Date) => readSession(db, value, { now, secret });

describe("sessions", () => {
  it("sets an encrypted, HttpOnly, SameSite=Lax cookie that reads back as the user", async () => {
    const cookie = await open(ada, t0, "https://portal.example.com");
    expect(cookie.name).toBe(SESSION_COOKIE);
    expect(cookie.options).toEqual({ httpOnly: true, sameSite: "lax", secure: true, path: "/", maxAge: 7 * 24 * 3600 });
    expect(cookie.value).not.toContain(ada.id);
    const session = await read(cookie.value, hours(1));
    expect(session?.user).toEqual({ id: ada.id, email: "ada@example.com", name: "Ada", role: "owner", entraOid: null });
    expect(session?.session.expiresAt).toEqual(hours(7 * 24));
    expect((await open(ada)).options.secure).toBe(false); // http://localhost
  });

  it("ends on sign-out: the same cookie, copied before, is refused afterwards", async () => {
    const cookie = await open(ada);
    const copy = cookie.value;
    expect(await read(copy, hours(1))).not.toBeNull();
    const cleared = await signOut(db, cookie.value, { now: hours(1), secret, baseUrl: "http://localhost:3000" });
    expect(cleared).toMatchObject({ name: SESSION_COOKIE, value: "", sid: cookie.sid, options: { maxAge: 0 } });
    expect(await read(copy, hours(1))).toBeNull();
    const row = await db.session.findUniqueOrThrow({ where: { id: cookie.sid } });
    expect(row.revokedAt).toEqual(hours(1));
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "user.sign-out" } });
    expect(entry).toMatchObject({ actorId: ada.id, summary: "Ada signed out", at: hours(1) });
    // Signing out twice (a second tab) ends nothing more and writes no second entry.
    await signOut(db, copy, { now: hours(2), secret, baseUrl: "http://localhost:3000" });
    expect(await db.auditEntry.count({ where: { action: "user.sign-out" } })).toBe(1);
    // Signing out with a cookie that is not ours changes nothing and still clears the browser's cookie.
    expect((await signOut(db, "garbage", { secret, baseUrl: "http://localhost:3000" })).sid).toBeNull();
  });

  it("ends after 8 idle hours, and activity slides that window", async () => {
    const cookie = await open(ada);
    expect(await read(cookie.value, hours(7.9))).not.toBeNull(); // used: idle window now runs to 15.9 h
    expect(await read(cookie.value, hours(15))).not.toBeNull();
    expect(await read(cookie.value, hours(22.9))).not.toBeNull();
    expect(await read(cookie.value, hours(31))).toBeNull(); // 8.1 idle hours after 22.9 h
  });

  it("ends after 8 idle hours without activity", async () => {
    const cookie = await open(ada);
    expect(await read(cookie.value, hours(8))).toBeNull();
  });

  it("ends after 7 days however active the user was", async () => {
    const cookie = await open(ada);
    for (let h = 6; h < 7 * 24; h += 6) expect(await read(cookie.value, hours(h))).not.toBeNull();
    expect(await read(cookie.value, hours(7 * 24 - 0.01))).not.toBeNull();
    expect(await read(cookie.value, hours(7 * 24))).toBeNull();
  });

  it("writes lastSeenAt at most once a minute", async () => {
    const cookie = await open(ada);
    await read(cookie.value, new Date(t0.getTime() + LAST_SEEN_RESOLUTION_MS - 1000));
    expect((await db.session.findUniqueOrThrow({ where: { id: cookie.sid } })).lastSeenAt).toEqual(t0);
    const later = new Date(t0.getTime() + LAST_SEEN_RESOLUTION_MS + 1000);
    await read(cookie.value, later);
    expect((await db.session.findUniqueOrThrow({ where: { id: cookie.sid } })).lastSeenAt).toEqual(later);
  });

  it("refuses the sessions of a disabled user, and ends all sessions of a user at once", async () => {
    const one = await open(bob);
    const two = await open(bob);
    await db.user.update({ where: { id: bob.id }, data: { disabled: true } });
    expect(await read(one.value, hours(1))).toBeNull();
    await db.user.update({ where: { id: bob.id }, data: { disabled: false } });
    expect(await read(one.value, hours(1))).not.toBeNull();
    expect(await endUserSessions(db, bob.id, { now: hours(1) })).toBeGreaterThanOrEqual(2);
    expect(await read(one.value, hours(1))).toBeNull();
    expect(await read(two.value, hours(1))).toBeNull();
  });

  it("refuses a cookie sealed with another secret, one pairing a session with another user, and garbage", async () => {
    const cookie = await open(ada);
    expect(
      await readSession(db, cookie.value, { now: hours(1), secret: "another-secret-".padEnd(64, "z") }),
    ).toBeNull();
    // Someone holding the secret still cannot move a session to another user.
    const swapped = await sealSessionCookie({ sid: cookie.sid, uid: bob.id, iat: 0 }, secret);
    expect(await read(swapped, hours(1))).toBeNull();
    const unknownSid = await sealSessionCookie({ sid: "n".repeat(43), uid: ada.id, iat: 0 }, secret);
    expect(await read(unknownSid, hours(1))).toBeNull();
    expect(await read("", hours(1))).toBeNull();
  });

  it("prunes sessions a day after they ended", async () => {
    const before = await db.session.count();
    const removed = await pruneSessions(db, { now: hours(24 * 30) });
    expect(removed).toBe(before);
    expect(await db.session.count()).toBe(0);
  });
});
