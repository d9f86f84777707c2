// The form and view designer's decisions: what may be added, moved or removed where, what is locked and why,
// each edit returning a new Form / View (or the reason it cannot be done). Pure; the designer components only
// render and call these.
import type { Column, Table } from "@/lib/metadata/schema";
import { columnLabel, columnName, nameText } from "@/lib/metadata/naming";
import type { TableConfig } from "@/lib/customization/schema";
import { newElementId } from "@/lib/forms/element-id";
import { formColumnUses } from "@/lib/forms/walk";
import {
  DEFAULT_COLUMN_WIDTH,
  MAX_COLUMN_WIDTH,
  MAX_FIELDS_PER_FORM,
  MAX_FIELDS_PER_SECTION,
  MAX_FORMS_PER_TABLE,
  MAX_HEADER_FIELDS,
  MAX_SECTIONS_PER_TAB,
  MAX_SORT_COLUMNS,
  MAX_TABS_PER_FORM,
  MAX_VIEWS_PER_TABLE,
  MAX_VIEW_COLUMNS,
  MIN_COLUMN_WIDTH,
  type FieldsTab,
  type Form,
  type FormField,
  type FormKind,
  type FormSection,
  type FormTab,
  type HeaderField,
  type View,
  type ViewKind,
} from "@/lib/forms/schema";

/** An edit that may be refused, saying why in words an admin can act on. */
export type Edit<T> = { ok: true; value: T } | { ok: false; reason: string };

const done = <T>(value: T): Edit<T> => ({ ok: true, value });
const refused = <T>(reason: string): Edit<T> => ({ ok: false, reason });

// ---------- names ----------

/** `base`, or `base 2`, `base 3`... : the first not in `taken` (case-insensitive, as names are unique). */
export function uniqueName(base: string, taken: Iterable<string>): string {
  const used = new Set([...taken].map((n) => n.toLowerCase()));
  if (!used.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) if (!used.has(`${base} ${i}`.toLowerCase())) return `${base} ${i}`;
}

// ---------- finding things in a form ----------

export type FormElement =
  | { kind: "tab"; id: string; tab: FormTab; tabIndex: number }
  | { kind: "section"; id: string; section: FormSection; tab: FieldsTab; tabIndex: number; sectionIndex: number }
  | {
      kind: "field";
      id: string;
      field: FormField;
      section: FormSection;
      tab: FieldsTab;
      tabIndex: number;
      sectionIndex: number;
      fieldIndex: number;
    }
  | { kind: "header"; id: string; header: HeaderField; index: number };

export function findElement(form: Form, id: string): FormElement | undefined {
  const headerIndex = form.header.findIndex((h) => h.id === id);
  if (headerIndex >= 0) return { kind: "header", id, header: form.header[headerIndex], index: headerIndex };
  for (let t = 0; t < form.tabs.length; t++) {
    const tab = form.tabs[t];
    if (tab.id === id) return { kind: "tab", id, tab, tabIndex: t };
    if (tab.kind !== "fields") continue;
    for (let s = 0; s < tab.sections.length; s++) {
      const section = tab.sections[s];
      if (section.id === id) return { kind: "section", id, section, tab, tabIndex: t, sectionIndex: s };
      const f = section.fields.findIndex((x) => x.id === id);
      if (f >= 0)
        return {
          kind: "field",
          id,
          field: section.fields[f],
          section,
          tab,
          tabIndex: t,
          sectionIndex: s,
          fieldIndex: f,
        };
    }
  }
  return undefined;
}

/** Where a column already is on the form, in words ("tab General, section Contact"), or undefined. */
export function whereIsColumn(form: Form, column: string): string | undefined {
  for (const tab of form.tabs) {
    if (tab.kind !== "fields") continue;
    for (const section of tab.sections)
      if (section.fields.some((f) => f.column === column)) return `tab ${tab.label}, section ${section.label}`;
  }
  return undefined;
}

