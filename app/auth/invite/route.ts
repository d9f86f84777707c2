// POST /auth/invite: an invited person sets their name and password; then they sign in.
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { acceptInvite } from "@/lib/auth/invitations";
import { withPublic, readBody, json } from "@/app/_server/route";

const Body = z.object({ token: z.string().max(200), name: z.unknown(), password: z.unknown() });

export const POST = withPublic(async (request, { requestId }) => {
  const { token, ...input } = await readBody(request, Body, 10_000);
  const user = await acceptInvite(getDb(), token, input as { name: string; password: string }, { requestId });
  return json({ ok: true, redirect: `/sign-in?created=${encodeURIComponent(user.email)}` });
});
