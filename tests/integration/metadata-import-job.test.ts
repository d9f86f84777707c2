// Live-org imports as background jobs against the local Dataverse stand-in and OpenID Connect server, on real
// databases: the job row's progress reaches tables done / total, the snapshot is stored (once), a 429 with
// Retry-After is survived, and a failure leaves the job "failed" with the reason and no snapshot.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDbClient, type Db } from "@/lib/db/client";
import { DataverseClient } from "@/lib/dataverse/client";
import { startLiveImport, withLiveness } from "@/lib/metadata/import-job";
import { listSnapshots, loadImportJob, loadSnapshotDocument } from "@/lib/metadata/data";
import { createLogger } from "@/lib/logger";
import { startDataverseStandin, type DataverseStandin } from "@/tests/support/dataverse-standin";
import { enableAppTokens, type AppTokens } from "@/tests/support/dataverse-standin/app-tokens";
import { startOidcServer, type OidcTestServer } from "@/tests/support/oidc-server";
import { createTestPostgres, createTestSqlite, postgresForTests } from "../support/test-database";

const quiet = createLogger({ level: "silent" });
let oidc: OidcTestServer;
let tokens: AppTokens;
let standin: DataverseStandin;

beforeAll(async () => {
  oidc = await startOidcServer();
  tokens = enableAppTokens(oidc);
  // A little latency so that progress is observable while the job runs.
  standin = await startDataverseStandin({ ...tokens.standinAuth, latencyMs: 15 });
}, 60_000);
afterAll(async () => {
  await standin?.close();
  await oidc?.stop();
});
beforeEach(() => standin.reset());

async function clientFor(options: { maxRetries?: number } = {}): Promise<DataverseClient> {
  return new DataverseClient({
    orgUrl: standin.url,
    allowInsecureHttp: true,
    logger: quiet,
    ...(await tokens.clientOptions()),
    ...options,
  });
}

function suite(provider: "sqlite" | "postgresql") {
  let db: Db;
  let cleanup: () => Promise<void> = async () => {};
  let skip = false;
  let actor: { id: string; label: string };
  let environmentId: string;

  beforeAll(async () => {
    const database =
      provider === "postgresql"
        ? await postgresForTests().then((pg) => (pg.available ? createTestPostgres() : null))
        : await createTestSqlite();
    if (!database) {
      skip = true;
      return;
    }
    db = createDbClient(database.url);
    const owner = await db.user.create({ data: { email: "olivia@example.com", name: "Olivia", role: "owner" } });
    actor = { id: owner.id, label: "Olivia <olivia@example.com>" };
    environmentId = (await db.environment.create({ data: { name: "Contoso live" } })).id;
    cleanup = async () => {
      await db.$disconnect();
      await database.cleanup();
    };
  }, 60_000);
  afterAll(async () => cleanup());

  it("reads the org in the background, reports progress up to tables done / total, and stores the snapshot", async (ctx) => {
    if (skip) ctx.skip();
    const client = await clientFor();
    // One 429 with Retry-After on a table request: the job waits and carries on.
    standin.throttleNext(1, {
      retryAfterSeconds: 1,
      match: (p) => p.startsWith("EntityDefinitions(LogicalName='contact')"),
    });
    const started = await startLiveImport(db, actor, { environmentId, client }, { requestId: "req-live" });
    expect(started.job).toMatchObject({ status: "running", environmentId });

    // The request returned at once; poll the row as the browser does.
    const seen: Array<{ done: number; total: number }> = [];
    let current = await loadImportJob(db, started.job.id);
    while (current.status === "running") {
      seen.push({ done: current.done, total: current.total });
      expect(withLiveness(current).status).toBe("running");
      await new Promise((resolve) => setTimeout(resolve, 50));
      current = await loadImportJob(db, started.job.id);
    }
    const finished = await started.finished;
    expect(finished.status).toBe("done");
    expect(finished.message).toMatch(/^Imported \d+ tables\.$/);
    const tables = standin.metadata.logicalNames.length;
    expect(finished).toMatchObject({ done: tables, total: tables });
    expect(seen.some((p) => p.total === tables && p.done > 0 && p.done < tables)).toBe(true);
    expect(client.stats.throttled).toBeGreaterThanOrEqual(1);
    expect(standin.requests.some((r) => r.status === 429)).toBe(true);

    const [snapshot] = await listSnapshots(db, environmentId);
    expect(snapshot).toMatchObject({
      id: finished.snapshotId,
      source: "live",
      sourceName: standin.url,
      tableCount: tables,
      createdById: actor.id,
    });
    const document = await loadSnapshotDocument(db, snapshot.id);
    expect(document.format).toBe("live");
    expect(document.tables.find((t) => t.logicalName === "contact")?.primaryIdColumn).toBe("contactid");
    const actions = (await db.auditEntry.findMany({ where: { targetId: environmentId }, orderBy: { at: "asc" } })).map(
      (a) => a.action,
    );
    // The org's security roles come with its metadata.
    expect(actions).toEqual(["metadata.import.start", "metadata.snapshot.import", "environment.roles.refresh"]);
  });

  it("recognizes an unchanged org: the job is done and points at the existing snapshot", async (ctx) => {
    if (skip) ctx.skip();
    const before = await listSnapshots(db, environmentId);
    const { finished } = await startLiveImport(db, actor, { environmentId, client: await clientFor() });
    const job = await finished;
    expect(job.status).toBe("done");
    expect(job.snapshotId).toBe(before[0].id);
    expect(job.message).toMatch(/^Nothing changed/);
    expect(await listSnapshots(db, environmentId)).toHaveLength(before.length);
  });

  it("fails the job with the reason when the org keeps refusing, storing no snapshot", async (ctx) => {
    if (skip) ctx.skip();
    const env = await db.environment.create({ data: { name: `Throttled ${provider}` } });
    standin.throttleNext(50, { retryAfterSeconds: 0, status: 503 });
    const { finished } = await startLiveImport(db, actor, {
      environmentId: env.id,
      client: await clientFor({ maxRetries: 1 }),
    });
    const job = await finished;
    expect(job.status).toBe("failed");
    expect(job.message).toMatch(/503|unavailable|busy/i);
    expect(await db.metadataSnapshot.count({ where: { environmentId: env.id } })).toBe(0);
    const fail = await db.auditEntry.findFirstOrThrow({ where: { targetId: env.id, action: "metadata.import.fail" } });
    expect(fail.summary).toContain(job.message!.slice(0, 40));
  });

  it("refuses a second import of the same environment while one runs, and reports an orphaned running row as failed", async (ctx) => {
    if (skip) ctx.skip();
    const first = await startLiveImport(db, actor, { environmentId, client: await clientFor() });
    await expect(startLiveImport(db, actor, { environmentId, client: await clientFor() })).rejects.toMatchObject({
      code: "conflict",
    });
    await first.finished;
    const orphan = await db.importJob.create({ data: { environmentId, status: "running", done: 3, total: 14 } });
    const seen = withLiveness(await loadImportJob(db, orphan.id));
    expect(seen).toMatchObject({ status: "failed", message: expect.stringContaining("restarted") });
  });
}

describe("live import jobs on SQLite", () => suite("sqlite"));
describe("live import jobs on PostgreSQL", () => suite("postgresql"));