/** The columns placed as fields on the form. */
export function columnsOnForm(form: Form): Set<string> {
  const out = new Set<string>();
  for (const tab of form.tabs)
    if (tab.kind === "fields") for (const s of tab.sections) for (const f of s.fields) out.add(f.column);
  return out;
}

function fieldCount(form: Form): number {
  let n = 0;
  for (const tab of form.tabs) if (tab.kind === "fields") for (const s of tab.sections) n += s.fields.length;
  return n;
}

// ---------- locks ----------

/**
 * Why a field must stay required, when Dataverse requires its column (system or business required): the form
 * can add a requirement, never remove one.
 */
export function requiredLock(column: Column | undefined): string | undefined {
  if (!column) return undefined;
  if (column.requiredLevel === "SystemRequired")
    return "Dataverse requires this column (system required): the form cannot make it optional.";
  if (column.requiredLevel === "ApplicationRequired")
    return "The org requires this column (business required): the form cannot make it optional.";
  return undefined;
}

/** Columns a field may bind: readable, not a companion of another column (a lookup's name). */
export function canBeField(column: Column): boolean {
  return column.validForRead && !column.attributeOf;
}

/** A table's latitude/longitude pairs (address1_latitude + address1_longitude...), for a map tab. */
export function coordinatePairs(table: Table | undefined): Array<{ latitude: string; longitude: string }> {
  if (!table) return [];
  const names = new Set(table.columns.map((c) => c.logicalName));
  return table.columns
    .filter((c) => c.logicalName.endsWith("latitude"))
    .map((c) => ({ latitude: c.logicalName, longitude: c.logicalName.replace(/latitude$/, "longitude") }))
    .filter((p) => names.has(p.longitude));
}

// ---------- immutable updates ----------

function mapTabs(form: Form, edit: (tab: FormTab) => FormTab): Form {
  return { ...form, tabs: form.tabs.map(edit) };
}

function mapSections(form: Form, edit: (section: FormSection, tab: FieldsTab) => FormSection): Form {
  return mapTabs(form, (tab) =>
    tab.kind === "fields" ? { ...tab, sections: tab.sections.map((s) => edit(s, tab)) } : tab,
  );
}

function clampIndex(index: number, length: number): number {
  return Math.max(0, Math.min(index, length));
}

function insertAt<T>(items: readonly T[], index: number, item: T): T[] {
  const out = [...items];
  out.splice(clampIndex(index, out.length), 0, item);
  return out;
}

export function moveInArray<T>(items: readonly T[], from: number, to: number): T[] {
  const out = [...items];
  const [item] = out.splice(from, 1);
  out.splice(clampIndex(to, out.length), 0, item);
  return out;
}

// ---------- forms: create, duplicate ----------

function newSection(label = "General"): FormSection {
  return { id: newElementId("sec"), label, showLabel: true, columns: 1, fields: [] };
}

export function newForm(existing: readonly Form[], kind: FormKind = "main"): Edit<Form> {
  if (existing.length >= MAX_FORMS_PER_TABLE) return refused(`A table has at most ${MAX_FORMS_PER_TABLE} forms.`);
  const name = uniqueName(
    kind === "main" ? "Main form" : "Quick create form",
    existing.map((f) => f.name),
  );
  return done({
    id: newElementId("form"),
    name,
    kind,
    header: [],
    tabs: [{ kind: "fields", id: newElementId("tab"), label: "General", sections: [newSection()] }],
    rules: [],
  });
}

/** A copy with fresh ids everywhere (rules' references follow their elements) and a name of its own. */
function withFreshIds<T>(
  value: T,
  ids: Iterable<string>,
  prefixOf: (id: string) => Parameters<typeof newElementId>[0],
): T {
  let text = JSON.stringify(value);
  for (const id of ids) text = text.split(JSON.stringify(id)).join(JSON.stringify(newElementId(prefixOf(id))));
  return JSON.parse(text) as T;
}

