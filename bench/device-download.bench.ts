// Device download on 127.0.0.1 with 64 concurrent keep-alive connections, side by side with a bare node:http
// server serving the same bytes from memory, in the same run:
// - "portal": the production server as `npm start` runs it (Next, the request proxy, the route handlers), its
//   device tokens from the HTTPS test tenant and the user's roles from the org stand-in behind it (resolved on
//   the first request, then cached as in production), LOG_LEVEL=warn;
// - "handlers": the same route handlers on a plain node:http server in this process (no Next), to show what
//   the framework costs.
// Customization and the content-addressed bundle URL, 200 and 304 each. The load comes from autocannon in
// another process; each case runs SECONDS (default 3) after a one-second warm-up, once per round, ROUNDS (default 5)
// rounds interleaved: each figure is the median and min over the rounds, each ratio taken per round.
// Beside each rate, the server's CPU per request (cpuPerRequestUs: this process's for bare and handlers, the
// portal's process tree for portal; a PostgreSQL server's own work is not in it) and how busy it kept its core
// (busy): autocannon shares the machine, and a server it cannot keep busy is measured at the load's own limit, not
// its own. cpuPerRequestRatio is the bare server's CPU per request over the case's.
// BENCH_DEVICE_DB=postgresql runs both servers on fresh databases on the local PostgreSQL (default SQLite).
import http from "node:http";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
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
import { createDeviceApiDeps, createRoleCache, type DeviceApiDeps } from "@/lib/device-api/deps";
import { createTokenVerifier } from "@/lib/device-api/verify-token";
import { createEnvironment } from "@/lib/environments/mutations";
import { loadSecretKey } from "@/lib/crypto/secret-box";
import { loadSigningKeys } from "@/lib/bundle/keys";
import { startDeviceApiServer } from "@/tests/support/device-api-server";
import { createTestPostgres, createTestSqlite } from "@/tests/support/test-database";
import { startHttpsTenant, type HttpsTenant } from "@/tests/support/https-tenant";
import { guidFor } from "@/tests/support/dataverse-standin";

const CONNECTIONS = 64;
const SECONDS = Number(process.env.BENCH_DEVICE_SECONDS ?? 3);
/** Rounds: each case runs once per round, interleaved with the bare server's (min 5 for a figure). */
const ROUNDS = Number(process.env.BENCH_DEVICE_ROUNDS ?? 5);
/** Only the cases whose name contains this (e.g. "handlers"; the bare server always runs). */
const ONLY = process.env.BENCH_DEVICE_ONLY ?? "";
/** The database both servers use: "sqlite" (default) or "postgresql". */
const DATABASE = process.env.BENCH_DEVICE_DB === "postgresql" ? "postgresql" : "sqlite";
const AUTOCANNON = path.resolve(import.meta.dirname, "../node_modules/autocannon/autocannon.js");

interface Load {
  rps: number;
  p99: number;
  requests: number;
  statuses: Record<string, number>;
  errors: number;
  /** The server's CPU (every thread; all its processes for the portal) per request answered, warm-up included. */
  cpuPerRequestUs: number;
  /** The server's CPU over the run's wall time: near 1 when one core was all it had, well under when it waited. */
  busy: number;
}

/** CPU milliseconds used so far by the server a case measures. */
type CpuClock = () => number;

