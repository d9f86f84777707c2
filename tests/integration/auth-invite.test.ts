// Invitations and user management on a real SQLite file: only owners invite and manage; a link works once
// and expires; the last owner stays; every write is in the audit log, and no audit entry holds a secret.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/app-error";
import { createDbClient, type Db } from "@/lib/db/client";
import { loadAuditPage } from "@/lib/audit/data";
import { acceptInvite, createInvite, listPendingInvites, loadInvite, revokeInvite } from "@/lib/auth/invitations";
import { completeSetup, ensureSetupLink } from "@/lib/auth/setup";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { createSession, readSession } from "@/lib/auth/session";
import { changeRole, listUsers, setUserDisabled } from "@/lib/auth/users";
import { createLogger } from "@/lib/logger";
import { createTestSqlite, type TestSqlite } from "@/tests/support/test-database";

const baseUrl = "https://portal.example.com";
const secret = "invite-test-secret-".padEnd(64, "i");
const t0 = new Date("2026-01-05T12:00:00Z"); // before any real clock reading in this file
const days = (n: number) => new Date(t0.getTime() + n * 86_400_000);
const silent = createLogger({ level: "silent" });
const secrets: string[] = [];

let database: TestSqlite;
let db: Db;
let owner: Awaited<ReturnType<typeof completeSetup>>;

const tokenOf = (url: string) => new URL(url).searchParams.get("token")!;

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error("expected a refusal");
}

beforeAll(async () => {
  database = await createTestSqlite();
  db = createDbClient(database.url);
  const link = await ensureSetupLink(db, baseUrl, { now: t0 });
  secrets.push(tokenOf(link!.url), "owner password 1234");
  owner = await completeSetup(
    db,
    tokenOf(link!.url),
    { name: "Olivia Owner", email: "olivia@example.com", password: "owner password 1234" },
    { now: t0 },
  );
});
afterAll(async () => {
  await db?.$disconnect();
  await database?.cleanup();
});

describe("invitations", () => {
  let editorId: string;

  it("lets an owner invite; the invitee sets a name and password once and can sign in with the invited role", async () => {
    const invite = await createInvite(
      db,
      owner,
      { email: "Eddie@Example.com", role: "editor" },
      { baseUrl, now: t0, requestId: "req-7" },
    );
    secrets.push(tokenOf(invite.url), "editor password 5678");
    expect(invite.url).toMatch(/^https:\/\/portal\.example\.com\/invite\?token=[A-Za-z0-9_-]{43}$/);
    expect(invite).toMatchObject({ email: "eddie@example.com", role: "editor", expiresAt: days(7) });
    expect(await loadInvite(db, tokenOf(invite.url), { now: days(1) })).toEqual({
      email: "eddie@example.com",
      role: "editor",
      expiresAt: days(7),
    });
    expect((await listPendingInvites(db, { now: days(1) })).map((i) => i.email)).toEqual(["eddie@example.com"]);

    const user = await acceptInvite(
      db,
      tokenOf(invite.url),
      { name: "Eddie Editor", password: "editor password 5678" },
      { now: days(1) },
    );
    editorId = user.id;
    expect(user).toMatchObject({ email: "eddie@example.com", role: "editor", name: "Eddie Editor" });
    const signIn = await signInWithPassword(
      db,
      { email: "eddie@example.com", password: "editor password 5678", address: "192.0.2.1" },
      { now: days(1), logger: silent },
    );
    expect(signIn.ok).toBe(true);

    // Once only.
    expect(await loadInvite(db, tokenOf(invite.url), { now: days(1) })).toBeNull();
    const again = await refusal(
      acceptInvite(db, tokenOf(invite.url), { name: "Mallory", password: "mallory password 1" }, { now: days(1) }),
    );
    expect(again.code).toBe("not_found");
    expect(again.message).toBe("This invitation link is invalid, expired or already used. Ask an owner for a new one.");
    expect(await listPendingInvites(db, { now: days(1) })).toEqual([]);
  });

  it("expires after seven days", async () => {
    const invite = await createInvite(db, owner, { email: "late@example.com", role: "viewer" }, { baseUrl, now: t0 });
    expect(await loadInvite(db, tokenOf(invite.url), { now: days(7) })).toBeNull();
    expect(
      (
        await refusal(
          acceptInvite(db, tokenOf(invite.url), { name: "Late", password: "late password 123" }, { now: days(7) }),
        )
      ).code,
    ).toBe("not_found");
  });

  it("replaces an older invitation for the same email, and an owner can withdraw one", async () => {
    const first = await createInvite(db, owner, { email: "vera@example.com", role: "viewer" }, { baseUrl, now: t0 });
    const second = await createInvite(db, owner, { email: "vera@example.com", role: "editor" }, { baseUrl, now: t0 });
    expect(await loadInvite(db, tokenOf(first.url), { now: t0 })).toBeNull();
    expect((await loadInvite(db, tokenOf(second.url), { now: t0 }))?.role).toBe("editor");
    await revokeInvite(db, owner, second.id, { now: t0 });
    expect(await loadInvite(db, tokenOf(second.url), { now: t0 })).toBeNull();
  });

  it("refuses invitations from editors and viewers, for existing accounts, and with a bad role", async () => {
    const editor = { id: editorId, name: "Eddie Editor", email: "eddie@example.com", role: "editor" };
    const forbidden = await refusal(createInvite(db, editor, { email: "x@example.com", role: "viewer" }, { baseUrl }));
    expect(forbidden.code).toBe("forbidden");
    expect(forbidden.message).toBe("Your role (editor) may not manage users.");
    expect(
      (await refusal(createInvite(db, owner, { email: "eddie@example.com", role: "viewer" }, { baseUrl }))).code,
    ).toBe("conflict");
    const bad = await refusal(
      createInvite(db, owner, { email: "x@example.com", role: "admin" as "viewer" }, { baseUrl }),
    );
    expect(bad.problems).toEqual([{ path: "role", message: "must be owner, editor or viewer" }]);
  });
});