function prefixForFormElement(form: Form): (id: string) => Parameters<typeof newElementId>[0] {
  return (id) => {
    if (id === form.id) return "form";
    if (form.header.some((h) => h.id === id)) return "hdr";
    if (form.rules.some((r) => r.id === id)) return "rule";
    const element = findElement(form, id);
    return element?.kind === "tab" ? "tab" : element?.kind === "section" ? "sec" : "fld";
  };
}

export function duplicateForm(existing: readonly Form[], formId: string): Edit<Form> {
  const form = existing.find((f) => f.id === formId);
  if (!form) return refused("That form no longer exists.");
  if (existing.length >= MAX_FORMS_PER_TABLE) return refused(`A table has at most ${MAX_FORMS_PER_TABLE} forms.`);
  const ids = [form.id, ...form.header.map((h) => h.id), ...form.rules.map((r) => r.id)];
  for (const tab of form.tabs) {
    ids.push(tab.id);
    if (tab.kind === "fields") for (const s of tab.sections) ids.push(s.id, ...s.fields.map((f) => f.id));
  }
  const copy = withFreshIds(form, ids, prefixForFormElement(form));
  const { source: _source, ...rest } = copy;
  void _source;
  return done({
    ...rest,
    name: uniqueName(
      `${form.name} (copy)`,
      existing.map((f) => f.name),
    ),
  });
}

// ---------- forms: tabs and sections ----------

export type NewTab =
  | { kind: "fields" }
  | { kind: "associated"; table: string; relationship: string }
  | { kind: "map"; latitude: string; longitude: string };

export function addTab(form: Form, tab: NewTab, label?: string): Edit<{ form: Form; id: string }> {
  if (form.tabs.length >= MAX_TABS_PER_FORM) return refused(`A form has at most ${MAX_TABS_PER_FORM} tabs.`);
  const id = newElementId("tab");
  const taken = form.tabs.map((t) => t.label);
  let created: FormTab;
  if (tab.kind === "fields")
    created = { kind: "fields", id, label: uniqueName(label ?? "Tab", taken), sections: [newSection()] };
  else if (tab.kind === "associated")
    created = {
      kind: "associated",
      id,
      label: uniqueName(label ?? "Related", taken),
      table: tab.table,
      relationship: tab.relationship,
      allowCreate: false,
    };
  else
    created = {
      kind: "map",
      id,
      label: uniqueName(label ?? "Map", taken),
      latitude: tab.latitude,
      longitude: tab.longitude,
    };
  return done({ form: { ...form, tabs: [...form.tabs, created] }, id });
}

export function addSection(form: Form, tabId: string): Edit<{ form: Form; id: string }> {
  const tab = form.tabs.find((t) => t.id === tabId);
  if (!tab) return refused("That tab no longer exists.");
  if (tab.kind !== "fields") return refused(`Tab ${tab.label} shows ${describeTabKind(tab.kind)}; it has no sections.`);
  if (tab.sections.length >= MAX_SECTIONS_PER_TAB)
    return refused(`A tab has at most ${MAX_SECTIONS_PER_TAB} sections.`);
  const section = newSection(
    uniqueName(
      "Section",
      tab.sections.map((s) => s.label),
    ),
  );
  return done({
    form: mapTabs(form, (t) =>
      t.id === tabId && t.kind === "fields" ? { ...t, sections: [...t.sections, section] } : t,
    ),
    id: section.id,
  });
}

export function describeTabKind(kind: FormTab["kind"]): string {
  return kind === "fields" ? "sections of fields" : kind === "associated" ? "a list of related rows" : "a map";
}

export function moveTab(form: Form, tabId: string, toIndex: number): Edit<Form> {
  const from = form.tabs.findIndex((t) => t.id === tabId);
  if (from < 0) return refused("That tab no longer exists.");
  return done({ ...form, tabs: moveInArray(form.tabs, from, toIndex) });
}

