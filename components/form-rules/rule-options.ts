// What the rule editor offers: the form's fields, sections and tabs by label, its columns, and the operators a
// rule condition may use for a column's type. Derived from the form and the metadata; no rule logic here.
import { labelOf, type Column, type Table } from "@/lib/metadata/schema";
import type { Form } from "@/lib/forms/schema";
import { formFields } from "@/lib/forms/walk";
import { operatorsForColumnType, type OperatorFacts } from "@/lib/filters/operators";
import { lookupViewChoices, type ProjectTableViews } from "@/lib/forms/rules/lookup-views";

export interface PickItem {
  value: string;
  label: string;
}

export interface RuleOptions {
  fields: PickItem[];
  sections: PickItem[];
  tabs: PickItem[];
  /** Fields, sections and tabs, for show and hide. */
  parts: PickItem[];
  /** The columns on the form (the ones a rule watches, tests and sets). */
  columns: PickItem[];
  column(name: string): Column | undefined;
  /** The table as a rule condition sees it: only the columns on the form (the condition editor's columns). */
  conditionTable: Table | undefined;
  /** The views a field's lookup picker can show (the project's views of its target tables), by name. */
  lookupViews(fieldId: string): PickItem[];
}

export function ruleOptions(
  form: Form,
  table: Table | undefined,
  projectTables: readonly ProjectTableViews[] = [],
): RuleOptions {
  const byName = new Map(table?.columns.map((c) => [c.logicalName, c]));
  const colLabel = (name: string) => labelOf(byName.get(name)?.displayName, name);
  const placed = formFields(form);
  const fields = placed.map(({ field, section }) => ({
    value: field.id,
    label: `${field.label ?? colLabel(field.column)} (${section.label})`,
  }));
  const sections = form.tabs.flatMap((t) =>
    t.kind === "fields" ? t.sections.map((s) => ({ value: s.id, label: `Section ${s.label} (${t.label})` })) : [],
  );
  const tabs = form.tabs.map((t) => ({ value: t.id, label: `Tab ${t.label}` }));
  const names = [...new Set(placed.map(({ field }) => field.column))];
  const columns = names.map((n) => ({ value: n, label: `${colLabel(n)} (${n})` }));
  const onForm = new Set(names);
  const fieldColumn = new Map(placed.map(({ field }) => [field.id, field.column]));
  return {
    fields,
    sections,
    tabs,
    parts: [...fields, ...sections, ...tabs],
    columns,
    column: (name) => byName.get(name),
    conditionTable: table ? { ...table, columns: table.columns.filter((c) => onForm.has(c.logicalName)) } : undefined,
    lookupViews: (fieldId) => lookupViewChoices(byName.get(fieldColumn.get(fieldId) ?? ""), projectTables),
  };
}

/** The operators a rule condition on `column` may use: the filter catalogue's for its type, restricted to rules'. */
export function ruleOperatorsFor(column: Column | undefined): OperatorFacts[] {
  if (!column) return [];
  return operatorsForColumnType(column.type, { formRule: true });
}

/** A column's options as select items (option value as its integer, the rules' convention). */
export function optionItems(column: Column | undefined): PickItem[] | undefined {
  if (!column) return undefined;
  if (column.type === "boolean") {
    const opts = column.optionSet?.options ?? [];
    return opts.length
      ? opts.map((o) => ({ value: String(o.value), label: labelOf(o.labels, String(o.value)) }))
      : [
          { value: "1", label: "Yes" },
          { value: "0", label: "No" },
        ];
  }
  if (!["picklist", "state", "status", "multiselect"].includes(column.type)) return undefined;
  return (column.optionSet?.options ?? []).map((o) => ({
    value: String(o.value),
    label: labelOf(o.labels, String(o.value)),
  }));
}
