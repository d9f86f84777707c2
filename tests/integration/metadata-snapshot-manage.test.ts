// Combining, renaming and deleting metadata snapshots against real databases (SQLite and PostgreSQL): a solution
// completed by a Web API export becomes a new snapshot listing its sources; a rename is revision-checked and
// audited; a snapshot a project or a published version uses is refused deletion with who uses it.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type Db } from "@/lib/db/client";
import { readMetadataSource } from "@/lib/metadata/read-source";
import type { MetadataDocument } from "@/lib/metadata/schema";
import { combineIntoSnapshot, deleteSnapshot, renameSnapshot, storeSnapshot } from "@/lib/metadata/mutations";
import {
  listSnapshots,
  loadAllSnapshotOrgDefinitions,
  loadSnapshotDocument,
  loadSnapshotProvenance,
  loadSnapshotSummary,
} from "@/lib/metadata/data";
import { createTestPostgres, createTestSqlite, postgresForTests } from "../support/test-database";

const DATA = path.resolve(process.cwd(), "../shared/data/dataverse");
/** Dataverse ids forms by GUID; a stored form with any other id is left out when read. */
const FORM_ID = "62f71750-3d04-f111-8406-7ced8d3c12a1";

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure, got success");
}

function suite(provider: "sqlite" | "postgresql") {
  let db: Db;
  let actor: { id: string; label: string };
  let environmentId: string;
  let webapi: MetadataDocument;
  let solution: MetadataDocument;
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
    db = createDbClient(database.url);
    const ada = await db.user.create({ data: { email: "ada@example.com", name: "Ada", role: "owner" } });
    actor = { id: ada.id, label: "Ada <ada@example.com>" };
    environmentId = (await db.environment.create({ data: { name: "Contoso" } })).id;
    const [w, s] = await Promise.all([
      readMetadataSource(path.join(DATA, "webapi-entitydefinitions")),
      readMetadataSource(path.join(DATA, "solution-nonprofit-core/NonprofitCore_2_2_3_0_managed.zip")),
    ]);
    webapi = w.document;
    solution = s.document;
    cleanup = async () => {
      await db.$disconnect();
      await database.cleanup();
    };
  }, 60_000);
  afterAll(async () => cleanup());

  it("combines a solution with a Web API export into a new snapshot that lists its sources", async (ctx) => {
    if (skip) ctx.skip();
    const base = await storeSnapshot(db, actor, {
      environmentId,
      source: "solution",
      sourceName: "NonprofitCore_2_2_3_0_managed.zip",
      document: solution,
      definitions: {
        forms: [
          { table: "contact", id: FORM_ID, names: {}, name: "Contact", type: 2, active: true, formXml: "<form/>" },
        ],
        views: [],
      },
    });
    expect(base.snapshot.name).toMatch(/^Solution NonprofitCore · \d+ tables · \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    const combined = await combineIntoSnapshot(db, actor, {
      environmentId,
      baseSnapshotId: base.snapshot.id,
      source: "webapi-json",
      sourceName: "146 files",
      document: webapi,
    });
    expect(combined.duplicate).toBe(false);
    expect(combined.snapshot.id).not.toBe(base.snapshot.id);
    expect(combined.snapshot.source).toBe("combined");
    expect(combined.snapshot.name).toMatch(/^Solution NonprofitCore \+ Web API JSON · /);
    const provenance = await loadSnapshotProvenance(db, combined.snapshot.id);
    expect(provenance?.sources.map((s) => s.name)).toEqual(["NonprofitCore_2_2_3_0_managed.zip", "146 files"]);
    const doc = await loadSnapshotDocument(db, combined.snapshot.id);
    expect(doc.tables.find((t) => t.logicalName === "contact")?.partial).toBe(false);
    // The base's forms and views come along; the base itself is unchanged.
    expect((await loadAllSnapshotOrgDefinitions(db, combined.snapshot.id)).forms.map((f) => f.id)).toEqual([FORM_ID]);
    expect(
      (await loadSnapshotDocument(db, base.snapshot.id)).tables.find((t) => t.logicalName === "contact")?.partial,
    ).toBe(true);
    // The same combination again finds the first.
    const again = await combineIntoSnapshot(db, actor, {
      environmentId,
      baseSnapshotId: base.snapshot.id,
      source: "webapi-json",
      sourceName: "146 files",
      document: webapi,
    });
    expect(again).toMatchObject({ duplicate: true, snapshot: { id: combined.snapshot.id } });
    const other = await db.environment.create({ data: { name: "Elsewhere" } });
    expect(
      await failure(
        combineIntoSnapshot(db, actor, {
          environmentId: other.id,
          baseSnapshotId: base.snapshot.id,
          source: "webapi-json",
          sourceName: "x",
          document: webapi,
        }),
      ),
    ).toMatchObject({ code: "invalid" });
  }, 120_000);

  it("renames with a revision check and an audit entry", async (ctx) => {
    if (skip) ctx.skip();
    const [snapshot] = await listSnapshots(db, environmentId);
    const renamed = await renameSnapshot(db, actor, {
      snapshotId: snapshot.id,
      revision: snapshot.revision,
      name: "Prod",
    });
    expect(renamed).toMatchObject({ name: "Prod", revision: snapshot.revision + 1 });
    expect(
      await failure(renameSnapshot(db, actor, { snapshotId: snapshot.id, revision: snapshot.revision, name: "Stale" })),
    ).toMatchObject({ code: "conflict" });
    expect((await loadSnapshotSummary(db, snapshot.id)).name).toBe("Prod");
    const entry = await db.auditEntry.findFirst({
      where: { action: "metadata.snapshot.rename", targetId: snapshot.id },
    });
    expect(entry?.summary).toContain('to "Prod"');
    expect(await failure(renameSnapshot(db, actor, { snapshotId: "nope", revision: 1, name: "x" }))).toMatchObject({
      code: "not_found",
    });
  });

  it("refuses to delete a snapshot a project or a published version uses, and deletes an unused one", async (ctx) => {
    if (skip) ctx.skip();
    const snapshots = await listSnapshots(db, environmentId);
    const [used, unused] = snapshots;
    const project = await db.project.create({ data: { name: "Field app", environmentId, snapshotId: used.id } });
    const refused = await failure(deleteSnapshot(db, actor, { snapshotId: used.id }));
    expect(refused).toMatchObject({ code: "conflict" });
    expect(String((refused as Error).message)).toContain("project Field app");
    // A version published from it keeps it too, after the project moved on.
    await db.version.create({
      data: {
        projectId: project.id,
        number: 1,
        createdByLabel: "Ada",
        contentHash: "h",
        bundleHash: `b-${provider}`,
        size: 1,
        snapshotId: used.id,
        minClientVersion: "1.0.0",
        bundle: new Uint8Array([1]),
      },
    });
    await db.project.update({ where: { id: project.id }, data: { snapshotId: unused.id } });
    const byVersion = await failure(deleteSnapshot(db, actor, { snapshotId: used.id }));
    expect(String((byVersion as Error).message)).toContain("published version Field app v1");
    await db.project.delete({ where: { id: project.id } });
    await deleteSnapshot(db, actor, { snapshotId: used.id });
    expect(await db.metadataSnapshot.findUnique({ where: { id: used.id } })).toBeNull();
    expect(await db.auditEntry.count({ where: { action: "metadata.snapshot.delete" } })).toBe(1);
    expect(await failure(deleteSnapshot(db, actor, { snapshotId: used.id }))).toMatchObject({ code: "not_found" });
  });
}

describe("snapshot management on SQLite", () => suite("sqlite"));
describe("snapshot management on PostgreSQL", () => suite("postgresql"));
