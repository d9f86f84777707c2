// POST /auth/setup: the one-time setup link creates the first owner, then the owner signs in.
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { completeSetup } from "@/lib/auth/setup";
import { withPublic, readBody, json } from "@/app/_server/route";

const Body = z.object({ token: z.string().max(200), name: z.unknown(), email: z.unknown(), password: z.unknown() });

export const POST = withPublic(async (request, { requestId }) => {
  const { token, ...input } = await readBody(request, Body, 10_000);
  const user = await completeSetup(getDb(), token, input as { name: string; email: string; password: string }, {
    requestId,
  });
  return json({ ok: true, redirect: `/sign-in?created=${encodeURIComponent(user.email)}` });
});
