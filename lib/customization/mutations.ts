// Writes of app projects: create, clone, update, roles, enable/remove tables, save a table config,
// re-target. Each is validated (schema + the project's snapshot), guarded by a revision checked in the
// UPDATE itself (so of two writers holding one revision exactly one wins), scoped to its project, audited.
// The body of each write is an `...InTx` function on a WriteContext, so a use case that must write several
// things all-or-nothing (importing a project file) runs them in one transaction; the public functions
// are those bodies, each in a transaction of its own.
import "server-only";
import type { Prisma } from "@/lib/db/generated/sqlite/client";
import type { Db } from "@/lib/db/client";
import { AppError, type FieldProblem } from "@/lib/app-error";
import { audit } from "@/lib/audit/mutations";
import type { AuditActor } from "@/lib/audit/schema";
import { loadSnapshotDocument } from "@/lib/metadata/data";
import type { MetadataDocument } from "@/lib/metadata/schema";
import { parseEnvironmentRoles } from "@/lib/environments/org-roles";
import { knownRolesOf, roleStatus, type KnownRoles } from "@/lib/environments/known-roles";
import {
  AcknowledgeWarningInputSchema,
  WithdrawAcknowledgementInputSchema,
  type AcknowledgeWarningInput,
  type WithdrawAcknowledgementInput,
  CloneProjectInputSchema,
  CreateProjectInputSchema,
  DEFAULT_SETTINGS,
  EnableTablesInputSchema,
  RemoveTableInputSchema,
  RetargetProjectInputSchema,
  SaveTableConfigInputSchema,
  SetProjectRolesInputSchema,
  UpdateProjectInputSchema,
  MAX_ACKNOWLEDGEMENTS,
  type CloneProjectInput,
  type CreateProjectInput,
  type EnableTablesInput,
  type ProjectRole,
  type RemoveTableInput,
  type RetargetProjectInput,
  type SetProjectRolesInput,
  type TableConfig,
  type UpdateProjectInput,
} from "./schema";
import { invalidInput, parseInput } from "@/lib/parse-input";
import type { TableConflictDetails } from "./save-conflict";
import { newTableConfig, normalizeTableConfig } from "./locked-columns";
import { auditTableConfigSave, describeConflict } from "./summarize";
import { retargetImpact, type RetargetImpact } from "./retarget";
import {
  loadProjectDocument,
  metadataForProject,
  parseSettings,
  parseTableDocument,
  settingsText,
  tableDocumentText,
} from "./data";
import { validateProject } from "./validate";
import { issueTitle } from "./issue-titles";
import { canAcknowledge, issueFingerprint, withAcknowledgement, withoutAcknowledgement } from "./issue-review";
import { z } from "zod";
import { countOf } from "@/lib/format/count";
import { isUniqueViolation } from "@/lib/database-errors";

export interface MutationOptions {
  requestId?: string;
}

type Tx = Prisma.TransactionClient;

/**
 * Where a write runs: its transaction, and how it reads metadata snapshots. Snapshots are immutable and
 * kept in an in-process cache, so they are read through the process's client rather than the transaction.
 */
export interface WriteContext {
  tx: Tx;
  loadSnapshot: (snapshotId: string) => Promise<MetadataDocument>;
}

/** Generous limits: validation (and a cold snapshot decode) run inside the transaction, on a busy SQLite file too. */
const TRANSACTION_LIMITS = { maxWait: 20_000, timeout: 60_000 };

/** Runs `body` in one interactive transaction of `db`: everything it writes commits together or not at all. */
export function runInTransaction<T>(
  db: Db,
  body: (ctx: WriteContext) => Promise<T>,
  limits: { maxWait?: number; timeout?: number } = {},
): Promise<T> {
  return db.$transaction((tx) => body({ tx, loadSnapshot: (snapshotId) => loadSnapshotDocument(db, snapshotId) }), {
    ...TRANSACTION_LIMITS,
    ...limits,
  });
}

// ---------- helpers ----------

/**
 * Problems for roles the org's own list (when read) does not have: no user could get the project through them. A
 * role only unverified (the environment knows just its solutions' roles, or none) is saved; validation warns.
 */
