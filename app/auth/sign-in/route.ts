// POST /auth/sign-in: email and password -> session cookie. The same message for an unknown account and a
// wrong password; throttled attempts get "try again in N minutes".
import { cookies } from "next/headers";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { createSession } from "@/lib/auth/session";
import { AppError } from "@/lib/app-error";
import { withPublic, readBody, json } from "@/app/_server/route";
import { clientAddress } from "@/app/_server/client-address";

const Body = z.object({ email: z.string().max(320), password: z.string().max(1024) });

export const POST = withPublic(async (request, { requestId }) => {
  const input = await readBody(request, Body, 10_000);
  const db = getDb();
  const result = await signInWithPassword(db, { ...input, address: clientAddress(request) }, { requestId });
  if (!result.ok) {
    throw new AppError(result.reason === "throttled" ? "rate_limited" : "unauthorized", result.message);
  }
  const cookie = await createSession(db, result.user);
  (await cookies()).set(cookie.name, cookie.value, cookie.options);
  return json({ ok: true, user: { name: result.user.name, email: result.user.email, role: result.user.role } });
});
