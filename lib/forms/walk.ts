// Walks a form's parts in display order: the one place that knows where fields live (header, sections of
// fields tabs, a map tab's coordinates), for validation, locked columns, the diff and the preview. Pure.
import type { FieldsTab, Form, FormField, FormSection } from "@/lib/forms/schema";

export interface PlacedField {
  field: FormField;
  tab: FieldsTab;
  section: FormSection;
  /** The JSON path of the field inside the form: ["tabs", t, "sections", s, "fields", f]. */
  path: [string, number, string, number, string, number];
}

/** Every field of every fields tab, in display order. */
export function formFields(form: Pick<Form, "tabs">): PlacedField[] {
  const out: PlacedField[] = [];
  form.tabs.forEach((tab, t) => {
    if (tab.kind !== "fields") return;
    tab.sections.forEach((section, s) => {
      section.fields.forEach((field, f) =>
        out.push({ field, tab, section, path: ["tabs", t, "sections", s, "fields", f] }),
      );
    });
  });
  return out;
}

/** Every column the form reads: header fields, fields, a map tab's latitude and longitude (may repeat). */
export function formColumnUses(form: Pick<Form, "tabs" | "header">): Array<{ column: string; what: string }> {
  const uses: Array<{ column: string; what: string }> = [];
  for (const h of form.header) uses.push({ column: h.column, what: "a header field" });
  for (const { field } of formFields(form)) uses.push({ column: field.column, what: "a field" });
  for (const tab of form.tabs) {
    if (tab.kind !== "map") continue;
    uses.push({ column: tab.latitude, what: `the latitude of map tab '${tab.label}'` });
    uses.push({ column: tab.longitude, what: `the longitude of map tab '${tab.label}'` });
  }
  return uses;
}
