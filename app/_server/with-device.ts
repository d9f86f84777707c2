// The device API's Next route wrapper: a route file serves its entry of the device route table
// (lib/device-api/routes.ts), the fetch Request as a DeviceRequest, the reply as a Response. The request id, the
// 401 without credentials and the problem+json errors are lib/device-api/device-http.ts's. In production the
// node:http front (lib/device-api/node-front.ts) answers these paths from the same table before Next does; the
// route files serve `next dev` and anyone running Next's own server.
import "server-only";
import type { DeviceApiDeps } from "@/lib/device-api/deps";
import { answerDeviceRequest, bodyTooLarge, type DeviceRequest } from "@/lib/device-api/device-http";
import { defaultDeviceDeps } from "@/lib/device-api/default-deps";
import { deviceRoute, type DeviceMethod } from "@/lib/device-api/routes";

type Params = Record<string, string | string[]>;

async function readBody(request: Request, limit: number): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) throw bodyTooLarge(limit);
  if (!request.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > limit) throw bodyTooLarge(limit);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/** The handler of the table's `method` at `path` (as the route file's folder spells it). */
export function withDevice(path: string, method: DeviceMethod, depsOf: () => DeviceApiDeps = defaultDeviceDeps) {
  const route = deviceRoute(path, method);
  return async (request: Request, args?: { params: Promise<Params> }): Promise<Response> => {
    const raw = (await args?.params) ?? {};
    const params = Object.fromEntries(
      Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]),
    ) as Record<string, string>;
    const deviceRequest: DeviceRequest = {
      method: request.method,
      path: new URL(request.url).pathname,
      header: (name) => request.headers.get(name),
      body: (limit) => readBody(request, limit),
    };
    const reply = await answerDeviceRequest(deviceRequest, (r, deps) => route.handle(r, deps, params), depsOf);
    const body = typeof reply.body === "string" || reply.body === undefined ? reply.body : new Uint8Array(reply.body);
    return new Response(body ?? null, { status: reply.status, headers: reply.headers });
  };
}
