// Reads of app projects: the whole project as one ProjectDocument (for validation, publishing and the
// editor), the project list, one table config with its revision. Stored documents are parsed by the schema.
import "server-only";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/app-error";
import { ProjectSettingsSchema, TableConfigSchema, DEFAULT_SETTINGS, type ProjectDocument, type ProjectRole, type ProjectSettings, type TableConfig } from "./schema";

export interface LoadedProject {
  project: ProjectDocument;
  /** Revision of each enabled table's config, by logical name: what a save must send back. */
  revisions: Record<string, number>;
  /** Revision of the project-level fields (name, description, settings, roles, snapshot). */
  projectRevision: number;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Settings as stored; a row written before a limit existed gets that limit's default. */
export function parseSettings(text: string, projectId: string): ProjectSettings {
  let raw: unknown;
  try {
    raw = JSON.parse(text || "{}");
  } catch {
    throw new AppError("internal", `The settings of project ${projectId} are not valid JSON`);
  }
  const parsed = ProjectSettingsSchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : { limits: { ...DEFAULT_SETTINGS.limits } };
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
  if (!parsed.success) throw new AppError("internal", `The stored config of ${where} does not match the schema: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

function toRoles(rows: Array<{ roleName: string; roleId: string | null; priority: number }>): ProjectRole[] {
  return rows
    .map((r) => ({ roleName: r.roleName, ...(r.roleId ? { roleId: r.roleId } : {}), priority: r.priority }))
    .sort((a, b) => byText(a.roleName.toLowerCase(), b.roleName.toLowerCase()) || byText(a.roleName, b.roleName));
}

/** The whole project as one document (tables sorted by name, roles by name), with every revision. */
export async function loadProjectDocument(db: Db, projectId: string): Promise<LoadedProject> {
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
  snapshot: { id: string; sourceName: string; createdAt: Date };
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
      snapshot: { select: { id: true, sourceName: true, createdAt: true } },
      roles: true,
      _count: { select: { tables: true } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    environment: r.environment,
    snapshot: r.snapshot,
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
  const user = row.updatedById ? await db.user.findUnique({ where: { id: row.updatedById }, select: { name: true, email: true } }) : null;
  return {
    config: parseTableDocument(row.document, `table '${tableName}'`),
    revision: row.revision,
    updatedAt: row.updatedAt,
    updatedBy: user ? `${user.name} <${user.email}>` : null,
  };
}
