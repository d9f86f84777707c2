// What a drop in the form designer does: a palette column, a field or a section dropped on a field, a section or
// a section's empty body, or a tab dropped on a tab, becomes one designer operation, with the sentence a screen reader announces
// ("Moved field Email to section Contact, position 2"). Pure; the dnd-kit wiring in components only maps ids.
import type { Column, Table } from "@/lib/metadata/schema";
import { labelOf } from "@/lib/metadata/schema";
import type { Form } from "@/lib/forms/schema";
import { findElement, insertField, moveField, moveSection, moveTab, type Edit } from "@/lib/forms/designer-ops";

export type DragItem =
  | { type: "field"; id: string }
  | { type: "column"; column: string }
  | { type: "section"; id: string }
  | { type: "tab"; id: string };

/**
 * Where it is dropped: on a field (before it), on a section (its header: before it; its body: at the end), on a tab
 * (a tab takes that tab's place).
 */
export type DropTarget =
  | { type: "field"; id: string }
  | { type: "section"; id: string }
  | { type: "section-end"; id: string }
  | { type: "tab"; id: string };

export interface Drop {
  form: Form;
  /** The element placed or moved. */
  id: string;
  /** The sentence announcing it. */
  message: string;
}

function fieldName(form: Form, id: string, table: Table | undefined): string {
  const at = findElement(form, id);
  if (at?.kind !== "field") return "field";
  return fieldLabel(at.field.column, at.field.label, table);
}

export function fieldLabel(column: string, label: string | undefined, table: Table | undefined): string {
  if (label) return label;
  const c = table?.columns.find((x) => x.logicalName === column);
  return c ? labelOf(c.displayName, column) : column;
}

/** Where a field now is, in words: "section Contact, position 2" (and the tab when it changed). */
export function describeFieldPlace(form: Form, fieldId: string, withTab = false): string {
  const at = findElement(form, fieldId);
  if (at?.kind !== "field") return "";
  const tab = withTab ? ` of tab ${at.tab.label}` : "";
  return `section ${at.section.label}${tab}, position ${at.fieldIndex + 1}`;
}

function sectionPlace(form: Form, target: DropTarget): { sectionId: string; index: number } | undefined {
  const at = findElement(form, target.id);
  if (target.type === "field" && at?.kind === "field") return { sectionId: at.section.id, index: at.fieldIndex };
  if (target.type === "section" && at?.kind === "section") return { sectionId: at.section.id, index: 0 };
  if (target.type === "section-end" && at?.kind === "section")
    return { sectionId: at.section.id, index: at.section.fields.length };
  return undefined;
}

/** Where a tab is, in words: "position 2 of 3". */
export function describeTabPlace(form: Form, tabId: string): string {
  const index = form.tabs.findIndex((t) => t.id === tabId);
  return index < 0 ? "" : `position ${index + 1} of ${form.tabs.length}`;
}

function dropTab(form: Form, tabId: string, target: DropTarget): Edit<Drop> {
  const tab = form.tabs.find((t) => t.id === tabId);
  if (!tab) return { ok: false, reason: "That tab no longer exists." };
  const to = target.type === "tab" ? form.tabs.findIndex((t) => t.id === target.id) : -1;
  if (to < 0) return { ok: false, reason: "A tab goes among the tabs." };
  if (target.id === tabId)
    return {
      ok: true,
      value: { form, id: tabId, message: `Tab ${tab.label} stays at ${describeTabPlace(form, tabId)}` },
    };
  const moved = moveTab(form, tabId, to);
  if (!moved.ok) return moved;
  return {
    ok: true,
    value: {
      form: moved.value,
      id: tabId,
      message: `Moved tab ${tab.label} to ${describeTabPlace(moved.value, tabId)}`,
    },
  };
}

/** The drop as an edit; `column` finds a palette column's metadata. */
export function applyDrop(
  form: Form,
  item: DragItem,
  target: DropTarget,
  table: Table | undefined,
  column: (name: string) => Column | undefined,
): Edit<Drop> {
  if (item.type === "tab") return dropTab(form, item.id, target);
  if (target.type === "tab") return { ok: false, reason: "Only a tab goes among the tabs." };
  if (item.type === "section") {
    const at = findElement(form, item.id);
    if (at?.kind !== "section") return { ok: false, reason: "That section no longer exists." };
    const over = findElement(form, target.id);
    const overSection = over?.kind === "field" || over?.kind === "section" ? over : undefined;
    if (!overSection) return { ok: false, reason: "A section goes into a tab of fields." };
    let index = overSection.sectionIndex;
    if (target.type === "section-end" || (over?.kind === "field" && overSection.tab.id !== at.tab.id)) index += 1;
    const moved = moveSection(form, item.id, overSection.tab.id, index);
    if (!moved.ok) return moved;
    const now = findElement(moved.value, item.id) as Extract<ReturnType<typeof findElement>, { kind: "section" }>;
    return {
      ok: true,
      value: {
        form: moved.value,
        id: item.id,
        message: `Moved section ${at.section.label} to tab ${now.tab.label}, position ${now.sectionIndex + 1}`,
      },
    };
  }
  const place = sectionPlace(form, target);
  if (!place) return { ok: false, reason: "A field goes into a section." };
  if (item.type === "column") {
    const c = column(item.column);
    if (!c) return { ok: false, reason: `Column ${item.column} is not in the table's metadata.` };
    const inserted = insertField(form, place.sectionId, place.index, c);
    if (!inserted.ok) return inserted;
    return {
      ok: true,
      value: {
        form: inserted.value.form,
        id: inserted.value.id,
        message: `Added field ${labelOf(c.displayName, c.logicalName)} to ${describeFieldPlace(inserted.value.form, inserted.value.id)}`,
      },
    };
  }
  const from = findElement(form, item.id);
  if (from?.kind !== "field") return { ok: false, reason: "That field no longer exists." };
  if (target.type === "field" && target.id === item.id)
    return {
      ok: true,
      value: {
        form,
        id: item.id,
        message: `Field ${fieldName(form, item.id, table)} stays in ${describeFieldPlace(form, item.id)}`,
      },
    };
  // Within its own section a drop on a field later in the list lands after it (the field itself is taken out).
  const moved = moveField(form, item.id, place.sectionId, place.index);
  if (!moved.ok) return moved;
  const tabChanged =
    findElement(moved.value, item.id)?.kind === "field" &&
    (findElement(moved.value, item.id) as Extract<ReturnType<typeof findElement>, { kind: "field" }>).tab.id !==
      from.tab.id;
  return {
    ok: true,
    value: {
      form: moved.value,
      id: item.id,
      message: `Moved field ${fieldName(form, item.id, table)} to ${describeFieldPlace(moved.value, item.id, tabChanged)}`,
    },
  };
}
