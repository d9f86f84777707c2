// App projects against real databases (a SQLite file and a fresh PostgreSQL database): concurrent saves
// of one table (exactly one wins, the other gets a conflict naming the other's changes), parallel saves of
// two tables, tampering across projects, bad input refused with nothing saved, and the audit entries.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type Db } from "@/lib/db/client";
import { AppError } from "@/lib/app-error";
import { readMetadataSource } from "@/lib/metadata/read-source";
import type { MetadataDocument } from "@/lib/metadata/schema";
import { storeSnapshot } from "@/lib/metadata/mutations";
import { loadProjectDocument, loadTableConfig, listProjects } from "@/lib/customization/data";
import {
  cloneProject,
  createProject,
  enableTables,
  removeTable,
  retargetProject,
  saveTableConfig,
  setProjectRoles,
  updateProject,
  type TableConflictDetails,
} from "@/lib/customization/mutations";
import { validateProject } from "@/lib/customization/validate";
import { createTestPostgres, createTestSqlite, postgresForTests } from "../support/test-database";

const SOURCE = path.resolve(process.cwd(), "../shared/data/dataverse/webapi-entitydefinitions");
const ORG_ROLES = [
  { id: "11111111-1111-4111-8111-111111111111", name: "Salesperson", businessUnitId: "bu1" },
  { id: "22222222-2222-4222-8222-222222222222", name: "Field Technician", businessUnitId: "bu1" },
];

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError, got success");
}

interface World {
  db: Db;
  /**
   * The second writer's client. PostgreSQL: a second client, like a second portal instance. SQLite: the same
   * client, as in production (one portal process per SQLite file; two synchronous better-sqlite3 connections
   * in one process would block each other's event loop, a deadlock no deployment has).
   */
  db2: Db;
  actor: { id: string; label: string };
  other: { id: string; label: string };
  environmentId: string;
  connectedEnvironmentId: string;
  snapshotId: string;
  document: MetadataDocument;
}

async function setUp(url: string, provider: "sqlite" | "postgresql"): Promise<World> {
  const db = createDbClient(url);
  const ada = await db.user.create({ data: { email: "ada@example.com", name: "Ada", role: "editor" } });
  const bob = await db.user.create({ data: { email: "bob@example.com", name: "Bob", role: "editor" } });
  const actor = { id: ada.id, label: "Ada <ada@example.com>" };
  const other = { id: bob.id, label: "Bob <bob@example.com>" };
  const env = await db.environment.create({ data: { name: "Contoso (files)" } });
  const connected = await db.environment.create({
    data: { name: "Contoso (live)", rolesJson: JSON.stringify(ORG_ROLES) },
  });
  const source = await readMetadataSource(SOURCE);
  const stored = await storeSnapshot(db, actor, {
    environmentId: env.id,
    source: "webapi-json",
    sourceName: "webapi-entitydefinitions",
    document: source.document,
  });
  await storeSnapshot(db, actor, {
    environmentId: connected.id,
    source: "webapi-json",
    sourceName: "webapi-entitydefinitions",
    document: source.document,
  });
  return {
    db,
    db2: provider === "postgresql" ? createDbClient(url) : db,
    actor,
    other,
    environmentId: env.id,
    connectedEnvironmentId: connected.id,
    snapshotId: snapshotIdOf(stored),
    document: source.document,
  };
}

const snapshotIdOf = (stored: { snapshot: { id: string } }) => stored.snapshot.id;

