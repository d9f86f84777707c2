// Route handlers are wrapped once: authentication and role (withAdmin), or none for the public ones
// (withPublic), plus input parsing, error mapping to problem+json and the request id in every log line.
import "server-only";
import { z } from "zod";
import { requireRole, type Permission } from "@/lib/auth/roles";
import { getCurrentUser, getRequestId, type CurrentUser } from "@/app/_server/request-context";
import { problemResponse } from "@/app/_server/problem";
import { readJsonOrForm } from "@/lib/http/request-body";
import { invalidInput, jsonDepthProblem } from "@/lib/parse-input";

export interface RouteContext<P> {
  requestId: string;
  params: P;
}

type Params = Record<string, string | string[]>;
type NextRouteArgs = { params: Promise<Params> };

export function withPublic<P extends Params = Params>(
  handler: (request: Request, ctx: RouteContext<P>) => Promise<Response>,
): (request: Request, args: NextRouteArgs) => Promise<Response> {
  return async (request, args) => {
    const requestId = await getRequestId();
    try {
      return await handler(request, { requestId, params: ((await args?.params) ?? {}) as P });
    } catch (error) {
      return problemResponse(error, requestId);
    }
  };
}

export function withAdmin<P extends Params = Params>(
  permission: Permission,
  handler: (
    request: Request,
    ctx: RouteContext<P> & { user: CurrentUser; actor: { id: string; label: string } },
  ) => Promise<Response>,
): (request: Request, args: NextRouteArgs) => Promise<Response> {
  return withPublic<P>(async (request, ctx) => {
    const user = await getCurrentUser();
    requireRole(user, permission);
    return handler(request, { ...ctx, user: user!, actor: { id: user!.id, label: user!.email } });
  });
}

/** Reads a JSON body (or a form) and parses it with the schema; names the fields that are wrong. */
export async function readBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  maxBytes = 1_000_000,
): Promise<z.infer<S>> {
  const raw = await readJsonOrForm(request, maxBytes);
  const deep = jsonDepthProblem(raw);
  if (deep) throw invalidInput("request body", [deep]);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw parsed.error;
  return parsed.data;
}

export function json(body: unknown, init: ResponseInit = {}): Response {
  return new Response(JSON.stringify(body), {
    ...init,
    headers: { "content-type": "application/json", "cache-control": "no-store", ...init.headers },
  });
}
