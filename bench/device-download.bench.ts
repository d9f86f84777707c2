// Device download on 127.0.0.1 with 64 concurrent keep-alive connections: the device API's handlers
// (customization and the content-addressed bundle URL, 200 and 304) side by side with a bare node:http server
// serving the same bytes from memory, in the same run. The load comes from autocannon in another process;
// each case runs SECONDS (default 5) after a one-second warm-up.
import http from "node:http";
import { spawn } from "node:child_process";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { generateKeyPairSync } from "node:crypto";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import type { Figure } from "./measure";
import { round } from "./measure";
import { createDbClient } from "@/lib/db/client";
import { readMetadataSource } from "@/lib/metadata/read-source";
import { storeSnapshot } from "@/lib/metadata/mutations";
import { createProject, enableTables } from "@/lib/customization/mutations";
import { publishVersion } from "@/lib/versions/mutations";
import { keyIdOf } from "@/lib/bundle/sign";
import { createDeviceApiDeps, createRoleCache, type DeviceApiDeps } from "@/lib/device-api/serve-customization";
import { createTokenVerifier } from "@/lib/device-api/verify-token";
import { startDeviceApiServer } from "@/tests/support/device-api-server";
import { createTestSqlite } from "@/tests/support/test-database";

const CONNECTIONS = 64;
const SECONDS = Number(process.env.BENCH_DEVICE_SECONDS ?? 5);
const AUTOCANNON = path.resolve(import.meta.dirname, "../node_modules/autocannon/autocannon.js");

interface Load {
  rps: number;
  p99: number;
  requests: number;
  statuses: Record<string, number>;
  errors: number;
}

/**
 * autocannon in its own process (so the load does not share the server's thread), 64 keep-alive
 * connections for SECONDS after a one-second warm-up.
 */
async function load(url: string, headers: Record<string, string>): Promise<Load> {
  const args = [AUTOCANNON, "--json", "-c", String(CONNECTIONS), "-d", String(SECONDS), "--warmup", "[", "-c", String(CONNECTIONS), "-d", "1", "]"];
  for (const [key, value] of Object.entries(headers)) args.push("-H", `${key}=${value}`);
  args.push(url);
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr.on("data", (c: Buffer) => (err += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  if (code !== 0) throw new Error(`autocannon exited ${code}: ${err.slice(-500)}`);
  // With --warmup, autocannon prints the warm-up result first; the last line is the measured run.
  const result = JSON.parse(out.trim().split("\n").pop()!) as {
    requests: { average: number; total: number };
    latency: { p99: number };
    errors: number;
    statusCodeStats?: Record<string, { count: number }>;
  };
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([k, v]) => [k, v.count]));
  return { rps: result.requests.average, p99: result.latency.p99, requests: result.requests.total, statuses, errors: result.errors };
}