export function unknownRoleProblems(roles: readonly ProjectRole[], known: KnownRoles): FieldProblem[] {
  const problems: FieldProblem[] = [];
  roles.forEach((role, index) => {
    if (roleStatus(role, known) === "unknown") {
      problems.push({
        path: `roles[${index}].roleName`,
        message: `The connected org has no security role '${role.roleName}'${role.roleId ? ` with id ${role.roleId}` : ""}`,
      });
    }
  });
  return problems;
}

function invalid(what: string, problems: FieldProblem[]): never {
  throw invalidInput(what, problems);
}

async function loadProjectRow(db: Db | Tx, projectId: string) {
  const row = await db.project.findUnique({ where: { id: projectId }, include: { environment: true } });
  if (!row) throw new AppError("not_found", `No project with id '${projectId}'`);
  return row;
}

async function staleProject(db: Db | Tx, projectId: string, revision: number): Promise<never> {
  const current = await db.project.findUnique({ where: { id: projectId }, select: { revision: true } });
  if (!current) throw new AppError("not_found", `No project with id '${projectId}'`);
  throw new AppError(
    "conflict",
    `Another admin changed this project (revision ${current.revision}, you loaded ${revision}): reload to see their change`,
    {
      details: { theirRevision: current.revision },
    },
  );
}

const notAColumn = (column: string, table: string) =>
  `Column '${column}' is not a column of '${table}' in the metadata snapshot`;

/** Columns (and read-only marks) not in the snapshot table, except those already stored before (a re-target left them; validation reports them). */
function unknownColumnProblems(
  config: TableConfig,
  snapshot: MetadataDocument,
  previous?: TableConfig,
): FieldProblem[] {
  const table = snapshot.tables.find((t) => t.logicalName === config.tableName);
  if (!table)
    return [
      { path: "config.tableName", message: `Table '${config.tableName}' is not in the project's metadata snapshot` },
    ];
  if (table.partial) return [];
  const known = new Set(table.columns.map((c) => c.logicalName));
  const before = new Set([...(previous?.columns ?? []), ...(previous?.readOnlyColumns ?? [])]);
  const problems: FieldProblem[] = [];
  const check = (names: readonly string[], field: string) =>
    names.forEach((name, index) => {
      if (!known.has(name) && !before.has(name))
        problems.push({
          path: `config.${field}[${index}]`,
          message: notAColumn(name, config.tableName),
        });
    });
  check(config.columns, "columns");
  check(config.readOnlyColumns, "readOnlyColumns");
  return problems;
}

/**
 * "Related rows only" sources that name a table or column the snapshot lacks. Saved, such a source would lock its
 * column into the other table (lib/customization/locked-columns.ts), whose every save would then be refused for a
 * column its admin never chose.
 */
function relatedSourceProblems(config: TableConfig, snapshot: MetadataDocument): FieldProblem[] {
  const problems: FieldProblem[] = [];
  (config.syncFilter?.related?.sources ?? []).forEach((source, index) => {
    const at = `config.syncFilter.related.sources[${index}]`;
    const table = snapshot.tables.find((t) => t.logicalName === source.table);
    if (!table)
      problems.push({
        path: `${at}.table`,
        message: `Table '${source.table}' is not in the project's metadata snapshot`,
      });
    else if (!table.partial && !table.columns.some((c) => c.logicalName === source.column))
      problems.push({
        path: `${at}.column`,
        message: notAColumn(source.column, source.table),
      });
  });
  return problems;
}

// ---------- projects ----------

/** A new project on a snapshot of its environment; roles must exist in the org when the environment is connected. */
export async function createProject(
  db: Db,
  actor: AuditActor,
  input: CreateProjectInput,
  options: MutationOptions = {},
): Promise<{ id: string }> {
  return runInTransaction(db, (ctx) => createProjectInTx(ctx, actor, input, options));
}

