// Serves the device API from a plain node:http server on 127.0.0.1 exactly as the production server does
// (lib/device-api/node-front.ts, the same handlers as the route files), with test dependencies (the local
// OIDC issuer's keys, the Web API stand-in's client).
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { DeviceApiDeps } from "@/lib/device-api/deps";
import { createDeviceApiFront } from "@/lib/device-api/node-front";

export interface DeviceApiServer {
  url: string;
  close(): Promise<void>;
}

export async function startDeviceApiServer(deps: DeviceApiDeps): Promise<DeviceApiServer> {
  const front = createDeviceApiFront(() => deps);
  const server = http.createServer((req, res) => {
    if (!front(req, res)) res.writeHead(404).end("not found");
  });
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
