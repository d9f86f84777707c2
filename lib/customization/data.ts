// Reads of app projects: the whole project as one ProjectDocument (for validation, publishing and the
// editor), the project list, one table config with its revision. Stored documents are parsed by the schema.
import { snapshotDisplayName } from "@/lib/metadata/snapshot-name";
import "server-only";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/sqlite/client";
import { AppError } from "@/lib/app-error";
import { fieldProblems, invalidInput } from "@/lib/parse-input";
import { loadSnapshotDocument } from "@/lib/metadata/data";
import { type MetadataDocument, type Table } from "@/lib/metadata/schema";
import { columnLabel, tableLabel, tablePluralLabel } from "@/lib/metadata/naming";
import { parseEnvironmentRoles } from "@/lib/environments/org-roles";
import { knownRolesOf, type KnownRoles } from "@/lib/environments/known-roles";
import { loadEnvironment } from "@/lib/environments/data";
import { inferRelatedSources } from "@/lib/filters/validate";
import { filterColumnUses } from "./filter-usage";
import { retargetImpact, type RetargetImpact } from "./retarget";
import {
  ProjectSettingsSchema,
  TableConfigSchema,
  type ProjectDocument,
  type ProjectRole,
  type ProjectSettings,
  type TableConfig,
} from "./schema";

export interface LoadedProject {
  project: ProjectDocument;
  /** Revision of each enabled table's config, by logical name: what a save must send back. */
  revisions: Record<string, number>;
  /** Revision of the project-level fields (name, description, settings, roles, snapshot). */
  projectRevision: number;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Settings as stored; a row written before a limit existed gets that limit's default. Settings that no longer parse
 * are a bug or tampering, and refused loudly: taken for the defaults, they would publish the default (lax) security
 * policy in place of the project's own.
 */
export function parseSettings(text: string, projectId: string): ProjectSettings {
  let raw: unknown;
  try {
    raw = JSON.parse(text || "{}");
  } catch {
    throw new AppError("internal", `The settings of project ${projectId} are not valid JSON`);
  }
  const parsed = ProjectSettingsSchema.safeParse(raw ?? {});
  if (!parsed.success)
    throw new AppError(
      "internal",
      `The stored settings of project ${projectId} do not match the schema: ${fieldProblems(parsed.error, "settings")
        .map((p) => `${p.path}: ${p.message}`)
        .join("; ")}`,
    );
  return parsed.data;
}

/**
 * Settings as they are stored: checked against the schema first (the one way every write stores them), so that
 * no write can store settings parseSettings would refuse. An invalid-input AppError names the field.
 */
export function settingsText(settings: ProjectSettings, what = "project"): string {
  const parsed = ProjectSettingsSchema.safeParse(settings);
  if (!parsed.success) throw invalidInput(what, fieldProblems(parsed.error, "settings"));
  return JSON.stringify(parsed.data);
}

/** A stored table config document. A row that no longer parses is a bug or tampering, not user input. */
export function parseTableDocument(text: string, where: string): TableConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppError("internal", `The stored config of ${where} is not valid JSON`);
  }
  const parsed = TableConfigSchema.safeParse(raw);
  if (!parsed.success)
    throw new AppError(
      "internal",
      `The stored config of ${where} does not match the schema: ${parsed.error.issues[0]?.message}`,
    );
  return parsed.data;
}

/**
 * A table config as it is stored: checked against the schema first, so that no write stores a document
 * parseTableDocument would refuse (the project's pages, publish and export would then all fail). What the save
 * adds on its own (columns a filter, view or rule uses) is checked here too. An invalid-input AppError names the field.
 */
export function tableDocumentText(config: TableConfig): string {
  const parsed = TableConfigSchema.safeParse(config);
  if (!parsed.success) {
    // A column the save added names itself: the admin typed it in a filter, view, form or rule, not in the list.
    const problems = fieldProblems(parsed.error, "config").map((p) => {
      const at = /^config\.(columns|readOnlyColumns)\[(\d+)\]$/.exec(p.path);
      const name = at ? config[at[1] as "columns" | "readOnlyColumns"][Number(at[2])] : undefined;
      return name === undefined
        ? p
        : { ...p, message: `Column '${name}' (selected, or used by a filter, view, form or rule): ${p.message}` };
    });
    throw invalidInput("table config", problems);
  }
  return JSON.stringify(parsed.data);
}

