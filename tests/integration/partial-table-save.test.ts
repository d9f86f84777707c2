// A partial table (a managed solution's fragment of a system table, here nonprofit-core's contact) takes any column
// name the snapshot does not know. A save copies the columns its filters, views and rules use into its columns; one
// that is no logical name must be refused where it is named, not stored (every read of the project would then
// fail, the table could not even be removed). Real SQLite, the real solution zip.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/app-error";
import { createDbClient, type Db } from "@/lib/db/client";
import { readMetadataSource } from "@/lib/metadata/read-source";
import { storeSnapshot } from "@/lib/metadata/mutations";
import { createProject, enableTables, saveTableConfig } from "@/lib/customization/mutations";
import { loadProjectDocument, loadTableConfig } from "@/lib/customization/data";
import type { FilterGroup } from "@/lib/filters/schema";
import { createTestSqlite } from "../support/test-database";

const ZIP = path.resolve(
  process.cwd(),
  "../shared/data/dataverse/solution-nonprofit-core/NonprofitCore_2_2_3_0_managed.zip",
);
const actor = { id: "u1", label: "ada@example.com" };
let db: Db;
let cleanup = async () => {};
let projectId = "";

beforeAll(async () => {
  const database = await createTestSqlite();
  db = createDbClient(database.url);
  cleanup = async () => {
    await db.$disconnect();
    await database.cleanup();
  };
  const environmentId = (await db.environment.create({ data: { name: "Nonprofit" } })).id;
  const source = await readMetadataSource(ZIP);
  expect(source.document.tables.find((t) => t.logicalName === "contact")?.partial).toBe(true);
  const { snapshot } = await storeSnapshot(db, actor, {
    environmentId,
    source: "solution",
    sourceName: "nonprofit.zip",
    document: source.document,
  });
  ({ id: projectId } = await createProject(db, actor, {
    name: "Partial",
    description: "",
    environmentId,
    snapshotId: snapshot.id,
    roles: [],
  }));
  await enableTables(db, actor, { projectId, tableNames: ["contact"], syncMode: "offline" });
}, 60_000);
afterAll(async () => cleanup());

const using = (column: string): FilterGroup => ({
  kind: "group",
  type: "and",
  children: [{ kind: "condition", column, operator: "not-null", values: [] }],
});

describe("saving a partial table", () => {
  it.each([
    ["its sync filter", "msnfp_Giving"],
    ["a view's filter", "first name"],
  ])("refuses a column in %s that is no logical name, naming it, and stores nothing", async (where, column) => {
    const loaded = await loadTableConfig(db, projectId, "contact");
    const config =
      where === "its sync filter"
        ? { ...loaded.config, syncFilter: { preset: "custom" as const, filter: using(column) } }
        : {
            ...loaded.config,
            views: [
              {
                id: "v1",
                name: "Mine",
                kind: "list" as const,
                isDefault: true,
                columns: [{ column: "fullname", width: 150 }],
                sort: [],
                filter: using(column),
              },
            ],
          };
    const error = await saveTableConfig(db, actor, {
      projectId,
      tableName: "contact",
      revision: loaded.revision,
      config,
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("invalid");
    expect((error as AppError).problems).toContainEqual({
      path: expect.stringMatching(/^config\.columns\[\d+\]$/),
      message: expect.stringMatching(
        new RegExp(
          `^Column '${column}' \\(selected, or used by a filter, view, form or rule\\): A logical name has only lowercase`,
        ),
      ),
    });
    // Nothing stored: the project and the table read as before.
    const after = await loadTableConfig(db, projectId, "contact");
    expect([after.revision, after.config]).toEqual([loaded.revision, loaded.config]);
    await expect(loadProjectDocument(db, projectId)).resolves.toBeDefined();
  });

  it("still takes a column the snapshot does not know when it is a logical name", async () => {
    const loaded = await loadTableConfig(db, projectId, "contact");
    const { config } = await saveTableConfig(db, actor, {
      projectId,
      tableName: "contact",
      revision: loaded.revision,
      config: { ...loaded.config, syncFilter: { preset: "custom", filter: using("msnfp_giving") } },
    });
    expect(config.columns).toContain("msnfp_giving");
  });
});
