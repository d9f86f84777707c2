// The production server `npm start` runs once the database is migrated and the app built: one node:http
// server on HOST:PORT. The device API (/api/client/v1/) is answered in front of Next by its node:http front
// (lib/device-api/node-front.ts), and metadata uploads by theirs (lib/environments/upload-front.ts, which streams
// the multipart body); every other request goes to Next, as `next start` would serve it.
// Run as: node --import tsx --import ./scripts/server-only-hook.mjs scripts/server.ts
import http from "node:http";
import path from "node:path";
import next from "next";
import { createDeviceApiFront } from "@/lib/device-api/node-front";
import { flushDeviceApi } from "@/lib/device-api/default-deps";
import { createUploadFront } from "@/lib/metadata/upload-front";
import { logger } from "@/lib/logger";
import { stampPeerAddress } from "@/lib/auth/peer-address";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { startHousekeeping } from "@/lib/housekeeping/housekeeping";

const started = performance.now();
const root = path.resolve(import.meta.dirname, "..");
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? "127.0.0.1";

const app = next({ dev: false, dir: root, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const deviceApi = createDeviceApiFront();
const uploads = createUploadFront();
const server = http.createServer((req, res) => {
  if (deviceApi(req, res)) return;
  // The socket address for the sign-in rate limit, vouched for so that no client can send its own (see there).
  stampPeerAddress(req.headers, req.socket.remoteAddress);
  if (uploads(req, res)) return;
  handle(req, res).catch((error: unknown) => {
    logger.error({ err: error, url: req.url }, "request failed");
    if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
    res.end("Internal error");
  });
});
// Longer than the usual load balancer's idle timeout (60 s), so it never reuses a connection this server closed.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;

server.listen(port, hostname, () => {
  process.stdout.write(
    `Syncwright ready in ${Math.round(performance.now() - started)} ms: http://${hostname}:${port}\n`,
  );
});
// Old downloads and check-ins (after SYNCWRIGHT_SYNC_HISTORY_DAYS), ended sessions, quiet sign-in counters and
// spent links go while the server runs (lib/housekeeping/housekeeping.ts).
const stopHousekeeping = startHousekeeping(getDb(), { syncHistoryDays: getConfig().syncHistoryDays });

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  stopHousekeeping();
  logger.info({ signal }, "stopping: no new connections, writing the last device syncs");
  server.close();
  server.closeIdleConnections();
  const deadline = setTimeout(() => process.exit(0), 10_000).unref();
  await flushDeviceApi().catch((error: unknown) =>
    logger.error({ err: error }, "the last device syncs were not written"),
  );
  clearTimeout(deadline);
  process.exit(0);
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
