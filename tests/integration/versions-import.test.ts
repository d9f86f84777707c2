// Importing a project file is all-or-nothing: into an existing project (description, roles, tables removed,
// added and changed in one transaction) and as a new project (no project left behind by a bad table); a
// change made after the diff was shown is a conflict naming what moved. Real SQLite file, real metadata.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type Db } from "@/lib/db/client";
import { AppError } from "@/lib/app-error";
import { readMetadataSource } from "@/lib/metadata/read-source";
import { storeSnapshot } from "@/lib/metadata/mutations";
import { createProject, enableTables, saveTableConfig, updateProject } from "@/lib/customization/mutations";
import { loadProjectDocument, loadTableConfig } from "@/lib/customization/data";
import type { ProjectDocument } from "@/lib/customization/schema";
import { applyImport, importAsNew, parseImportBasis, planImport } from "@/lib/versions/import-project";
import { createTestSqlite } from "../support/test-database";

const SOURCE = path.resolve(process.cwd(), "../shared/data/dataverse/webapi-entitydefinitions");

let db: Db;
let cleanup: () => Promise<void>;
let actor: { id: string; label: string };
let environmentId: string;
let snapshotId: string;

beforeAll(async () => {
  const database = await createTestSqlite();
  db = createDbClient(database.url);
  const ada = await db.user.create({ data: { email: "ada@example.com", name: "Ada", role: "owner" } });
  actor = { id: ada.id, label: "Ada <ada@example.com>" };
  environmentId = (await db.environment.create({ data: { name: "Contoso" } })).id;
  const source = await readMetadataSource(SOURCE);
  ({
    snapshot: { id: snapshotId },
  } = await storeSnapshot(db, actor, {
    environmentId,
    source: "webapi-json",
    sourceName: "webapi",
    document: source.document,
  }));
  cleanup = async () => {
    await db.$disconnect();
    await database.cleanup();
  };
}, 60_000);

afterAll(async () => cleanup?.());

/** A project with contact and appbase_actionitem enabled; its document is the file the tests start from. */
async function project(name: string): Promise<{ id: string; file: ProjectDocument }> {
  const { id } = await createProject(db, actor, {
    name,
    description: "Before",
    environmentId,
    snapshotId,
    roles: [{ roleName: "Salesperson", priority: 10 }],
  });
  await enableTables(db, actor, { projectId: id, tableNames: ["contact", "appbase_actionitem"], syncMode: "offline" });
  return { id, file: (await loadProjectDocument(db, id)).project };
}

/** Everything an import could touch, to compare before and after a refused one. */
async function state(projectId: string) {
  const loaded = await loadProjectDocument(db, projectId);
  const audits = await db.auditEntry.count({ where: { targetId: projectId } });
  return { project: loaded.project, revision: loaded.projectRevision, revisions: loaded.revisions, audits };
}

