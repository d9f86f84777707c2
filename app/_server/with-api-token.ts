// The automation API's one wrapper: a portal-issued API token (Authorization: Bearer swt_...) that is not
// revoked and holds the scope, a request id, and errors as problem+json. The token acts for its creator.
import "server-only";
import { randomUUID } from "node:crypto";
import { AppError } from "@/lib/app-error";
import { getDb, type Db } from "@/lib/db/client";
import { findActiveToken, type PresentedToken } from "@/lib/api-tokens/data";
import { touchApiToken } from "@/lib/api-tokens/mutations";
import type { ApiTokenScope } from "@/lib/api-tokens/schema";
import { problemResponse } from "@/app/_server/problem";

type Params = Record<string, string | string[]>;

export interface ApiTokenContext<P> {
  requestId: string;
  params: P;
  db: Db;
  token: PresentedToken;
  actor: { id: string; label: string };
}

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
      if (!token.scopes.includes(scope))
        throw new AppError("forbidden", `The API token '${token.name}' lacks the scope '${scope}'.`);
      await touchApiToken(db, token.id, token.lastUsedAt);
      const params = ((await args?.params) ?? {}) as P;
      return await handler(request, {
        requestId,
        params,
        db,
        token,
        actor: { id: token.createdById, label: `API token '${token.name}' (swt_${token.prefix}…)` },
      });
    } catch (error) {
      const headers: Record<string, string> =
        error instanceof AppError && error.code === "unauthorized" ? { "www-authenticate": "Bearer" } : {};
      return problemResponse(error, requestId, headers);
    }
  };
}
