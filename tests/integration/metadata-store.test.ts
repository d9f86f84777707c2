// Metadata snapshots against real databases (a SQLite file and a fresh PostgreSQL database): the real files
// stored and loaded back unchanged, the same content recognized by its hash (also when two imports race),
// counts and the audit entry, and nothing stored when any step fails.
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type Db } from "@/lib/db/client";
import { AppError } from "@/lib/app-error";
import { readMetadataSource } from "@/lib/metadata/read-source";
import type { MetadataDocument } from "@/lib/metadata/schema";
import { contentHash } from "@/lib/metadata/content-hash";
import { storeSnapshot } from "@/lib/metadata/mutations";
import {
  clearSnapshotDocumentCache,
  listSnapshots,
  loadSnapshotDocument,
  loadSnapshotSummary,
} from "@/lib/metadata/data";
import { createTestPostgres, createTestSqlite, postgresForTests } from "../support/test-database";

const DATA = path.resolve(process.cwd(), "../shared/data/dataverse");

interface World {
  db: Db;
  db2: Db;
  actor: { id: string; label: string };
  environmentId: string;
  webapi: MetadataDocument;
  solution: MetadataDocument;
}

async function setUp(url: string, provider: "sqlite" | "postgresql"): Promise<World> {
  const db = createDbClient(url);
  const ada = await db.user.create({ data: { email: "ada@example.com", name: "Ada", role: "owner" } });
  const env = await db.environment.create({ data: { name: "Contoso" } });
  const [webapi, solution] = await Promise.all([
    readMetadataSource(path.join(DATA, "webapi-entitydefinitions")),
    readMetadataSource(path.join(DATA, "solution-nonprofit-core/NonprofitCore_2_2_3_0_managed.zip")),
  ]);
  return {
    db,
    db2: provider === "postgresql" ? createDbClient(url) : db,
    actor: { id: ada.id, label: "Ada <ada@example.com>" },
    environmentId: env.id,
    webapi: webapi.document,
    solution: solution.document,
  };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure, got success");
}

