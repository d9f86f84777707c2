// What the rule evaluator knows of a table's columns, from the metadata snapshot and the table config: type,
// display name, whether Dataverse requires it on create, whether the project makes it read-only. Pure.
import type { TableConfig } from "@/lib/customization/schema";
import { createRequirement } from "@/lib/customization/required-for-create";
import { labelOf, type Table } from "@/lib/metadata/schema";
import type { RuleColumn } from "./evaluate";

export function ruleColumns(
  table: Table,
  config: Pick<TableConfig, "readOnlyColumns">,
  language = "1033",
): Record<string, RuleColumn> {
  const readOnly = new Set(config.readOnlyColumns);
  const out: Record<string, RuleColumn> = {};
  for (const column of table.columns) {
    out[column.logicalName] = {
      type: column.type,
      label: labelOf(column.displayName, column.logicalName, language),
      ...(createRequirement(column, table) ? { requiredByDataverse: true } : {}),
      ...(readOnly.has(column.logicalName) ? { readOnly: true } : {}),
    };
  }
  return out;
}

/** A column as the preview's trace names it: display name first, logical name second ("Email (emailaddress1)"). */
export function columnCaption(columns: Readonly<Record<string, RuleColumn>>, name: string): string {
  const label = columns[name]?.label;
  return label && label !== name ? `${label} (${name})` : name;
}
