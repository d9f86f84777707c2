// The view designer of one view of a table, with its live list preview; saved through the table's save action.
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { loadTableDesigner } from "@/lib/forms/data";
import { ViewDesigner } from "@/components/view-designer/view-designer";
import { ImportedNotice } from "@/components/form-designer/imported-notice";
import { saveTableConfigAction } from "../../actions";
import { orNotFound } from "@/app/_server/page-data";

export const metadata = { title: "View designer" };

export default async function ViewDesignerPage({
  params,
}: {
  params: Promise<{ projectId: string; table: string; viewId: string }>;
}) {
  const { projectId, table, viewId } = await params;
  const loaded = await orNotFound(loadTableDesigner(getDb(), projectId, table));
  if (!loaded.config.views.some((v) => v.id === viewId)) notFound();
  return (
    <>
      <ImportedNotice projectId={projectId} table={table} what="views" id={viewId} />
      <ViewDesigner
        key={`${table}:${viewId}:${loaded.revision}`}
        loaded={loaded}
        viewId={viewId}
        save={saveTableConfigAction}
      />
    </>
  );
}
