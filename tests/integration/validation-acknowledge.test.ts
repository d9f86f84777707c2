// Acknowledging warnings against a real SQLite file: an editor's acknowledgement is stored in the project (and so
// in its exported document), audited, checked against the project revision, refused for errors and for warnings
// the saved project does not raise; publishing records the warning marked acknowledged; withdrawing takes it back.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type Db } from "@/lib/db/client";
import { AppError } from "@/lib/app-error";
import { readMetadataSource } from "@/lib/metadata/read-source";
import { storeSnapshot } from "@/lib/metadata/mutations";
import { loadProjectDocument } from "@/lib/customization/data";
import {
  acknowledgeWarning,
  createProject,
  enableTables,
  updateProject,
  withdrawAcknowledgement,
} from "@/lib/customization/mutations";
import { DEFAULT_SETTINGS, MAX_ACKNOWLEDGEMENTS } from "@/lib/customization/schema";
import { SECURITY_PRESETS } from "@/lib/customization/security-policy";
import { checkForPublish } from "@/lib/versions/mutations";
import { createTestSqlite } from "../support/test-database";

const SOURCE = path.resolve(process.cwd(), "../shared/data/dataverse/webapi-entitydefinitions");
const TOO_MANY = "too_many_tables:::";

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError, got success");
}

