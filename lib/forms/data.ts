// Reads for the views and forms designer: one table's config with its revision, the table's metadata from the
// project's snapshot, the relationships an associated list can use, the other project tables with their views; and
// the org's forms and views for a table, kept with the snapshot (solution imports) or read from the live org on demand.
import "server-only";
import { AppError } from "@/lib/app-error";
import type { Db } from "@/lib/db/client";
import type { DataverseClient } from "@/lib/dataverse/client";
import { clientForEnvironment } from "@/lib/environments/dataverse-clients";
import { importOrgForm, orgFormKind } from "@/lib/forms/import-form";
import { importOrgView } from "@/lib/forms/import-view";
import { readLiveOrgDefinitions } from "@/lib/forms/live-definitions";
import { guidId, type OrgDefinitions } from "@/lib/metadata/org-definitions";
import type {
  ImportedOrgForm,
  ImportedOrgView,
  OrgCatalog,
  OrgCatalogRequest,
  OrgDefinitionRequest,
  OrgDefinitionsAvailability,
} from "@/lib/forms/org-import-schema";
import { loadSnapshotDocument, readStoredOrgDefinitions } from "@/lib/metadata/data";
import type { MetadataDocument } from "@/lib/metadata/schema";
import { loadProjectDocument, loadTableConfig } from "@/lib/customization/data";
import type { Table } from "@/lib/metadata/schema";
import { tableLabel } from "@/lib/metadata/naming";
import type { TableConfig } from "@/lib/customization/schema";
import type { View } from "@/lib/forms/schema";
import { associatedChoices, type AssociatedChoice } from "@/lib/forms/associated";

/** The forms and views kept with a snapshot for one table; empty when the snapshot's source held none. */
export async function loadSnapshotOrgDefinitions(db: Db, snapshotId: string, table: string): Promise<OrgDefinitions> {
  const row = await db.snapshotOrgDefinitions.findUnique({
    where: { snapshotId_table: { snapshotId, table } },
    select: { definitions: true },
  });
  if (!row) return { forms: [], views: [] };
  return readStoredOrgDefinitions(row.definitions, snapshotId);
}

export interface OrgReadOptions {
  /** The Web API client of an environment (default: the environment's own, made from its settings). */
  clientFor?: (environmentId: string) => Promise<DataverseClient>;
}

interface Sourced {
  defs: OrgDefinitions;
  source: OrgCatalog["source"];
  metadata: MetadataDocument;
}

async function definitionsOf(db: Db, projectId: string, table: string, options: OrgReadOptions = {}): Promise<Sourced> {
  const project = await db.project.findUnique({
    where: { id: projectId },
    select: { snapshotId: true, environmentId: true, snapshot: { select: { source: true } } },
  });
  if (!project) throw new AppError("not_found", `No project with id '${projectId}'`);
  const metadata = await loadSnapshotDocument(db, project.snapshotId);
  if (!metadata.tables.some((t) => t.logicalName === table))
    throw new AppError("not_found", `The project's metadata snapshot has no table '${table}'.`);
  if (project.snapshot.source === "live") {
    const client = await (options.clientFor ?? ((id: string) => clientForEnvironment(db, id)))(project.environmentId);
    return { defs: await readLiveOrgDefinitions(client, table), source: "org", metadata };
  }
  return { defs: await loadSnapshotOrgDefinitions(db, project.snapshotId, table), source: "snapshot", metadata };
}

/** Whether the table has org forms and views to import, without reading them: the snapshot's counts, or "ask the org". */
export async function loadOrgDefinitionsAvailability(
  db: Db,
  projectId: string,
  table: string,
): Promise<OrgDefinitionsAvailability> {
  const project = await db.project.findUnique({
    where: { id: projectId },
    select: { snapshotId: true, snapshot: { select: { source: true } } },
  });
  if (!project) throw new AppError("not_found", `No project with id '${projectId}'`);
  if (project.snapshot.source === "live") return { source: "org" };
  const row = await db.snapshotOrgDefinitions.findUnique({
    where: { snapshotId_table: { snapshotId: project.snapshotId, table } },
    select: { formCount: true, viewCount: true },
  });
  return { source: "snapshot", forms: row?.formCount ?? 0, views: row?.viewCount ?? 0 };
}

