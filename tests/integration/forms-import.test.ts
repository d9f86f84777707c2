// Import from the org, end to end in lib/: a form and a view read from the Web API stand-in (live org: systemforms
// and savedqueries with the real definitions), and a solution snapshot that keeps its forms and views beside its
// document without changing its content hash. Real SQLite, the local OpenID Connect server, the stand-in.
import path from "node:path";
import { readFileSync } from "node:fs";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDataverseStandin, type DataverseStandin } from "@/tests/support/dataverse-standin";
import { enableAppTokens } from "@/tests/support/dataverse-standin/app-tokens";
import { startOidcServer, type OidcTestServer } from "@/tests/support/oidc-server";
import { createTestSqlite, type TestSqlite } from "@/tests/support/test-database";
import { createDbClient, type Db } from "@/lib/db/client";
import { DataverseClient } from "@/lib/dataverse/client";
import { createLogger } from "@/lib/logger";
import { createProject } from "@/lib/customization/mutations";
import { loadOrgCatalog, loadOrgDefinitionsAvailability, loadOrgForm, loadOrgView } from "@/lib/forms/data";
import { readLiveOrgDefinitions } from "@/lib/forms/live-definitions";
import { definitionsFromUpload } from "@/lib/metadata/read-definitions";
import type { OrgDefinitions } from "@/lib/metadata/org-definitions";
import { FormSchema, ViewSchema } from "@/lib/forms/schema";
import { readLiveMetadata } from "@/lib/metadata/live-reader";
import { storeSnapshot } from "@/lib/metadata/mutations";
import { readMetadataUpload } from "@/lib/metadata/read-source";

const actor = { id: "test", label: "test" };
const NONPROFIT_ZIP = path.resolve(
  process.cwd(),
  "../shared/data/dataverse/solution-nonprofit-core/NonprofitCore_2_2_3_0_managed.zip",
);

let oidc: OidcTestServer;
let standin: DataverseStandin;
let client: DataverseClient;
let database: TestSqlite;
let db: Db;

beforeAll(async () => {
  oidc = await startOidcServer();
  const tokens = enableAppTokens(oidc);
  standin = await startDataverseStandin({ ...tokens.standinAuth, realTables: ["contact", "appbase_actionitem"] });
  client = new DataverseClient({
    orgUrl: standin.url,
    allowInsecureHttp: true,
    logger: createLogger({ level: "silent" }),
    ...(await tokens.clientOptions()),
  });
  database = await createTestSqlite();
  db = createDbClient(database.url);
}, 60_000);

afterAll(async () => {
  await db?.$disconnect();
  await database?.cleanup();
  await standin?.close();
  await oidc?.stop();
});

