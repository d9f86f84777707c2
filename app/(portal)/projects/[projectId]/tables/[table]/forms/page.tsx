// A table's forms: the list with add, import from the org, duplicate and delete, saved through the table's save action.
import { getDb } from "@/lib/db/client";
import { loadDesignerListPage } from "@/lib/forms/data";
import { FormList } from "@/components/form-designer/form-list";
import { saveTableConfigAction } from "../actions";
import { importOrgFormAction, importOrgViewAction, listOrgDefinitionsAction } from "../org-definitions-actions";
import { orNotFound } from "@/app/_server/page-data";

export const metadata = { title: "Forms" };

export default async function FormsPage({ params }: { params: Promise<{ projectId: string; table: string }> }) {
  const { projectId, table } = await params;
  const { loaded, availability } = await orNotFound(loadDesignerListPage(getDb(), projectId, table));
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
