// Signed-in browsers: an encrypted cookie { sid, uid, iat } plus a Session row, so that sign-out, a disabled
// account, idle time and the absolute lifetime all end a session even when someone kept a copy of the cookie.
import "server-only";
import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { getConfig } from "@/lib/config";
import { audit } from "@/lib/audit/mutations";
import { toAuditActor } from "@/lib/audit/schema";
import { getSessionSecret } from "@/lib/auth/secrets";
import {
  SESSION_ABSOLUTE_TTL_SECONDS,
  SESSION_COOKIE,
  SESSION_IDLE_TTL_SECONDS,
  cookieOptions,
  sealSessionCookie,
  unsealSessionCookie,
  type CookieOptions,
} from "@/lib/auth/session-cookie";
import type { Role } from "@/lib/auth/schema";

export type SessionDb = Pick<Db, "session">;

/** lastSeenAt is written at most this often, so reading a session is not a write on every request. */
export const LAST_SEEN_RESOLUTION_MS = 60_000;

export interface SessionCookieToSet {
  name: typeof SESSION_COOKIE;
  value: string;
  options: CookieOptions;
}

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  entraOid: string | null;
}

export interface SessionInfo {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

export interface SessionOptions {
  now?: Date;
  /** Defaults to getSessionSecret(). */
  secret?: string;
  /** Decides the Secure attribute; defaults to getConfig().baseUrl. */
  baseUrl?: string;
}

/** Starts a session for a user who just proved who they are; set the returned cookie on the response. */
export async function createSession(
  db: SessionDb,
  user: { id: string },
  options: SessionOptions = {},
): Promise<SessionCookieToSet & { sid: string; expiresAt: Date }> {
  const now = options.now ?? new Date();
  const sid = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_TTL_SECONDS * 1000);
  await db.session.create({ data: { id: sid, userId: user.id, createdAt: now, lastSeenAt: now, expiresAt } });
  const value = await sealSessionCookie(
    { sid, uid: user.id, iat: Math.floor(now.getTime() / 1000) },
    options.secret ?? getSessionSecret(),
  );
  return {
    sid,
    expiresAt,
    name: SESSION_COOKIE,
    value,
    options: cookieOptions(options.baseUrl ?? getConfig().baseUrl, SESSION_ABSOLUTE_TTL_SECONDS),
  };
}

/**
 * The signed-in user of a request, or null when the cookie is missing, forged, from another secret, or its
 * session was ended, went idle, reached its absolute lifetime, or belongs to a disabled user.
 * Slides the idle expiry (writes lastSeenAt at most once a minute).
 */
export async function readSession(
  db: Pick<Db, "session">,
  cookieValue: string | undefined | null,
  options: Omit<SessionOptions, "baseUrl"> = {},
): Promise<{ user: SessionUser; session: SessionInfo } | null> {
  const cookie = await unsealSessionCookie(cookieValue, options.secret ?? getSessionSecret());
  if (!cookie) return null;
  const now = options.now ?? new Date();
  const row = await db.session.findUnique({ where: { id: cookie.sid }, include: { user: true } });
  if (!row || row.userId !== cookie.uid || row.revokedAt) return null;
  if (now.getTime() >= row.expiresAt.getTime()) return null;
  if (now.getTime() - row.lastSeenAt.getTime() >= SESSION_IDLE_TTL_SECONDS * 1000) return null;
  if (row.user.disabled) return null;

  let lastSeenAt = row.lastSeenAt;
  if (now.getTime() - lastSeenAt.getTime() >= LAST_SEEN_RESOLUTION_MS) {
    // updateMany: a session revoked a moment ago stays revoked, and a lost race costs nothing.
    await db.session.updateMany({ where: { id: row.id, revokedAt: null }, data: { lastSeenAt: now } });
    lastSeenAt = now;
  }
  const { user } = row;
  return {
    user: { id: user.id, email: user.email, name: user.name, role: user.role as Role, entraOid: user.entraOid },
    session: { id: row.id, createdAt: row.createdAt, lastSeenAt, expiresAt: row.expiresAt },
  };
}

/** Ends one session for good (sign-out). Idempotent. */
export async function endSession(db: SessionDb, sid: string, options: { now?: Date } = {}): Promise<void> {
  await db.session.updateMany({ where: { id: sid, revokedAt: null }, data: { revokedAt: options.now ?? new Date() } });
}

/** Ends every session of a user (disabled account, password change). Returns how many were open. */
export async function endUserSessions(db: SessionDb, userId: string, options: { now?: Date } = {}): Promise<number> {
  const result = await db.session.updateMany({
    where: { userId, revokedAt: null },
    data: { revokedAt: options.now ?? new Date() },
  });
  return result.count;
}

/**
 * Sign-out from a cookie value: ends its session if the cookie is genuine (audited as user.sign-out).
 * Returns the cookie that deletes it from the browser, whatever the cookie was.
 */
export async function signOut(
  db: Pick<Db, "session" | "auditEntry">,
  cookieValue: string | undefined | null,
  options: SessionOptions & { requestId?: string } = {},
): Promise<SessionCookieToSet & { sid: string | null }> {
  const cookie = await unsealSessionCookie(cookieValue, options.secret ?? getSessionSecret());
  if (cookie) {
    const now = options.now ?? new Date();
    const row = await db.session.findUnique({ where: { id: cookie.sid }, include: { user: true } });
    const ended = await db.session.updateMany({ where: { id: cookie.sid, revokedAt: null }, data: { revokedAt: now } });
    if (row && ended.count === 1) {
      await audit(db, {
        actor: toAuditActor(row.user),
        action: "user.sign-out",
        targetType: "user",
        targetId: row.user.id,
        summary: `${row.user.name} signed out`,
        requestId: options.requestId,
        at: now,
      });
    }
  }
  return { sid: cookie?.sid ?? null, ...clearedSessionCookie(options.baseUrl ?? getConfig().baseUrl) };
}

/** A Set-Cookie that removes the session cookie from the browser. */
export function clearedSessionCookie(baseUrl: string): SessionCookieToSet {
  return { name: SESSION_COOKIE, value: "", options: cookieOptions(baseUrl, 0) };
}

/** Deletes sessions that can no longer be used, a day after they ended; call it now and then (e.g. on start). */
export async function pruneSessions(db: SessionDb, options: { now?: Date } = {}): Promise<number> {
  const now = (options.now ?? new Date()).getTime();
  const dayAgo = new Date(now - 24 * 60 * 60 * 1000);
  const idleCutoff = new Date(now - SESSION_IDLE_TTL_SECONDS * 1000 - 24 * 60 * 60 * 1000);
  const result = await db.session.deleteMany({
    where: { OR: [{ expiresAt: { lt: dayAgo } }, { revokedAt: { lt: dayAgo } }, { lastSeenAt: { lt: idleCutoff } }] },
  });
  return result.count;
}
