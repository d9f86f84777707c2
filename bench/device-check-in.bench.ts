// Device check-ins per second at 64 concurrent devices (640 devices, each connection checking in as them in turn)
// against the production server (`npm start`: the node:http front before Next) on SQLite and on PostgreSQL, beside
// a bare node:http server that reads the same body and answers the same size of JSON, in the same run, the three
// alternated RUNS times (min and median). Before each portal run a command (lock) is queued for a tenth of the
// devices; after it, every command must have reached exactly one check-in: counted from the answers and the
// database. Then the Devices list's first page (server time) with 100,000 devices on each database, beside a bare
// indexed query of the same page.
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import type { AddressInfo } from "node:net";
import type { Figure } from "./measure";
import { round } from "./measure";
import { createDbClient, providerOfClient, type Db } from "@/lib/db/client";
import { applyDeviceAction } from "@/lib/devices/mutations";
import { listDevicePage } from "@/lib/devices/data";
import { DeviceListQuerySchema } from "@/lib/devices/schema";
import { createTestPostgres, createTestSqlite, postgresForTests } from "@/tests/support/test-database";
import { startHttpsTenant, type HttpsTenant } from "@/tests/support/https-tenant";
import { guidFor } from "@/tests/support/dataverse-standin";
import { seedPortal, startPortal, type Portal } from "./device-download.bench";

const CONCURRENCY = 64;
const DEVICES = 640;
const SECONDS = Number(process.env.BENCH_DEVICE_SECONDS ?? 3);
const RUNS = Number(process.env.BENCH_CHECK_IN_RUNS ?? 5);
const LIST_DEVICES = Number(process.env.BENCH_LIST_DEVICES ?? 100_000);
const LOADER = path.resolve(import.meta.dirname, "check-in-load.mjs");
const AUDIENCE = "api://syncwright-devices";
/** "list" runs only the Devices list part, "check-in" only the check-ins; both by default. */
const PART = process.env.BENCH_CHECK_IN_PART ?? "";

interface Load {
  rps: number;
  requests: number;
  statuses: Record<string, number>;
  commandIds: string[];
}

async function load(url: string, token: string): Promise<Load> {
  const child = spawn(process.execPath, [LOADER], {
    env: {
      ...process.env,
      LOAD_URL: url,
      LOAD_TOKEN: token,
      LOAD_DEVICES: String(DEVICES),
      LOAD_CONCURRENCY: String(CONCURRENCY),
      LOAD_SECONDS: String(SECONDS),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr.on("data", (c: Buffer) => (err += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  if (code !== 0) throw new Error(`the check-in load exited ${code}: ${err.slice(-500)}`);
  return JSON.parse(out.trim().split("\n").pop()!) as Load;
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)] };
};

interface Target {
  name: string;
  url: string;
  token: string;
  db?: Db;
  devices?: string[];
  portal?: Portal;
  cleanup?: () => Promise<void>;
}

async function portalTarget(tenant: HttpsTenant, provider: "sqlite" | "postgresql"): Promise<Target> {
  let databaseUrl: string | undefined;
  let drop = async () => {};
  if (provider === "postgresql") {
    const database = await createTestPostgres();
    databaseUrl = database.url;
    drop = database.cleanup;
  }
  const portal = await startPortal(tenant, {
    SYNCWRIGHT_MAX_DEVICES_PER_USER: "10000",
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  const url = databaseUrl ?? `file:${path.join(portal.dataDir, "syncwright.db")}`;
  const seeded = await seedPortal(portal, tenant, url);
  const db = createDbClient(url);
  const oid = guidFor("aad:alex");
  // The devices, registered as their first check-in would.
  await db.device.createMany({
    data: Array.from({ length: DEVICES }, (_, i) => ({
      id: `bench-${provider}-${i}`,
      deviceId: `bench-device-${i}`,
      userOid: oid,
      userName: "alex@contoso.test",
      appVersion: "9.0",
      projectId: seeded.projectId,
    })),
  });
  const token = await tenant.oidc.mintAccessToken({
    aud: AUDIENCE,
    claims: { oid, preferred_username: "alex@contoso.test" },
    expiresIn: 7200,
  });
  const checkInUrl = `${portal.url}/api/client/v1/devices/check-in`;
  const first = await fetch(checkInUrl, {
    method: "POST",
    headers: {
      authorization: `Bearer ${token}`,
      "x-device-id": "bench-device-0",
      "x-app-version": "9.0",
      "content-type": "application/json",
    },
    body: JSON.stringify({ model: "Bench phone", os: { name: "Android", version: "15" } }),
  });
  if (first.status !== 200) throw new Error(`The ${provider} portal answered ${first.status}: ${await first.text()}`);
  return {
    name: `portal ${provider === "sqlite" ? "SQLite" : "PostgreSQL"}`,
    url: checkInUrl,
    token,
    db,
    devices: Array.from({ length: DEVICES }, (_, i) => `bench-${provider}-${i}`),
    portal,
    cleanup: async () => {
      await db.$disconnect();
      await portal.stop();
      await drop();
    },
  };
}

async function bareTarget(): Promise<Target & { server: http.Server }> {
  const answer = JSON.stringify({
    state: "allowed",
    policy: { projectId: "c".repeat(25), version: 1, bundle: `/api/client/v1/bundles/${"a".repeat(64)}` },
    commands: [],
  });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      JSON.parse(Buffer.concat(chunks).toString());
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" }).end(answer);
    });
  });
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    name: "bare node:http",
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    token: "x",
    server,
  };
}