/** This process's CPU (the bare and handlers servers run here). */
const ownCpu: CpuClock = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** CPU of a process and every process below it (the portal's start script and the server it runs), from /proc. */
export function processTreeCpu(pid: number): CpuClock {
  return () => {
    const stats = new Map<number, { ppid: number; ms: number }>();
    for (const entry of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      let text: string;
      try {
        text = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      } catch {
        continue; // exited meanwhile
      }
      const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
      // utime and stime (fields 14 and 15 of stat) in clock ticks of 10 ms.
      stats.set(Number(entry), { ppid: Number(fields[1]), ms: (Number(fields[11]) + Number(fields[12])) * 10 });
    }
    const inTree = (id: number): boolean => {
      for (let at: number | undefined = id; at !== undefined && at > 1; at = stats.get(at)?.ppid)
        if (at === pid) return true;
      return false;
    };
    let ms = 0;
    for (const [id, stat] of stats) if (inTree(id)) ms += stat.ms;
    return ms;
  };
}

/**
 * autocannon in its own process (so the load does not share the server's thread), 64 keep-alive
 * connections for SECONDS after a one-second warm-up.
 */
async function load(url: string, headers: Record<string, string>, cpu: CpuClock): Promise<Load> {
  const args = [
    AUTOCANNON,
    "--json",
    "-c",
    String(CONNECTIONS),
    "-d",
    String(SECONDS),
    "--warmup",
    "[",
    "-c",
    String(CONNECTIONS),
    "-d",
    "1",
    "]",
  ];
  for (const [key, value] of Object.entries(headers)) args.push("-H", `${key}=${value}`);
  args.push(url);
  const cpuBefore = cpu();
  const started = performance.now();
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr.on("data", (c: Buffer) => (err += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const cpuMs = cpu() - cpuBefore;
  const wallMs = performance.now() - started;
  if (code !== 0) throw new Error(`autocannon exited ${code}: ${err.slice(-500)}`);
  // With --warmup, autocannon prints the warm-up result first; the last line is the measured run.
  const lines = out
    .trim()
    .split("\n")
    .filter((line) => line.startsWith("{"));
  if (lines.length === 0) throw new Error(`autocannon printed no result: ${out.slice(-300)} ${err.slice(-300)}`);
  type Result = {
    requests: { average: number; total: number };
    latency: { p99: number };
    errors: number;
    statusCodeStats?: Record<string, { count: number }>;
  };
  const results = lines.map((line) => JSON.parse(line) as Result);
  const result = results[results.length - 1];
  const answered = results.reduce((n, r) => n + r.requests.total, 0);
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([k, v]) => [k, v.count]));
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    requests: result.requests.total,
    statuses,
    errors: result.errors,
    cpuPerRequestUs: answered ? (cpuMs * 1000) / answered : 0,
    busy: cpuMs / wallMs,
  };
}

const ROOT = path.resolve(import.meta.dirname, "..");
const PORTAL_AUDIENCE = "api://syncwright-devices";

export interface Portal {
  url: string;
  dataDir: string;
  /** The start script's process; the server runs in it or below it. */
  pid: number;
  stop(): Promise<void>;
}

/** A free port on 127.0.0.1 (the portal's PORT). */
async function freePort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

