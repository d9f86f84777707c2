// Every server action is made here, so none can skip its checks: the permission of the signed-in user,
// the zod input schema, the error mapping and the request id. A test fails any actions.ts that exports
// something not made by defineAction.
import "server-only";
import { z } from "zod";
import { AppError, type AppErrorCode, type FieldProblem } from "@/lib/app-error";
import { requireRole, type Permission } from "@/lib/auth/roles";
import { getCurrentUser, getRequestId, type CurrentUser } from "@/app/_server/request-context";
import { toAppError } from "@/lib/problem";
import { invalidInput, jsonDepthProblem } from "@/lib/parse-input";

export type ActionResult<T> =
  { ok: true; data: T } | { ok: false; code: AppErrorCode; message: string; problems: FieldProblem[] };

export interface ActionContext {
  user: CurrentUser;
  actor: { id: string; label: string };
  requestId: string;
}

export function defineAction<S extends z.ZodType, T>(
  options: { permission: Permission; input: S },
  handler: (input: z.infer<S>, ctx: ActionContext) => Promise<T>,
): (raw: z.input<S>) => Promise<ActionResult<T>> {
  return async (raw) => {
    const requestId = await getRequestId();
    try {
      const user = await getCurrentUser();
      requireRole(user, options.permission);
      const deep = jsonDepthProblem(raw);
      if (deep) throw invalidInput("input", [deep]);
      const parsed = options.input.safeParse(raw);
      if (!parsed.success) throw parsed.error;
      const data = await handler(parsed.data, { user: user!, actor: { id: user!.id, label: user!.email }, requestId });
      return { ok: true, data };
    } catch (error) {
      // Next's redirect()/notFound() work by throwing: let them through.
      if (isNextControlFlow(error)) throw error;
      const appError = toAppError(error, requestId);
      return { ok: false, code: appError.code, message: appError.message, problems: appError.problems };
    }
  };
}

function isNextControlFlow(error: unknown): boolean {
  const digest = (error as { digest?: unknown } | null)?.digest;
  return (
    typeof digest === "string" &&
    (digest.startsWith("NEXT_REDIRECT") || digest.startsWith("NEXT_HTTP_ERROR_FALLBACK") || digest === "NEXT_NOT_FOUND")
  );
}

export { AppError };
