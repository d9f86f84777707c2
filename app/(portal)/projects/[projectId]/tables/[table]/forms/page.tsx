// A table's forms: the list with add, duplicate and delete, saved through the table's save action.
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { isAppError } from "@/lib/app-error";
import { loadTableDesigner } from "@/lib/forms/data";
import { FormList } from "@/components/form-designer/form-list";
import { saveTableConfigAction } from "../actions";

export const metadata = { title: "Forms" };

export default async function FormsPage({ params }: { params: Promise<{ projectId: string; table: string }> }) {
  const { projectId, table } = await params;
  const loaded = await loadTableDesigner(getDb(), projectId, table).catch((error: unknown) => {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  });
  return <FormList key={`${table}:${loaded.revision}`} loaded={loaded} save={saveTableConfigAction} />;
}
