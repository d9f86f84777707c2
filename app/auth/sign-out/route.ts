// POST /auth/sign-out: ends the session on the server (a copied cookie stops working too) and clears the cookie.
import { cookies } from "next/headers";
import { getDb } from "@/lib/db/client";
import { signOut } from "@/lib/auth/session";
import { SESSION_COOKIE } from "@/lib/auth/session-cookie";
import { withPublic } from "@/app/_server/route";

export const POST = withPublic(async () => {
  const jar = await cookies();
  const cleared = await signOut(getDb(), jar.get(SESSION_COOKIE)?.value);
  jar.set(cleared.name, cleared.value, cleared.options);
  return new Response(null, {
    status: 303,
    headers: { location: "/sign-in?signedOut=1", "cache-control": "no-store" },
  });
});