describe("users", () => {
  it("lists users with owners first", async () => {
    const users = await listUsers(db);
    expect(users.map((u) => [u.email, u.role])).toEqual([
      ["olivia@example.com", "owner"],
      ["eddie@example.com", "editor"],
    ]);
    expect(users[0]).toMatchObject({ disabled: false, hasPassword: true, entraLinked: false });
  });

  it("never demotes or disables the last enabled owner", async () => {
    const demote = await refusal(changeRole(db, owner, { userId: owner.id, role: "editor" }));
    expect(demote.code).toBe("conflict");
    expect(demote.message).toBe("The portal needs at least one enabled owner. Make another user owner first.");
    expect((await refusal(setUserDisabled(db, owner, { userId: owner.id, disabled: true }))).code).toBe("conflict");
  });

  it("lets an owner promote, demote, disable (ending sessions) and enable; others may not", async () => {
    const eddie = (await listUsers(db)).find((u) => u.email === "eddie@example.com")!;
    const editorActor = { id: eddie.id, name: eddie.name, email: eddie.email, role: "editor" };
    expect((await refusal(changeRole(db, editorActor, { userId: eddie.id, role: "owner" }))).code).toBe("forbidden");
    expect((await refusal(setUserDisabled(db, editorActor, { userId: owner.id, disabled: true }))).code).toBe(
      "forbidden",
    );

    expect((await changeRole(db, owner, { userId: eddie.id, role: "owner" }, { requestId: "req-9" })).role).toBe(
      "owner",
    );
    // Now two owners: the first may step down.
    expect((await changeRole(db, owner, { userId: owner.id, role: "editor" })).role).toBe("editor");
    const eddieOwner = { ...editorActor, role: "owner" };
    expect((await changeRole(db, eddieOwner, { userId: owner.id, role: "owner" })).role).toBe("owner");

    const session = await createSession(db, eddie, { secret, baseUrl });
    expect(await readSession(db, session.value, { secret })).not.toBeNull();
    expect((await setUserDisabled(db, owner, { userId: eddie.id, disabled: true })).disabled).toBe(true);
    expect(await readSession(db, session.value, { secret })).toBeNull();
    // A disabled owner does not count: Olivia is the last enabled owner again.
    expect((await refusal(changeRole(db, owner, { userId: owner.id, role: "viewer" }))).code).toBe("conflict");
    expect((await setUserDisabled(db, owner, { userId: eddie.id, disabled: false })).disabled).toBe(false);
    expect((await refusal(changeRole(db, owner, { userId: "no-such-user", role: "viewer" }))).code).toBe("not_found");
  });
});

describe("audit log", () => {
  it("records every write newest first, with before/after summaries and no secrets", async () => {
    const page = await loadAuditPage(db, { page: 1, pageSize: 100 });
    const actions = page.entries.map((e) => e.action);
    expect(actions.at(-1)).toBe("user.setup");
    for (const action of [
      "user.invite",
      "user.accept-invite",
      "user.sign-in",
      "user.invite-revoke",
      "user.role-change",
      "user.disable",
      "user.enable",
    ]) {
      expect(actions).toContain(action);
    }
    const times = page.entries.map((e) => e.at.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const roleChange = page.entries.find((e) => e.action === "user.role-change" && e.requestId === "req-9")!;
    expect(roleChange).toMatchObject({
      actorLabel: "Olivia Owner <olivia@example.com>",
      before: { role: "editor" },
      after: { role: "owner" },
    });
    expect(roleChange.summary).toBe("Olivia Owner changed the role of Eddie Editor from editor to owner");
    const invite = page.entries.find((e) => e.action === "user.invite" && e.requestId === "req-7")!;
    expect(invite.after).toMatchObject({ email: "eddie@example.com", role: "editor" });

    const everything = JSON.stringify(await db.auditEntry.findMany());
    for (const secretValue of secrets) expect(everything).not.toContain(secretValue);
    expect(everything).not.toContain("$scrypt$");
  });

  it("pages with a total", async () => {
    const total = await db.auditEntry.count();
    const first = await loadAuditPage(db, { page: 1, pageSize: 3 });
    const second = await loadAuditPage(db, { page: 2, pageSize: 3 });
    expect(first).toMatchObject({ total, page: 1, pageSize: 3, pageCount: Math.ceil(total / 3) });
    expect(first.entries).toHaveLength(3);
    expect(second.entries.map((e) => e.id)).not.toContain(first.entries[0].id);
    expect(first.entries[0].at.getTime()).toBeGreaterThanOrEqual(second.entries[0].at.getTime());
    expect((await loadAuditPage(db, { page: 999, pageSize: 3 })).entries).toEqual([]);
  });
});