/** 100,000 devices (a tenth pending, a tenth blocked, three app versions, two OSes), written by the database itself. */
async function fillDevices(db: Db, n: number): Promise<void> {
  if (providerOfClient(db) === "sqlite") {
    await db.$executeRawUnsafe(`WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ${n})
      INSERT INTO "Device" ("id", "deviceId", "userOid", "userName", "appVersion", "state", "osName", "osVersion", "model", "firstSeenAt", "lastSeenAt")
      SELECT 'd' || x, 'device-' || x, 'user-' || (x % 20000), 'User ' || (x % 20000), CASE x % 3 WHEN 0 THEN '4.1.0' WHEN 1 THEN '4.2.0' ELSE '4.3.0' END,
        CASE x % 10 WHEN 0 THEN 'pending' WHEN 1 THEN 'blocked' ELSE 'allowed' END, CASE x % 2 WHEN 0 THEN 'iOS' ELSE 'Android' END, '17', 'Phone',
        strftime('%Y-%m-%dT%H:%M:%f', 'now', '-' || (x * 7) || ' seconds') || '+00:00', strftime('%Y-%m-%dT%H:%M:%f', 'now', '-' || x || ' seconds') || '+00:00'
      FROM c`);
  } else {
    await db.$executeRawUnsafe(`INSERT INTO "Device" ("id", "deviceId", "userOid", "userName", "appVersion", "state", "osName", "osVersion", "model", "firstSeenAt", "lastSeenAt")
      SELECT 'd' || x, 'device-' || x, 'user-' || (x % 20000), 'User ' || (x % 20000), CASE x % 3 WHEN 0 THEN '4.1.0' WHEN 1 THEN '4.2.0' ELSE '4.3.0' END,
        CASE x % 10 WHEN 0 THEN 'pending' WHEN 1 THEN 'blocked' ELSE 'allowed' END, CASE x % 2 WHEN 0 THEN 'iOS' ELSE 'Android' END, '17', 'Phone',
        now() - (x * 7 || ' seconds')::interval, now() - (x || ' seconds')::interval
      FROM generate_series(1, ${n}) AS x`);
    await db.$executeRawUnsafe(`ANALYZE "Device"`);
  }
}

async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

async function listFigures(db: Db, label: string): Promise<Figure[]> {
  await fillDevices(db, LIST_DEVICES);
  const queries: Array<[string, Record<string, string>]> = [
    ["first page", {}],
    ["pending, by user", { state: "pending", sort: "user", dir: "asc" }],
    ["app version and OS", { appVersion: "4.2.0", os: "iOS" }],
    ["search", { q: "device-4242" }],
  ];
  const figures: Figure[] = [];
  const baseline: number[] = [];
  const measured: Record<string, number[]> = {};
  for (let run = 0; run < 7; run++) {
    baseline.push(
      await timeIt(() =>
        db.device.findMany({
          orderBy: [{ lastSeenAt: "desc" }, { id: "desc" }],
          take: 50,
          select: { id: true, deviceId: true },
        }),
      ),
    );
    for (const [name, raw] of queries)
      (measured[name] ??= []).push(await timeIt(() => listDevicePage(db, DeviceListQuerySchema.parse(raw), 10)));
  }
  const b = stats(baseline.slice(2));
  figures.push({
    name: `devices list ${label} ${LIST_DEVICES} devices: bare indexed page (baseline)`,
    value: round(b.median, 1),
    unit: "ms",
    min: round(b.min, 1),
  });
  for (const [name, times] of Object.entries(measured)) {
    const s = stats(times.slice(2));
    figures.push({
      name: `devices list ${label} ${LIST_DEVICES} devices: ${name} (page, count, users at limit, projects)`,
      value: round(s.median, 1),
      unit: "ms",
      min: round(s.min, 1),
      aim: name === "first page" ? "< 200" : undefined,
    });
  }
  return figures;
}

