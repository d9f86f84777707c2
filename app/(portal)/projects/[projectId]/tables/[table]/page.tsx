import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { isAppError } from "@/lib/app-error";
import { loadTableConfig } from "@/lib/customization/data";
import { TableEditor } from "@/components/projects/table-editor";
import { saveTableConfigAction } from "./actions";

export const metadata = { title: "Table" };

export default async function TablePage({ params }: { params: Promise<{ projectId: string; table: string }> }) {
  const { projectId, table } = await params;
  const loaded = await loadTableConfig(getDb(), projectId, table).catch((error: unknown) => {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  });
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
