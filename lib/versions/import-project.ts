// Import of a project file: the diff against the target project first (with the revisions it was made
// against), then the file's configuration written as new draft revisions through the projects domain's
// own mutation bodies (each validated and audited), all in one transaction: an import lands whole or not at
// all. Published versions are never touched: the admin publishes the result when it is right.
import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/app-error";
import { audit } from "@/lib/audit/mutations";
import type { AuditActor } from "@/lib/audit/schema";
import { diffBundles, type BundleDiff } from "@/lib/bundle/diff";
import { canonicalJson } from "@/lib/bundle/canonical-json";
import { loadProjectDocument, type LoadedProject } from "@/lib/customization/data";
import {
  createProjectInTx,
  enableTablesInTx,
  removeTableInTx,
  runInTransaction,
  saveTableConfigInTx,
  setProjectRolesInTx,
  updateProjectInTx,
  type WriteContext,
} from "@/lib/customization/mutations";
import { parseInput } from "@/lib/parse-input";
import type { ProjectDocument } from "@/lib/customization/schema";
import { loadSnapshotDocument } from "@/lib/metadata/data";
import { publicationsChanged } from "./published-cache";
import type { MetadataDocument } from "@/lib/metadata/schema";
import { countOf } from "@/lib/format/count";

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

/** The revisions a plan was made against: applying refuses if any of them moved since. */
export const ImportBasisSchema = z
  .strictObject({
    projectRevision: z
      .number()
      .int()
      .min(0)
      .describe(
        "Revision of the project's own fields (description, settings, roles, snapshot) the diff was made against.",
      ),
    tableRevisions: z
      .record(z.string().min(1).max(128), z.number().int().min(0))
      .describe("Revision of each table enabled when the diff was made, by logical name."),
  })
  .describe(
    "What planImport saw; pass it back to applyImport so a change made after the diff was shown is a conflict, not overwritten.",
  );
export type ImportBasis = z.infer<typeof ImportBasisSchema>;

export interface ImportPlan {
  diff: BundleDiff;
  basis: ImportBasis;
}

/** A basis sent as JSON text (the API's `basis` query parameter); undefined when none was sent. */
export function parseImportBasis(text: string | null | undefined): ImportBasis | undefined {
  if (text === null || text === undefined || text === "") return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppError("invalid", "Invalid import basis: basis: not JSON (send the basis the plan answered, as JSON)", {
      problems: [{ path: "basis", message: "not JSON" }],
    });
  }
  return parseInput(ImportBasisSchema, raw, "import basis");
}

/** The project named by id or, failing that, by name. */
export async function resolveProject(db: Db, idOrName: string): Promise<{ id: string; name: string }> {
  const row =
    (await db.project.findUnique({ where: { id: idOrName }, select: { id: true, name: true } })) ??
    (await db.project.findUnique({ where: { name: idOrName }, select: { id: true, name: true } }));
  if (!row) throw new AppError("not_found", `No project with id or name '${idOrName}'`);
  return row;
}

/** The file as it would land in the target: the target keeps its name, environment and snapshot. */
function asTarget(file: ProjectDocument, target: ProjectDocument): ProjectDocument {
  return { ...file, name: target.name, environmentId: target.environmentId, snapshotId: target.snapshotId };
}

const basisOf = (loaded: LoadedProject): ImportBasis => ({
  projectRevision: loaded.projectRevision,
  tableRevisions: { ...loaded.revisions },
});

function diffOf(loaded: LoadedProject, file: ProjectDocument, metadata: MetadataDocument | undefined): BundleDiff {
  return diffBundles(loaded.project, asTarget(file, loaded.project), metadata ? { metadata } : {});
}

/** What importing `file` into the project would change, in the diff's words, and the revisions it saw. */
export async function planImport(db: Db, projectId: string, file: ProjectDocument): Promise<ImportPlan> {
  const loaded = await loadProjectDocument(db, projectId);
  const metadata = await loadSnapshotDocument(db, loaded.project.snapshotId).catch(() => undefined);
  return { diff: diffOf(loaded, file, metadata), basis: basisOf(loaded) };
}

/** What moved between the plan's basis and now, one phrase each; empty when nothing did. */
export function basisChanges(planned: ImportBasis, now: ImportBasis): string[] {
  const changes: string[] = [];
  if (planned.projectRevision !== now.projectRevision)
    changes.push(
      `the project's description, settings, roles or snapshot (revision ${now.projectRevision}, the diff saw ${planned.projectRevision})`,
    );
  for (const [table, revision] of Object.entries(planned.tableRevisions)) {
    const current = now.tableRevisions[table];
    if (current === undefined) changes.push(`table '${table}' was removed`);
    else if (current !== revision)
      changes.push(`table '${table}' was saved (revision ${current}, the diff saw ${revision})`);
  }
  for (const table of Object.keys(now.tableRevisions)) {
    if (!(table in planned.tableRevisions)) changes.push(`table '${table}' was enabled`);
  }
  return changes;
}

