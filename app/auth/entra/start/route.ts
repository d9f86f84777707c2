// GET /auth/entra/start: sends the browser to Microsoft with PKCE, state and nonce remembered in a sealed cookie.
import { cookies } from "next/headers";
import { getConfig } from "@/lib/config";
import { startEntraSignIn } from "@/lib/auth/entra";
import { getSessionSecret } from "@/lib/auth/secrets";
import { AppError } from "@/lib/app-error";
import { withPublic } from "@/app/_server/route";

export const GET = withPublic(async (request) => {
  const config = getConfig();
  if (!config.entra) throw new AppError("not_found", "Microsoft sign-in is not configured for this portal.");
  const returnTo = new URL(request.url).searchParams.get("next") ?? undefined;
  const { url, transientCookie } = await startEntraSignIn(config.entra, {
    secret: getSessionSecret(),
    baseUrl: config.baseUrl,
    returnTo,
  });
  (await cookies()).set(transientCookie.name, transientCookie.value, transientCookie.options);
  return new Response(null, { status: 302, headers: { location: url, "cache-control": "no-store" } });
});