export function moveSection(form: Form, sectionId: string, toTabId: string, toIndex: number): Edit<Form> {
  const at = findElement(form, sectionId);
  if (at?.kind !== "section") return refused("That section no longer exists.");
  const target = form.tabs.find((t) => t.id === toTabId);
  if (!target) return refused("That tab no longer exists.");
  if (target.kind !== "fields")
    return refused(`Tab ${target.label} shows ${describeTabKind(target.kind)}: a section cannot go there.`);
  if (target.id !== at.tab.id && target.sections.length >= MAX_SECTIONS_PER_TAB)
    return refused(`Tab ${target.label} already has ${MAX_SECTIONS_PER_TAB} sections, the most a tab can have.`);
  const without = mapTabs(form, (t) =>
    t.id === at.tab.id && t.kind === "fields" ? { ...t, sections: t.sections.filter((s) => s.id !== sectionId) } : t,
  );
  return done(
    mapTabs(without, (t) =>
      t.id === toTabId && t.kind === "fields" ? { ...t, sections: insertAt(t.sections, toIndex, at.section) } : t,
    ),
  );
}

// ---------- forms: fields ----------

/** Puts `column` as a new field into a section at `index`; a column is on a form at most once. */
export function insertField(
  form: Form,
  sectionId: string,
  index: number,
  column: Column,
): Edit<{ form: Form; id: string }> {
  const at = findElement(form, sectionId);
  if (at?.kind !== "section") return refused("That section no longer exists.");
  const label = columnLabel(column, column.logicalName);
  if (!canBeField(column)) return refused(`${label} cannot be shown on a form (it is not readable on its own).`);
  const where = whereIsColumn(form, column.logicalName);
  if (where) return refused(`${label} is already on the form (${where}).`);
  if (fieldCount(form) >= MAX_FIELDS_PER_FORM) return refused(`A form has at most ${MAX_FIELDS_PER_FORM} fields.`);
  if (at.section.fields.length >= MAX_FIELDS_PER_SECTION)
    return refused(`A section has at most ${MAX_FIELDS_PER_SECTION} fields.`);
  const field: FormField = {
    id: newElementId("fld"),
    column: column.logicalName,
    required: requiredLock(column) !== undefined,
    readOnly: false,
    hidden: false,
  };
  return done({
    form: mapSections(form, (s) => (s.id === sectionId ? { ...s, fields: insertAt(s.fields, index, field) } : s)),
    id: field.id,
  });
}

/** Moves a field to `index` of a section (of any fields tab); `index` counts without the field itself. */
export function moveField(form: Form, fieldId: string, toSectionId: string, toIndex: number): Edit<Form> {
  const at = findElement(form, fieldId);
  if (at?.kind !== "field") return refused("That field no longer exists.");
  const target = findElement(form, toSectionId);
  if (target?.kind !== "section") return refused("That section no longer exists.");
  if (target.section.id !== at.section.id && target.section.fields.length >= MAX_FIELDS_PER_SECTION)
    return refused(`Section ${target.section.label} already has ${MAX_FIELDS_PER_SECTION} fields.`);
  const without = mapSections(form, (s) =>
    s.id === at.section.id ? { ...s, fields: s.fields.filter((f) => f.id !== fieldId) } : s,
  );
  return done(
    mapSections(without, (s) => (s.id === toSectionId ? { ...s, fields: insertAt(s.fields, toIndex, at.field) } : s)),
  );
}

/** Moves a field to the end of a tab's last section (the keyboard command "Move to tab..."). */
export function moveFieldToTab(form: Form, fieldId: string, tabId: string): Edit<Form> {
  const tab = form.tabs.find((t) => t.id === tabId);
  if (!tab) return refused("That tab no longer exists.");
  if (tab.kind !== "fields")
    return refused(`Tab ${tab.label} shows ${describeTabKind(tab.kind)}: a field cannot go there.`);
  let current = form;
  let section = tab.sections.at(-1);
  if (!section) {
    const added = addSection(form, tabId);
    if (!added.ok) return added;
    current = added.value.form;
    section = (findElement(current, added.value.id) as Extract<FormElement, { kind: "section" }>).section;
  }
  const already = section.fields.some((f) => f.id === fieldId);
  return moveField(current, fieldId, section.id, already ? section.fields.length - 1 : section.fields.length);
}

