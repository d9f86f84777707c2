// Publishing survives a kill at any moment, on a SQLite file and a fresh PostgreSQL database: a child process
// publishes one project in a loop (tests/support/publish-in-a-loop.ts) and gets SIGKILL at a random moment or
// right as it sends one of its writes; then a fresh client finds versions 1..N, version N current, N publish
// audit entries and every bundle complete and signed. Each round's kill is classified by how far the child got.
// The plan of kills comes from a seed printed with the results: PUBLISH_KILL_SEED=<seed> repeats it (the
// timing of the processes themselves cannot be repeated).
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createHash, generateKeyPairSync, randomInt, type KeyObject } from "node:crypto";
import path from "node:path";
import { setImmediate, setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { describe, it, type ExpectStatic, type TestContext } from "vitest";
import { verifyBundle } from "@/lib/bundle/verify";
import { createProject, enableTables } from "@/lib/customization/mutations";
import { createDbClient } from "@/lib/db/client";
import { storeSnapshot } from "@/lib/metadata/mutations";
import { readMetadataSource } from "@/lib/metadata/read-source";
import { createTestPostgres, createTestSqlite, postgresForTests } from "../support/test-database";

const ROOT = path.resolve(import.meta.dirname, "../..");
const PUBLISHER = path.join(ROOT, "tests/support/publish-in-a-loop.ts");
const SOURCE = path.resolve(ROOT, "../shared/data/dataverse/webapi-entitydefinitions");
const ROUNDS = 8;
const SEED = process.env.PUBLISH_KILL_SEED ? Number(process.env.PUBLISH_KILL_SEED) : randomInt(2 ** 31);

/** mulberry32: a small seeded generator, so that a failing run's kill plan can be repeated. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * When a round kills. "timed": `fraction` x 3 warm publishes after publishing begins (stratified, so that
 * they spread over the whole span, before, inside and after transactions). "on-write": as soon as publish
 * `publish` (1 or 2) sent its `write`-th write (1st to 4th, one round each): the moments between the writes of
 * one publish are short, and a timed kill seldom lands in them.
 */
type Plan = { kind: "timed"; fraction: number } | { kind: "on-write"; publish: number; write: number };

function planRounds(random: () => number): Plan[] {
  const writes = [1, 2, 3, 4];
  const timed = ROUNDS - writes.length;
  const plans: Plan[] = [
    ...Array.from({ length: timed }, (_, i): Plan => ({ kind: "timed", fraction: (i + random()) / timed })),
    ...writes.map((write): Plan => ({ kind: "on-write", publish: 1 + Math.floor(random() * 2), write })),
  ];
  for (let i = plans.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [plans[i], plans[j]] = [plans[j], plans[i]];
  }
  return plans;
}

interface Publisher {
  appName: string;
  lines: string[];
  /** The warm publish time the child measured, once it printed "ready". */
  ready: Promise<number>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
  /** Resolves with the index of the first line from `from` on that matches; rejects when the child exits first or after 30 s. */
  waitForLine(match: (line: string) => boolean, from?: number): Promise<number>;
  go(): void;
  kill(): void;
}

function startPublisher(env: Record<string, string>, appName: string): Publisher {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", PUBLISHER],
    {
      cwd: ROOT,
      // PGAPPNAME names the child's PostgreSQL connections, so that the test can wait for exactly them to go.
      env: { ...process.env, ...env, PGAPPNAME: appName },
    },
  );
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  let partial = "";
  let stderr = "";
  let alive = true;
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    partial += chunk;
    const parts = partial.split("\n");
    partial = parts.pop()!;
    lines.push(...parts);
    for (const wake of waiters) wake();
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  // "close" waits for stdout to end too: every line the child wrote before it died is in `lines` by then.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("close", (code, signal) => {
      alive = false;
      for (const wake of waiters) wake();
      resolve({ code, signal });
    }),
  );
  child.stdin.on("error", () => {}); // EPIPE when the child is already gone
  const waitForLine = (match: (line: string) => boolean, from = 0) =>
    new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(
          new Error(
            `the publisher did not print the expected line within 30 s; its last lines:\n${lines.slice(-20).join("\n")}\n${stderr}`,
          ),
        );
      }, 30_000);
      const check = () => {
        const index = lines.findIndex((line, i) => i >= from && match(line));
        if (index >= 0 || !alive) {
          waiters.delete(check);
          clearTimeout(timer);
          if (index >= 0) resolve(index);
          else
            reject(
              new Error(`the publisher exited before the expected line; its output:\n${lines.join("\n")}\n${stderr}`),
            );
        }
      };
      waiters.add(check);
      check();
    });
  const ready = waitForLine((line) => line.startsWith("ready ")).then((i) => Number(lines[i].split(" ")[1]));
  ready.catch(() => {}); // a child that fails to start is reported where the round awaits it
  return {
    appName,
    lines,
    ready,
    exited,
    stderr: () => stderr,
    waitForLine,
    go: () => child.stdin.write("go\n"),
    kill: () => {
      if (alive) child.kill("SIGKILL");
    },
  };
}

