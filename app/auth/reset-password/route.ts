// POST /auth/reset-password: a reset link's token and the new password; then the person signs in.
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { completePasswordReset } from "@/lib/auth/recovery";
import { withPublic, readBody, json } from "@/app/_server/route";

const Body = z.object({ token: z.string().max(200), password: z.unknown() });

export const POST = withPublic(async (request, { requestId }) => {
  const { token, password } = await readBody(request, Body, 10_000);
  const { email } = await completePasswordReset(getDb(), token, { password: password as string }, { requestId });
  return json({ ok: true, redirect: `/sign-in?reset=${encodeURIComponent(email)}` });
});
