// The device API's Next route wrapper: the fetch Request as a DeviceRequest, the reply as a Response. The
// request id, the 401 without credentials and the problem+json errors are lib/device-api/device-http.ts's.
// In production the node:http front (lib/device-api/node-front.ts) answers these paths before Next does;
// the route files serve `next dev` and anyone running Next's own server.
import "server-only";
import type { DeviceApiDeps } from "@/lib/device-api/serve-customization";
import { answerDeviceRequest, type DeviceReply, type DeviceRequest } from "@/lib/device-api/device-http";
import { defaultDeviceDeps } from "@/lib/device-api/default-deps";

type Params = Record<string, string | string[]>;
export type DeviceRouteHandler<P extends Params> = (
  request: DeviceRequest,
  deps: DeviceApiDeps,
  params: P,
) => Promise<DeviceReply>;

export function withDevice<P extends Params = Params>(
  handler: DeviceRouteHandler<P>,
  depsOf: () => DeviceApiDeps = defaultDeviceDeps,
) {
  return async (request: Request, args?: { params: Promise<Params> }): Promise<Response> => {
    const params = ((await args?.params) ?? {}) as P;
    const deviceRequest: DeviceRequest = {
      method: request.method,
      path: new URL(request.url).pathname,
      header: (name) => request.headers.get(name),
    };
    const reply = await answerDeviceRequest(deviceRequest, (r, deps) => handler(r, deps, params), depsOf);
    const body = typeof reply.body === "string" || reply.body === undefined ? reply.body : new Uint8Array(reply.body);
    return new Response(body ?? null, { status: reply.status, headers: reply.headers });
  };
}
