// A table's forms: the list with add, import from the org, duplicate and delete, saved through the table's save action.
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { isAppError } from "@/lib/app-error";
import { loadOrgDefinitionsAvailability, loadTableDesigner } from "@/lib/forms/data";
import { FormList } from "@/components/form-designer/form-list";
import { saveTableConfigAction } from "../actions";
import { importOrgFormAction, importOrgViewAction, listOrgDefinitionsAction } from "../org-definitions-actions";

export const metadata = { title: "Forms" };

export default async function FormsPage({ params }: { params: Promise<{ projectId: string; table: string }> }) {
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
    <FormList
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