function toRoles(rows: Array<{ roleName: string; roleId: string | null; priority: number }>): ProjectRole[] {
  return rows
    .map((r) => ({ roleName: r.roleName, ...(r.roleId ? { roleId: r.roleId } : {}), priority: r.priority }))
    .sort((a, b) => byText(a.roleName.toLowerCase(), b.roleName.toLowerCase()) || byText(a.roleName, b.roleName));
}

/** The whole project as one document (tables sorted by name, roles by name), with every revision; also inside a write's transaction. */
export async function loadProjectDocument(
  db: Db | Prisma.TransactionClient,
  projectId: string,
): Promise<LoadedProject> {
  const row = await db.project.findUnique({
    where: { id: projectId },
    include: { roles: true, tables: { orderBy: { tableName: "asc" } } },
  });
  if (!row) throw new AppError("not_found", `No project with id '${projectId}'`);
  const revisions: Record<string, number> = {};
  const tables: TableConfig[] = [];
  for (const t of row.tables) {
    tables.push(parseTableDocument(t.document, `table '${t.tableName}' of project '${row.name}'`));
    revisions[t.tableName] = t.revision;
  }
  tables.sort((a, b) => byText(a.tableName, b.tableName));
  const project: ProjectDocument = {
    name: row.name,
    description: row.description,
    environmentId: row.environmentId,
    snapshotId: row.snapshotId,
    roles: toRoles(row.roles),
    settings: parseSettings(row.settings, row.id),
    tables,
  };
  return { project, revisions, projectRevision: row.revision };
}

export interface ProjectListItem {
  id: string;
  name: string;
  description: string;
  environment: { id: string; name: string };
  snapshot: { id: string; name: string; sourceName: string; createdAt: Date };
  tableCount: number;
  roles: ProjectRole[];
  updatedAt: Date;
}

