// What the rule editor offers: the form's fields, sections and tabs by label, its columns, and the operators a
// rule condition may use for a column's type. Derived from the form and the metadata; no rule logic here.
import { labelOf, type Column, type Table } from "@/lib/metadata/schema";
import type { Form } from "@/lib/forms/schema";
import { formFields } from "@/lib/forms/walk";
import { operatorsForColumnType, type OperatorFacts } from "@/lib/filters/operators";
import { isRuleOperator } from "@/lib/forms/rules/evaluate";

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
}

export function ruleOptions(form: Form, table: Table | undefined): RuleOptions {
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
  return {
    fields,
    sections,
    tabs,
    parts: [...fields, ...sections, ...tabs],
    columns,
    column: (name) => byName.get(name),
  };
}

/** The operators a rule condition on `column` may use: the filter catalogue's for its type, restricted to rules'. */
export function ruleOperatorsFor(column: Column | undefined): OperatorFacts[] {
  if (!column) return [];
  return operatorsForColumnType(column.type).filter((o) => isRuleOperator(o.name));
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
