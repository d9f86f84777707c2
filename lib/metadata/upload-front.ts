// Metadata uploads in front of Next on the production server (scripts/server.ts): POST
// /api/environments/<id>/upload is answered straight from node:http, so the multipart body streams through
// busboy one file at a time instead of being buffered whole by Next's request proxy and again by
// Request.formData(). The checks are the proxy's and the route wrapper's, from the same functions: cross-site
// writes refused, the session read from its cookie, the access table's minimum role, then the permission.
// The answer is the Next route file's own (it serves `next dev`): both call lib/environments/upload-core.ts.
import "server-only";
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { accessFor, isCrossSiteWrite } from "@/lib/auth/access-policy";
import { requireRole, roleAtLeast } from "@/lib/auth/roles";
import { readSession } from "@/lib/auth/session";
import { SESSION_COOKIE } from "@/lib/auth/session-cookie";
import { AppError } from "@/lib/app-error";
import { getDb } from "@/lib/db/client";
import { logger } from "@/lib/logger";
import { problemOfError } from "@/lib/problem";
import { receiveMetadataUpload, streamMetadataUpload, wantsProgress } from "./upload-core";

export const UPLOAD_PATH = /^\/api\/environments\/([^/?]+)\/upload$/;

/** The value of one cookie of a Cookie header, or undefined. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const at = part.indexOf("=");
    if (at !== -1 && part.slice(0, at).trim() === name) {
      const raw = part.slice(at + 1).trim();
      try {
        return decodeURIComponent(raw);
      } catch {
        return raw;
      }
    }
  }
  return undefined;
}

const BASE_HEADERS = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "x-frame-options": "DENY",
  "cache-control": "no-store",
};

/**
 * A request listener's step: answers and returns true for a metadata upload, returns false (having done
 * nothing) for anything else.
 */
export function createUploadFront(): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    const url = req.url ?? "/";
    const query = url.indexOf("?");
    const path = query === -1 ? url : url.slice(0, query);
    const match = UPLOAD_PATH.exec(path);
    if (!match || req.method !== "POST") return false;
    let environmentId: string;
    try {
      environmentId = decodeURIComponent(match[1]);
    } catch {
      return false; // not an id either way: Next answers it
    }
    const combineWith = query === -1 ? null : new URLSearchParams(url.slice(query + 1)).get("combineWith");
    void answer(req, res, path, environmentId, combineWith);
    return true;
  };
}

async function answer(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  environmentId: string,
  combineWith: string | null,
): Promise<void> {
  const started = Date.now();
  const requestId = randomUUID();
  const log = logger.child({ requestId, method: "POST", path });
  const headers = {
    get(name: string): string | null {
      const value = req.headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
    },
  };
  const fail = (error: unknown, outcome: string) => {
    const problem = problemOfError(error, requestId);
    // The rest of the body is not read: the connection closes after this answer.
    res.writeHead(problem.status, {
      ...BASE_HEADERS,
      ...problem.headers,
      "x-request-id": requestId,
      connection: "close",
    });
    res.end(problem.body);
    log.info({ outcome, status: problem.status, ms: Date.now() - started }, "request");
  };
  try {
    const access = accessFor(path);
    if (access.kind !== "session") throw new AppError("internal", `${path} is not a session route.`);
    if (isCrossSiteWrite("POST", headers))
      return fail(new AppError("forbidden", "Cross-site requests are refused."), "cross-site");
    const session = await readSession(getDb(), cookieValue(req.headers.cookie, SESSION_COOKIE));
    if (!session) return fail(new AppError("unauthorized", "Sign in to continue."), "anonymous");
    if (!roleAtLeast(session.user.role, access.minRole))
      return fail(new AppError("forbidden", `This needs the ${access.minRole} role.`), "forbidden");
    requireRole(session.user, "manage-environments");
    const input = {
      environmentId,
      headers,
      body: req,
      actor: { id: session.user.id, label: session.user.email },
      requestId,
      combineWith,
    };
    if (wantsProgress(headers)) {
      res.writeHead(200, { ...BASE_HEADERS, "content-type": "application/x-ndjson", "x-request-id": requestId });
      await streamMetadataUpload(getDb(), input, (line) => res.write(line));
      res.end();
      log.info({ outcome: "ok", ms: Date.now() - started }, "request");
      return;
    }
    const reply = await receiveMetadataUpload(getDb(), input);
    res.writeHead(reply.status, { ...BASE_HEADERS, "content-type": "application/json", "x-request-id": requestId });
    res.end(JSON.stringify(reply.body));
    log.info({ outcome: "ok", status: reply.status, ms: Date.now() - started }, "request");
  } catch (error) {
    if (res.headersSent) {
      log.error({ err: error }, "upload answer failed");
      res.destroy();
      return;
    }
    fail(error, "error");
  }
}