/** Moves a field one place up or down within its section. */
export function nudgeField(form: Form, fieldId: string, delta: -1 | 1): Edit<Form> {
  const at = findElement(form, fieldId);
  if (at?.kind !== "field") return refused("That field no longer exists.");
  const to = at.fieldIndex + delta;
  if (to < 0 || to >= at.section.fields.length)
    return refused(
      delta < 0 ? "The field is already first in its section." : "The field is already last in its section.",
    );
  return moveField(form, fieldId, at.section.id, to);
}

/** Removes a tab, section, field or header field by id (a tab or section with everything in it). */
export function removeElement(form: Form, id: string): Edit<Form> {
  const at = findElement(form, id);
  if (!at) return refused("That element no longer exists.");
  if (at.kind === "header") return done({ ...form, header: form.header.filter((h) => h.id !== id) });
  if (at.kind === "tab") return done({ ...form, tabs: form.tabs.filter((t) => t.id !== id) });
  if (at.kind === "section")
    return done(
      mapTabs(form, (t) => (t.kind === "fields" ? { ...t, sections: t.sections.filter((s) => s.id !== id) } : t)),
    );
  return done(mapSections(form, (s) => ({ ...s, fields: s.fields.filter((f) => f.id !== id) })));
}

export type FieldPatch = Partial<Pick<FormField, "label" | "required" | "readOnly" | "hidden" | "lookupView">>;

/** Changes a field's properties; turning `required` off is refused when Dataverse requires the column. */
export function updateField(form: Form, fieldId: string, patch: FieldPatch, column?: Column): Edit<Form> {
  const at = findElement(form, fieldId);
  if (at?.kind !== "field") return refused("That field no longer exists.");
  const lock = requiredLock(column);
  if (patch.required === false && lock) return refused(lock);
  const next: FormField = { ...at.field, ...patch };
  for (const key of ["label", "lookupView"] as const) if (!next[key]) delete next[key];
  return done(mapSections(form, (s) => ({ ...s, fields: s.fields.map((f) => (f.id === fieldId ? next : f)) })));
}

export type SectionPatch = Partial<Pick<FormSection, "label" | "showLabel" | "columns">>;

export function updateSection(form: Form, sectionId: string, patch: SectionPatch): Edit<Form> {
  if (findElement(form, sectionId)?.kind !== "section") return refused("That section no longer exists.");
  return done(mapSections(form, (s) => (s.id === sectionId ? { ...s, ...patch } : s)));
}

export type TabPatch =
  | { label: string }
  | { relationship: string; table: string; view?: string }
  | { view: string | undefined }
  | { allowCreate: boolean }
  | { latitude: string; longitude: string };

export function updateTab(form: Form, tabId: string, patch: TabPatch): Edit<Form> {
  const tab = form.tabs.find((t) => t.id === tabId);
  if (!tab) return refused("That tab no longer exists.");
  if (!("label" in patch)) {
    if (("relationship" in patch || "view" in patch || "allowCreate" in patch) && tab.kind !== "associated")
      return refused(`Tab ${tab.label} is not an associated list.`);
    if ("latitude" in patch && tab.kind !== "map") return refused(`Tab ${tab.label} is not a map.`);
  }
  return done(
    mapTabs(form, (t) => {
      if (t.id !== tabId) return t;
      const next = { ...t, ...patch } as FormTab;
      if (next.kind === "associated" && !next.view) delete next.view;
      return next;
    }),
  );
}

/** Turns a tab into another kind, keeping its id and label (a fields tab's sections are dropped). */
export function changeTabKind(form: Form, tabId: string, tab: NewTab): Edit<Form> {
  const index = form.tabs.findIndex((t) => t.id === tabId);
  if (index < 0) return refused("That tab no longer exists.");
  const old = form.tabs[index];
  if (old.kind === tab.kind) return done(form);
  const base = { id: old.id, label: old.label };
  const next: FormTab =
    tab.kind === "fields"
      ? { ...base, kind: "fields", sections: [newSection()] }
      : tab.kind === "associated"
        ? { ...base, kind: "associated", table: tab.table, relationship: tab.relationship, allowCreate: false }
        : { ...base, kind: "map", latitude: tab.latitude, longitude: tab.longitude };
  return done({ ...form, tabs: form.tabs.map((t, i) => (i === index ? next : t)) });
}

