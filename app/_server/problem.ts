// Problem documents (lib/problem.ts) as the Responses route handlers return.
import { problemOfError } from "@/lib/problem";

export function problemResponse(error: unknown, requestId?: string, headers: Record<string, string> = {}): Response {
  const problem = problemOfError(error, requestId, headers);
  return new Response(problem.body, { status: problem.status, headers: problem.headers });
}
