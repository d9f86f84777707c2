// Where an imported form or view goes in the table's config: a name of its own, fresh ids when the same org form or
// view was imported before (ids are unique per table), the default of its kind when the table has none, and the
// columns it reads selected (withForm / withView). Pure.
import type { TableConfig } from "@/lib/customization/schema";
import { duplicateForm, duplicateView, uniqueName, withForm, withView, type Edit } from "@/lib/forms/designer-ops";
import { MAX_FORMS_PER_TABLE, MAX_VIEWS_PER_TABLE, type Form, type View } from "@/lib/forms/schema";

export interface Placed<T> {
  config: TableConfig;
  /** The form or view as stored: its id is the one to open in the designer. */
  placed: T;
}

export function placeImportedForm(config: TableConfig, form: Form): Edit<Placed<Form>> {
  if (config.forms.length >= MAX_FORMS_PER_TABLE)
    return { ok: false, reason: `A table has at most ${MAX_FORMS_PER_TABLE} forms: delete one before importing.` };
  let placed = form;
  if (config.forms.some((f) => f.id === form.id)) {
    const copy = duplicateForm([form], form.id);
    if (!copy.ok) return copy;
    placed = { ...copy.value, ...(form.source ? { source: form.source } : {}) };
  }
  placed = {
    ...placed,
    name: uniqueName(
      form.name,
      config.forms.map((f) => f.name),
    ),
  };
  return { ok: true, value: { config: withForm(config, placed), placed } };
}

export function placeImportedView(config: TableConfig, view: View): Edit<Placed<View>> {
  if (config.views.length >= MAX_VIEWS_PER_TABLE)
    return { ok: false, reason: `A table has at most ${MAX_VIEWS_PER_TABLE} views: delete one before importing.` };
  let placed = view;
  if (config.views.some((v) => v.id === view.id)) {
    const copy = duplicateView([view], view.id);
    if (!copy.ok) return copy;
    placed = { ...copy.value, ...(view.source ? { source: view.source } : {}) };
  }
  placed = {
    ...placed,
    name: uniqueName(
      view.name,
      config.views.map((v) => v.name),
    ),
    isDefault: !config.views.some((v) => v.kind === view.kind && v.isDefault),
  };
  return { ok: true, value: { config: withView(config, placed), placed } };
}
