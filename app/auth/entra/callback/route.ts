// GET /auth/entra/callback: Microsoft's redirect. Checks state, redeems the code (PKCE + nonce), verifies the
// ID token, maps the identity to a portal user and starts a session. Failures go back to the sign-in page.
import { cookies } from "next/headers";
import { getConfig } from "@/lib/config";
import { finishEntraSignIn, clearedEntraCookie, ENTRA_COOKIE } from "@/lib/auth/entra";
import { signInWithEntra } from "@/lib/auth/sign-in";
import { createSession } from "@/lib/auth/session";
import { getSessionSecret } from "@/lib/auth/secrets";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/app-error";
import { logger } from "@/lib/logger";
import { returnPathOrHome } from "@/lib/auth/return-path";
import { withPublic } from "@/app/_server/route";
import { FLASH_COOKIE } from "@/app/_server/flash";

function redirect(location: string): Response {
  return new Response(null, { status: 303, headers: { location, "cache-control": "no-store" } });
}

export const GET = withPublic(async (request, { requestId }) => {
  const config = getConfig();
  if (!config.entra) throw new AppError("not_found", "Microsoft sign-in is not configured for this portal.");
  const query = new URL(request.url).searchParams;
  const jar = await cookies();
  const transient = jar.get(ENTRA_COOKIE)?.value;
  const cleared = clearedEntraCookie(config.baseUrl);
  jar.set(cleared.name, cleared.value, cleared.options);
  try {
    const identity = await finishEntraSignIn(config.entra, {
      code: query.get("code"),
      state: query.get("state"),
      error: query.get("error"),
      errorDescription: query.get("error_description"),
      transientCookie: transient,
      secret: getSessionSecret(),
    });
    const db = getDb();
    const user = await signInWithEntra(db, identity, { requestId });
    const session = await createSession(db, user);
    jar.set(session.name, session.value, session.options);
    return redirect(returnPathOrHome(identity.returnTo, config.baseUrl));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    logger.warn(
      { requestId, reason: (error.details as { reason?: string } | undefined)?.reason },
      "Entra sign-in refused",
    );
    // The message travels in a short-lived cookie, not the URL, so nobody can craft a sign-in page that says anything else.
    jar.set(FLASH_COOKIE, error.message.slice(0, 300), {
      httpOnly: true,
      sameSite: "lax",
      secure: cleared.options.secure,
      path: "/sign-in",
      maxAge: 60,
    });
    return redirect("/sign-in");
  }
});
