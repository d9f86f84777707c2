// The encrypted session cookie: its name, attributes and sealing (iron-session). No database, no Next imports,
// so the request proxy can use it to turn anonymous requests away cheaply; session.ts does the real check.
import { sealData, unsealData } from "iron-session";
import { z } from "zod";

export const SESSION_COOKIE = "sw_session";
/** Absolute lifetime of a session: after this, sign in again however active you were. */
export const SESSION_ABSOLUTE_TTL_SECONDS = 7 * 24 * 60 * 60;
/** Idle lifetime: a session unused for this long ends. */
export const SESSION_IDLE_TTL_SECONDS = 8 * 60 * 60;

const SessionCookieSchema = z.object({ sid: z.string().min(20), uid: z.string().min(1), iat: z.number().int() });
export type SessionCookie = z.infer<typeof SessionCookieSchema>;

export interface CookieOptions {
  httpOnly: true;
  sameSite: "lax";
  secure: boolean;
  path: "/";
  /** Seconds; 0 deletes the cookie. */
  maxAge: number;
}

/** Plain http is only acceptable on the local machine: everywhere else the cookie must be Secure. */
export function isLocalHttp(baseUrl: string): boolean {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return false;
  }
  return (
    url.protocol === "http:" &&
    (url.hostname === "localhost" || url.hostname === "127.0.0.1" || url.hostname === "[::1]")
  );
}

export function cookieOptions(baseUrl: string, maxAge: number): CookieOptions {
  return { httpOnly: true, sameSite: "lax", secure: !isLocalHttp(baseUrl), path: "/", maxAge };
}

/** Seals any small JSON value for a cookie; `ttlSeconds` is enforced again when unsealing. */
export function sealCookieValue(data: object, secret: string, ttlSeconds: number): Promise<string> {
  return sealData(data, { password: secret, ttl: ttlSeconds });
}

/** The sealed value, or null when it was tampered with, sealed with another secret, or expired. Never throws. */
export async function unsealCookieValue<T>(
  value: string | undefined | null,
  secret: string,
  ttlSeconds: number,
  schema: z.ZodType<T>,
): Promise<T | null> {
  if (!value || value.length > 4096) return null;
  try {
    const data = await unsealData<unknown>(value, { password: secret, ttl: ttlSeconds });
    const parsed = schema.safeParse(data);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function sealSessionCookie(cookie: SessionCookie, secret: string): Promise<string> {
  return sealCookieValue(cookie, secret, SESSION_ABSOLUTE_TTL_SECONDS);
}

/** Decrypts the cookie only; it does NOT tell whether the session is still valid (use readSession for that). */
export function unsealSessionCookie(value: string | undefined | null, secret: string): Promise<SessionCookie | null> {
  return unsealCookieValue(value, secret, SESSION_ABSOLUTE_TTL_SECONDS, SessionCookieSchema);
}
