"use client";
// A table's forms: the designer list with a main and a quick create "New", tabs and fields per form, and which form
// the device opens.
import { Badge } from "@mantine/core";
import type { Form } from "@/lib/forms/schema";
import { duplicateForm, newForm } from "@/lib/forms/designer-ops";
import { formFields } from "@/lib/forms/walk";
import { DesignerList, type DesignerListPageProps } from "./designer-list";
import { orgImportSlots, type OrgImportSource } from "@/components/form-designer/org-import";

/** The page passes `orgImport` (what the snapshot keeps and the server actions) for "Import from org". */
export function FormList({ orgImport, ...page }: DesignerListPageProps & { orgImport?: OrgImportSource }) {
  return (
    <DesignerList<Form>
      {...page}
      {...orgImportSlots("forms", orgImport, page)}
      page="forms"
      noun="form"
      items={(config) => config.forms}
      withItems={(config, forms) => ({ ...config, forms })}
      note="the first main form is the one the device opens"
      creates={[
        { label: "New main form", make: (forms) => newForm(forms, "main") },
        { label: "New quick create form", make: (forms) => newForm(forms, "quickCreate") },
      ]}
      emptyText="Without a form the device shows a row as a plain list of its columns. Add a main form to lay out the record in tabs and sections, and a quick create form for new rows."
      columns={[
        { header: "Kind", cell: (f) => (f.kind === "main" ? "Main" : "Quick create") },
        { header: "Tabs", cell: (f) => f.tabs.length },
        { header: "Fields", cell: (f) => formFields(f).length },
      ]}
      badges={(f, forms) => (
        <>
          {f === forms.find((x) => x.kind === "main") ? (
            <Badge size="xs" ml="xs" variant="light">
              opens on the device
            </Badge>
          ) : null}
          {f.source ? (
            <Badge size="xs" ml="xs" variant="outline" color="gray">
              from the org
            </Badge>
          ) : null}
        </>
      )}
      duplicate={duplicateForm}
      actionsWidth={220}
      deleteText="The form, its tabs, sections, fields and rules go with it. Published versions keep their copy."
    />
  );
}
