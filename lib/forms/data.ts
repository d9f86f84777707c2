// Reads for the views and forms designer: one table's config with its revision, the table's metadata from the
// project's snapshot, the relationships an associated list can use, and the other project tables with their
// views (for lookup pickers and associated lists; their columns are in the project workspace's metadata).
import "server-only";
import type { Db } from "@/lib/db/client";
import { loadProjectDocument, loadTableConfig } from "@/lib/customization/data";
import { loadSnapshotDocument } from "@/lib/metadata/data";
import { labelOf, type Table } from "@/lib/metadata/schema";
import type { TableConfig } from "@/lib/customization/schema";
import type { View } from "@/lib/forms/schema";
import { associatedChoices, type AssociatedChoice } from "@/lib/forms/associated";

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
    tableLabel: labelOf(table?.displayName, tableName),
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
        label: labelOf(other?.displayName, t.tableName),
        views: t.views,
      };
    }),
  };
}