// ---------- forms: header ----------

export function addHeaderField(form: Form, column: Column): Edit<Form> {
  const label = columnLabel(column, column.logicalName);
  if (form.header.length >= MAX_HEADER_FIELDS)
    return refused(`The header shows at most ${MAX_HEADER_FIELDS} fields: remove one first.`);
  if (form.header.some((h) => h.column === column.logicalName)) return refused(`${label} is already in the header.`);
  if (!canBeField(column)) return refused(`${label} cannot be shown on a form.`);
  return done({ ...form, header: [...form.header, { id: newElementId("hdr"), column: column.logicalName }] });
}

export function moveHeaderField(form: Form, id: string, delta: -1 | 1): Edit<Form> {
  const from = form.header.findIndex((h) => h.id === id);
  if (from < 0) return refused("That header field no longer exists.");
  const to = from + delta;
  if (to < 0 || to >= form.header.length) return refused("It is already at that end of the header.");
  return done({ ...form, header: moveInArray(form.header, from, to) });
}

// ---------- views ----------

export function newView(existing: readonly View[], table: Table | undefined, selected: readonly string[]): Edit<View> {
  if (existing.length >= MAX_VIEWS_PER_TABLE) return refused(`A table has at most ${MAX_VIEWS_PER_TABLE} views.`);
  const first =
    table?.primaryNameColumn && selected.includes(table.primaryNameColumn) ? table.primaryNameColumn : selected[0];
  if (!first) return refused("Select at least one column of the table first: a view shows at least one column.");
  return done({
    id: newElementId("view"),
    name: uniqueName(
      "New view",
      existing.map((v) => v.name),
    ),
    kind: "list",
    isDefault: !existing.some((v) => v.kind === "list" && v.isDefault),
    columns: [{ column: first, width: DEFAULT_COLUMN_WIDTH }],
    sort: [{ column: first, descending: false }],
  });
}

export function duplicateView(existing: readonly View[], viewId: string): Edit<View> {
  const view = existing.find((v) => v.id === viewId);
  if (!view) return refused("That view no longer exists.");
  if (existing.length >= MAX_VIEWS_PER_TABLE) return refused(`A table has at most ${MAX_VIEWS_PER_TABLE} views.`);
  const { source: _source, ...rest } = view;
  void _source;
  return done({
    ...structuredClone(rest),
    id: newElementId("view"),
    name: uniqueName(
      `${view.name} (copy)`,
      existing.map((v) => v.name),
    ),
    isDefault: false,
  });
}

/** Makes a view the default of its kind (the one other default of that kind stops being it). */
export function setDefaultView(views: readonly View[], viewId: string): View[] {
  const target = views.find((v) => v.id === viewId);
  if (!target) return [...views];
  return views.map((v) => (v.kind === target.kind ? { ...v, isDefault: v.id === viewId } : v));
}

/** Changes a view's kind; it stays default only when its new kind has no default yet. */
export function setViewKind(views: readonly View[], viewId: string, kind: ViewKind): View[] {
  const othersDefault = views.some((v) => v.id !== viewId && v.kind === kind && v.isDefault);
  return views.map((v) => (v.id === viewId ? { ...v, kind, isDefault: v.isDefault && !othersDefault } : v));
}

export function addViewColumn(view: View, column: string, index = view.columns.length): Edit<View> {
  if (view.columns.some((c) => c.column === column)) return refused(`${column} is already a column of the view.`);
  if (view.columns.length >= MAX_VIEW_COLUMNS) return refused(`A view shows at most ${MAX_VIEW_COLUMNS} columns.`);
  return done({ ...view, columns: insertAt(view.columns, index, { column, width: DEFAULT_COLUMN_WIDTH }) });
}