describe("acknowledging a warning", () => {
  let db: Db;
  let cleanup: () => Promise<void> = async () => {};
  let projectId = "";
  const actor = { id: "u1", label: "ada@example.com" };

  beforeAll(async () => {
    const database = await createTestSqlite();
    db = createDbClient(database.url);
    cleanup = async () => {
      await db.$disconnect();
      await database.cleanup();
    };
    const env = await db.environment.create({ data: { name: "Contoso" } });
    const source = await readMetadataSource(SOURCE);
    const { snapshot } = await storeSnapshot(db, actor, {
      environmentId: env.id,
      source: "webapi-json",
      sourceName: "webapi-entitydefinitions",
      document: source.document,
    });
    ({ id: projectId } = await createProject(db, actor, {
      name: "Acknowledged",
      description: "",
      environmentId: env.id,
      snapshotId: snapshot.id,
      roles: [{ roleName: "Salesperson", priority: 10 }],
      settings: { ...DEFAULT_SETTINGS, limits: { ...DEFAULT_SETTINGS.limits, maxTablesAdvised: 2 } },
    }));
    await enableTables(db, actor, { projectId, tableNames: ["contact", "annotation"], syncMode: "offline" });
  }, 60_000);
  afterAll(async () => cleanup());

  it("stores it in the project with who and when, audits it, and publishing records the warning as acknowledged", async () => {
    const before = await loadProjectDocument(db, projectId);
    const { revision } = await acknowledgeWarning(db, actor, {
      projectId,
      revision: before.projectRevision,
      issueId: TOO_MANY,
      note: "  Two tables on purpose ",
    });
    expect(revision).toBe(before.projectRevision + 1);
    const after = await loadProjectDocument(db, projectId);
    expect(after.project.settings.acknowledgements).toEqual([
      expect.objectContaining({
        issueId: TOO_MANY,
        code: "too_many_tables",
        note: "Two tables on purpose",
        by: actor.label,
      }),
    ]);
    const entry = await db.auditEntry.findFirst({
      where: { action: "project.warning.acknowledge", targetId: projectId },
    });
    expect(entry?.summary).toBe(
      "Acknowledged the warning 'Many offline tables' in 'Acknowledged': Two tables on purpose",
    );

    const check = await checkForPublish(db, after.project);
    const recorded = check.warnings.find((w) => w.path === "tables");
    expect(recorded?.acknowledged).toMatchObject({ note: "Two tables on purpose", by: actor.label });

    // A settings save keeps the acknowledgements; a lower limit changes the cause: recorded as not acknowledged.
    await updateProject(db, actor, {
      projectId,
      revision,
      settings: { limits: { ...DEFAULT_SETTINGS.limits, maxTablesAdvised: 1 } },
    });
    const lowered = await loadProjectDocument(db, projectId);
    expect(lowered.project.settings.acknowledgements).toHaveLength(1);
    const again = await checkForPublish(db, lowered.project);
    expect(again.warnings.find((w) => w.path === "tables")?.acknowledged).toBeUndefined();
  });

  it("refuses a stale revision, an empty note, and a warning the saved project does not raise", async () => {
    const loaded = await loadProjectDocument(db, projectId);
    const stale = await failure(
      acknowledgeWarning(db, actor, { projectId, revision: loaded.projectRevision - 1, issueId: TOO_MANY, note: "x" }),
    );
    expect(stale.code).toBe("conflict");
    const missing = await failure(
      acknowledgeWarning(db, actor, {
        projectId,
        revision: loaded.projectRevision,
        issueId: "column_not_readable:contact:nothing:",
        note: "x",
      }),
    );
    expect(missing.code).toBe("invalid");
    expect(missing.problems[0].message).toContain("does not raise this warning");
    const empty = await failure(
      acknowledgeWarning(db, actor, { projectId, revision: loaded.projectRevision, issueId: TOO_MANY, note: "  " }),
    );
    expect(empty.code).toBe("invalid");
    expect((await loadProjectDocument(db, projectId)).projectRevision).toBe(loaded.projectRevision);
  });

  it("withdraws it, audited, leaving no acknowledgement behind", async () => {
    const loaded = await loadProjectDocument(db, projectId);
    await withdrawAcknowledgement(db, actor, { projectId, revision: loaded.projectRevision, issueId: TOO_MANY });
    const after = await loadProjectDocument(db, projectId);
    expect(after.project.settings.acknowledgements).toBeUndefined();
    expect(await db.auditEntry.count({ where: { action: "project.warning.withdraw", targetId: projectId } })).toBe(1);
    const twice = await failure(
      withdrawAcknowledgement(db, actor, { projectId, revision: after.projectRevision, issueId: TOO_MANY }),
    );
    expect(twice.code).toBe("not_found");
  });

  it("refuses one more acknowledgement past the most a project keeps, keeping its settings as they were", async () => {
    const loaded = await loadProjectDocument(db, projectId);
    const full = Array.from({ length: MAX_ACKNOWLEDGEMENTS }, (_, i) => ({
      issueId: `column_not_readable:contact:c${String(i).padStart(4, "0")}:`,
      code: "column_not_readable",
      fingerprint: "0123456789abcdef",
      note: "kept",
      by: actor.label,
      at: "2026-12-01T00:00:00.000Z",
    }));
    const strict = { ...SECURITY_PRESETS.strict };
    const { revision } = await updateProject(db, actor, {
      projectId,
      revision: loaded.projectRevision,
      settings: { limits: loaded.project.settings.limits, security: strict, acknowledgements: full },
    });
    const refused = await failure(
      acknowledgeWarning(db, actor, { projectId, revision, issueId: TOO_MANY, note: "one more" }),
    );
    expect([refused.code, refused.problems]).toEqual([
      "invalid",
      [
        {
          path: "issueId",
          message: `The project already keeps ${MAX_ACKNOWLEDGEMENTS} acknowledged warnings, the most it can: withdraw some that no longer apply first`,
        },
      ],
    ]);
    const after = await loadProjectDocument(db, projectId);
    expect(after.projectRevision).toBe(revision);
    expect(after.project.settings.security).toEqual(strict);
    expect(after.project.settings.acknowledgements).toHaveLength(MAX_ACKNOWLEDGEMENTS);
  });

  it("refuses settings stored that do not match the schema instead of reading them as the defaults", async () => {
    const row = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { settings: true } });
    const stored = JSON.parse(row.settings) as { acknowledgements: unknown[] };
    stored.acknowledgements.push({ ...(stored.acknowledgements[0] as object), issueId: "one:too:many:" });
    await db.project.update({ where: { id: projectId }, data: { settings: JSON.stringify(stored) } });
    const error = await failure(loadProjectDocument(db, projectId));
    expect([error.code, error.message]).toEqual([
      "internal",
      expect.stringMatching(
        /stored settings of project .* do not match the schema: settings\.acknowledgements: At most 2000/,
      ),
    ]);
    await db.project.update({ where: { id: projectId }, data: { settings: row.settings } });
  });
});
