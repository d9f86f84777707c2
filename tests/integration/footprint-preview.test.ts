// The footprint preview as the filter page runs it: a real SQLite database with a project (contact enabled on
// the real Web API metadata), counted in the Dataverse stand-in as a user, cached with its time, totalled.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guidFor, startDataverseStandin, type DataverseStandin } from "@/tests/support/dataverse-standin";
import { enableAppTokens } from "@/tests/support/dataverse-standin/app-tokens";
import { startOidcServer, type OidcTestServer } from "@/tests/support/oidc-server";
import { createTestSqlite, type TestSqlite } from "@/tests/support/test-database";
import { createDbClient, type Db } from "@/lib/db/client";
import { DataverseClient } from "@/lib/dataverse/client";
import { createLogger } from "@/lib/logger";
import { readMetadataSource } from "@/lib/metadata/read-source";
import { storeSnapshot } from "@/lib/metadata/mutations";
import { createProject, enableTables } from "@/lib/customization/mutations";
import { loadTableConfig } from "@/lib/customization/data";
import {
  clearFootprintCache,
  filterHash,
  listOrgUsers,
  previewProjectFootprint,
  previewTableFootprint,
  projectFootprint,
} from "@/lib/customization/footprint-data";
import { estimateRowBytes } from "@/lib/filters/row-size";
import type { SyncFilter } from "@/lib/filters/schema";

const alex = guidFor("user:alex");
const contacts = Array.from({ length: 30 }, (_, i) => ({
  contactid: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
  statecode: i % 3 === 0 ? 1 : 0,
  _ownerid_value: i % 2 === 0 ? alex : guidFor("user:bea"),
}));
const actor = { id: "test", label: "test" };

let oidc: OidcTestServer;
let standin: DataverseStandin;
let client: DataverseClient;
let database: TestSqlite;
let db: Db;
let projectId: string;

beforeAll(async () => {
  oidc = await startOidcServer();
  const tokens = enableAppTokens(oidc);
  standin = await startDataverseStandin({
    ...tokens.standinAuth,
    rows: { contacts: { primaryIdAttribute: "contactid", rows: contacts } },
  });
  client = new DataverseClient({
    orgUrl: standin.url,
    allowInsecureHttp: true,
    logger: createLogger({ level: "silent" }),
    ...(await tokens.clientOptions()),
  });
  database = await createTestSqlite();
  db = createDbClient(database.url);
  const source = await readMetadataSource(
    path.resolve(process.cwd(), "../shared/data/dataverse/webapi-entitydefinitions"),
  );
  const env = await db.environment.create({ data: { name: "Footprint org" } });
  const { snapshot } = await storeSnapshot(db, actor, {
    environmentId: env.id,
    source: "webapi-json",
    sourceName: "webapi",
    document: source.document,
  });
  ({ id: projectId } = await createProject(db, actor, {
    name: "Footprint",
    description: "",
    environmentId: env.id,
    snapshotId: snapshot.id,
    roles: [],
  }));
  await enableTables(db, actor, { projectId, tableNames: ["contact"], syncMode: "offline" });
  clearFootprintCache();
}, 60_000);

afterAll(async () => {
  await db?.$disconnect();
  await database?.cleanup();
  await standin?.close();
  await oidc?.stop();
});

const mineActive: SyncFilter = {
  preset: "mine",
  filter: {
    kind: "group",
    id: "root",
    type: "and",
    children: [{ kind: "condition", id: "c1", column: "statecode", operator: "eq", values: ["0"] }],
  },
};

describe("footprint preview", () => {
  it("counts the edited filter as the user, sizes it from the selected columns, and caches it with its time", async () => {
    const before = Date.now();
    const result = await previewTableFootprint(
      db,
      { projectId, tableName: "contact", syncFilter: mineActive, callerObjectId: guidFor("aad:alex") },
      { client },
    );
    expect(result.rows).toBe(contacts.filter((c) => c._ownerid_value === alex && c.statecode === 0).length);
    expect(result).toMatchObject({ exact: true, method: "aggregate", callerObjectId: guidFor("aad:alex") });
    expect(Date.parse(result.countedAt)).toBeGreaterThanOrEqual(before);
    const { config } = await loadTableConfig(db, projectId, "contact");
    const contact = (
      await readMetadataSource(path.resolve(process.cwd(), "../shared/data/dataverse/webapi-entitydefinitions"))
    ).document.tables.find((t) => t.logicalName === "contact")!;
    const rowBytes = estimateRowBytes(contact.columns.filter((c) => config.columns.includes(c.logicalName)));
    expect(result.rowBytes).toBe(rowBytes);
    expect(result.bytes).toBe(result.rows * rowBytes);
    expect(standin.requests.at(-1)?.callerObjectId).toBe(guidFor("aad:alex"));

    // The project's totals find it for the same user and filter (ids do not matter); another user has none.
    const withoutIds: SyncFilter = JSON.parse(
      JSON.stringify(mineActive, (k, v: unknown) => (k === "id" ? undefined : v)),
    ) as SyncFilter;
    expect(filterHash(withoutIds)).toBe(filterHash(mineActive));
    const totals = await projectFootprint(db, projectId, guidFor("aad:alex"), { contact: withoutIds });
    expect(totals.uncounted).toEqual([]);
    expect(totals.totals).toMatchObject({ rows: result.rows, bytes: result.bytes, level: "ok" });
    expect((await projectFootprint(db, projectId, guidFor("aad:bea"), { contact: mineActive })).uncounted).toEqual([
      "contact",
    ]);
    // The saved filter (all rows) was never counted.
    expect((await projectFootprint(db, projectId, guidFor("aad:alex"))).uncounted).toEqual(["contact"]);
  });

  it("counts every offline table of the project with its saved filter and totals them", async () => {
    const result = await previewProjectFootprint(db, projectId, guidFor("aad:alex"), { client });
    expect(result.uncounted).toEqual([]);
    expect(result.tables.map((t) => t.table)).toEqual(["contact"]);
    // contact is saved with "all rows": every sample row.
    expect(result.totals).toMatchObject({ rows: contacts.length, exact: true, level: "ok" });
    expect(result.totals.message).toBe("30 rows, below the advised 200,000 rows per device.");
  });

  it("lists the org's enabled users with an Entra object id to count as", async () => {
    const users = await listOrgUsers(db, projectId, { client });
    expect(users.length).toBeGreaterThan(0);
    expect(users.map((u) => u.objectId)).toContain(guidFor("aad:alex"));
    expect([...users].map((u) => u.name)).toEqual([...users].map((u) => u.name).sort((a, b) => a.localeCompare(b)));
  });

  it("says what the environment lacks instead of trying", async () => {
    await expect(previewTableFootprint(db, { projectId, tableName: "contact" })).rejects.toThrow(
      /Footprint org cannot reach its org yet: set its org URL, tenant id, client id, client secret first/,
    );
    await expect(previewTableFootprint(db, { projectId, tableName: "account" }, { client })).rejects.toThrow(
      /not enabled in this project/,
    );
  });
});