export function removeViewColumn(view: View, column: string): Edit<View> {
  if (view.columns.length <= 1)
    return refused("A view shows at least one column: add another before removing this one.");
  return done({ ...view, columns: view.columns.filter((c) => c.column !== column) });
}

export function moveViewColumn(view: View, column: string, toIndex: number): Edit<View> {
  const from = view.columns.findIndex((c) => c.column === column);
  if (from < 0) return refused(`${column} is not a column of the view.`);
  return done({ ...view, columns: moveInArray(view.columns, from, toIndex) });
}

export function setColumnWidth(view: View, column: string, width: number): View {
  const w = Math.round(Math.max(MIN_COLUMN_WIDTH, Math.min(MAX_COLUMN_WIDTH, Number.isFinite(width) ? width : 0)));
  return { ...view, columns: view.columns.map((c) => (c.column === column ? { ...c, width: w } : c)) };
}

export function addSortLevel(view: View, column: string, descending = false): Edit<View> {
  if (view.sort.some((s) => s.column === column)) return refused(`The view already sorts by ${column}.`);
  if (view.sort.length >= MAX_SORT_COLUMNS) return refused(`A view sorts by at most ${MAX_SORT_COLUMNS} columns.`);
  return done({ ...view, sort: [...view.sort, { column, descending }] });
}

export function setSortLevel(view: View, index: number, level: { column: string; descending: boolean }): Edit<View> {
  if (view.sort.some((s, i) => i !== index && s.column === level.column))
    return refused(`The view already sorts by ${level.column}.`);
  return done({ ...view, sort: view.sort.map((s, i) => (i === index ? level : s)) });
}

export function removeSortLevel(view: View, index: number): View {
  return { ...view, sort: view.sort.filter((_, i) => i !== index) };
}

export function moveSortLevel(view: View, index: number, delta: -1 | 1): View {
  const to = index + delta;
  if (to < 0 || to >= view.sort.length) return view;
  return { ...view, sort: moveInArray(view.sort, index, to) };
}

// ---------- into the table config ----------

/**
 * The config with `form` put in place of the form of the same id (or appended), and every column the form
 * reads added to the table's selected columns: a column picked in the designer is selected by saving.
 */
export function withForm(config: TableConfig, form: Form): TableConfig {
  const exists = config.forms.some((f) => f.id === form.id);
  const forms = exists ? config.forms.map((f) => (f.id === form.id ? form : f)) : [...config.forms, form];
  return withColumns(
    { ...config, forms },
    formColumnUses(form).map((u) => u.column),
  );
}

export function withView(config: TableConfig, view: View): TableConfig {
  const exists = config.views.some((v) => v.id === view.id);
  const views = exists ? config.views.map((v) => (v.id === view.id ? view : v)) : [...config.views, view];
  return withColumns({ ...config, views }, [...view.columns.map((c) => c.column), ...view.sort.map((s) => s.column)]);
}

/** Columns a form or view uses that the table does not select yet: "saving adds them". */
export function unselectedColumns(config: TableConfig, columns: Iterable<string>): string[] {
  const selected = new Set(config.columns);
  return [...new Set(columns)].filter((c) => !selected.has(c)).sort();
}

/**
 * The save bar's note on columns a save will also select for the device, by their display names ("Saving also
 * selects Email (emailaddress1), Job Title (jobtitle) for the device."), or undefined when there are none.
 */
export function newlySelectedNote(columns: readonly string[], table: Table | undefined): string | undefined {
  if (columns.length === 0) return undefined;
  const names = columns.map((c) =>
    nameText(
      columnName(
        table?.columns.find((x) => x.logicalName === c),
        c,
      ),
    ),
  );
  return `Saving also selects ${names.join(", ")} for the device.`;
}

function withColumns(config: TableConfig, columns: Iterable<string>): TableConfig {
  const missing = unselectedColumns(config, columns);
  if (missing.length === 0) return config;
  return { ...config, columns: [...config.columns, ...missing].sort() };
}
