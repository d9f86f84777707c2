// The sync filter of one table of a project: the visual editor with the table, its related tables and their
// relationships from the project's snapshot, and the footprint preview when the environment is connected.
import { getDb } from "@/lib/db/client";
import { can } from "@/lib/auth/roles";
import { loadSyncFilterEditor } from "@/lib/customization/data";
import { getCurrentUser } from "@/app/_server/request-context";
import { FilterEditor } from "@/components/filter-editor/filter-editor";
import { listPreviewUsersAction, previewFootprintAction, previewProjectFootprintAction } from "./actions";
import { saveTableConfigAction } from "../actions";
import { orNotFound } from "@/app/_server/page-data";

export const metadata = { title: "Sync filter" };

export default async function FilterPage({ params }: { params: Promise<{ projectId: string; table: string }> }) {
  const { projectId, table } = await params;
  const [user, data] = await Promise.all([
    getCurrentUser(),
    orNotFound(loadSyncFilterEditor(getDb(), projectId, table)),
  ]);
  return (
    <FilterEditor
      key={`${table}:${data.table.revision}`}
      projectId={projectId}
      tableName={table}
      metadata={data.metadata}
      loaded={{ config: data.table.config, revision: data.table.revision }}
      canEdit={!!user && can(user.role, "edit")}
      limits={data.limits}
      relatedCandidates={data.relatedCandidates}
      save={saveTableConfigAction}
      footprint={{
        connected: data.environment.connected,
        environmentName: data.environment.name,
        actions: {
          users: listPreviewUsersAction,
          preview: previewFootprintAction,
          previewProject: previewProjectFootprintAction,
        },
      }}
    />
  );
}
