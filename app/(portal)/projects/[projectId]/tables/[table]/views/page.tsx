// A table's views: the list with add, import from the org, duplicate, delete and set default, saved through the table's save action.
import { getDb } from "@/lib/db/client";
import { loadDesignerListPage } from "@/lib/forms/data";
import { ViewList } from "@/components/view-designer/view-list";
import { saveTableConfigAction } from "../actions";
import { importOrgFormAction, importOrgViewAction, listOrgDefinitionsAction } from "../org-definitions-actions";
import { orNotFound } from "@/app/_server/page-data";

export const metadata = { title: "Views" };

export default async function ViewsPage({ params }: { params: Promise<{ projectId: string; table: string }> }) {
  const { projectId, table } = await params;
  const { loaded, availability } = await orNotFound(loadDesignerListPage(getDb(), projectId, table));
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