export async function run(): Promise<Figure[]> {
  const database = await createTestSqlite();
  const db = createDbClient(database.url);
  const jwks = http.createServer();
  let deviceServer: { url: string; close(): Promise<void> } | undefined;
  let deps: DeviceApiDeps | undefined;
  let bare: http.Server | undefined;
  try {
    // A project with a published version, signed like the portal signs.
    const user = await db.user.create({ data: { email: "bench@example.com", name: "Bench", role: "owner" } });
    const actor = { id: user.id, label: "Bench <bench@example.com>" };
    const env = await db.environment.create({ data: { name: "Bench org" } });
    const source = await readMetadataSource(path.resolve(process.cwd(), "../shared/data/dataverse/webapi-entitydefinitions"));
    const { snapshot } = await storeSnapshot(db, actor, { environmentId: env.id, source: "webapi-json", sourceName: "webapi", document: source.document });
    const { id: projectId } = await createProject(db, actor, { name: "Bench app", description: "", environmentId: env.id, snapshotId: snapshot.id, roles: [{ roleName: "Salesperson", priority: 10 }] });
    await enableTables(db, actor, { projectId, tableNames: ["contact", "appbase_actionitem"], syncMode: "offline" });
    const signing = generateKeyPairSync("ed25519");
    const version = await publishVersion(db, actor, { projectId, notes: "" }, { signer: { privateKey: signing.privateKey, keyId: keyIdOf(signing.publicKey) } });
    const stored = await db.version.findUniqueOrThrow({ where: { id: version.id } });
    const bytes = Buffer.from(stored.bundle);

    // An issuer: RS256 key, JWKS on 127.0.0.1, one device token.
    const { privateKey, publicKey } = await generateKeyPair("RS256");
    const jwk = { ...(await exportJWK(publicKey)), kid: "bench", alg: "RS256", use: "sig" };
    jwks.on("request", (_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((r) => jwks.listen(0, "127.0.0.1", r));
    const issuer = "https://login.bench/tenant/v2.0";
    const oid = "11111111-2222-4333-8444-555555555555";
    const token = await new SignJWT({ oid, preferred_username: "bench@contoso.test" })
      .setProtectedHeader({ alg: "RS256", kid: "bench" })
      .setIssuer(issuer)
      .setAudience("api://bench")
      .setIssuedAt()
      .setExpirationTime("2h")
      .sign(privateKey);
    const roleCache = createRoleCache(60 * 60_000);
    // Roles as the Web API would have answered them, cached: the benchmark measures the download, not Dataverse.
    roleCache.set(`${env.id}:${oid}`, [{ name: "Salesperson", id: "role-1" }]);
    deps = createDeviceApiDeps({
      db,
      verifyToken: createTokenVerifier({ issuers: [issuer], audiences: ["api://bench"], jwksUri: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/`, discoveryUrl: "http://127.0.0.1/unused" }),
      clientFor: async () => {
        throw new Error("the benchmark's roles are cached");
      },
      roleCache,
    });
    deviceServer = await startDeviceApiServer(deps);

    // The bare server: the same bytes and headers from memory.
    const etag = `"${stored.bundleHash}"`;
    bare = http.createServer((req, res) => {
      if (req.headers["if-none-match"] === etag) res.writeHead(304, { etag }).end();
      else res.writeHead(200, { etag, "content-type": "application/json", "content-length": bytes.length }).end(bytes);
    });
    bare.keepAliveTimeout = 10_000;
    await new Promise<void>((r) => bare!.listen(0, "127.0.0.1", r));
    const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`;

    const auth = { authorization: `Bearer ${token}`, "x-device-id": "bench-device", "x-app-version": "9.0" };
    const bundleUrl = `${deviceServer.url}/api/client/v1/bundles/${stored.bundleHash}`;
    const customizationUrl = `${deviceServer.url}/api/client/v1/customization`;
    const cases: Array<[string, string, Record<string, string>]> = [
      ["bare node:http 200", bareUrl, {}],
      ["bundles/<hash> 200", bundleUrl, auth],
      ["bare node:http 304", bareUrl, { "if-none-match": etag }],
      ["bundles/<hash> 304", bundleUrl, { ...auth, "if-none-match": etag }],
      ["customization 200", customizationUrl, auth],
      ["customization 304", customizationUrl, { ...auth, "if-none-match": `"${stored.contentHash}"` }],
    ];
    const results: Record<string, Load> = {};
    for (const [name, url, headers] of cases) results[name] = await load(url, headers);

    const figures: Figure[] = [];
    for (const [name, r] of Object.entries(results)) {
      figures.push({ name: `device download ${name}: requests/s`, value: round(r.rps, 0), unit: "req/s", connections: CONNECTIONS, seconds: SECONDS, requests: r.requests, statuses: r.statuses, errors: r.errors, bytes: bytes.length });
      figures.push({ name: `device download ${name}: p99 latency`, value: round(r.p99, 1), unit: "ms" });
    }
    for (const status of ["200", "304"]) {
      const bareRps = results[`bare node:http ${status}`].rps;
      figures.push({ name: `device download bundles/<hash> ${status} vs bare node:http`, value: round(results[`bundles/<hash> ${status}`].rps / bareRps, 2), unit: "ratio", aim: ">= 0.5" });
      figures.push({ name: `device download customization ${status} vs bare node:http`, value: round(results[`customization ${status}`].rps / bareRps, 2), unit: "ratio", aim: ">= 0.5" });
    }
    return figures;
  } finally {
    await deviceServer?.close();
    await deps?.downloads.flush();
    await new Promise<void>((r) => (bare ? bare.close(() => r()) : r()));
    await new Promise<void>((r) => jwks.close(() => r()));
    await db.$disconnect();
    await database.cleanup();
  }
}
