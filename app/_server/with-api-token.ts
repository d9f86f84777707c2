// The automation API's one wrapper: a portal-issued API token (Authorization: Bearer swt_...) that is not
// revoked and holds the scope, a request id, and errors as problem+json. The token acts for its creator (or
// whom an owner re-assigned it to) and never does more than that user may do now: the user is read with the
// token on every request (no cache), so disabling or demoting them takes effect on the next call.
import "server-only";
import { randomUUID } from "node:crypto";
import { AppError } from "@/lib/app-error";
import { getDb, type Db } from "@/lib/db/client";
import { findActiveToken, type PresentedToken } from "@/lib/api-tokens/data";
import { touchApiToken } from "@/lib/api-tokens/mutations";
import type { ApiTokenScope } from "@/lib/api-tokens/schema";
import { SCOPE_PERMISSION, tokenStanding } from "@/lib/api-tokens/rights";
import { problemResponse } from "@/app/_server/problem";

type Params = Record<string, string | string[]>;

export interface ApiTokenContext<P> {
  requestId: string;
  params: P;
  db: Db;
  token: PresentedToken;
  actor: { id: string; label: string };
}

const PERMISSION_VERBS: Partial<Record<string, string>> = {
  read: "export projects or pull versions",
  edit: "import project files",
  publish: "publish versions",
};

export function withApiToken<P extends Params = Params>(
  scope: ApiTokenScope,
  handler: (request: Request, ctx: ApiTokenContext<P>) => Promise<Response>,
  dbOf: () => Db = getDb,
) {
  return async (request: Request, args?: { params: Promise<Params> }): Promise<Response> => {
    const requestId = request.headers.get("x-request-id") ?? randomUUID();
    try {
      const db = dbOf();
      const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
      const token = match ? await findActiveToken(db, match[1]) : undefined;
      if (!token) {
        throw new AppError(
          "unauthorized",
          match
            ? "The API token is unknown or revoked; an owner creates tokens in Settings > API tokens."
            : "Send an API token as 'Authorization: Bearer swt_...'.",
        );
      }
      const standing = tokenStanding(token.scopes, token.user);
      if (standing.status === "suspended" && (!token.user || token.user.disabled)) {
        throw new AppError(
          "unauthorized",
          `The API token '${token.name}' is suspended: ${standing.reason}. An owner can re-assign or revoke it in Settings > API tokens.`,
        );
      }
      if (!token.scopes.includes(scope))
        throw new AppError("forbidden", `The API token '${token.name}' lacks the scope '${scope}'.`);
      if (!(standing.usable as readonly ApiTokenScope[]).includes(scope)) {
        throw new AppError(
          "forbidden",
          `The API token '${token.name}' acts for ${token.user!.email}, whose role (${token.user!.role}) may no longer ${PERMISSION_VERBS[SCOPE_PERMISSION[scope]] ?? "do this"}. An owner can re-assign the token in Settings > API tokens.`,
        );
      }
      await touchApiToken(db, token.id, token.lastUsedAt);
      const params = ((await args?.params) ?? {}) as P;
      return await handler(request, {
        requestId,
        params,
        db,
        token,
        actor: {
          id: token.user!.id,
          label: `API token '${token.name}' (swt_${token.prefix}…) of ${token.user!.email}`,
        },
      });
    } catch (error) {
      const headers: Record<string, string> =
        error instanceof AppError && error.code === "unauthorized" ? { "www-authenticate": "Bearer" } : {};
      return problemResponse(error, requestId, headers);
    }
  };
}
