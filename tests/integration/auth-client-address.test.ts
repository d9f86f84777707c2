// The address the sign-in rate limit counts, over HTTP: a server that stamps the socket address exactly as the
// production front does (scripts/server.ts calls the same stampPeerAddress), the real clientAddress() and
// signInWithPassword() behind it, and a real SQLite file. X-Forwarded-For and a forged peer header are ignored
// unless the socket peer is a proxy named in TRUSTED_PROXIES.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type Db } from "@/lib/db/client";
import { resetConfigForTests } from "@/lib/config";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { stampPeerAddress } from "@/lib/auth/peer-address";
import { createLogger } from "@/lib/logger";
import { clientAddress } from "@/app/_server/client-address";
import { createTestSqlite } from "../support/test-database";

const silent = createLogger({ level: "silent" });
let db: Db;
let cleanup: () => Promise<void>;
let server: http.Server;
let url: string;
/** Whether the test server stamps the peer like the production front (false: like `next start`, no front). */
let front = true;
const savedTrusted = process.env.TRUSTED_PROXIES;

beforeAll(async () => {
  const database = await createTestSqlite();
  db = createDbClient(database.url);
  cleanup = database.cleanup;
  server = http.createServer(async (req, res) => {
    if (front) stampPeerAddress(req.headers, req.socket.remoteAddress);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const request = new Request(`http://127.0.0.1${req.url}`, { headers });
    const address = clientAddress(request);
    const email = new URL(request.url).searchParams.get("email") ?? "nobody@example.com";
    const result = await signInWithPassword(db, { email, password: "a wrong password", address }, { logger: silent });
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ address, outcome: result.ok ? "ok" : result.reason }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  front = true;
  if (savedTrusted === undefined) delete process.env.TRUSTED_PROXIES;
  else process.env.TRUSTED_PROXIES = savedTrusted;
  resetConfigForTests();
  await db.signInThrottle.deleteMany();
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await db.$disconnect();
  await cleanup();
});

async function guess(i: number, headers: Record<string, string>): Promise<{ address: string | null; outcome: string }> {
  const response = await fetch(`${url}/?email=spray${i}@example.com`, { headers });
  return (await response.json()) as { address: string | null; outcome: string };
}

describe("the address the sign-in rate limit counts", () => {
  it("ignores X-Forwarded-For without TRUSTED_PROXIES: 25 spoofed addresses are one address, slowed after 20", async () => {
    delete process.env.TRUSTED_PROXIES;
    resetConfigForTests();
    const results = [];
    for (let i = 0; i < 25; i++) results.push(await guess(i, { "x-forwarded-for": `198.51.100.${i}` }));
    expect(new Set(results.map((r) => r.address))).toEqual(new Set(["127.0.0.1"]));
    expect(results.map((r) => r.outcome)).toEqual([...Array(20).fill("invalid"), ...Array(5).fill("throttled")]);
  });

  it("ignores a client-sent copy of the front's peer header", async () => {
    for (const forged of ["anything 203.0.113.1", "203.0.113.1", ""]) {
      expect((await guess(0, { "x-syncwright-peer": forged })).address).toBe("127.0.0.1");
    }
    // Where no front runs, nobody vouches for the peer: the header is still not believed.
    front = false;
    expect(
      (await guess(0, { "x-syncwright-peer": "anything 203.0.113.1", "x-forwarded-for": "203.0.113.2" })).address,
    ).toBeNull();
  });

  it("honours X-Forwarded-For from a trusted proxy, taking the hop the proxy added", async () => {
    process.env.TRUSTED_PROXIES = "127.0.0.1/32, 10.0.0.0/8";
    resetConfigForTests();
    const results = [];
    for (let i = 0; i < 25; i++) {
      // The client wrote the first hop; the proxy appended the address it saw.
      results.push(await guess(i, { "x-forwarded-for": `6.6.6.6, 198.51.100.${i}` }));
    }
    expect(results.map((r) => r.address)).toEqual(Array.from({ length: 25 }, (_, i) => `198.51.100.${i}`));
    expect(results.every((r) => r.outcome === "invalid")).toBe(true);
    // A spoofed header from behind the proxy changes nothing: its leftmost hops are the client's own words.
    const spoofed = [];
    for (let i = 0; i < 22; i++) spoofed.push(await guess(i, { "x-forwarded-for": `10.${i}.0.1, 203.0.113.9` }));
    expect(new Set(spoofed.map((r) => r.address))).toEqual(new Set(["203.0.113.9"]));
    expect(spoofed.at(-1)?.outcome).toBe("throttled");
  });
});
