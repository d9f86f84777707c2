// A table's views: the list with add, import from the org, duplicate, delete and set default, saved through the table's save action.
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { isAppError } from "@/lib/app-error";
import { loadOrgDefinitionsAvailability, loadTableDesigner } from "@/lib/forms/data";
import { ViewList } from "@/components/view-designer/view-list";
import { saveTableConfigAction } from "../actions";
import { importOrgFormAction, importOrgViewAction, listOrgDefinitionsAction } from "../org-definitions-actions";

export const metadata = { title: "Views" };

export default async function ViewsPage({ params }: { params: Promise<{ projectId: string; table: string }> }) {
  const { projectId, table } = await params;
  const db = getDb();
  const [loaded, availability] = await Promise.all([
    loadTableDesigner(db, projectId, table),
    loadOrgDefinitionsAvailability(db, projectId, table),
  ]).catch((error: unknown) => {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  });
  return (
    <ViewList
      key={`${table}:${loaded.revision}`}
      loaded={loaded}
      save={saveTableConfigAction}
      orgImport={{
        availability,
        list: listOrgDefinitionsAction,
        importForm: importOrgFormAction,
        importView: importOrgViewAction,
      }}
    />
  );
}
