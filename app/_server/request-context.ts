// Who is asking, and under which request id: read once per request from the cookie the proxy already checked.
import "server-only";
import { cache } from "react";
import { cookies, headers } from "next/headers";
import { randomUUID } from "node:crypto";
import { getDb } from "@/lib/db/client";
import { readSession } from "@/lib/auth/session";
import { SESSION_COOKIE } from "@/lib/auth/session-cookie";

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  role: string;
  sessionId: string;
}

/** The signed-in user of this request, or null. Cached per request. */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const value = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!value) return null;
  const found = await readSession(getDb(), value);
  if (!found) return null;
  return {
    id: found.user.id,
    email: found.user.email,
    name: found.user.name,
    role: found.user.role,
    sessionId: found.session.id,
  };
});

/** The request id the proxy assigned (echoed in X-Request-Id), or a fresh one outside a request. */
export const getRequestId = cache(async (): Promise<string> => (await headers()).get("x-request-id") ?? randomUUID());
