// Serves real Next route handlers (the exported GET/POST of app/**/route.ts) from a plain node:http server on
// 127.0.0.1, so integration tests exercise them over HTTP without a Next build.
import http from "node:http";
import type { AddressInfo } from "node:net";

type Handler = (request: Request, args: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface Route {
  method: string;
  /** Named groups become the route's params, e.g. /^\/api\/v1\/projects\/(?<project>[^/]+)\/export$/. */
  pattern: RegExp;
  handler: Handler;
}

export interface RouteServer {
  url: string;
  close(): Promise<void>;
}

export async function startRouteServer(routes: Route[]): Promise<RouteServer> {
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [key, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(key, value);
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      const request = new Request(url, {
        method: req.method,
        headers,
        body: req.method === "GET" || req.method === "HEAD" ? undefined : body,
      });
      let response: Response = new Response("not found", { status: 404 });
      for (const route of routes) {
        const match = route.method === req.method ? route.pattern.exec(url.pathname) : null;
        if (match) {
          response = await route.handler(request, { params: Promise.resolve({ ...(match.groups ?? {}) }) });
          break;
        }
      }
      res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      res.writeHead(500);
      res.end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