export async function run(): Promise<Figure[]> {
  const figures: Figure[] = [];
  const pg = await postgresForTests();
  let tenant: HttpsTenant | undefined;
  const targets: Target[] = [];
  let bare: (Target & { server: http.Server }) | undefined;
  try {
    if (PART !== "list") figures.push(...(await checkInFigures()));
    if (PART !== "check-in") figures.push(...(await allListFigures(pg.available)));
    return figures;
  } finally {
    // each part cleans up after itself
  }

  async function checkInFigures(): Promise<Figure[]> {
    const figures: Figure[] = [];
    try {
      tenant = await startHttpsTenant({ realTables: ["contact"] });
      tenant.oidc.setUser({ oid: guidFor("aad:alex") });
      bare = await bareTarget();
      targets.push(bare, await portalTarget(tenant, "sqlite"));
      if (pg.available) targets.push(await portalTarget(tenant, "postgresql"));
      const actor = { id: "bench", label: "Bench" };
      const results: Record<string, Load[]> = {};
      const delivered: Record<string, string[]> = {};
      for (let run = 0; run < RUNS; run++) {
        for (const target of targets) {
          if (target.db) {
            const ids = target.devices!.filter((_, i) => i % 10 === run % 10);
            await applyDeviceAction(target.db, actor, { action: "lock", deviceIds: ids });
          }
          const r = await load(target.url, target.token);
          (results[target.name] ??= []).push(r);
          (delivered[target.name] ??= []).push(...r.commandIds);
        }
      }
      // Every device checks in once more, so every queued command has had a check-in to reach; then count.
      const delivery: Record<string, { queued: number; delivered: number; duplicates: number; sentInDb: number }> = {};
      for (const target of targets) {
        if (!target.db) continue;
        for (let i = 0; i < DEVICES; i += CONCURRENCY) {
          const answers = await Promise.all(
            Array.from({ length: Math.min(CONCURRENCY, DEVICES - i) }, async (_, j) => {
              const response = await fetch(target.url, {
                method: "POST",
                headers: {
                  authorization: `Bearer ${target.token}`,
                  "x-device-id": `bench-device-${i + j}`,
                  "x-app-version": "9.0",
                  "content-type": "application/json",
                },
                body: JSON.stringify({ model: "Bench phone", os: { name: "Android", version: "15" } }),
              });
              return (await response.json()) as { commands?: Array<{ id: string }> };
            }),
          );
          for (const answer of answers) delivered[target.name].push(...(answer.commands ?? []).map((c) => c.id));
        }
        const ids = delivered[target.name];
        delivery[target.name] = {
          queued: await target.db.deviceCommand.count(),
          delivered: new Set(ids).size,
          duplicates: ids.length - new Set(ids).size,
          sentInDb: await target.db.deviceCommand.count({ where: { status: "sent" } }),
        };
      }
      const load1 = os.loadavg()[0];
      const bareRps = stats(results[bare.name].map((r) => r.rps));
      for (const target of targets) {
        const rs = results[target.name];
        const s = stats(rs.map((r) => r.rps));
        const errors = rs.reduce(
          (n, r) =>
            n +
            Object.entries(r.statuses)
              .filter(([k]) => k !== "200")
              .reduce((m, [, v]) => m + v, 0),
          0,
        );
        figures.push({
          name: `check-in ${target.name}: check-ins/s at ${CONCURRENCY} concurrent devices`,
          value: round(s.median, 0),
          min: round(s.min, 0),
          unit: "req/s",
          runs: RUNS,
          seconds: SECONDS,
          requests: rs.reduce((n, r) => n + r.requests, 0),
          errors,
          loadavg: round(load1, 2),
          ...(target.db ? { aim: ">= 1000", ...delivery[target.name] } : {}),
        });
        if (target !== bare)
          figures.push({
            name: `check-in ${target.name} vs bare node:http (median)`,
            value: round(s.median / bareRps.median, 2),
            unit: "ratio",
          });
        if (target.db) {
          const d = delivery[target.name];
          figures.push({
            name: `check-in ${target.name}: commands delivered exactly once`,
            value: d.duplicates === 0 && d.delivered === d.queued && d.sentInDb === d.queued && errors === 0 ? 1 : 0,
            note: "every queued command reached exactly one check-in (after a last check-in of every device), and every check-in answered 200",
            unit: "yes(1)/no(0)",
            ...d,
          });
        }
      }
      return figures;
    } finally {
      for (const target of targets) await target.cleanup?.();
      await new Promise<void>((r) => (bare ? bare.server.close(() => r()) : r()));
      await tenant?.close();
    }
  }
}

/** The Devices list with 100,000 devices, on a database of its own per provider. */
async function allListFigures(withPostgres: boolean): Promise<Figure[]> {
  const figures: Figure[] = [];
  const sqlite = await createTestSqlite();
  const sqliteDb = createDbClient(sqlite.url);
  try {
    figures.push(...(await listFigures(sqliteDb, "SQLite")));
  } finally {
    await sqliteDb.$disconnect();
    await sqlite.cleanup();
  }
  if (withPostgres) {
    const database = await createTestPostgres();
    const pgDb = createDbClient(database.url);
    try {
      figures.push(...(await listFigures(pgDb, "PostgreSQL")));
    } finally {
      await pgDb.$disconnect();
      await database.cleanup();
    }
  }
  return figures;
}