/**
 * An error of one step, said as the import's: "Nothing was imported" first (the transaction rolled back),
 * then where in the file, with each problem's path as the file's own ("project.tables[2].columns[0]").
 */
function importError(
  error: unknown,
  lead: string,
  where: string | null,
  path: (problemPath: string) => string,
): unknown {
  if (
    !(error instanceof AppError) ||
    (error.code !== "invalid" && error.code !== "conflict" && error.code !== "not_found")
  )
    return error;
  const problems = error.problems.map((p) => ({ path: path(p.path), message: p.message }));
  // Said with the file's paths (project.tables[2].columns[3]), not the step's own (config.columns[3], tableNames[0]).
  const detail = problems.length
    ? `${problems[0].path}: ${problems[0].message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ""}`
    : error.message;
  return new AppError(error.code, `${lead}: ${where ? `${where}: ` : ""}${detail}`, {
    problems,
    details: error.details,
    cause: error,
  });
}

/** Runs one step of an import, its errors said as the import's. */
async function step<T>(
  lead: string,
  where: string | null,
  path: (problemPath: string) => string,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw importError(error, lead, where, path);
  }
}

const inProject = (p: string) => `project.${p}`;

/** Problem paths of a table config save ("config.columns[3]") as the file's ("project.tables[2].columns[3]"). */
const inTable = (index: number) => (p: string) =>
  p.startsWith("config.") ? `project.tables[${index}].${p.slice("config.".length)}` : `project.tables[${index}]`;

/** Problem paths of enabling `names` ("tableNames[1]") as the file's ("project.tables[4].tableName"). */
const inEnabled = (names: readonly string[], indexOf: Map<string, number>) => (p: string) => {
  const k = /^tableNames\[(\d+)\]/.exec(p)?.[1];
  const index = k === undefined ? undefined : indexOf.get(names[Number(k)]);
  return index === undefined ? "project.tables" : `project.tables[${index}].tableName`;
};

/** "2 tables added (account, lead); 1 changed (contact); roles" for the import's audit summary. */
function describeImport(diff: BundleDiff): string {
  const of = (change: "added" | "removed" | "changed") =>
    diff.tables.filter((t) => t.change === change).map((t) => t.table);
  const parts = (["added", "removed", "changed"] as const).flatMap((change) => {
    const names = of(change);
    return names.length ? [`${countOf(names.length, "table")} ${change} (${names.join(", ")})`] : [];
  });
  if (diff.project.length) parts.push(`project: ${diff.project.join("; ")}`);
  return parts.join("; ") || "no visible change";
}

export interface ApplyImportOptions {
  requestId?: string;
  /** The revisions the diff shown to the admin was made against (planImport's basis). Without it, those read now. */
  basis?: ImportBasis;
}

/**
 * Writes the file's configuration into an existing project in one transaction: description and settings,
 * roles, then tables removed, added and changed, each through the mutation that validates, audits and
 * revision-checks it, plus one "project.import" audit entry for the whole. With a basis, any revision that
 * moved since the plan is a conflict naming what changed; any failing step rolls back every step before it.
 */
