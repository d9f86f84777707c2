// Which columns a filter tree uses, and on which table: conditions belong to the table of the
// group they sit in, a link's `to` column to the enclosing table and its `from` column to the linked one.
import type { Condition, FilterGroup, LinkCondition, SyncFilter } from "@/lib/filters/schema";
import { PRESET_CONDITIONS } from "@/lib/filters/to-fetchxml";

/** One use of a column by a filter, with where it sits (for messages and UI links). */
export interface FilterColumnUse {
  table: string;
  column: string;
  /** "condition" | "link-to" | "link-from" */
  role: "condition" | "link-to" | "link-from";
  condition?: Condition;
  link?: LinkCondition;
}

/** Every column use in `group`, whose conditions are on `table`; nested links switch the table. */
export function filterColumnUses(group: FilterGroup | undefined, table: string): FilterColumnUse[] {
  const out: FilterColumnUse[] = [];
  if (group) walkGroup(group, table, out);
  return out;
}

function walkGroup(group: FilterGroup, table: string, out: FilterColumnUse[]): void {
  for (const node of group.children) {
    if (node.kind === "condition") {
      out.push({ table, column: node.column, role: "condition", condition: node });
    } else if (node.kind === "link") {
      out.push({ table, column: node.to, role: "link-to", link: node });
      out.push({ table: node.table, column: node.from, role: "link-from", link: node });
      walkGroup(node.filter, node.table, out);
    } else {
      walkGroup(node, table, out);
    }
  }
}

/** The columns the preset itself reads (the filters module says which condition each preset stands for). */
export function presetColumns(preset: SyncFilter["preset"]): string[] {
  return preset === "mine" || preset === "my-team" || preset === "my-business-unit"
    ? [PRESET_CONDITIONS[preset].column]
    : [];
}

/** Every condition in the tree with the table it is evaluated on. */
export function conditionsWithTable(
  group: FilterGroup | undefined,
  table: string,
): Array<{ table: string; condition: Condition }> {
  return filterColumnUses(group, table)
    .filter((use) => use.role === "condition")
    .map((use) => ({ table: use.table, condition: use.condition as Condition }));
}
