// The request proxy: the one place every request but the device API's passes. It assigns the request id, sets the
// Content-Security-Policy with a fresh nonce, refuses cross-site writes, and applies the access table
// (lib/auth/access-policy.ts): anonymous requests to anything not public are redirected to sign-in
// (pages) or answered 401 (APIs); a role below the path's minimum gets 403.
import { NextResponse, type NextRequest } from "next/server";
import { randomUUID } from "node:crypto";
import { accessFor, decideAccess, isCrossSiteWrite } from "@/lib/auth/access-policy";
import { SESSION_COOKIE } from "@/lib/auth/session-cookie";
import { readSession } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { logger } from "@/lib/logger";
import { problemDocument } from "@/lib/problem";
import type { AppErrorCode } from "@/lib/app-error";

function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Mantine sets style attributes and injects CSS variables at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self' https://login.microsoftonline.com",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** A problem+json answer, built as every other route builds it (lib/problem.ts). */
function problem(code: AppErrorCode, detail: string, requestId: string): NextResponse {
  const document = problemDocument(code, detail, { requestId });
  return new NextResponse(document.body, { status: document.status, headers: document.headers });
}

function wantsHtml(request: NextRequest): boolean {
  return (
    request.method === "GET" &&
    !request.nextUrl.pathname.startsWith("/api/") &&
    (request.headers.get("accept") ?? "").includes("text/html")
  );
}

export async function proxy(request: NextRequest): Promise<NextResponse> {
  const started = Date.now();
  const requestId = randomUUID();
  const { pathname } = request.nextUrl;
  const nonce = Buffer.from(randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV !== "production");
  const log = logger.child({ requestId, method: request.method, path: pathname });

  const finish = (response: NextResponse, outcome: string): NextResponse => {
    response.headers.set("x-request-id", requestId);
    response.headers.set("content-security-policy", csp);
    log.info({ outcome, ms: Date.now() - started }, "request");
    return response;
  };

  const access = accessFor(pathname);

  if (access.kind !== "bearer" && isCrossSiteWrite(request.method, request.headers)) {
    return finish(problem("forbidden", "Cross-site requests are refused.", requestId), "cross-site");
  }

  const forward = (): NextResponse => {
    const headers = new Headers(request.headers);
    headers.set("x-request-id", requestId);
    headers.set("x-nonce", nonce);
    headers.set("content-security-policy", csp);
    return NextResponse.next({ request: { headers } });
  };

  if (access.kind !== "session") return finish(forward(), access.kind);

  const cookie = request.cookies.get(SESSION_COOKIE)?.value;
  const session = cookie
    ? await readSession(getDb(), cookie).catch((error: unknown) => {
        log.error({ err: error }, "session check failed");
        return null;
      })
    : null;

  const decision = decideAccess(access, session?.user.role ?? null);
  if (decision === "sign-in") {
    if (wantsHtml(request)) {
      const url = request.nextUrl.clone();
      url.pathname = "/sign-in";
      url.search = pathname === "/" ? "" : `?next=${encodeURIComponent(pathname + request.nextUrl.search)}`;
      const response = NextResponse.redirect(url);
      if (cookie) response.cookies.delete(SESSION_COOKIE);
      return finish(response, "anonymous-redirect");
    }
    return finish(problem("unauthorized", "Sign in to continue.", requestId), "anonymous");
  }

  if (decision === "forbidden") {
    if (wantsHtml(request)) {
      const url = request.nextUrl.clone();
      url.pathname = "/forbidden";
      url.search = "";
      return finish(
        NextResponse.rewrite(url, {
          status: 403,
          request: {
            headers: new Headers({
              ...Object.fromEntries(request.headers),
              "x-request-id": requestId,
              "x-nonce": nonce,
            }),
          },
        }),
        "forbidden",
      );
    }
    return finish(problem("forbidden", `This needs the ${access.minRole} role.`, requestId), "forbidden");
  }

  return finish(forward(), "ok");
}

export const config = {
  // Everything but Next's static files, the favicon and the device API passes the proxy. The device API
  // (/api/client/v1, bearer tokens only: no session, no page, no CSP to set) authenticates and answers in its
  // own wrapper (lib/device-api/device-http.ts); the production server answers it before Next is reached at all
  // (lib/device-api/node-front.ts), and under `next dev` it skips the proxy all the same.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/client/v1/).*)"],
};