/** Every project, by name, with what the list shows. */
export async function listProjects(db: Db): Promise<ProjectListItem[]> {
  const rows = await db.project.findMany({
    orderBy: { name: "asc" },
    include: {
      environment: { select: { id: true, name: true } },
      snapshot: { select: SNAPSHOT_CHOICE_SELECT },
      roles: true,
      _count: { select: { tables: true } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    environment: r.environment,
    snapshot: {
      id: r.snapshot.id,
      name: snapshotDisplayName(r.snapshot),
      sourceName: r.snapshot.sourceName,
      createdAt: r.snapshot.createdAt,
    },
    tableCount: r._count.tables,
    roles: toRoles(r.roles),
    updatedAt: r.updatedAt,
  }));
}

export interface LoadedTableConfig {
  config: TableConfig;
  revision: number;
  updatedAt: Date;
  /** Who saved it last ("Ada <ada@contoso.com>"), when known. */
  updatedBy: string | null;
}

/** One enabled table of a project; not_found when the project does not have it. */
export async function loadTableConfig(db: Db, projectId: string, tableName: string): Promise<LoadedTableConfig> {
  const row = await db.tableConfig.findUnique({ where: { projectId_tableName: { projectId, tableName } } });
  if (!row) throw new AppError("not_found", `Table '${tableName}' is not enabled in this project`);
  const user = row.updatedById
    ? await db.user.findUnique({ where: { id: row.updatedById }, select: { name: true, email: true } })
    : null;
  return {
    config: parseTableDocument(row.document, `table '${tableName}'`),
    revision: row.revision,
    updatedAt: row.updatedAt,
    updatedBy: user ? `${user.name} <${user.email}>` : null,
  };
}

// ---------- the editor's workspace ----------

export interface CatalogTable {
  logicalName: string;
  label: string;
  ownership: Table["ownership"];
  isActivity: boolean;
  custom: boolean;
  columnCount: number;
  offlineEnabled?: boolean;
}

export interface SnapshotChoice {
  id: string;
  /** The name to show (given or automatic: lib/metadata/snapshot-name.ts). */
  name: string;
  sourceName: string;
  createdAt: string;
  tableCount: number;
  columnCount: number;
}

export interface ProjectWorkspace {
  projectId: string;
  loaded: LoadedProject;
  environment: { id: string; name: string; connected: boolean };
  /** The security roles the environment knows (the org's list, else its solutions'): the editor's picker. */
  knownRoles: KnownRoles;
  snapshot: SnapshotChoice;
  /** Every snapshot of the environment, newest first: what the project can be re-targeted to. */
  snapshots: SnapshotChoice[];
  /**
   * The part of the snapshot the project touches (its tables, the tables its filters link to, their
   * relationships): enough for validateProject in the browser to give the server's answer.
   */
  metadata: MetadataDocument;
  /** Every table of the snapshot, light, for the "Enable tables" picker. */
  catalog: CatalogTable[];
}

/** The tables a project's filters reach (links), besides its own tables. */
function linkedTables(project: ProjectDocument): Set<string> {
  const names = new Set<string>();
  for (const config of project.tables) {
    const groups = [config.syncFilter?.filter, ...config.views.map((v) => v.filter)];
    for (const group of groups) for (const use of filterColumnUses(group, config.tableName)) names.add(use.table);
    for (const source of config.syncFilter?.related?.sources ?? []) names.add(source.table);
  }
  return names;
}

/** The part of `snapshot` that validating `project` reads. */
export function metadataForProject(project: ProjectDocument, snapshot: MetadataDocument): MetadataDocument {
  const wanted = linkedTables(project);
  for (const t of project.tables) wanted.add(t.tableName);
  return {
    format: snapshot.format,
    tables: snapshot.tables.filter((t) => wanted.has(t.logicalName)),
    relationships: snapshot.relationships.filter((r) =>
      [r.table1, r.table2, r.referencedTable, r.referencingTable].some((t) => t && wanted.has(t)),
    ),
    globalOptionSets: snapshot.globalOptionSets,
  };
}

const SNAPSHOT_CHOICE_SELECT = {
  id: true,
  name: true,
  source: true,
  sourceName: true,
  createdAt: true,
  tableCount: true,
  columnCount: true,
} as const;

function toChoice(s: {
  id: string;
  name: string | null;
  source: string;
  sourceName: string;
  createdAt: Date;
  tableCount: number;
  columnCount: number;
}): SnapshotChoice {
  return {
    id: s.id,
    name: snapshotDisplayName(s),
    sourceName: s.sourceName,
    createdAt: s.createdAt.toISOString(),
    tableCount: s.tableCount,
    columnCount: s.columnCount,
  };
}

/** Everything the project screens show and validate with, in one call. */
export async function loadProjectWorkspace(db: Db, projectId: string): Promise<ProjectWorkspace> {
  const loaded = await loadProjectDocument(db, projectId);
  const [environment, snapshots, snapshot] = await Promise.all([
    loadEnvironment(db, loaded.project.environmentId),
    db.metadataSnapshot.findMany({
      where: { environmentId: loaded.project.environmentId },
      orderBy: { createdAt: "desc" },
      select: SNAPSHOT_CHOICE_SELECT,
    }),
    loadSnapshotDocument(db, loaded.project.snapshotId),
  ]);
  const current = snapshots.find((s) => s.id === loaded.project.snapshotId)!;
  return {
    projectId,
    loaded,
    environment: { id: environment.id, name: environment.name, connected: environment.connected },
    knownRoles: environment.knownRoles,
    snapshot: toChoice(current),
    snapshots: snapshots.map(toChoice),
    metadata: metadataForProject(loaded.project, snapshot),
    catalog: snapshot.tables.map((t) => ({
      logicalName: t.logicalName,
      label: tableLabel(t, t.logicalName),
      ownership: t.ownership,
      isActivity: t.isActivity,
      custom: t.custom,
      columnCount: t.columns.length,
      ...(t.offlineEnabled !== undefined ? { offlineEnabled: t.offlineEnabled } : {}),
    })),
  };
}

export interface EnvironmentChoice {
  id: string;
  name: string;
  /** The security roles the environment knows, for the roles picker. */
  knownRoles: KnownRoles;
  snapshots: SnapshotChoice[];
}

/** Environments with their snapshots and roles: the choices of the "New project" form. */
export async function loadProjectChoices(db: Db): Promise<EnvironmentChoice[]> {
  const rows = await db.environment.findMany({
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      rolesJson: true,
      snapshots: {
        orderBy: { createdAt: "desc" },
        select: SNAPSHOT_CHOICE_SELECT,
      },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    knownRoles: knownRolesOf(parseEnvironmentRoles(r.rolesJson)),
    snapshots: r.snapshots.map(toChoice),
  }));
}

