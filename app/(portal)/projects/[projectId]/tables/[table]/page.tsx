import { getDb } from "@/lib/db/client";
import { loadTableConfig } from "@/lib/customization/data";
import { TableEditor } from "@/components/projects/table-editor";
import { saveTableConfigAction } from "./actions";
import { orNotFound } from "@/app/_server/page-data";

export const metadata = { title: "Table" };

export default async function TablePage({ params }: { params: Promise<{ projectId: string; table: string }> }) {
  const { projectId, table } = await params;
  const loaded = await orNotFound(loadTableConfig(getDb(), projectId, table));
  return (
    <TableEditor
      key={`${table}:${loaded.revision}`}
      tableName={table}
      loaded={{
        config: loaded.config,
        revision: loaded.revision,
        updatedAt: loaded.updatedAt.toISOString(),
        updatedBy: loaded.updatedBy,
      }}
      save={saveTableConfigAction}
    />
  );
}
