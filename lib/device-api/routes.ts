// The device API's one route table: every path, its methods and its handler. The production server's node:http
// front (node-front.ts) matches requests against it, and each route file under app/api/client/v1 serves its
// entry through withDevice (app/_server/with-device.ts) for `next dev`; tests/unit/device-api/route-table.test.ts
// checks that the files and the table agree, so a route cannot work in one and 404 in the other.
import "server-only";
import type { DeviceApiDeps } from "./deps";
import type { DeviceReply, DeviceRequest } from "./device-http";
import { serveBundle } from "./serve-bundle";
import { serveCustomization } from "./serve-customization";
import { serveCheckIn } from "./serve-check-in";

export type DeviceMethod = "GET" | "POST";

export type DeviceRouteHandler = (
  request: DeviceRequest,
  deps: DeviceApiDeps,
  params: Record<string, string>,
) => Promise<DeviceReply>;

export interface DeviceRoute {
  /** The path as the App Router spells its folders: a `[name]` segment is a parameter. */
  path: string;
  /** GET also answers HEAD. */
  method: DeviceMethod;
  handle: DeviceRouteHandler;
}

export const DEVICE_ROUTES: readonly DeviceRoute[] = [
  { path: "/api/client/v1/customization", method: "GET", handle: serveCustomization },
  { path: "/api/client/v1/bundles/[hash]", method: "GET", handle: (r, deps, p) => serveBundle(r, deps, p.hash) },
  { path: "/api/client/v1/devices/check-in", method: "POST", handle: serveCheckIn },
];

export interface DeviceRouteMatch {
  /** Every route at the path, one per method. */
  routes: DeviceRoute[];
  params: Record<string, string>;
}

const compiled = DEVICE_ROUTES.map((route) => {
  const names: string[] = [];
  const source = route.path
    .split("/")
    .map((segment) => {
      const param = /^\[(\w+)\]$/.exec(segment);
      if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(param[1]);
      return "([^/]+)";
    })
    .join("/");
  return { route, names, pattern: new RegExp(`^${source}$`) };
});

/** The routes of a request path (without its query) and its parameters, or undefined when the API has no such path. */
export function matchDeviceRoute(path: string): DeviceRouteMatch | undefined {
  let found: DeviceRouteMatch | undefined;
  for (const { route, names, pattern } of compiled) {
    const match = pattern.exec(path);
    if (!match) continue;
    const params: Record<string, string> = {};
    names.forEach((name, i) => {
      try {
        params[name] = decodeURIComponent(match[i + 1]);
      } catch {
        params[name] = match[i + 1]; // not valid either way: the handler refuses it
      }
    });
    found ??= { routes: [], params };
    found.routes.push(route);
  }
  return found;
}

/** The route of a table path and method; a route file naming one the table lacks fails as the module loads. */
export function deviceRoute(path: string, method: DeviceMethod): DeviceRoute {
  const route = DEVICE_ROUTES.find((r) => r.path === path && r.method === method);
  if (!route) throw new Error(`The device route table has no ${method} ${path}.`);
  return route;
}

/** The Allow header of a path's routes. */
export function allowedMethods(routes: readonly DeviceRoute[]): string {
  return routes.flatMap((r) => (r.method === "GET" ? ["GET", "HEAD"] : [r.method])).join(", ");
}