function suite(provider: "sqlite" | "postgresql") {
  let world: World;
  let cleanup: () => Promise<void> = async () => {};
  let skip = false;

  beforeAll(async () => {
    if (provider === "postgresql") {
      const pg = await postgresForTests();
      if (!pg.available) {
        skip = true;
        return;
      }
      const database = await createTestPostgres();
      world = await setUp(database.url, provider);
      cleanup = async () => {
        await world.db.$disconnect();
        await world.db2.$disconnect();
        await database.cleanup();
      };
    } else {
      const database = await createTestSqlite();
      world = await setUp(database.url, provider);
      cleanup = async () => {
        await world.db.$disconnect();
        await world.db2.$disconnect();
        await database.cleanup();
      };
    }
  }, 60_000);
  afterAll(async () => cleanup());

  async function newProject(name: string, tables: string[] = ["contact", "appbase_actionitem"]) {
    const { id } = await createProject(world.db, world.actor, {
      name,
      description: "",
      environmentId: world.environmentId,
      snapshotId: world.snapshotId,
      roles: [{ roleName: "Salesperson", priority: 10 }],
    });
    if (tables.length)
      await enableTables(world.db, world.actor, { projectId: id, tableNames: tables, syncMode: "offline" });
    return id;
  }

  it("creates a project, enables tables with their required columns, and loads it back as one valid document", async (ctx) => {
    if (skip) ctx.skip();
    const id = await newProject(`Field sales ${provider}`);
    const loaded = await loadProjectDocument(world.db, id);
    expect(loaded.project.tables.map((t) => t.tableName)).toEqual(["appbase_actionitem", "contact"]);
    expect(loaded.revisions).toEqual({ appbase_actionitem: 1, contact: 1 });
    expect(loaded.projectRevision).toBe(1);
    const contact = loaded.project.tables.find((t) => t.tableName === "contact")!;
    expect(contact.columns).toEqual(expect.arrayContaining(["contactid", "fullname", "lastname"]));
    const errors = validateProject(loaded.project, world.document).filter((i) => i.severity === "error");
    expect(errors).toEqual([]);
    const list = await listProjects(world.db);
    expect(list.find((p) => p.id === id)).toMatchObject({
      tableCount: 2,
      roles: [{ roleName: "Salesperson", priority: 10 }],
    });
  });

  it("lets exactly one of two writers with the same revision win; the other gets the conflict with the winner's changes", async (ctx) => {
    if (skip) ctx.skip();
    const id = await newProject(`Race ${provider}`);
    const loaded = await loadTableConfig(world.db, id, "contact");
    const base = loaded.config;
    const adas = { ...base, columns: [...base.columns, "telephone1"] };
    const bobs = {
      ...base,
      syncMode: "online" as const,
      syncFilter: undefined,
      permissions: { ...base.permissions, delete: false },
    };
    const results = await Promise.allSettled([
      saveTableConfig(world.db, world.actor, {
        projectId: id,
        tableName: "contact",
        revision: loaded.revision,
        config: adas,
        base,
      }),
      saveTableConfig(world.db2, world.other, {
        projectId: id,
        tableName: "contact",
        revision: loaded.revision,
        config: bobs,
        base,
      }),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r) => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const error = (lost[0] as PromiseRejectedResult).reason as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe("conflict");
    const details = error.details as TableConflictDetails;
    expect(details.theirRevision).toBe(2);
    const winnerIsAda = results[0].status === "fulfilled";
    if (winnerIsAda) {
      expect(details.theirs.columns).toContain("telephone1");
      expect(details.changes.theirChanges.join("\n")).toContain("columns added: telephone1");
      expect(details.updatedBy).toContain("ada@example.com");
    } else {
      expect(details.theirs.syncMode).toBe("online");
      expect(details.changes.theirChanges.join("\n")).toMatch(/sync mode: offline -> online/);
      expect(details.changes.theirChanges.join("\n")).toMatch(/delete off/);
    }
    // Nothing lost: the stored version is the winner's; the loser overwrites knowingly with the new revision.
    const stored = await loadTableConfig(world.db, id, "contact");
    expect(stored.revision).toBe(2);
    expect(stored.config).toEqual(details.theirs);
    const loserConfig = winnerIsAda ? bobs : adas;
    const loser = winnerIsAda ? world.other : world.actor;
    const overwritten = await saveTableConfig(world.db, loser, {
      projectId: id,
      tableName: "contact",
      revision: details.theirRevision,
      config: loserConfig,
      overwrite: true,
    });
    expect(overwritten.revision).toBe(3);
    const entries = await world.db.auditEntry.findMany({
      where: { action: "project.table.save", targetId: id },
      orderBy: { at: "asc" },
    });
    expect(entries).toHaveLength(2);
    expect(entries[1].summary).toMatch(/^Overwrote another admin's change: contact: /);
    expect(entries.map((e) => e.actorLabel).sort()).toEqual([world.actor.label, world.other.label].sort());
  });

  it("saves two different tables of one project in parallel without a conflict", async (ctx) => {
    if (skip) ctx.skip();
    const id = await newProject(`Parallel ${provider}`);
    const [contact, action] = await Promise.all([
      loadTableConfig(world.db, id, "contact"),
      loadTableConfig(world.db, id, "appbase_actionitem"),
    ]);
    const results = await Promise.all([
      saveTableConfig(world.db, world.actor, {
        projectId: id,
        tableName: "contact",
        revision: contact.revision,
        config: { ...contact.config, columns: [...contact.config.columns, "emailaddress1"] },
      }),
      saveTableConfig(world.db2, world.other, {
        projectId: id,
        tableName: "appbase_actionitem",
        revision: action.revision,
        config: { ...action.config, syncMode: "online", syncFilter: undefined },
      }),
    ]);
    expect(results.map((r) => r.revision)).toEqual([2, 2]);
    const loaded = await loadProjectDocument(world.db, id);
    expect(loaded.project.tables.find((t) => t.tableName === "contact")!.columns).toContain("emailaddress1");
    expect(loaded.project.tables.find((t) => t.tableName === "appbase_actionitem")!.syncMode).toBe("online");
  });

  it("keeps locked columns in: the primary id and name cannot be removed by a save", async (ctx) => {
    if (skip) ctx.skip();
    const id = await newProject(`Locked ${provider}`, ["contact"]);
    const loaded = await loadTableConfig(world.db, id, "contact");
    const saved = await saveTableConfig(world.db, world.actor, {
      projectId: id,
      tableName: "contact",
      revision: loaded.revision,
      config: { ...loaded.config, columns: ["lastname"] },
    });
    expect(saved.config.columns).toEqual(expect.arrayContaining(["contactid", "fullname", "lastname"]));
  });

  it("answers not_found to a save, removal or load naming another project's table, and changes nothing", async (ctx) => {
    if (skip) ctx.skip();
    const mine = await newProject(`Mine ${provider}`, ["appbase_actionitem"]);
    const theirs = await newProject(`Theirs ${provider}`, ["contact"]);
    const target = await loadTableConfig(world.db, theirs, "contact");
    const tampered = {
      projectId: mine,
      tableName: "contact",
      revision: target.revision,
      config: { ...target.config, columns: [...target.config.columns, "fax"] },
    };
    expect((await failure(saveTableConfig(world.db, world.actor, tampered))).code).toBe("not_found");
    expect(
      (await failure(removeTable(world.db, world.actor, { projectId: mine, tableName: "contact", revision: 1 }))).code,
    ).toBe("not_found");
    expect((await failure(loadTableConfig(world.db, mine, "contact"))).code).toBe("not_found");
    const after = await loadTableConfig(world.db, theirs, "contact");
    expect(after.revision).toBe(1);
    expect(after.config.columns).not.toContain("fax");
  });

  it("refuses bad input naming the field, and saves nothing", async (ctx) => {
    if (skip) ctx.skip();
    const id = await newProject(`Bad input ${provider}`, ["contact"]);
    const auditBefore = await world.db.auditEntry.count();
    const loaded = await loadTableConfig(world.db, id, "contact");

    const column = await failure(
      saveTableConfig(world.db, world.actor, {
        projectId: id,
        tableName: "contact",
        revision: 1,
        config: { ...loaded.config, columns: [...loaded.config.columns, "no_such_column"] },
      }),
    );
    expect(column.code).toBe("invalid");
    expect(column.problems).toEqual([
      expect.objectContaining({
        message: expect.stringContaining("'no_such_column'"),
        path: expect.stringMatching(/^config\.columns\[\d+\]$/),
      }),
    ]);

    // A "related rows only" source naming a column the other table lacks: refused at the source, where the admin
    // chose it (saved, it would refuse every save of the other table for a column its admin never picked).
    const related = await failure(
      saveTableConfig(world.db, world.actor, {
        projectId: id,
        tableName: "contact",
        revision: 1,
        config: {
          ...loaded.config,
          syncFilter: {
            preset: "related",
            related: { sources: [{ table: "appbase_actionitem", column: "new_gone" }] },
          },
        },
      }),
    );
    expect([related.code, related.problems]).toEqual([
      "invalid",
      [
        {
          path: "config.syncFilter.related.sources[0].column",
          message: "Column 'new_gone' is not a column of 'appbase_actionitem' in the metadata snapshot",
        },
      ],
    ]);

    const table = await failure(
      enableTables(world.db, world.actor, { projectId: id, tableNames: ["account_nope"], syncMode: "offline" }),
    );
    expect(table.code).toBe("invalid");
    expect(table.problems[0]).toMatchObject({
      path: "tableNames[0]",
      message: expect.stringContaining("'account_nope'"),
    });

    const duplicate = await failure(
      enableTables(world.db, world.actor, { projectId: id, tableNames: ["queue", "queue"], syncMode: "offline" }),
    );
    expect(duplicate.code).toBe("invalid");
    expect(duplicate.problems[0]).toMatchObject({
      path: "tableNames[1]",
      message: expect.stringContaining("Duplicate table 'queue'"),
    });

    const again = await failure(
      enableTables(world.db, world.actor, { projectId: id, tableNames: ["contact"], syncMode: "offline" }),
    );
    expect(again.problems[0].message).toContain("already in the project");

    const negative = await failure(
      setProjectRoles(
        world.db,
        world.actor,
        {
          projectId: id,
          revision: 1,
          roles: [{ roleName: "Salesperson", priority: -1 }],
        },
        { onAssignmentsChanged: () => {} },
      ),
    );
    expect(negative.code).toBe("invalid");
    expect(negative.problems[0]).toMatchObject({ path: "roles[0].priority", message: "Priority cannot be negative" });

    const longName = await failure(
      createProject(world.db, world.actor, {
        name: "x".repeat(101),
        description: "",
        environmentId: world.environmentId,
        snapshotId: world.snapshotId,
        roles: [],
      }),
    );
    expect(longName.problems[0]).toMatchObject({ path: "name", message: expect.stringContaining("at most 100") });

    const badCase = await failure(
      saveTableConfig(world.db, world.actor, {
        projectId: id,
        tableName: "contact",
        revision: 1,
        config: { ...loaded.config, columns: ["LastName"] },
      }),
    );
    expect(badCase.problems[0].path).toBe("config.columns[0]");

    const duplicateName = await failure(
      createProject(world.db, world.actor, {
        name: `Bad input ${provider}`,
        description: "",
        environmentId: world.environmentId,
        snapshotId: world.snapshotId,
        roles: [],
      }),
    );
    expect(duplicateName.problems[0]).toMatchObject({
      path: "name",
      message: expect.stringContaining("already exists"),
    });

    expect(await world.db.auditEntry.count()).toBe(auditBefore);
    const after = await loadProjectDocument(world.db, id);
    expect(after.projectRevision).toBe(1);
    expect(after.revisions).toEqual({ contact: 1 });
    expect(after.project.roles).toEqual([{ roleName: "Salesperson", priority: 10 }]);
  });

  it("refuses a role the connected org does not have, and accepts the org's roles with priorities", async (ctx) => {
    if (skip) ctx.skip();
    const snapshot = await world.db.metadataSnapshot.findFirstOrThrow({
      where: { environmentId: world.connectedEnvironmentId },
    });
    const unknown = await failure(
      createProject(world.db, world.actor, {
        name: `Live ${provider}`,
        description: "",
        environmentId: world.connectedEnvironmentId,
        snapshotId: snapshot.id,
        roles: [{ roleName: "Janitor", priority: 1 }],
      }),
    );
    expect(unknown.code).toBe("invalid");
    expect(unknown.problems[0]).toMatchObject({
      path: "roles[0].roleName",
      message: expect.stringContaining("'Janitor'"),
    });
    expect(await world.db.project.count({ where: { name: `Live ${provider}` } })).toBe(0);

    const { id } = await createProject(world.db, world.actor, {
      name: `Live ${provider}`,
      description: "",
      environmentId: world.connectedEnvironmentId,
      snapshotId: snapshot.id,
      roles: [{ roleName: "Salesperson", roleId: ORG_ROLES[0].id, priority: 5 }],
    });
    let assignmentChanges = 0;
    const onAssignmentsChanged = () => assignmentChanges++;
    const wrong = await failure(
      setProjectRoles(
        world.db,
        world.actor,
        {
          projectId: id,
          revision: 1,
          roles: [
            { roleName: "Field Technician", priority: 3 },
            { roleName: "Ghost", priority: 2 },
          ],
        },
        { onAssignmentsChanged },
      ),
    );
    expect(wrong.problems).toEqual([{ path: "roles[1].roleName", message: expect.stringContaining("'Ghost'") }]);
    const set = await setProjectRoles(
      world.db,
      world.actor,
      {
        projectId: id,
        revision: 1,
        roles: [
          { roleName: "Field Technician", priority: 30 },
          { roleName: "Salesperson", priority: 20 },
        ],
      },
      { onAssignmentsChanged },
    );
    expect(set.revision).toBe(2);
    const stale = await failure(
      setProjectRoles(world.db, world.other, { projectId: id, revision: 1, roles: [] }, { onAssignmentsChanged }),
    );
    expect(stale.code).toBe("conflict");
    // Whoever caches who gets which version hears of every attempt, kept or refused.
    expect(assignmentChanges).toBe(3);
    const loaded = await loadProjectDocument(world.db, id);
    expect(loaded.project.roles.map((r) => [r.roleName, r.priority])).toEqual([
      ["Field Technician", 30],
      ["Salesperson", 20],
    ]);
    const entry = await world.db.auditEntry.findFirstOrThrow({ where: { action: "project.roles.set", targetId: id } });
    expect(entry.summary).toContain("Salesperson (5) -> Field Technician (30), Salesperson (20)");
  });

  it("clones, updates with the project revision, removes a table, re-targets, and audits each", async (ctx) => {
    if (skip) ctx.skip();
    const id = await newProject(`Original ${provider}`);
    const clone = await cloneProject(world.db, world.actor, { projectId: id, name: `Copy ${provider}` });
    const copied = await loadProjectDocument(world.db, clone.id);
    const original = await loadProjectDocument(world.db, id);
    expect(copied.project.tables).toEqual(original.project.tables);
    expect(copied.project.name).toBe(`Copy ${provider}`);

    const updated = await updateProject(world.db, world.actor, {
      projectId: id,
      revision: 1,
      description: "For the field team",
      settings: { limits: { ...original.project.settings.limits, maxTablesAdvised: 50 } },
    });
    expect(updated.revision).toBe(2);
    expect(
      (await failure(updateProject(world.db, world.other, { projectId: id, revision: 1, name: "Stale" }))).code,
    ).toBe("conflict");
    const reloaded = await loadProjectDocument(world.db, id);
    expect(reloaded.project.description).toBe("For the field team");
    expect(reloaded.project.settings.limits.maxTablesAdvised).toBe(50);

    expect(
      (await failure(removeTable(world.db, world.actor, { projectId: id, tableName: "contact", revision: 7 }))).code,
    ).toBe("conflict");
    await removeTable(world.db, world.actor, { projectId: id, tableName: "contact", revision: 1 });
    expect((await loadProjectDocument(world.db, id)).project.tables.map((t) => t.tableName)).toEqual([
      "appbase_actionitem",
    ]);

    const smaller = {
      ...world.document,
      tables: world.document.tables.filter((t) => t.logicalName !== "appbase_actionitem"),
    };
    const newer = await storeSnapshot(world.db, world.actor, {
      environmentId: world.environmentId,
      source: "webapi-json",
      sourceName: "without action items",
      document: smaller,
    });
    const retargeted = await retargetProject(world.db, world.actor, {
      projectId: id,
      revision: 2,
      snapshotId: snapshotIdOf(newer),
    });
    expect(retargeted.impact.changes.map((c) => c.kind)).toEqual(["table_removed"]);
    const foreign = await world.db.metadataSnapshot.findFirstOrThrow({
      where: { environmentId: world.connectedEnvironmentId },
    });
    const wrongEnv = await failure(
      retargetProject(world.db, world.actor, { projectId: id, revision: 3, snapshotId: foreign.id }),
    );
    expect(wrongEnv.problems[0].path).toBe("snapshotId");

    const actions = (
      await world.db.auditEntry.findMany({ where: { targetId: { in: [id, clone.id] } }, select: { action: true } })
    )
      .map((a) => a.action)
      .sort();
    expect(actions).toEqual([
      "project.clone",
      "project.create",
      "project.retarget",
      "project.table.remove",
      "project.tables.enable",
      "project.update",
    ]);
  });
}

describe("app projects on SQLite", () => suite("sqlite"));
describe("app projects on PostgreSQL", () => suite("postgresql"));
