// The device API in front of Next on the production server (scripts/server.ts): requests under
// /api/client/v1/ are answered straight from node:http, everything else goes on to Next. Devices are many and
// their requests are small and alike (a token, an ETag, the same bytes), so they skip Next's routing and
// rendering machinery, which costs several times more than the answer itself (npm run bench device-download).
// The answers are the route files' own: both call answerDeviceRequest with the same handlers.
import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { logger } from "@/lib/logger";
import {
  answerDeviceRequest,
  bodyTooLarge,
  clientGone,
  DEVICE_API_PREFIX,
  type DeviceReply,
  type DeviceRequest,
} from "./device-http";
import { defaultDeviceDeps } from "./default-deps";
import type { DeviceApiDeps } from "./deps";
import { allowedMethods, matchDeviceRoute } from "./routes";
import { problemDocument } from "@/lib/problem";

/**
 * Adds what every response of the portal carries (next.config.ts sets it for Next's own) and writes the reply with
 * one writeHead of a flat [name, value, ...] list (node:http's cheapest form: no header map to build or read back).
 * An answer given before the request's body was read whole (a refusal: too large, no token) closes the connection:
 * kept alive, node:http would read the rest of the body, however long the client goes on sending it.
 */
function send(res: ServerResponse, reply: DeviceReply, head: boolean): void {
  const headers = reply.headers;
  const text = typeof reply.body === "string" ? reply.body : undefined;
  const flat: string[] = [];
  for (const name in headers) {
    if (name === "x-content-type-options" || (text !== undefined && name === "content-length")) continue;
    flat.push(name, headers[name]);
  }
  flat.push("x-content-type-options", "nosniff");
  if (text !== undefined) flat.push("content-length", String(Buffer.byteLength(text)));
  if (!res.req.complete) flat.push("connection", "close");
  res.writeHead(reply.status, flat);
  res.end(head ? undefined : reply.body);
}

/**
 * Reads a request's body up to `limit` bytes; past it, stops reading and refuses (the answer then closes the
 * connection, see send). A client that goes away mid-body is no server error: clientGone.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(bodyTooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.pause();
        reject(bodyTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "ECONNRESET" || error.message === "aborted" ? clientGone() : error),
    );
  });
}

/**
 * A request listener's first step: answers and returns true for a device API path, returns false (having done
 * nothing) for any other path.
 */
export function createDeviceApiFront(
  depsOf: () => DeviceApiDeps = defaultDeviceDeps,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    const url = req.url ?? "/";
    if (!url.startsWith(DEVICE_API_PREFIX)) return false;
    const query = url.indexOf("?");
    const path = query === -1 ? url : url.slice(0, query);
    const method = req.method ?? "GET";
    const head = method === "HEAD";
    const match = matchDeviceRoute(path);
    if (!match) {
      send(res, problemDocument("not_found", `The device API has no ${path}.`), head);
      return true;
    }
    const route = match.routes.find((r) => r.method === method || (head && r.method === "GET"));
    if (!route) {
      const allow = allowedMethods(match.routes);
      send(
        res,
        problemDocument("invalid", `${method} is not allowed here; use ${allow.split(", ")[0]}.`, {
          status: 405,
          headers: { allow },
        }),
        head,
      );
      return true;
    }
    const request: DeviceRequest = {
      method,
      path,
      header(name) {
        const value = req.headers[name];
        return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
      },
      body: (limit) => readBody(req, limit),
    };
    answerDeviceRequest(request, (r, deps) => route.handle(r, deps, match.params), depsOf).then(
      (reply) => send(res, reply, head),
      (error: unknown) => {
        // answerDeviceRequest answers every error itself; this is a failure to write the answer.
        logger.error({ err: error, path }, "device API answer failed");
        res.destroy();
      },
    );
    return true;
  };
}