/** `node scripts/start.mjs` on a fresh data folder (migrates; builds only when the build is missing or stale). */
export async function startPortal(tenant: HttpsTenant, extraEnv: Record<string, string> = {}): Promise<Portal> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "syncwright-bench-portal-"));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    SYNCWRIGHT_URL: `http://127.0.0.1:${port}`,
    SYNCWRIGHT_DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
    NODE_EXTRA_CA_CERTS: tenant.caFile,
    ...(process.env.BENCH_PORTAL_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_PORTAL_NODE_OPTIONS } : {}),
    ENTRA_AUTHORITY_HOST: tenant.origin,
    DEVICE_TOKEN_AUDIENCE: PORTAL_AUDIENCE,
    DEVICE_TOKEN_ISSUER: tenant.issuer,
    DEVICE_TOKEN_JWKS_URI: tenant.jwksUri,
  };
  delete env.DATABASE_URL;
  Object.assign(env, extraEnv);
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, "scripts/start.mjs")], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`The portal did not start in time:\n${output.slice(-2000)}`)),
      600_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Ready in|started server|Local:/i.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code) => reject(new Error(`The portal exited with ${code}:\n${output.slice(-2000)}`)));
  });
  // Keep draining its output (a full pipe would stall the server).
  child.stdout!.removeAllListeners("data").resume();
  child.stderr!.removeAllListeners("data").resume();
  child.removeAllListeners("exit");
  return {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    pid: child.pid!,
    async stop() {
      const exited = new Promise<void>((r) => child.once("exit", () => r()));
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        // gone already
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // gone already
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Into the portal's own database: an environment connected to the test org and a published project. */
export async function seedPortal(
  portal: Portal,
  tenant: HttpsTenant,
  databaseUrl = `file:${path.join(portal.dataDir, "syncwright.db")}`,
): Promise<{ bundleHash: string; contentHash: string; bytes: Buffer; projectId: string }> {
  const db = createDbClient(databaseUrl);
  try {
    const user = await db.user.create({ data: { email: "bench@example.com", name: "Bench", role: "owner" } });
    const actor = { id: user.id, label: "Bench <bench@example.com>" };
    const env = await createEnvironment(
      db,
      actor,
      { name: "Bench org", tenantId: tenant.tenantId, clientId: tenant.clientId, clientSecret: tenant.clientSecret },
      { secretKey: loadSecretKey({ dataDir: portal.dataDir }) },
    );
    // The org URL check admits Dataverse hosts only; the test org is https://127.0.0.1:PORT.
    await db.environment.update({ where: { id: env.id }, data: { orgUrl: tenant.origin } });
    const source = await readMetadataSource(
      path.resolve(process.cwd(), "../shared/data/dataverse/webapi-entitydefinitions"),
    );
    const { snapshot } = await storeSnapshot(db, actor, {
      environmentId: env.id,
      source: "webapi-json",
      sourceName: "webapi",
      document: source.document,
    });
    const { id: projectId } = await createProject(db, actor, {
      name: "Bench app",
      description: "",
      environmentId: env.id,
      snapshotId: snapshot.id,
      roles: [{ roleName: "Salesperson", priority: 10 }],
    });
    await enableTables(db, actor, { projectId, tableNames: ["contact", "appbase_actionitem"], syncMode: "offline" });
    const keys = loadSigningKeys({ dataDir: portal.dataDir });
    const version = await publishVersion(
      db,
      actor,
      { projectId, notes: "" },
      { signer: { privateKey: keys.privateKey, keyId: keys.keyId } },
    );
    const stored = await db.version.findUniqueOrThrow({ where: { id: version.id } });
    return {
      bundleHash: stored.bundleHash,
      contentHash: stored.contentHash,
      bytes: Buffer.from(stored.bundle),
      projectId,
    };
  } finally {
    await db.$disconnect();
  }
}

export async function run(): Promise<Figure[]> {
  const database = DATABASE === "postgresql" ? await createTestPostgres() : await createTestSqlite();
  // The portal's own database (it migrates it as it starts); SQLite lives in its data folder.
  const portalDatabase = DATABASE === "postgresql" ? await createTestPostgres({ migrate: false }) : undefined;
  const db = createDbClient(database.url);
  const jwks = http.createServer();
  let deviceServer: { url: string; close(): Promise<void> } | undefined;
  let deps: DeviceApiDeps | undefined;
  let bare: http.Server | undefined;
  let tenant: HttpsTenant | undefined;
  let portal: Portal | undefined;
  try {
    // A project with a published version, signed like the portal signs.
    const user = await db.user.create({ data: { email: "bench@example.com", name: "Bench", role: "owner" } });
    const actor = { id: user.id, label: "Bench <bench@example.com>" };
    const env = await db.environment.create({ data: { name: "Bench org" } });
    const source = await readMetadataSource(
      path.resolve(process.cwd(), "../shared/data/dataverse/webapi-entitydefinitions"),
    );
    const { snapshot } = await storeSnapshot(db, actor, {
      environmentId: env.id,
      source: "webapi-json",
      sourceName: "webapi",
      document: source.document,
    });
    const { id: projectId } = await createProject(db, actor, {
      name: "Bench app",
      description: "",
      environmentId: env.id,
      snapshotId: snapshot.id,
      roles: [{ roleName: "Salesperson", priority: 10 }],
    });
    await enableTables(db, actor, { projectId, tableNames: ["contact", "appbase_actionitem"], syncMode: "offline" });
    const signing = generateKeyPairSync("ed25519");
    const version = await publishVersion(
      db,
      actor,
      { projectId, notes: "" },
      { signer: { privateKey: signing.privateKey, keyId: keyIdOf(signing.publicKey) } },
    );
    const stored = await db.version.findUniqueOrThrow({ where: { id: version.id } });
    const bytes = Buffer.from(stored.bundle);

    // An issuer: RS256 key, JWKS on 127.0.0.1, one device token.
    const { privateKey, publicKey } = await generateKeyPair("RS256");
    const jwk = { ...(await exportJWK(publicKey)), kid: "bench", alg: "RS256", use: "sig" };
    jwks.on("request", (_req, res) =>
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [jwk] })),
    );
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
      verifyToken: createTokenVerifier({
        issuers: [issuer],
        audiences: ["api://bench"],
        jwksUri: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/`,
        discoveryUrl: "http://127.0.0.1/unused",
      }),
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

    // The production server, its tokens from the HTTPS test tenant and the user's roles from the org behind it.
    // The portal starts when any of its cases is to run (BENCH_DEVICE_ONLY="customization" names two of them).
    const selected = (name: string) => name.startsWith("bare") || name.includes(ONLY);
    const withPortal = ["customization", "bundles/<hash>"].some((route) =>
      ["200", "304"].some((status) => selected(`portal ${route} ${status}`)),
    );
    let portalCustomization = "";
    let portalBundle = "";
    let portalAuth: Record<string, string> = {};
    let seeded: { bundleHash: string; contentHash: string; bytes: Buffer } = {
      bundleHash: "",
      contentHash: "",
      bytes: Buffer.alloc(0),
    };
    if (withPortal) {
      tenant = await startHttpsTenant({ realTables: ["contact"] });
      const portalOid = guidFor("aad:alex");
      tenant.oidc.setUser({ oid: portalOid });
      portal = await startPortal(tenant, portalDatabase ? { DATABASE_URL: portalDatabase.url } : {});
      seeded = await seedPortal(portal, tenant, portalDatabase?.url);
      const portalToken = await tenant.oidc.mintAccessToken({
        aud: PORTAL_AUDIENCE,
        claims: { oid: portalOid, preferred_username: "alex@contoso.test" },
        expiresIn: 7200,
      });
      portalAuth = { authorization: `Bearer ${portalToken}`, "x-device-id": "bench-device", "x-app-version": "9.0" };
      portalCustomization = `${portal.url}/api/client/v1/customization`;
      const firstSync = await fetch(portalCustomization, { headers: portalAuth });
      if (firstSync.status !== 200)
        throw new Error(`The portal answered the first download with ${firstSync.status}: ${await firstSync.text()}`);
      portalBundle = `${portal.url}/api/client/v1/bundles/${seeded.bundleHash}`;
    }

    const cases: Array<[string, string, Record<string, string>, number]> = [
      ["bare node:http 200", bareUrl, {}, bytes.length],
      ["portal customization 200", portalCustomization, portalAuth, seeded.bytes.length],
      ["portal bundles/<hash> 200", portalBundle, portalAuth, seeded.bytes.length],
      ["handlers customization 200", customizationUrl, auth, bytes.length],
      ["handlers bundles/<hash> 200", bundleUrl, auth, bytes.length],
      ["bare node:http 304", bareUrl, { "if-none-match": etag }, 0],
      [
        "portal customization 304",
        portalCustomization,
        { ...portalAuth, "if-none-match": `"${seeded.contentHash}"` },
        0,
      ],
      ["portal bundles/<hash> 304", portalBundle, { ...portalAuth, "if-none-match": `"${seeded.bundleHash}"` }, 0],
      ["handlers customization 304", customizationUrl, { ...auth, "if-none-match": `"${stored.contentHash}"` }, 0],
      ["handlers bundles/<hash> 304", bundleUrl, { ...auth, "if-none-match": etag }, 0],
    ];
    // Interleaved: every case once per round, ROUNDS rounds, so a burst of load on the shared machine (or the
    // first requests' warm-up) falls on all cases alike; each figure is the median (and min) over the rounds.
    const active = cases.filter(([name]) => selected(name));
    const runs: Record<string, Load[]> = {};
    for (let pass = 0; pass < ROUNDS; pass++) {
      for (const [name, url, headers] of active) {
        const cpu = name.startsWith("portal") && portal ? processTreeCpu(portal.pid) : ownCpu;
        (runs[name] ??= []).push(await load(url, headers, cpu));
      }
    }
    const loadAverage = os.loadavg().map((l) => round(l, 2));
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const rpsOf = (name: string) => runs[name]?.map((r) => r.rps);
    const figures: Figure[] = [];
    for (const [name, , , size] of active) {
      const rps = rpsOf(name)!;
      const all = runs[name];
      figures.push({
        name: `device download ${name}: requests/s`,
        value: round(median(rps), 0),
        unit: "req/s",
        min: round(Math.min(...rps), 0),
        max: round(Math.max(...rps), 0),
        rounds: ROUNDS,
        connections: CONNECTIONS,
        seconds: SECONDS,
        requests: all.reduce((n, r) => n + r.requests, 0),
        statuses: all.reduce<Record<string, number>>((acc, r) => {
          for (const [k, v] of Object.entries(r.statuses)) acc[k] = (acc[k] ?? 0) + v;
          return acc;
        }, {}),
        errors: all.reduce((n, r) => n + r.errors, 0),
        cpuPerRequestUs: round(median(all.map((r) => r.cpuPerRequestUs)), 1),
        busy: round(median(all.map((r) => r.busy)), 2),
        bytes: size,
        database: DATABASE,
        loadAverage,
      });
      figures.push({
        name: `device download ${name}: p99 latency`,
        value: round(median(all.map((r) => r.p99)), 1),
        unit: "ms",
      });
    }
    for (const status of ["200", "304"]) {
      const bare = rpsOf(`bare node:http ${status}`)!;
      for (const where of ["portal", "handlers"]) {
        for (const route of ["customization", "bundles/<hash>"]) {
          const rps = rpsOf(`${where} ${route} ${status}`);
          if (!rps) continue;
          // Per round (the two ran seconds apart), then the median and min of those ratios.
          const ratios = rps.map((r, i) => r / bare[i]);
          // The same per round in CPU per request: what the server spends, whoever else limits the rate.
          const bareCpu = runs[`bare node:http ${status}`].map((r) => r.cpuPerRequestUs);
          const cpuRatios = runs[`${where} ${route} ${status}`].map((r, i) => bareCpu[i] / r.cpuPerRequestUs);
          figures.push({
            name: `device download ${where} ${route} ${status} vs bare node:http`,
            value: round(median(ratios), 2),
            unit: "ratio",
            min: round(Math.min(...ratios), 2),
            ratioOfMedians: round(median(rps) / median(bare), 2),
            cpuPerRequestRatio: round(median(cpuRatios), 2),
            rounds: ROUNDS,
            aim: ">= 0.5",
            database: DATABASE,
            loadAverage,
          });
        }
      }
    }
    return figures;
  } finally {
    await portal?.stop();
    await tenant?.close();
    await deviceServer?.close();
    await deps?.syncs.flush();
    await new Promise<void>((r) => (bare ? bare.close(() => r()) : r()));
    await new Promise<void>((r) => jwks.close(() => r()));
    await db.$disconnect();
    await database.cleanup();
    await portalDatabase?.cleanup();
  }
}