describe("a live org (Web API stand-in)", () => {
  let projectId: string;
  const clientFor = async () => client;

  beforeAll(async () => {
    const live = await readLiveMetadata(client, { tables: ["contact", "appbase_actionitem"] });
    const env = await db.environment.create({ data: { name: "Live org", orgUrl: standin.url } });
    const { snapshot } = await storeSnapshot(db, actor, {
      environmentId: env.id,
      source: "live",
      sourceName: standin.url,
      document: live.document,
    });
    ({ id: projectId } = await createProject(db, actor, {
      name: "Live",
      description: "",
      environmentId: env.id,
      snapshotId: snapshot.id,
      roles: [],
    }));
  }, 60_000);

  it("serves systemforms and savedqueries in Dataverse's shapes, filtered by table", async () => {
    const defs = await readLiveOrgDefinitions(client, "contact");
    expect(defs.forms.map((f) => [f.id, f.name, f.type])).toEqual([
      ["62f71750-3d04-f111-8406-7ced8d3c12a1", "Person - Core", 2],
    ]);
    expect(defs.forms[0].formXml).toMatch(/^<form\b[\s\S]*<\/form>$/);
    const request = standin.requests.find((r) => r.path === "systemforms");
    expect(request?.search).toContain("$filter=objecttypecode eq 'contact'");
    expect(request?.search).toContain("formxml");
  });

  it("tells the Forms and Views pages that a live project's definitions are read from the org when asked", async () => {
    expect(await loadOrgDefinitionsAvailability(db, projectId, "contact")).toEqual({ source: "org" });
  });

  it("lists the table's forms and views as read from the org now, and imports the main form", async () => {
    const catalog = await loadOrgCatalog(db, { projectId, table: "contact" }, { clientFor });
    expect(catalog.source).toBe("org");
    expect(catalog.forms.map((f) => [f.name, f.kind, f.importable])).toEqual([["Person - Core", "main", true]]);

    const { form, skipped } = await loadOrgForm(
      db,
      { projectId, table: "contact", id: "{62F71750-3D04-F111-8406-7CED8D3C12A1}" },
      { clientFor },
    );
    expect(FormSchema.parse(form)).toEqual(form);
    expect(form).toMatchObject({ name: "Person - Core", kind: "main", source: { kind: "systemform" } });
    // With the org's full metadata the Bing map becomes a map tab (contact has address1_latitude/longitude) ...
    expect(form.tabs.find((t) => t.kind === "map")).toMatchObject({
      latitude: "address1_latitude",
      longitude: "address1_longitude",
    });
    expect(skipped.some((s) => s.what.startsWith("Bing map"))).toBe(false);
    // ... and a label equal to the column's display name is not kept as an override.
    const fields = form.tabs.flatMap((t) => (t.kind === "fields" ? t.sections.flatMap((s) => s.fields) : []));
    expect(fields.find((f) => f.column === "jobtitle")?.label).toBeUndefined();
    expect(skipped).toContainEqual({
      what: "timeline (notes and activities) 'notescontrol'",
      where: "tab 'Summary' > section 'SOCIAL PANE'",
    });
  });

  it("imports a lookup view with its columns, widths and sort", async () => {
    const catalog = await loadOrgCatalog(db, { projectId, table: "appbase_actionitem" }, { clientFor });
    expect(catalog.views.map((v) => v.kind).sort()).toEqual([
      "advancedFind",
      "associated",
      "lookup",
      "public",
      "public",
      "public",
    ]);
    const { view } = await loadOrgView(
      db,
      { projectId, table: "appbase_actionitem", id: "b758abbc-2f84-4b5a-90e0-54f15ffa9520" },
      { clientFor },
    );
    expect(ViewSchema.parse(view)).toEqual(view);
    expect(view).toMatchObject({ name: "Action Item Lookup View", kind: "lookup", isDefault: false });
    expect(view.columns.length).toBeGreaterThan(0);
  });

  it("refuses a card form and an unknown id", async () => {
    await expect(
      loadOrgForm(
        db,
        { projectId, table: "appbase_actionitem", id: "786ef94c-1269-4650-b8d1-c57e3e9574b2" },
        { clientFor },
      ),
    ).rejects.toThrow(/card form/);
    await expect(
      loadOrgView(db, { projectId, table: "contact", id: "00000000-0000-0000-0000-000000000000" }, { clientFor }),
    ).rejects.toThrow(/no view/);
  });
});