/** Every project's roles, for the resulting priority order across projects. */
export async function loadRoleAssignments(
  db: Db,
): Promise<Array<{ projectId: string; projectName: string; roles: ProjectRole[] }>> {
  const rows = await db.project.findMany({ select: { id: true, name: true, roles: true } });
  return rows.map((r) => ({ projectId: r.id, projectName: r.name, roles: toRoles(r.roles) }));
}

/** What moving the project to `snapshotId` (a snapshot of its environment) changes for it, before accepting. */
export async function previewRetarget(db: Db, projectId: string, snapshotId: string): Promise<RetargetImpact> {
  const { project } = await loadProjectDocument(db, projectId);
  const target = await db.metadataSnapshot.findFirst({
    where: { id: snapshotId, environmentId: project.environmentId },
    select: { id: true },
  });
  if (!target)
    throw new AppError("invalid", "That snapshot is not a snapshot of this project's environment", {
      problems: [
        { path: "snapshotId", message: `Snapshot '${snapshotId}' is not a snapshot of this project's environment` },
      ],
    });
  const [oldSnapshot, newSnapshot] = await Promise.all([
    loadSnapshotDocument(db, project.snapshotId),
    loadSnapshotDocument(db, snapshotId),
  ]);
  return retargetImpact(project, oldSnapshot, newSnapshot);
}

// ---------- the sync-filter editor ----------

/** The table, every table one relationship away, and those relationships: what the filter editor offers. */
function neighbourhood(snapshot: MetadataDocument, table: string): MetadataDocument {
  const relationships = snapshot.relationships.filter(
    (r) => r.kind === "one-to-many" && (r.referencedTable === table || r.referencingTable === table),
  );
  const names = new Set([table]);
  for (const r of relationships) {
    if (r.referencedTable) names.add(r.referencedTable);
    if (r.referencingTable) names.add(r.referencingTable);
  }
  return {
    format: snapshot.format,
    tables: snapshot.tables.filter((t) => names.has(t.logicalName)),
    relationships,
    globalOptionSets: {},
  };
}

/** A lookup of another offline table of the project that can bring this table's rows ("related rows only"). */
export interface RelatedCandidate {
  table: string;
  column: string;
  label: string;
}

export interface SyncFilterEditorData {
  table: LoadedTableConfig;
  /** The table, its neighbours and their relationships from the project's snapshot. */
  metadata: MetadataDocument;
  limits: { maxConditions: number; maxLinks: number };
  relatedCandidates: RelatedCandidate[];
  /** Whether the footprint preview can ask the org, and the environment's name to say whose org. */
  environment: { name: string; connected: boolean };
}

/** Everything the sync-filter page shows of one table. Throws not_found for an unknown project or table. */
export async function loadSyncFilterEditor(
  db: Db,
  projectId: string,
  tableName: string,
): Promise<SyncFilterEditorData> {
  const [table, { project }] = await Promise.all([
    loadTableConfig(db, projectId, tableName),
    loadProjectDocument(db, projectId),
  ]);
  const [snapshot, environment] = await Promise.all([
    loadSnapshotDocument(db, project.snapshotId),
    loadEnvironment(db, project.environmentId),
  ]);
  const relatedCandidates = inferRelatedSources(
    tableName,
    project.tables.map((t) => ({ table: t.tableName, mode: t.syncMode, filter: t.syncFilter, columns: t.columns })),
    snapshot,
  ).map((s) => {
    const source = snapshot.tables.find((t) => t.logicalName === s.table);
    const column = source?.columns.find((c) => c.logicalName === s.column);
    return {
      ...s,
      label: `${tablePluralLabel(source, s.table)} through ${columnLabel(column, s.column)} (${s.table}.${s.column})`,
    };
  });
  return {
    table,
    metadata: neighbourhood(snapshot, tableName),
    limits: { maxConditions: project.settings.limits.maxConditions, maxLinks: project.settings.limits.maxLinks },
    relatedCandidates,
    environment: { name: environment.name, connected: environment.connected },
  };
}
