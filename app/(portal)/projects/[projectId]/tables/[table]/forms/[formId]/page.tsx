// The form designer of one form of a table, with its phone preview; saved through the table's save action.
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { loadTableDesigner } from "@/lib/forms/data";
import { FormDesigner } from "@/components/form-designer/form-designer";
import { ImportedNotice } from "@/components/form-designer/imported-notice";
import { saveTableConfigAction } from "../../actions";
import { orNotFound } from "@/app/_server/page-data";

export const metadata = { title: "Form designer" };

export default async function FormDesignerPage({
  params,
}: {
  params: Promise<{ projectId: string; table: string; formId: string }>;
}) {
  const { projectId, table, formId } = await params;
  const loaded = await orNotFound(loadTableDesigner(getDb(), projectId, table));
  if (!loaded.config.forms.some((f) => f.id === formId)) notFound();
  return (
    <>
      <ImportedNotice projectId={projectId} table={table} what="forms" id={formId} />
      <FormDesigner
        key={`${table}:${formId}:${loaded.revision}`}
        loaded={loaded}
        formId={formId}
        save={saveTableConfigAction}
      />
    </>
  );
}