function suite(provider: "sqlite" | "postgresql") {
  let world: World;
  let cleanup: () => Promise<void> = async () => {};
  let skip = false;

  beforeAll(async () => {
    const database =
      provider === "postgresql"
        ? await postgresForTests().then((pg) => (pg.available ? createTestPostgres() : null))
        : await createTestSqlite();
    if (!database) {
      skip = true;
      return;
    }
    world = await setUp(database.url, provider);
    cleanup = async () => {
      await world.db.$disconnect();
      if (world.db2 !== world.db) await world.db2.$disconnect();
      await database.cleanup();
    };
  }, 60_000);
  afterAll(async () => cleanup());

  it("stores the real Web API files with their counts and audit entry, and loads the same document back", async (ctx) => {
    if (skip) ctx.skip();
    const { db, actor, environmentId, webapi } = world;
    const stored = await storeSnapshot(
      db,
      actor,
      { environmentId, source: "webapi-json", sourceName: "webapi-entitydefinitions", document: webapi },
      { requestId: "req-1" },
    );
    expect(stored.duplicate).toBe(false);
    const columns = webapi.tables.reduce((n, t) => n + t.columns.length, 0);
    expect(stored.snapshot).toMatchObject({
      environmentId,
      environmentName: "Contoso",
      source: "webapi-json",
      sourceName: "webapi-entitydefinitions",
      contentHash: contentHash(webapi),
      createdById: actor.id,
      createdByLabel: "Ada <ada@example.com>",
      tableCount: webapi.tables.length,
      columnCount: columns,
      relationshipCount: webapi.relationships.length,
      optionSetCount: Object.keys(webapi.globalOptionSets).length,
    });
    expect(webapi.tables.length).toBeGreaterThanOrEqual(14);

    // The blob is gzip'd JSON of the document, and reads back equal (from the database, not the cache).
    const row = await db.metadataSnapshot.findUniqueOrThrow({ where: { id: stored.snapshot.id } });
    expect(JSON.parse(gunzipSync(row.document).toString("utf8"))).toEqual(webapi);
    expect(row.document.length).toBeLessThan(JSON.stringify(webapi).length / 4);
    clearSnapshotDocumentCache();
    const loaded = await loadSnapshotDocument(db, stored.snapshot.id);
    expect(loaded).toEqual(webapi);
    expect(loaded.tables.find((t) => t.logicalName === "contact")?.primaryIdColumn).toBe("contactid");
    // Immutable, so the second read is the cached object.
    expect(await loadSnapshotDocument(db, stored.snapshot.id)).toBe(loaded);

    const entry = await db.auditEntry.findFirstOrThrow({
      where: { action: "metadata.snapshot.import", targetId: environmentId },
    });
    expect(entry).toMatchObject({ actorId: actor.id, targetType: "environment", requestId: "req-1" });
    expect(entry.summary).toContain(`${webapi.tables.length} tables`);
  });

  it("recognizes the same content again: the existing snapshot, duplicate=true, no new row, no new audit entry", async (ctx) => {
    if (skip) ctx.skip();
    const { db, actor, environmentId, webapi } = world;
    const before = await db.metadataSnapshot.count();
    const audits = await db.auditEntry.count();
    // A copy with keys in another order is the same content (canonical JSON).
    const reordered = JSON.parse(
      JSON.stringify({
        relationships: webapi.relationships,
        globalOptionSets: webapi.globalOptionSets,
        tables: webapi.tables,
        format: webapi.format,
      }),
    ) as MetadataDocument;
    const again = await storeSnapshot(db, actor, {
      environmentId,
      source: "webapi-json",
      sourceName: "again.json",
      document: reordered,
    });
    expect(again.duplicate).toBe(true);
    expect(again.snapshot.sourceName).toBe("webapi-entitydefinitions");
    expect(await db.metadataSnapshot.count()).toBe(before);
    expect(await db.auditEntry.count()).toBe(audits);
  });

  it("lets two imports of the same new content race: one stores, the other gets it as a duplicate", async (ctx) => {
    if (skip) ctx.skip();
    const { db, db2, actor, environmentId, solution } = world;
    const input = {
      environmentId,
      source: "solution" as const,
      sourceName: "NonprofitCore_2_2_3_0_managed.zip",
      document: solution,
    };
    const results = await Promise.all([storeSnapshot(db, actor, input), storeSnapshot(db2, actor, input)]);
    expect(results.map((r) => r.duplicate).sort()).toEqual([false, true]);
    expect(results[0].snapshot.id).toBe(results[1].snapshot.id);
    expect(await db.metadataSnapshot.count({ where: { environmentId, contentHash: contentHash(solution) } })).toBe(1);
    const list = await listSnapshots(db, environmentId);
    expect(list.map((s) => s.source)).toEqual(["solution", "webapi-json"]);
    expect(list[0]).toMatchObject({ tableCount: solution.tables.length, createdByLabel: "Ada <ada@example.com>" });
    expect(list[0]).not.toHaveProperty("document");
  });

  it("stores nothing when the audit write fails inside the transaction", async (ctx) => {
    if (skip) ctx.skip();
    const { db, actor, environmentId, webapi } = world;
    const changed: MetadataDocument = { ...webapi, tables: webapi.tables.slice(1) };
    const before = await db.metadataSnapshot.count();
    // Make the second statement of the transaction fail for real: the audit table is gone for a moment.
    await db.$executeRawUnsafe(`ALTER TABLE "AuditEntry" RENAME TO "AuditEntryAway"`);
    try {
      await failure(
        storeSnapshot(db, actor, {
          environmentId,
          source: "webapi-json",
          sourceName: "partial.json",
          document: changed,
        }),
      );
    } finally {
      await db.$executeRawUnsafe(`ALTER TABLE "AuditEntryAway" RENAME TO "AuditEntry"`);
    }
    expect(await db.metadataSnapshot.count()).toBe(before);
    // And it stores fine once the database is whole again.
    const ok = await storeSnapshot(db, actor, {
      environmentId,
      source: "webapi-json",
      sourceName: "partial.json",
      document: changed,
    });
    expect(ok.duplicate).toBe(false);
    expect(ok.snapshot.tableCount).toBe(webapi.tables.length - 1);
  });

  it("refuses a document that JSON cannot carry and an unknown environment, storing nothing", async (ctx) => {
    if (skip) ctx.skip();
    const { db, actor, environmentId, webapi } = world;
    const before = await db.metadataSnapshot.count();
    const [first, ...rest] = webapi.tables;
    const broken: MetadataDocument = {
      ...webapi,
      tables: [
        { ...first, columns: [{ ...first.columns[0], maxValue: Number.NaN }, ...first.columns.slice(1)] },
        ...rest,
      ],
    };
    const error = await failure(
      storeSnapshot(db, actor, { environmentId, source: "webapi-json", sourceName: "nan.json", document: broken }),
    );
    expect(error).toBeInstanceOf(AppError);
    const missing = await failure(
      storeSnapshot(db, actor, {
        environmentId: "nope",
        source: "webapi-json",
        sourceName: "x.json",
        document: webapi,
      }),
    );
    expect(missing).toMatchObject({ code: "not_found" });
    expect(await db.metadataSnapshot.count()).toBe(before);
    expect(await failure(loadSnapshotSummary(db, "nope"))).toMatchObject({ code: "not_found" });
    expect(await failure(loadSnapshotDocument(db, "nope"))).toMatchObject({ code: "not_found" });
  });
}

describe("metadata snapshots on SQLite", () => suite("sqlite"));
describe("metadata snapshots on PostgreSQL", () => suite("postgresql"));
