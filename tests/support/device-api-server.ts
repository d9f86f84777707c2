// Serves the device API's real route handlers (app/api/client/v1) from a plain node:http server on
// 127.0.0.1, with test dependencies (the local OIDC issuer's keys, the Web API stand-in's client).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { withDevice } from "@/app/_server/with-device";
import { serveCustomization, type DeviceApiDeps } from "@/lib/device-api/serve-customization";
import { serveBundle } from "@/lib/device-api/serve-bundle";

export interface DeviceApiServer {
  url: string;
  close(): Promise<void>;
}

export async function startDeviceApiServer(deps: DeviceApiDeps): Promise<DeviceApiServer> {
  const customization = withDevice((request, d) => serveCustomization(request, d), () => deps);
  const bundle = withDevice<{ hash: string }>((request, d, params) => serveBundle(request, d, params.hash), () => deps);
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const headers = new Headers();
      for (const [key, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(key, value);
      const request = new Request(url, { method: req.method, headers });
      let response: Response;
      const match = /^\/api\/client\/v1\/bundles\/([^/]+)$/.exec(url.pathname);
      if (url.pathname === "/api/client/v1/customization") response = await customization(request);
      else if (match) response = await bundle(request, { params: Promise.resolve({ hash: decodeURIComponent(match[1]) }) });
      else response = new Response("not found", { status: 404 });
      res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      res.writeHead(500);
      res.end(String(error));
    }
  });
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