export async function createProjectInTx(
  { tx }: WriteContext,
  actor: AuditActor,
  input: CreateProjectInput,
  options: MutationOptions = {},
): Promise<{ id: string }> {
  const data = parseInput(CreateProjectInputSchema, input, "project");
  const environment = await tx.environment.findUnique({
    where: { id: data.environmentId },
    select: { name: true, rolesJson: true },
  });
  if (!environment)
    invalid("project", [{ path: "environmentId", message: `No environment with id '${data.environmentId}'` }]);
  const snapshot = await tx.metadataSnapshot.findFirst({
    where: { id: data.snapshotId, environmentId: data.environmentId },
    select: { id: true },
  });
  if (!snapshot)
    invalid("project", [
      {
        path: "snapshotId",
        message: `Snapshot '${data.snapshotId}' is not a snapshot of environment '${environment.name}'`,
      },
    ]);
  const roleProblems = unknownRoleProblems(data.roles, knownRolesOf(parseEnvironmentRoles(environment.rolesJson)));
  if (roleProblems.length) invalid("project", roleProblems);
  const settings = data.settings ?? DEFAULT_SETTINGS;
  let project: { id: string };
  try {
    project = await tx.project.create({
      data: {
        name: data.name,
        description: data.description,
        environmentId: data.environmentId,
        snapshotId: data.snapshotId,
        settings: settingsText(settings),
        roles: {
          create: data.roles.map((r) => ({ roleName: r.roleName, roleId: r.roleId ?? null, priority: r.priority })),
        },
      },
      select: { id: true },
    });
  } catch (error) {
    if (isUniqueViolation(error))
      invalid("project", [{ path: "name", message: `A project named '${data.name}' already exists` }]);
    throw error;
  }
  await audit(tx, {
    actor,
    action: "project.create",
    targetType: "project",
    targetId: project.id,
    summary: `Created project '${data.name}' on environment '${environment.name}'${data.roles.length ? ` for roles ${data.roles.map((r) => `'${r.roleName}' (${r.priority})`).join(", ")}` : ""}`,
    after: {
      name: data.name,
      description: data.description,
      environmentId: data.environmentId,
      snapshotId: data.snapshotId,
      roles: data.roles,
    },
    requestId: options.requestId,
  });
  return project;
}