interface World {
  provider: "sqlite" | "postgresql";
  url: string;
  /** PostgreSQL only: the test database's name and an admin URL to watch pg_stat_activity with. */
  postgres?: { name: string; adminUrl: string };
  projectId: string;
  childEnv: Record<string, string>;
  publicKey: KeyObject;
}

/** Waits until PostgreSQL has ended every backend of the killed child (it aborts their open transactions). */
async function waitForBackendsToEnd(world: World, appName: string): Promise<void> {
  const client = new pg.Client({ connectionString: world.postgres!.adminUrl });
  await client.connect();
  try {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { rows } = await client.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = $2",
        [world.postgres!.name, appName],
      );
      if (rows[0].n === 0) return;
      if (Date.now() > deadline)
        throw new Error(`${rows[0].n} backend(s) of the killed publisher still open after 10 s`);
      await sleep(10);
    }
  } finally {
    await client.end();
  }
}

async function countBackends(world: World, appName: string): Promise<number> {
  const client = new pg.Client({ connectionString: world.postgres!.adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = $2",
      [world.postgres!.name, appName],
    );
    return rows[0].n;
  } finally {
    await client.end();
  }
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** Every invariant of a publish that either happened completely or not at all, read by a fresh client; returns N. */
async function checkInvariants(world: World, where: string, expect: ExpectStatic): Promise<number> {
  const db = createDbClient(world.url);
  try {
    const versions = await db.version.findMany({
      where: { projectId: world.projectId },
      orderBy: { number: "asc" },
      select: { id: true, number: true, contentHash: true, bundleHash: true, size: true, bundle: true },
    });
    const n = versions.length;
    expect(
      versions.map((v) => v.number),
      `${where}: version numbers 1..N, no gap, no duplicate`,
    ).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    const project = await db.project.findUniqueOrThrow({
      where: { id: world.projectId },
      select: { currentVersionId: true },
    });
    expect(project.currentVersionId, `${where}: the current version is version ${n}`).toBe(
      n ? versions[n - 1].id : null,
    );
    const audits = await db.auditEntry.findMany({
      where: { targetId: world.projectId, action: "project.publish" },
      select: { after: true },
    });
    expect(audits.length, `${where}: one publish audit entry per version`).toBe(n);
    const audited = audits
      .map((a) => JSON.parse(a.after ?? "{}") as { versionId?: string; number?: number })
      .sort((a, b) => (a.number ?? 0) - (b.number ?? 0));
    expect(
      audited.map((a) => [a.number, a.versionId]),
      `${where}: the audit entries name the stored versions`,
    ).toEqual(versions.map((v) => [v.number, v.id]));
    for (const v of versions) {
      await setImmediate(); // the other provider's rounds share this event loop and time their kills by it
      const bytes = Buffer.from(v.bundle);
      const what = `${where}: version ${v.number}'s bundle`;
      expect(bytes.length, `${what}: size`).toBe(v.size);
      expect(sha256(bytes), `${what}: bundleHash`).toBe(v.bundleHash);
      const verified = verifyBundle(bytes, { publicKey: world.publicKey });
      expect(verified.problems, `${what}: verifies`).toEqual([]);
      expect(verified.signature, `${what}: signature`).toBe("valid");
      expect(verified.manifest, `${what}: manifest`).toMatchObject({
        projectId: world.projectId,
        version: v.number,
        contentSha256: v.contentHash,
      });
    }
    if (world.provider === "sqlite") {
      expect(await db.$queryRawUnsafe("PRAGMA quick_check"), `${where}: SQLite quick_check`).toEqual([
        { quick_check: "ok" },
      ]);
    }
    return n;
  } finally {
    await db.$disconnect();
  }
}

const MOMENTS = [
  "between publishes",
  "before the transaction",
  "inside the transaction",
  "after the commit, before it returned",
] as const;
type Moment = (typeof MOMENTS)[number];

/** Where the kill landed, from the child's last lines and what the database kept; asserts they agree. */
function classify(lines: string[], before: number, after: number, where: string, expect: ExpectStatic): Moment {
  const run = lines.slice(lines.findIndex((line) => line.startsWith("ready ")) + 1);
  const done = run.filter((line) => line.startsWith("done ")).map((line) => Number(line.split(" ")[1]));
  expect(done, `${where}: the numbers the child was given follow the stored ones`).toEqual(
    Array.from({ length: done.length }, (_, i) => before + i + 1),
  );
  const tail = run.slice(run.findLastIndex((line) => line.startsWith("done ")) + 1);
  const writes = tail.filter((line) => line.startsWith("write ")).length;
  const committed = after - before;
  expect(
    [done.length, done.length + 1],
    `${where}: stored ${committed} versions, the child finished ${done.length}`,
  ).toContain(committed);
  if (committed === done.length + 1) {
    expect(writes, `${where}: a version was committed by a publish that never wrote`).toBeGreaterThan(0);
    return "after the commit, before it returned";
  }
  if (writes > 0) return "inside the transaction";
  return tail.some((line) => line.startsWith("start ")) ? "before the transaction" : "between publishes";
}

/** A fresh database with a snapshot and two projects with contact enabled: the one to kill and the warm-up one. */
async function createWorld(
  provider: "sqlite" | "postgresql",
): Promise<{ world: World; cleanup(): Promise<void> } | undefined> {
  let database: { url: string; cleanup(): Promise<void> };
  let postgres: World["postgres"];
  if (provider === "postgresql") {
    const found = await postgresForTests();
    if (!found.available) return undefined;
    const created = await createTestPostgres();
    database = created;
    postgres = { name: created.name, adminUrl: found.url };
  } else {
    database = await createTestSqlite();
  }
  const db = createDbClient(database.url);
  try {
    const ada = await db.user.create({ data: { email: "ada@example.com", name: "Ada", role: "editor" } });
    const actor = { id: ada.id, label: "Ada <ada@example.com>" };
    const env = await db.environment.create({ data: { name: "Contoso" } });
    const source = await readMetadataSource(SOURCE);
    const snapshot = (
      await storeSnapshot(db, actor, {
        environmentId: env.id,
        source: "webapi-json",
        sourceName: "webapi-entitydefinitions",
        document: source.document,
      })
    ).snapshot;
    const newProject = async (name: string) => {
      const { id } = await createProject(db, actor, {
        name,
        description: "",
        environmentId: env.id,
        snapshotId: snapshot.id,
        roles: [{ roleName: "Salesperson", priority: 10 }],
      });
      await enableTables(db, actor, { projectId: id, tableNames: ["contact"], syncMode: "offline" });
      return id;
    };
    const projectId = await newProject(`Killed ${provider}`);
    const warmUpProjectId = await newProject(`Warm-up ${provider}`);
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    const signingKey = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const childEnv = {
      DATABASE_URL: database.url,
      PROJECT_ID: projectId,
      WARM_UP_PROJECT_ID: warmUpProjectId,
      ACTOR: JSON.stringify(actor),
      SIGNING_KEY: signingKey,
    };
    return {
      world: { provider, url: database.url, postgres, projectId, publicKey, childEnv },
      cleanup: database.cleanup,
    };
  } catch (error) {
    await database.cleanup();
    throw error;
  } finally {
    await db.$disconnect();
  }
}

async function killRounds(provider: "sqlite" | "postgresql", ctx: TestContext): Promise<void> {
  const expect = ctx.expect;
  const created = await createWorld(provider);
  if (!created) return ctx.skip();
  const w = created.world;
  const plans = planRounds(seededRandom(SEED + (provider === "sqlite" ? 0 : 1)));
  const tag = `[${provider} PUBLISH_KILL_SEED=${SEED}]`;
  const moments: Moment[] = [];
  const log: string[] = [];
  const live = new Set<Publisher>();
  const start = (round: number) => {
    const publisher = startPublisher(w.childEnv, `publish-in-a-loop-${process.pid}-${provider}-${round}`);
    live.add(publisher);
    return publisher;
  };
  let n = 0;
  try {
    n = await checkInvariants(w, `${tag} before any publish`, expect);
    expect(n).toBe(0);
    // The next child starts (1-2 s) while the last one's outcome is checked; it publishes only on "go".
    let next = start(1);
    for (const [index, plan] of plans.entries()) {
      const round = index + 1;
      let where = `${tag} round ${round}`;
      const publisher = next;
      const waited = performance.now();
      const warmMs = await publisher.ready;
      const startUp = `ready ${Math.round(performance.now() - waited)} ms after the last check`;
      // The wait for the killed child's backends must not be empty: they carry its name. (Checked in round 1,
      // whose child has just become ready: a child that waited longer may have closed its idle connection.)
      if (provider === "postgresql" && round === 1)
        expect(
          await countBackends(w, publisher.appName),
          `${where}: the child's backends carry its name`,
        ).toBeGreaterThan(0);
      const goAt = publisher.lines.length;
      publisher.go();
      let when: string;
      if (plan.kind === "timed") {
        const delay = plan.fraction * 3 * warmMs;
        await sleep(delay);
        when = `${delay.toFixed(1)} ms after go (${plan.fraction.toFixed(3)} x 3 publishes of ${warmMs} ms)`;
      } else {
        let at = await publisher.waitForLine((line) => line === `start ${plan.publish}`, goAt);
        for (let i = 0; i < plan.write; i++)
          at = await publisher.waitForLine((line) => line.startsWith("write "), at + 1);
        when = `on publish ${plan.publish}'s write ${plan.write} (${publisher.lines[at].slice("write ".length)})`;
      }
      publisher.kill();
      where += ` (killed ${when})`;
      const exit = await publisher.exited;
      live.delete(publisher);
      expect(exit, `${where}: the child died of the kill, not of an error: ${publisher.stderr()}`).toEqual({
        code: null,
        signal: "SIGKILL",
      });
      if (round < plans.length) next = start(round + 1);
      if (provider === "postgresql") await waitForBackendsToEnd(w, publisher.appName);
      const before = n;
      n = await checkInvariants(w, where, expect);
      const moment = classify(publisher.lines, before, n, where, expect);
      moments.push(moment);
      log.push(`round ${round}: ${startUp}, killed ${when}: ${moment}; N ${before} -> ${n}`);
    }
  } finally {
    for (const publisher of live) publisher.kill();
    await Promise.all([...live].map((p) => p.exited));
    console.log(`${tag}\n  ${log.join("\n  ")}`);
    await created.cleanup();
  }
  const counts = Object.fromEntries(MOMENTS.map((m) => [m, moments.filter((x) => x === m).length]));
  console.log(`${tag} kills by moment: ${JSON.stringify(counts)}`);
  // A run whose kills all missed the transaction, or that never published, would prove nothing.
  expect(counts["inside the transaction"], `${tag} kills by moment: ${JSON.stringify(counts)}`).toBeGreaterThan(0);
  expect(n, `${tag} versions published in all`).toBeGreaterThan(0);
}

// The two providers run side by side: each round waits mostly for a child to start.
describe("a publish killed at any moment", () => {
  it.concurrent(
    "leaves the new version complete and current, or nothing, on SQLite",
    (ctx) => killRounds("sqlite", ctx),
    90_000,
  );
  it.concurrent(
    "leaves the new version complete and current, or nothing, on PostgreSQL",
    (ctx) => killRounds("postgresql", ctx),
    90_000,
  );
});
