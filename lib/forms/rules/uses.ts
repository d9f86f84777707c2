// Which columns a rule reads and writes: for the locked columns (a column a rule uses stays selected), the cycle
// check and the validator. Pure.
import type { FilterNode } from "@/lib/filters/schema";
import type { Rule } from "./schema";

/** The columns a rule's set-value actions write (either branch). */
export function ruleSetColumns(rule: Rule): string[] {
  return [...rule.then, ...rule.else].flatMap((a) => (a.type === "setValue" ? [a.column] : []));
}

/** Every column a rule reads or writes (trigger, condition, set-value targets and sources), for locked columns. */
export function ruleColumnUses(rule: Rule): string[] {
  const out: string[] = [];
  if (rule.trigger.on === "change") out.push(...rule.trigger.columns);
  const walk = (node: FilterNode) => {
    if (node.kind === "condition") out.push(node.column);
    else if (node.kind === "group") node.children.forEach(walk);
  };
  if (rule.condition) walk(rule.condition);
  for (const action of [...rule.then, ...rule.else]) {
    if (action.type !== "setValue") continue;
    out.push(action.column);
    if (action.value.kind === "column") out.push(action.value.column);
  }
  return out;
}
