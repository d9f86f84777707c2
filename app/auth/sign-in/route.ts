// POST /auth/sign-in: email and password -> session cookie. The same message for an unknown account and a
// wrong password; throttled attempts get 429 with "try again in N seconds/minutes" and Retry-After.
import { cookies } from "next/headers";
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { createSession } from "@/lib/auth/session";
import { AppError } from "@/lib/app-error";
import { problemDocument } from "@/lib/problem";
import { withPublic, readBody, json } from "@/app/_server/route";
import { clientAddress } from "@/app/_server/client-address";

const Body = z.object({ email: z.string().max(320), password: z.string().max(1024) });

export const POST = withPublic(async (request, { requestId }) => {
  const input = await readBody(request, Body, 10_000);
  const db = getDb();
  const result = await signInWithPassword(db, { ...input, address: clientAddress(request) }, { requestId });
  if (!result.ok && result.reason === "throttled") {
    const problem = problemDocument("rate_limited", result.message, {
      requestId,
      headers: { "retry-after": String(result.retryAfterSeconds) },
    });
    return new Response(problem.body, { status: problem.status, headers: problem.headers });
  }
  if (!result.ok) throw new AppError("unauthorized", result.message);
  const cookie = await createSession(db, result.user);
  (await cookies()).set(cookie.name, cookie.value, cookie.options);
  return json({ ok: true, user: { name: result.user.name, email: result.user.email, role: result.user.role } });
});