async function refusal(run: () => Promise<unknown>): Promise<AppError> {
  const error = await run().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("import into an existing project", () => {
  it("writes nothing when a later step is refused, and names the file's field", async () => {
    const { id, file } = await project("All or nothing");
    const before = await state(id);
    const contact = file.tables.find((t) => t.tableName === "contact")!;
    const wanted: ProjectDocument = {
      ...file,
      description: "After",
      roles: [{ roleName: "Salesperson", priority: 20 }],
      // appbase_actionitem removed, annotation added, contact changed with a column the org does not have.
      tables: [
        { ...file.tables.find((t) => t.tableName === "contact")!, tableName: "annotation", columns: [] },
        { ...contact, columns: [...contact.columns, "nosuchcolumn"] },
      ],
    };
    const error = await refusal(() => applyImport(db, actor, id, wanted));
    expect(error.code).toBe("invalid");
    expect(error.message).toBe(
      `Nothing was imported: table 'contact' (project.tables[1]): project.tables[1].columns[${contact.columns.length}]: Column 'nosuchcolumn' is not a column of 'contact' in the metadata snapshot`,
    );
    expect(error.problems).toContainEqual({
      path: `project.tables[1].columns[${contact.columns.length}]`,
      message: "Column 'nosuchcolumn' is not a column of 'contact' in the metadata snapshot",
    });
    // Description, roles, the removed and the added table: all rolled back, and no audit entry either.
    expect(await state(id)).toEqual(before);
  });

  it("applies the whole file in one go, with one import entry in the audit log", async () => {
    const { id, file } = await project("Whole file");
    const contact = file.tables.find((t) => t.tableName === "contact")!;
    const wanted: ProjectDocument = {
      ...file,
      description: "After",
      tables: [{ ...contact, columns: contact.columns.slice(0, -1) }],
    };
    const { diff } = await applyImport(db, actor, id, wanted);
    expect(diff.lines.join("\n")).toMatch(/appbase_actionitem/);
    const after = await loadProjectDocument(db, id);
    expect(after.project.description).toBe("After");
    expect(after.project.tables.map((t) => t.tableName)).toEqual(["contact"]);
    const entries = await db.auditEntry.findMany({ where: { targetId: id, action: "project.import" } });
    expect(entries).toHaveLength(1);
    expect(entries[0].summary).toMatch(
      /^Imported a project file into 'Whole file': 1 table removed \(appbase_actionitem\); 1 table changed \(contact\); project: description changed$/,
    );
    // The same file again changes nothing and writes no entry.
    await applyImport(db, actor, id, wanted);
    expect(await db.auditEntry.count({ where: { targetId: id, action: "project.import" } })).toBe(1);
  });

  it("replaces the project's acknowledged warnings with the file's, none when it carries none", async () => {
    const { id, file } = await project("Acknowledged");
    const ack = {
      issueId: "column_not_readable:contact:fax:",
      code: "column_not_readable",
      fingerprint: "0123456789abcdef",
      note: "B's note",
      by: actor.label,
      at: "2026-12-01T00:00:00.000Z",
    };
    const loaded = await loadProjectDocument(db, id);
    await updateProject(db, actor, {
      projectId: id,
      revision: loaded.projectRevision,
      settings: { limits: file.settings.limits, acknowledgements: [ack] },
    });
    expect((await loadProjectDocument(db, id)).project.settings.acknowledgements).toEqual([ack]);
    // The file as exported before the acknowledgement: it carries none.
    await applyImport(db, actor, id, file);
    const after = await loadProjectDocument(db, id);
    expect(after.project.settings.acknowledgements).toBeUndefined();
    expect(after.project).toEqual(file);
  });

  it("refuses with a conflict when the project changed after the diff was shown", async () => {
    const { id, file } = await project("Moved meanwhile");
    const wanted: ProjectDocument = { ...file, description: "From the file" };
    const plan = await planImport(db, id, wanted);
    expect(plan.diff.same).toBe(false);
    const contact = await loadTableConfig(db, id, "contact");
    await saveTableConfig(db, actor, {
      projectId: id,
      tableName: "contact",
      revision: contact.revision,
      config: { ...contact.config, columns: contact.config.columns.slice(1) },
    });
    const before = await state(id);
    const error = await refusal(() => applyImport(db, actor, id, wanted, { basis: plan.basis }));
    expect(error.code).toBe("conflict");
    expect(error.message).toContain(
      `table 'contact' was saved (revision ${contact.revision + 1}, the diff saw ${contact.revision})`,
    );
    expect(await state(id)).toEqual(before);
    // A fresh plan applies.
    const again = await planImport(db, id, wanted);
    await applyImport(db, actor, id, wanted, { basis: again.basis });
    expect((await loadProjectDocument(db, id)).project.description).toBe("From the file");
  });

  it("reads a basis sent as text, and says what is wrong with a bad one", () => {
    expect(parseImportBasis(null)).toBeUndefined();
    expect(parseImportBasis('{"projectRevision":3,"tableRevisions":{"contact":2}}')).toEqual({
      projectRevision: 3,
      tableRevisions: { contact: 2 },
    });
    expect(() => parseImportBasis("{")).toThrow(/basis: not JSON/);
    expect(() => parseImportBasis('{"projectRevision":"x","tableRevisions":{}}')).toThrow(AppError);
  });
});

describe("import as a new project", () => {
  it("leaves no project behind when one table is refused", async () => {
    const { file } = await project("Source for copy");
    const projectsBefore = await db.project.count();
    const tables = file.tables.map((t) =>
      t.tableName === "appbase_actionitem" ? { ...t, columns: [...t.columns, "nosuchcolumn"] } : t,
    );
    const error = await refusal(() => importAsNew(db, actor, { ...file, tables }, { name: "Half a copy" }));
    expect(error.message).toMatch(/^No project was created: table 'appbase_actionitem' \(project\.tables\[0\]\): /);
    expect(await db.project.count()).toBe(projectsBefore);
    expect(await db.project.findUnique({ where: { name: "Half a copy" } })).toBeNull();
  });

  it("creates the project with every table, and refuses a name in use without creating anything", async () => {
    const { file } = await project("Source for a whole copy");
    const { id } = await importAsNew(db, actor, file, { name: "Whole copy" });
    const copy = (await loadProjectDocument(db, id)).project;
    expect(copy.tables).toEqual(file.tables);
    const count = await db.project.count();
    const error = await refusal(() => importAsNew(db, actor, file, { name: "Whole copy" }));
    expect(error.problems).toContainEqual({
      path: "project.name",
      message: "A project named 'Whole copy' already exists",
    });
    expect(await db.project.count()).toBe(count);
  });
});
