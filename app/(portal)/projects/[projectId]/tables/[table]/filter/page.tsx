// The sync filter of one table of a project: the visual editor with the table, its related tables and their
// relationships from the project's snapshot, and the footprint preview when the environment is connected.
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { isAppError } from "@/lib/app-error";
import { can } from "@/lib/auth/roles";
import { loadProjectDocument, loadTableConfig } from "@/lib/customization/data";
import { loadSnapshotDocument } from "@/lib/metadata/data";
import { labelOf, type MetadataDocument } from "@/lib/metadata/schema";
import { inferRelatedSources } from "@/lib/filters/validate";
import { canConnect } from "@/lib/environments/dataverse-clients";
import { getCurrentUser } from "@/app/_server/request-context";
import { FilterEditor } from "@/components/filter-editor/filter-editor";
import { listPreviewUsersAction, previewFootprintAction, previewProjectFootprintAction } from "./actions";
import { saveTableConfigAction } from "../actions";

export const metadata = { title: "Sync filter" };

/** The table, every table one relationship away, and those relationships: what the editor offers. */
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

export default async function FilterPage({ params }: { params: Promise<{ projectId: string; table: string }> }) {
  const { projectId, table } = await params;
  const db = getDb();
  const user = await getCurrentUser();
  const notFoundOnMissing = (error: unknown): never => {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  };
  const [loaded, { project }] = await Promise.all([
    loadTableConfig(db, projectId, table).catch(notFoundOnMissing),
    loadProjectDocument(db, projectId).catch(notFoundOnMissing),
  ]);
  const [snapshot, environment] = await Promise.all([
    loadSnapshotDocument(db, project.snapshotId),
    db.environment.findUnique({
      where: { id: project.environmentId },
      select: { name: true, orgUrl: true, tenantId: true, clientId: true, secretCipher: true },
    }),
  ]);
  const metadataPart = neighbourhood(snapshot, table);
  const related = inferRelatedSources(
    table,
    project.tables.map((t) => ({ table: t.tableName, mode: t.syncMode, filter: t.syncFilter, columns: t.columns })),
    snapshot,
  ).map((s) => {
    const source = snapshot.tables.find((t) => t.logicalName === s.table);
    const column = source?.columns.find((c) => c.logicalName === s.column);
    return {
      ...s,
      label: `${labelOf(source?.displayCollectionName, s.table)} through ${labelOf(column?.displayName, s.column)} (${s.table}.${s.column})`,
    };
  });
  return (
    <FilterEditor
      key={`${table}:${loaded.revision}`}
      projectId={projectId}
      tableName={table}
      metadata={metadataPart}
      loaded={{ config: loaded.config, revision: loaded.revision }}
      canEdit={!!user && can(user.role, "edit")}
      limits={{ maxConditions: project.settings.limits.maxConditions, maxLinks: project.settings.limits.maxLinks }}
      relatedCandidates={related}
      save={saveTableConfigAction}
      footprint={{
        connected: !!environment && canConnect({ ...environment, hasSecret: !!environment.secretCipher }),
        environmentName: environment?.name ?? "The environment",
        actions: {
          users: listPreviewUsersAction,
          preview: previewFootprintAction,
          previewProject: previewProjectFootprintAction,
        },
      }}
    />
  );
}
