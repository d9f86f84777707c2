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
  DEVICE_API_PREFIX,
  type DeviceHandler,
  type DeviceReply,
  type DeviceRequest,
} from "./device-http";
import { defaultDeviceDeps } from "./default-deps";
import { serveBundle } from "./serve-bundle";
import { serveCustomization, type DeviceApiDeps } from "./serve-customization";
import { problemDocument } from "@/lib/problem";

const BUNDLE_PATH = /^\/api\/client\/v1\/bundles\/([^/]+)$/;
const ALLOWED = "GET, HEAD";

/** The handler of a device API path, or undefined when there is none. */
export function deviceRoute(path: string): DeviceHandler | undefined {
  if (path === "/api/client/v1/customization") return serveCustomization;
  const bundle = BUNDLE_PATH.exec(path);
  if (bundle) {
    let hash: string;
    try {
      hash = decodeURIComponent(bundle[1]);
    } catch {
      hash = bundle[1]; // not a hash either way: serveBundle answers 404
    }
    return (request, deps) => serveBundle(request, deps, hash);
  }
  return undefined;
}

/** Adds what every response of the portal carries (next.config.ts sets it for Next's own). */
function send(res: ServerResponse, reply: DeviceReply, head: boolean): void {
  reply.headers["x-content-type-options"] = "nosniff";
  if (typeof reply.body === "string") reply.headers["content-length"] = String(Buffer.byteLength(reply.body));
  res.writeHead(reply.status, reply.headers);
  res.end(head ? undefined : reply.body);
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
    const handler = deviceRoute(path);
    if (!handler) {
      send(res, problemDocument("not_found", `The device API has no ${path}.`), head);
      return true;
    }
    if (method !== "GET" && !head) {
      send(
        res,
        problemDocument("invalid", `${method} is not allowed here; use GET.`, {
          status: 405,
          headers: { allow: ALLOWED },
        }),
        false,
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
    };
    answerDeviceRequest(request, handler, depsOf).then(
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