/** The table's main, quick create, card and quick view forms and its views, with counts and what an import skips. */
export async function loadOrgCatalog(
  db: Db,
  request: OrgCatalogRequest,
  read: OrgReadOptions = {},
): Promise<OrgCatalog> {
  const { defs, source, metadata } = await definitionsOf(db, request.projectId, request.table, read);
  const options = { languageCode: request.languageCode, metadata };
  let otherForms = 0;
  const forms: OrgCatalog["forms"] = [];
  for (const def of defs.forms) {
    if (!orgFormKind(def)) {
      otherForms++;
      continue;
    }
    const f = importOrgForm(def, options);
    forms.push({
      id: f.id,
      name: f.name,
      kind: f.kind,
      active: def.active,
      counts: f.counts,
      skipped: f.skipped,
      importable: f.importable,
      ...(f.notImportableReason ? { notImportableReason: f.notImportableReason } : {}),
    });
  }
  const views: OrgCatalog["views"] = defs.views.map((def) => {
    const v = importOrgView(def, options);
    return {
      id: v.id,
      name: v.name,
      kind: v.kind,
      quickFind: v.quickFind,
      orgDefault: v.orgDefault,
      columns: v.columns,
      sort: v.sort,
      hasFilter: v.hasFilter,
      skipped: v.skipped,
      importable: v.importable,
      ...(v.notImportableReason ? { notImportableReason: v.notImportableReason } : {}),
    };
  });
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  return { table: request.table, source, forms: forms.sort(byName), views: views.sort(byName), otherForms };
}

/** One of the org's forms as a project Form, with what it leaves behind. */
export async function loadOrgForm(
  db: Db,
  request: OrgDefinitionRequest,
  read: OrgReadOptions = {},
): Promise<ImportedOrgForm> {
  const { defs, metadata } = await definitionsOf(db, request.projectId, request.table, read);
  const def = defs.forms.find((f) => f.id === guidId(request.id));
  if (!def) throw new AppError("not_found", `The org has no form ${guidId(request.id)} of '${request.table}'.`);
  if (!orgFormKind(def)) throw new AppError("invalid", `Form '${def.name}' is not a form a device opens.`);
  const imported = importOrgForm(def, { languageCode: request.languageCode, metadata });
  if (!imported.importable)
    throw new AppError("invalid", `Form '${imported.name}' is ${imported.notImportableReason}.`);
  return { form: imported.form, skipped: imported.skipped };
}

/** One of the org's views as a project View, with what it leaves behind. */
export async function loadOrgView(
  db: Db,
  request: OrgDefinitionRequest,
  read: OrgReadOptions = {},
): Promise<ImportedOrgView> {
  const { defs } = await definitionsOf(db, request.projectId, request.table, read);
  const def = defs.views.find((v) => v.id === guidId(request.id));
  if (!def) throw new AppError("not_found", `The org has no view ${guidId(request.id)} of '${request.table}'.`);
  const imported = importOrgView(def, { languageCode: request.languageCode });
  if (!imported.view) throw new AppError("invalid", `View '${imported.name}' is ${imported.notImportableReason}.`);
  return { view: imported.view, skipped: imported.skipped };
}

export interface DesignerProjectTable {
  tableName: string;
  label: string;
  views: View[];
}

export interface LoadedTableDesigner {
  projectId: string;
  tableName: string;
  tableLabel: string;
  config: TableConfig;
  revision: number;
  updatedAt: string;
  updatedBy: string | null;
  /** The table in the project's snapshot; undefined when a re-target dropped it. */
  table: Table | undefined;
  associated: AssociatedChoice[];
  /** Every table of the project by name, this one too (a lookup or an associated list can point at its own table). */
  projectTables: DesignerProjectTable[];
}

/** A table's Forms or Views page: the designers' data and whether (and from where) the org's own can be imported. */
export async function loadDesignerListPage(
  db: Db,
  projectId: string,
  tableName: string,
): Promise<{ loaded: LoadedTableDesigner; availability: OrgDefinitionsAvailability }> {
  const [loaded, availability] = await Promise.all([
    loadTableDesigner(db, projectId, tableName),
    loadOrgDefinitionsAvailability(db, projectId, tableName),
  ]);
  return { loaded, availability };
}

/** Everything the Views and Forms pages and their designers show; not_found when the table is not enabled. */
export async function loadTableDesigner(db: Db, projectId: string, tableName: string): Promise<LoadedTableDesigner> {
  const [loaded, { project }] = await Promise.all([
    loadTableConfig(db, projectId, tableName),
    loadProjectDocument(db, projectId),
  ]);
  const snapshot = await loadSnapshotDocument(db, project.snapshotId);
  const byName = new Map(snapshot.tables.map((t) => [t.logicalName, t]));
  const table = byName.get(tableName);
  return {
    projectId,
    tableName,
    tableLabel: tableLabel(table, tableName),
    config: loaded.config,
    revision: loaded.revision,
    updatedAt: loaded.updatedAt.toISOString(),
    updatedBy: loaded.updatedBy,
    table,
    associated: associatedChoices(
      tableName,
      snapshot,
      project.tables.map((t) => t.tableName),
    ),
    projectTables: project.tables.map((t) => {
      const other = byName.get(t.tableName);
      return {
        tableName: t.tableName,
        label: tableLabel(other, t.tableName),
        views: t.views,
      };
    }),
  };
}