describe("a solution snapshot", () => {
  it("keeps the forms and views beside its document: same content hash, listed per table, replaced on re-import", async () => {
    const bytes = new Uint8Array(readFileSync(NONPROFIT_ZIP));
    const document = readMetadataUpload(bytes, "nonprofit.zip").document;
    const definitions = definitionsFromUpload(bytes, "nonprofit.zip");
    const withForms = await db.environment.create({ data: { name: "With forms" } });
    const without = await db.environment.create({ data: { name: "Without forms" } });
    const a = await storeSnapshot(db, actor, {
      environmentId: withForms.id,
      source: "solution",
      sourceName: "nonprofit.zip",
      document,
      definitions,
    });
    const b = await storeSnapshot(db, actor, {
      environmentId: without.id,
      source: "solution",
      sourceName: "nonprofit.zip",
      document,
    });
    expect(a.snapshot.contentHash).toBe(b.snapshot.contentHash);
    const rows = await db.snapshotOrgDefinitions.findMany({ where: { snapshotId: a.snapshot.id } });
    expect(rows.reduce((n, r) => n + r.formCount, 0)).toBe(121);
    expect(rows.reduce((n, r) => n + r.viewCount, 0)).toBe(294);
    expect(await db.snapshotOrgDefinitions.count({ where: { snapshotId: b.snapshot.id } })).toBe(0);

    const { id: projectId } = await createProject(db, actor, {
      name: "Nonprofit",
      description: "",
      environmentId: withForms.id,
      snapshotId: a.snapshot.id,
      roles: [],
    });
    const catalog = await loadOrgCatalog(db, { projectId, table: "msnfp_award" });
    expect(catalog.source).toBe("snapshot");
    // What the Forms and Views pages say before the modal opens: the counts the snapshot keeps for the table.
    const awardRow = rows.find((r) => r.table === "msnfp_award")!;
    expect(await loadOrgDefinitionsAvailability(db, projectId, "msnfp_award")).toEqual({
      source: "snapshot",
      forms: awardRow.formCount,
      views: awardRow.viewCount,
    });
    expect(await loadOrgDefinitionsAvailability(db, projectId, "no_such_table")).toEqual({
      source: "snapshot",
      forms: 0,
      views: 0,
    });
    const main = catalog.forms.find((f) => f.kind === "main")!;
    expect(main.counts.associatedLists).toBe(3);
    const { form } = await loadOrgForm(db, { projectId, table: "msnfp_award", id: main.id });
    expect(form.tabs.filter((t) => t.kind === "associated")).toHaveLength(3);

    // The same metadata again, its forms gone: the snapshot stays, its forms and views are the newer (none).
    const again = await storeSnapshot(db, actor, {
      environmentId: withForms.id,
      source: "solution",
      sourceName: "nonprofit.zip",
      document,
      definitions: { forms: [], views: [] },
    });
    expect(again).toMatchObject({ duplicate: true, snapshot: { id: a.snapshot.id } });
    expect((await loadOrgCatalog(db, { projectId, table: "msnfp_award" })).forms).toEqual([]);
    expect(
      await db.auditEntry.count({ where: { action: "metadata.snapshot.org-definitions", targetId: a.snapshot.id } }),
    ).toBe(1);
  }, 60_000);

  it("lists a table whose stored forms hold one with an id that is not a GUID (kept before uploads left such out)", async () => {
    const bytes = new Uint8Array(readFileSync(NONPROFIT_ZIP));
    const document = readMetadataUpload(bytes, "nonprofit.zip").document;
    const environment = await db.environment.create({ data: { name: "Old snapshot" } });
    const { snapshot } = await storeSnapshot(db, actor, {
      environmentId: environment.id,
      source: "solution",
      sourceName: "nonprofit.zip",
      document,
      definitions: definitionsFromUpload(bytes, "nonprofit.zip"),
    });
    const { id: projectId } = await createProject(db, actor, {
      name: "Old snapshot",
      description: "",
      environmentId: environment.id,
      snapshotId: snapshot.id,
      roles: [],
    });
    const before = await loadOrgCatalog(db, { projectId, table: "msnfp_award" });
    // The row as an older Syncwright stored it: one more form and one more view, each with a hand-edited id.
    const where = { snapshotId_table: { snapshotId: snapshot.id, table: "msnfp_award" } };
    const row = await db.snapshotOrgDefinitions.findUniqueOrThrow({ where });
    const stored = JSON.parse(gunzipSync(row.definitions).toString("utf8")) as OrgDefinitions;
    const form = stored.forms.find((f) => f.id === before.forms.find((s) => s.kind === "main")!.id)!;
    stored.forms.push({ ...form, id: "786ef94c 1269", name: "Hand-edited" });
    stored.views.push({ ...stored.views[0], id: "not-a-guid", name: "Hand-edited" });
    await db.snapshotOrgDefinitions.update({
      where,
      data: { definitions: new Uint8Array(gzipSync(JSON.stringify(stored))) },
    });

    const after = await loadOrgCatalog(db, { projectId, table: "msnfp_award" });
    expect(after).toEqual(before);
    expect(after.forms.length).toBeGreaterThan(0);
    expect(after.views.length).toBeGreaterThan(0);
  }, 60_000);
});
