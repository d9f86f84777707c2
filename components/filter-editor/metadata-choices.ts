// What the editor offers from the metadata: the columns a condition can use (by display name), the operators
// of a column's type with readable labels, and the relationships a link condition can travel.
import type { Column, MetadataDocument, Table } from "@/lib/metadata/schema";
import { columnLabel as columnLabelOf, columnName, tableLabel, tablePluralLabel } from "@/lib/metadata/naming";
import { operatorsForColumnType, type OperatorFacts } from "@/lib/filters/operators";
import type { LinkCondition, Operator } from "@/lib/filters/schema";

export interface ColumnChoice {
  value: string;
  /** The display name, or the logical name when the column has none. */
  label: string;
  /** The logical name shown beside the label, unless the label already is it. */
  secondary?: string;
  type: Column["type"];
}

/** Columns that can carry a condition: readable, not a name/companion column, with operators for their type. */
export function columnChoices(table: Table | undefined, options: { formRule?: boolean } = {}): ColumnChoice[] {
  if (!table) return [];
  return table.columns
    .filter((c) => !c.attributeOf && c.validForRead !== false && operatorsForColumnType(c.type, options).length > 0)
    .map((c) => {
      const name = columnName(c, c.logicalName);
      return { value: c.logicalName, label: name.label, secondary: name.secondary, type: c.type };
    })
    .sort((a, b) => a.label.localeCompare(b.label) || a.value.localeCompare(b.value));
}

/** "is in the last … days": the operator's phrase with its value slots as an ellipsis. */
export function operatorLabel(facts: OperatorFacts): string {
  const text = facts.phrase.replace(/\{0\}|\{1\}|\{list\}/g, "…");
  return facts.name === "neq" ? `${text} (neq)` : text;
}

/** Flat on purpose: a `group` key would make Mantine read each item as an option group. */
export function operatorChoices(
  type: Column["type"],
  options: { formRule?: boolean } = {},
): Array<{ value: Operator; label: string }> {
  return operatorsForColumnType(type, options).map((f) => ({ value: f.name, label: operatorLabel(f) }));
}

export interface LinkChoice {
  value: string;
  label: string;
  link: Pick<LinkCondition, "table" | "from" | "to" | "relationship">;
}

/**
 * The one-to-many relationships of `table` whose other side is in the metadata: "Contacts whose Company
 * Name is this row" (the related rows hold the lookup) and "Company Name (Account)" (this row's lookup).
 */
export function linkChoices(metadata: MetadataDocument, table: string): LinkChoice[] {
  const tables = new Map(metadata.tables.map((t) => [t.logicalName, t]));
  const self = tables.get(table);
  const choices: LinkChoice[] = [];
  const columnLabel = (t: Table | undefined, name: string) =>
    columnLabelOf(
      t?.columns.find((c) => c.logicalName === name),
      name,
    );
  for (const r of metadata.relationships) {
    if (r.kind !== "one-to-many" || !r.referencingTable || !r.referencingColumn || !r.referencedTable) continue;
    const referencing = tables.get(r.referencingTable);
    const referenced = tables.get(r.referencedTable);
    if (r.referencedTable === table && referencing) {
      choices.push({
        value: `${r.schemaName}:many`,
        label: `${tablePluralLabel(referencing, r.referencingTable)} whose ${columnLabel(referencing, r.referencingColumn)} is this row (${r.schemaName})`,
        link: {
          table: r.referencingTable,
          from: r.referencingColumn,
          to: r.referencedColumn ?? self?.primaryIdColumn ?? `${table}id`,
          relationship: r.schemaName,
        },
      });
    }
    if (r.referencingTable === table && referenced) {
      choices.push({
        value: `${r.schemaName}:one`,
        label: `${columnLabel(self, r.referencingColumn)}: the ${tableLabel(referenced, r.referencedTable)} (${r.schemaName})`,
        link: {
          table: r.referencedTable,
          from: r.referencedColumn ?? referenced.primaryIdColumn,
          to: r.referencingColumn,
          relationship: r.schemaName,
        },
      });
    }
  }
  return choices.sort((a, b) => a.label.localeCompare(b.label));
}

/** The choice a link node stands for (by relationship name, else by its columns). */
export function choiceOf(choices: LinkChoice[], link: LinkCondition): LinkChoice | undefined {
  return (
    choices.find(
      (c) =>
        c.link.relationship === link.relationship &&
        c.link.table === link.table &&
        c.link.from === link.from &&
        c.link.to === link.to,
    ) ?? choices.find((c) => c.link.table === link.table && c.link.from === link.from && c.link.to === link.to)
  );
}