/** A copy of a project (header, roles, settings, every table config) under a new name. */
export async function cloneProject(
  db: Db,
  actor: AuditActor,
  input: CloneProjectInput,
  options: MutationOptions = {},
): Promise<{ id: string }> {
  const data = parseInput(CloneProjectInputSchema, input, "clone");
  const source = await db.project.findUnique({ where: { id: data.projectId }, include: { roles: true, tables: true } });
  if (!source) throw new AppError("not_found", `No project with id '${data.projectId}'`);
  try {
    return await db.$transaction(async (tx) => {
      const project = await tx.project.create({
        data: {
          name: data.name,
          description: source.description,
          environmentId: source.environmentId,
          snapshotId: source.snapshotId,
          settings: source.settings,
          roles: {
            create: source.roles.map((r) => ({ roleName: r.roleName, roleId: r.roleId, priority: r.priority })),
          },
          tables: {
            create: source.tables.map((t) => ({ tableName: t.tableName, document: t.document, updatedById: actor.id })),
          },
        },
        select: { id: true },
      });
      await audit(tx, {
        actor,
        action: "project.clone",
        targetType: "project",
        targetId: project.id,
        summary: `Cloned project '${source.name}' as '${data.name}' (${countOf(source.tables.length, "table")}, ${countOf(source.roles.length, "role")})`,
        before: { sourceId: source.id, name: source.name },
        after: { name: data.name },
        requestId: options.requestId,
      });
      return project;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      invalid("clone", [{ path: "name", message: `A project named '${data.name}' already exists` }]);
    throw error;
  }
}

/** Name, description and settings (limits), guarded by the project revision. */
export async function updateProject(
  db: Db,
  actor: AuditActor,
  input: UpdateProjectInput,
  options: MutationOptions = {},
): Promise<{ revision: number }> {
  return runInTransaction(db, (ctx) => updateProjectInTx(ctx, actor, input, options));
}

export async function updateProjectInTx(
  { tx }: WriteContext,
  actor: AuditActor,
  input: UpdateProjectInput,
  options: MutationOptions = {},
): Promise<{ revision: number }> {
  const data = parseInput(UpdateProjectInputSchema, input, "project");
  const before = await loadProjectRow(tx, data.projectId);
  const change: Prisma.ProjectUpdateManyMutationInput = { revision: { increment: 1 } };
  if (data.name !== undefined) change.name = data.name;
  if (data.description !== undefined) change.description = data.description;
  const settingsAfter =
    data.settings === undefined
      ? undefined
      : {
          ...parseSettings(before.settings, data.projectId),
          limits: data.settings.limits,
          ...(data.settings.security ? { security: data.settings.security } : {}),
          ...(data.settings.acknowledgements ? { acknowledgements: data.settings.acknowledgements } : {}),
        };
  // Given acknowledgements replace the project's (an imported file's, none too); without them the stored ones stay.
  if (settingsAfter?.acknowledgements?.length === 0) delete settingsAfter.acknowledgements;
  if (settingsAfter !== undefined) change.settings = settingsText(settingsAfter);
  let count: number;
  try {
    ({ count } = await tx.project.updateMany({ where: { id: data.projectId, revision: data.revision }, data: change }));
  } catch (error) {
    if (isUniqueViolation(error))
      invalid("project", [{ path: "name", message: `A project named '${data.name}' already exists` }]);
    throw error;
  }
  if (count === 0) await staleProject(tx, data.projectId, data.revision);
  const changed = [
    data.name !== undefined && data.name !== before.name ? `name '${before.name}' -> '${data.name}'` : "",
    data.description !== undefined && data.description !== before.description ? "description" : "",
    settingsAfter !== undefined &&
    JSON.stringify(settingsAfter.limits) !== JSON.stringify(parseSettings(before.settings, data.projectId).limits)
      ? "limits"
      : "",
    settingsAfter !== undefined &&
    JSON.stringify(settingsAfter.security) !== JSON.stringify(parseSettings(before.settings, data.projectId).security)
      ? "security policy"
      : "",
    settingsAfter !== undefined &&
    JSON.stringify(settingsAfter.acknowledgements ?? []) !==
      JSON.stringify(parseSettings(before.settings, data.projectId).acknowledgements ?? [])
      ? "acknowledged warnings"
      : "",
  ].filter(Boolean);
  await audit(tx, {
    actor,
    action: "project.update",
    targetType: "project",
    targetId: data.projectId,
    summary: `Updated project '${data.name ?? before.name}': ${changed.join(", ") || "no change"}`,
    before: { name: before.name, description: before.description, settings: JSON.parse(before.settings || "{}") },
    after: {
      name: data.name ?? before.name,
      description: data.description ?? before.description,
      settings: settingsAfter ?? JSON.parse(before.settings || "{}"),
    },
    requestId: options.requestId,
  });
  return { revision: data.revision + 1 };
}

/**
 * Replaces the project's security roles and priorities; every role must exist in the connected org. Who gets
 * which published version follows the roles, so `onAssignmentsChanged` runs after the write, committed or not:
 * the caller passes what must forget the old assignments (the device API's cache: publicationsChanged).
 */
export async function setProjectRoles(
  db: Db,
  actor: AuditActor,
  input: SetProjectRolesInput,
  options: MutationOptions & { onAssignmentsChanged: () => void },
): Promise<{ revision: number }> {
  return runInTransaction(db, (ctx) => setProjectRolesInTx(ctx, actor, input, options)).finally(
    options.onAssignmentsChanged,
  );
}

export async function setProjectRolesInTx(
  { tx }: WriteContext,
  actor: AuditActor,
  input: SetProjectRolesInput,
  options: MutationOptions = {},
): Promise<{ revision: number }> {
  const data = parseInput(SetProjectRolesInputSchema, input, "roles");
  const project = await tx.project.findUnique({
    where: { id: data.projectId },
    include: { environment: true, roles: true },
  });
  if (!project) throw new AppError("not_found", `No project with id '${data.projectId}'`);
  const roleProblems = unknownRoleProblems(
    data.roles,
    knownRolesOf(parseEnvironmentRoles(project.environment.rolesJson)),
  );
  if (roleProblems.length) invalid("roles", roleProblems);
  const { count } = await tx.project.updateMany({
    where: { id: data.projectId, revision: data.revision },
    data: { revision: { increment: 1 } },
  });
  if (count === 0) await staleProject(tx, data.projectId, data.revision);
  await tx.projectRole.deleteMany({ where: { projectId: data.projectId } });
  if (data.roles.length) {
    await tx.projectRole.createMany({
      data: data.roles.map((r) => ({
        projectId: data.projectId,
        roleName: r.roleName,
        roleId: r.roleId ?? null,
        priority: r.priority,
      })),
    });
  }
  const describe = (roles: ReadonlyArray<{ roleName: string; priority: number }>) =>
    roles.map((r) => `${r.roleName} (${r.priority})`).join(", ") || "none";
  await audit(tx, {
    actor,
    action: "project.roles.set",
    targetType: "project",
    targetId: data.projectId,
    summary: `Roles of '${project.name}': ${describe(project.roles)} -> ${describe(data.roles)}`,
    before: project.roles.map((r) => ({ roleName: r.roleName, roleId: r.roleId, priority: r.priority })),
    after: data.roles,
    requestId: options.requestId,
  });
  return { revision: data.revision + 1 };
}

/** Moves the project to another snapshot of its environment (after the admin saw retargetImpact). */
export async function retargetProject(
  db: Db,
  actor: AuditActor,
  input: RetargetProjectInput,
  options: MutationOptions = {},
): Promise<{ revision: number; impact: RetargetImpact }> {
  const data = parseInput(RetargetProjectInputSchema, input, "re-target");
  const project = await loadProjectRow(db, data.projectId);
  const target = await db.metadataSnapshot.findFirst({
    where: { id: data.snapshotId, environmentId: project.environmentId },
    select: { id: true },
  });
  if (!target)
    invalid("re-target", [
      { path: "snapshotId", message: `Snapshot '${data.snapshotId}' is not a snapshot of this project's environment` },
    ]);
  const loaded = await loadProjectDocument(db, data.projectId);
  const [oldSnapshot, newSnapshot] = await Promise.all([
    loadSnapshotDocument(db, project.snapshotId),
    loadSnapshotDocument(db, data.snapshotId),
  ]);
  const impact = retargetImpact(loaded.project, oldSnapshot, newSnapshot);
  return db.$transaction(async (tx) => {
    const { count } = await tx.project.updateMany({
      where: { id: data.projectId, revision: data.revision },
      data: { snapshotId: data.snapshotId, revision: { increment: 1 } },
    });
    if (count === 0) await staleProject(tx, data.projectId, data.revision);
    await audit(tx, {
      actor,
      action: "project.retarget",
      targetType: "project",
      targetId: data.projectId,
      summary: `Re-targeted '${project.name}' to snapshot ${data.snapshotId}: ${impact.summary}`,
      before: { snapshotId: project.snapshotId },
      after: { snapshotId: data.snapshotId, changes: impact.changes.length, errors: impact.errors },
      requestId: options.requestId,
    });
    return { revision: data.revision + 1, impact };
  });
}

// ---------- tables ----------

/** Enables several tables at once, each with its default config; every name must be a snapshot table not yet in the project. */
export async function enableTables(
  db: Db,
  actor: AuditActor,
  input: EnableTablesInput,
  options: MutationOptions = {},
): Promise<{ revisions: Record<string, number> }> {
  return runInTransaction(db, (ctx) => enableTablesInTx(ctx, actor, input, options));
}

export async function enableTablesInTx(
  { tx, loadSnapshot }: WriteContext,
  actor: AuditActor,
  input: EnableTablesInput,
  options: MutationOptions = {},
): Promise<{ revisions: Record<string, number> }> {
  const data = parseInput(EnableTablesInputSchema, input, "tables");
  const project = await loadProjectRow(tx, data.projectId);
  const snapshot = await loadSnapshot(project.snapshotId);
  const byName = new Map(snapshot.tables.map((t) => [t.logicalName, t]));
  const existing = new Set(
    (await tx.tableConfig.findMany({ where: { projectId: data.projectId }, select: { tableName: true } })).map(
      (t) => t.tableName,
    ),
  );
  const problems: FieldProblem[] = [];
  data.tableNames.forEach((name, index) => {
    if (!byName.has(name))
      problems.push({
        path: `tableNames[${index}]`,
        message: `Table '${name}' is not in the project's metadata snapshot`,
      });
    else if (existing.has(name))
      problems.push({ path: `tableNames[${index}]`, message: `Table '${name}' is already in the project` });
  });
  if (problems.length) invalid("tables", problems);
  const configs = data.tableNames.map((name) => newTableConfig(byName.get(name)!, data.syncMode));
  try {
    await tx.tableConfig.createMany({
      data: configs.map((c) => ({
        projectId: data.projectId,
        tableName: c.tableName,
        document: tableDocumentText(c),
        updatedById: actor.id,
      })),
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError("conflict", "Another admin enabled one of these tables meanwhile: reload and pick again");
    throw error;
  }
  await audit(tx, {
    actor,
    action: "project.tables.enable",
    targetType: "project",
    targetId: data.projectId,
    summary: `Enabled ${countOf(configs.length, "table")} in '${project.name}': ${data.tableNames.join(", ")}`,
    after: configs.map((c) => ({ table: c.tableName, columns: c.columns.length, syncMode: c.syncMode })),
    requestId: options.requestId,
  });
  return { revisions: Object.fromEntries(configs.map((c) => [c.tableName, 1])) };
}

/** Removes a table from the project; its revision must be current (so nobody's unsaved edit is dropped silently). */
export async function removeTable(
  db: Db,
  actor: AuditActor,
  input: RemoveTableInput,
  options: MutationOptions = {},
): Promise<{ ok: true }> {
  return runInTransaction(db, (ctx) => removeTableInTx(ctx, actor, input, options));
}

export async function removeTableInTx(
  { tx }: WriteContext,
  actor: AuditActor,
  input: RemoveTableInput,
  options: MutationOptions = {},
): Promise<{ ok: true }> {
  const data = parseInput(RemoveTableInputSchema, input, "table");
  const row = await tx.tableConfig.findUnique({
    where: { projectId_tableName: { projectId: data.projectId, tableName: data.tableName } },
  });
  if (!row) throw new AppError("not_found", `Table '${data.tableName}' is not enabled in this project`);
  const { count } = await tx.tableConfig.deleteMany({
    where: { projectId: data.projectId, tableName: data.tableName, revision: data.revision },
  });
  if (count === 0)
    throw new AppError(
      "conflict",
      `Another admin changed '${data.tableName}' (revision ${row.revision}, you loaded ${data.revision}): reload before removing it`,
      { details: { theirRevision: row.revision } },
    );
  const before = parseTableDocument(row.document, `table '${data.tableName}'`);
  const entry = auditTableConfigSave(before, undefined);
  await audit(tx, {
    actor,
    action: "project.table.remove",
    targetType: "project",
    targetId: data.projectId,
    summary: entry.summary,
    before: entry.before,
    requestId: options.requestId,
  });
  return { ok: true as const };
}

export const SaveTableConfigRequestSchema = SaveTableConfigInputSchema.extend({
  tableName: z
    .string()
    .min(1, "Table name is required")
    .max(128)
    .describe("The table the save is for; must equal config.tableName."),
  overwrite: z
    .boolean()
    .optional()
    .describe("The admin saw the conflict and overwrites the other admin's revision knowingly."),
  base: z
    .unknown()
    .optional()
    .describe("The config as this admin loaded it, to tell them what the other admin changed."),
});
export type SaveTableConfigRequest = z.input<typeof SaveTableConfigRequestSchema>;

export type { TableConflictDetails };

/**
 * Saves one table config. Normalizes it (locked columns always in), validates it against the project's
 * snapshot (new unknown columns are refused, naming them), and writes it only if the stored revision is
 * still `revision`: a stale save throws AppError("conflict") whose details are TableConflictDetails.
 */
export async function saveTableConfig(
  db: Db,
  actor: AuditActor,
  input: SaveTableConfigRequest,
  options: MutationOptions = {},
): Promise<{ ok: true; revision: number; config: TableConfig }> {
  return runInTransaction(db, (ctx) => saveTableConfigInTx(ctx, actor, input, options));
}

export async function saveTableConfigInTx(
  { tx, loadSnapshot }: WriteContext,
  actor: AuditActor,
  input: SaveTableConfigRequest,
  options: MutationOptions = {},
): Promise<{ ok: true; revision: number; config: TableConfig }> {
  const data = parseInput(SaveTableConfigRequestSchema, input, "table config");
  if (data.config.tableName !== data.tableName) {
    invalid("table config", [
      {
        path: "config.tableName",
        message: `The config is for '${data.config.tableName}', the save for '${data.tableName}'`,
      },
    ]);
  }
  // Scoped by project AND table in one where clause: a request naming another project's table finds nothing.
  const row = await tx.tableConfig.findUnique({
    where: { projectId_tableName: { projectId: data.projectId, tableName: data.tableName } },
    include: { project: { select: { snapshotId: true, name: true } } },
  });
  if (!row) throw new AppError("not_found", `Table '${data.tableName}' is not enabled in this project`);
  const previous = parseTableDocument(row.document, `table '${data.tableName}'`);
  const snapshot = await loadSnapshot(row.project.snapshotId);
  const problems = [
    ...unknownColumnProblems(data.config, snapshot, previous),
    ...relatedSourceProblems(data.config, snapshot),
  ];
  if (problems.length) invalid("table config", problems);

  const table = snapshot.tables.find((t) => t.logicalName === data.tableName);
  const others = await tx.tableConfig.findMany({
    where: { projectId: data.projectId, NOT: { tableName: data.tableName } },
    select: { tableName: true, document: true },
  });
  // Only "related rows only" filters of other tables lock columns here; skip parsing the rest.
  const relatedTables = others
    .filter((o) => o.document.includes('"related"'))
    .map((o) => parseTableDocument(o.document, `table '${o.tableName}'`));
  const config = normalizeTableConfig(data.config, table, relatedTables);
  const afterNormalize = unknownColumnProblems(config, snapshot, previous);
  if (afterNormalize.length) invalid("table config", afterNormalize);

  const { count } = await tx.tableConfig.updateMany({
    where: { id: row.id, projectId: data.projectId, tableName: data.tableName, revision: data.revision },
    data: { document: tableDocumentText(config), revision: { increment: 1 }, updatedById: actor.id },
  });
  if (count === 0) {
    const current = await tx.tableConfig.findUnique({
      where: { projectId_tableName: { projectId: data.projectId, tableName: data.tableName } },
    });
    if (!current)
      throw new AppError("not_found", `Table '${data.tableName}' was removed from this project by another admin`);
    const theirs = parseTableDocument(current.document, `table '${data.tableName}'`);
    const base = SaveTableConfigInputSchema.shape.config.safeParse(data.base);
    const user = current.updatedById
      ? await tx.user.findUnique({ where: { id: current.updatedById }, select: { name: true, email: true } })
      : null;
    const details: TableConflictDetails = {
      theirs,
      theirRevision: current.revision,
      updatedBy: user ? `${user.name} <${user.email}>` : null,
      changes: describeConflict(base.success ? base.data : config, config, theirs, { metadata: snapshot }),
    };
    throw new AppError(
      "conflict",
      `Another admin${details.updatedBy ? ` (${details.updatedBy})` : ""} saved '${data.tableName}' meanwhile (revision ${current.revision}, you loaded ${data.revision})`,
      { details },
    );
  }
  // Revisions only grow, so the row read above (at `revision`, or the UPDATE would have matched nothing) is the one replaced.
  const entry = auditTableConfigSave(previous, config, { metadata: snapshot });
  await audit(tx, {
    actor,
    action: "project.table.save",
    targetType: "project",
    targetId: data.projectId,
    summary: `${data.overwrite ? "Overwrote another admin's change: " : ""}${entry.summary}`,
    before: entry.before,
    after: entry.after,
    requestId: options.requestId,
  });
  return { ok: true as const, revision: data.revision + 1, config };
}

// ---------- acknowledged warnings ----------

/**
 * Acknowledges one warning of the saved project as intended, with a note (again: replaces the note). The
 * warning is looked up by validating the saved project as the panel does, so only a warning that is raised
 * now can be acknowledged, never an error or a note, and its fingerprint is the server's, not the browser's.
 * Stored in the project's settings (so the project file carries it), guarded by the project revision.
 */
export async function acknowledgeWarning(
  db: Db,
  actor: AuditActor,
  input: AcknowledgeWarningInput,
  options: MutationOptions = {},
): Promise<{ revision: number }> {
  return runInTransaction(db, (ctx) => acknowledgeWarningInTx(ctx, actor, input, options));
}

export async function acknowledgeWarningInTx(
  { tx, loadSnapshot }: WriteContext,
  actor: AuditActor,
  input: AcknowledgeWarningInput,
  options: MutationOptions = {},
): Promise<{ revision: number }> {
  const data = parseInput(AcknowledgeWarningInputSchema, input, "acknowledgement");
  const row = await loadProjectRow(tx, data.projectId);
  const { project } = await loadProjectDocument(tx, data.projectId);
  const snapshot = await loadSnapshot(project.snapshotId);
  const knownRoles = knownRolesOf(parseEnvironmentRoles(row.environment.rolesJson));
  const issue = validateProject(project, metadataForProject(project, snapshot), { knownRoles }).find(
    (i) => i.id === data.issueId,
  );
  if (!issue)
    invalid("acknowledgement", [
      {
        path: "issueId",
        message: "The saved project does not raise this warning (any more): save your changes, then acknowledge it",
      },
    ]);
  if (!canAcknowledge(issue))
    invalid("acknowledgement", [
      {
        path: "issueId",
        message: `Only warnings can be acknowledged; this is ${issue.severity === "error" ? "an error: fix it" : "a note"}`,
      },
    ]);
  const before = project.settings.acknowledgements ?? [];
  const previous = before.find((a) => a.issueId === issue.id);
  if (!previous && before.length >= MAX_ACKNOWLEDGEMENTS)
    invalid("acknowledgement", [
      {
        path: "issueId",
        message: `The project already keeps ${MAX_ACKNOWLEDGEMENTS} acknowledged warnings, the most it can: withdraw some that no longer apply first`,
      },
    ]);
  const ack = {
    issueId: issue.id,
    code: issue.code,
    fingerprint: issueFingerprint(issue),
    note: data.note,
    by: actor.label,
    at: new Date().toISOString(),
  };
  const settings = { ...project.settings, acknowledgements: withAcknowledgement(before, ack) };
  const { count } = await tx.project.updateMany({
    where: { id: data.projectId, revision: data.revision },
    data: { settings: settingsText(settings, "acknowledgement"), revision: { increment: 1 } },
  });
  if (count === 0) await staleProject(tx, data.projectId, data.revision);
  const where = [issue.table, issue.column].filter(Boolean).join(".");
  await audit(tx, {
    actor,
    action: "project.warning.acknowledge",
    targetType: "project",
    targetId: data.projectId,
    summary: `${previous ? "Changed the acknowledgement of" : "Acknowledged"} the warning '${issueTitle({ code: issue.code })}'${where ? ` on ${where}` : ""} in '${row.name}': ${data.note}`,
    before: previous ?? null,
    after: { ...ack, message: issue.message },
    requestId: options.requestId,
  });
  return { revision: data.revision + 1 };
}

/** Withdraws the acknowledgement of a warning: the panel shows it as open again. */
export async function withdrawAcknowledgement(
  db: Db,
  actor: AuditActor,
  input: WithdrawAcknowledgementInput,
  options: MutationOptions = {},
): Promise<{ revision: number }> {
  return runInTransaction(db, (ctx) => withdrawAcknowledgementInTx(ctx, actor, input, options));
}

export async function withdrawAcknowledgementInTx(
  { tx }: WriteContext,
  actor: AuditActor,
  input: WithdrawAcknowledgementInput,
  options: MutationOptions = {},
): Promise<{ revision: number }> {
  const data = parseInput(WithdrawAcknowledgementInputSchema, input, "acknowledgement");
  const row = await loadProjectRow(tx, data.projectId);
  const settings = parseSettings(row.settings, row.id);
  const before = settings.acknowledgements ?? [];
  const previous = before.find((a) => a.issueId === data.issueId);
  if (!previous) throw new AppError("not_found", "This warning is not acknowledged (another admin withdrew it?)");
  const rest = withoutAcknowledgement(before, data.issueId);
  const after: typeof settings = { ...settings, acknowledgements: rest };
  if (!rest.length) delete after.acknowledgements;
  const { count } = await tx.project.updateMany({
    where: { id: data.projectId, revision: data.revision },
    data: { settings: settingsText(after), revision: { increment: 1 } },
  });
  if (count === 0) await staleProject(tx, data.projectId, data.revision);
  await audit(tx, {
    actor,
    action: "project.warning.withdraw",
    targetType: "project",
    targetId: data.projectId,
    summary: `Withdrew the acknowledgement of the warning '${issueTitle({ code: previous.code })}' in '${row.name}' (acknowledged by ${previous.by})`,
    before: previous,
    requestId: options.requestId,
  });
  return { revision: data.revision + 1 };
}