export async function applyImport(
  db: Db,
  actor: AuditActor,
  projectId: string,
  file: ProjectDocument,
  options: ApplyImportOptions = {},
): Promise<{ diff: BundleDiff; basis: ImportBasis }> {
  const planned = options.basis ? parseInput(ImportBasisSchema, options.basis, "import basis") : undefined;
  const mutation = { requestId: options.requestId };
  const lead = "Nothing was imported";
  // Warm the snapshot cache outside the transaction, so the transaction does not wait for a decode.
  const header = await db.project.findUnique({ where: { id: projectId }, select: { snapshotId: true } });
  if (header) await loadSnapshotDocument(db, header.snapshotId).catch(() => undefined);

  return runInTransaction(db, async (ctx: WriteContext) => {
    const loaded = await loadProjectDocument(ctx.tx, projectId);
    const basis = basisOf(loaded);
    if (planned) {
      const changes = basisChanges(planned, basis);
      if (changes.length) {
        throw new AppError(
          "conflict",
          `${lead}: '${loaded.project.name}' changed since the diff was made: ${changes.join("; ")}. Show the changes again and apply what you see.`,
          {
            details: { changes, planned, current: basis },
          },
        );
      }
    }
    const current = loaded.project;
    const wanted = asTarget(file, current);
    const diff = diffOf(loaded, file, await ctx.loadSnapshot(current.snapshotId).catch(() => undefined));
    let written = false;

    let revision = loaded.projectRevision;
    if (current.description !== wanted.description || !same(current.settings, wanted.settings)) {
      ({ revision } = await step(lead, "the project's description or settings", inProject, () =>
        updateProjectInTx(
          ctx,
          actor,
          {
            projectId,
            revision,
            description: wanted.description,
            // The file's acknowledgements replace the project's: none when it carries none.
            settings: { ...wanted.settings, acknowledgements: wanted.settings.acknowledgements ?? [] },
          },
          mutation,
        ),
      ));
      written = true;
    }
    if (!same(current.roles, wanted.roles)) {
      ({ revision } = await step(lead, "the project's roles", inProject, () =>
        setProjectRolesInTx(ctx, actor, { projectId, revision, roles: wanted.roles }, mutation),
      ));
      written = true;
    }
    const have = new Map(current.tables.map((t) => [t.tableName, t]));
    const want = new Map(wanted.tables.map((t) => [t.tableName, t]));
    const indexOf = new Map(wanted.tables.map((t, i) => [t.tableName, i]));
    for (const name of have.keys()) {
      if (want.has(name)) continue;
      await step(
        lead,
        `removing table '${name}'`,
        () => "project.tables",
        () => removeTableInTx(ctx, actor, { projectId, tableName: name, revision: loaded.revisions[name] }, mutation),
      );
      written = true;
    }
    const added = [...want.keys()].filter((n) => !have.has(n));
    const revisions = { ...loaded.revisions };
    if (added.length) {
      const enabled = await step(lead, null, inEnabled(added, indexOf), () =>
        enableTablesInTx(ctx, actor, { projectId, tableNames: added, syncMode: "offline" }, mutation),
      );
      Object.assign(revisions, enabled.revisions);
      written = true;
    }
    for (const [name, config] of want) {
      const before = have.get(name);
      if (before && same(before, config)) continue;
      const index = indexOf.get(name)!;
      await step(lead, `table '${name}' (project.tables[${index}])`, inTable(index), () =>
        saveTableConfigInTx(ctx, actor, { projectId, tableName: name, revision: revisions[name], config }, mutation),
      );
      written = true;
    }
    if (written) {
      // The one entry an auditor reads for "who imported what, when, over which revisions"; the per-step
      // entries beside it (same request id) keep each table's own history complete.
      await audit(ctx.tx, {
        actor,
        action: "project.import",
        targetType: "project",
        targetId: projectId,
        summary: `Imported a project file into '${current.name}': ${describeImport(diff)}`,
        before: basis,
        after: { changes: diff.lines, tables: wanted.tables.length },
        requestId: options.requestId,
      });
    }
    return { diff, basis };
    // The import may have changed the project's roles, which decide who gets its published versions.
  }).finally(publicationsChanged);
}

/**
 * Creates a new project from the file (optionally renamed, or on another environment and snapshot), with
 * every table, in one transaction: a file with one bad table leaves no project behind.
 */
export async function importAsNew(
  db: Db,
  actor: AuditActor,
  file: ProjectDocument,
  target: { name?: string; environmentId?: string; snapshotId?: string } = {},
  options: { requestId?: string } = {},
): Promise<{ id: string }> {
  const lead = "No project was created";
  const mutation = { requestId: options.requestId };
  return runInTransaction(db, async (ctx: WriteContext) => {
    const environmentId = target.environmentId ?? file.environmentId;
    let snapshotId = target.snapshotId ?? file.snapshotId;
    const snapshot = await ctx.tx.metadataSnapshot.findFirst({
      where: { id: snapshotId, environmentId },
      select: { id: true },
    });
    if (!snapshot) {
      // Another portal: the file's snapshot does not exist here; use the environment's newest.
      const newest = await ctx.tx.metadataSnapshot.findFirst({
        where: { environmentId },
        orderBy: { createdAt: "desc" },
        select: { id: true },
      });
      if (!newest)
        throw new AppError(
          "invalid",
          `Environment '${environmentId}' has no metadata snapshot to import onto; import metadata first or name another environment.`,
          { problems: [{ path: "environmentId", message: "has no snapshot" }] },
        );
      snapshotId = newest.id;
    }
    const name = target.name ?? file.name;
    const { id } = await step(lead, null, inProject, () =>
      createProjectInTx(
        ctx,
        actor,
        { name, description: file.description, environmentId, snapshotId, roles: file.roles, settings: file.settings },
        mutation,
      ),
    );
    const indexOf = new Map(file.tables.map((t, i) => [t.tableName, i]));
    if (file.tables.length) {
      const names = file.tables.map((t) => t.tableName);
      const { revisions } = await step(lead, null, inEnabled(names, indexOf), () =>
        enableTablesInTx(ctx, actor, { projectId: id, tableNames: names, syncMode: "offline" }, mutation),
      );
      for (const [index, config] of file.tables.entries()) {
        await step(lead, `table '${config.tableName}' (project.tables[${index}])`, inTable(index), () =>
          saveTableConfigInTx(
            ctx,
            actor,
            { projectId: id, tableName: config.tableName, revision: revisions[config.tableName], config },
            mutation,
          ),
        );
      }
    }
    await audit(ctx.tx, {
      actor,
      action: "project.import",
      targetType: "project",
      targetId: id,
      summary: `Created project '${name}' from a project file with ${countOf(file.tables.length, "table")}${snapshotId !== file.snapshotId ? ` on snapshot ${snapshotId} (the file's snapshot is not here)` : ""}`,
      after: { name, environmentId, snapshotId, tables: file.tables.map((t) => t.tableName) },
      requestId: options.requestId,
    });
    return { id };
  });
}
