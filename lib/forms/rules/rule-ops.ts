// Edits of a form's rule list for the rules panel: add, duplicate, delete, enable, move within a trigger. Pure;
// each returns a new form (the designer records it in its undo history).
import type { Form } from "@/lib/forms/schema";
import { newElementId } from "@/lib/forms/element-id";
import type { FilterGroup, FilterNode } from "@/lib/filters/schema";
import type { Rule } from "./schema";

/** "Rule 3", or the first free "<base> (n)" when `base` is taken (names are unique within a form, ignoring case). */
export function freeRuleName(rules: readonly Rule[], base = "Rule"): string {
  const taken = new Set(rules.map((r) => r.name.toLowerCase()));
  if (base !== "Rule" && !taken.has(base.toLowerCase())) return base;
  for (let n = base === "Rule" ? rules.length + 1 : 2; ; n++) {
    const name = base === "Rule" ? `Rule ${n}` : `${base} (${n})`;
    if (!taken.has(name.toLowerCase())) return name;
  }
}

/** A new enabled rule at the end: on change of `column` when given, else on load; no condition, no actions. */
export function addRule(form: Form, column?: string): { form: Form; id: string } {
  const rule: Rule = {
    id: newElementId("rule"),
    name: freeRuleName(form.rules),
    enabled: true,
    trigger: column ? { on: "change", columns: [column] } : { on: "load" },
    then: [],
    else: [],
  };
  return { form: { ...form, rules: [...form.rules, rule] }, id: rule.id };
}

/** A copy right after the rule, under a new id and a free name. */
export function duplicateRule(form: Form, id: string): { form: Form; id: string } | undefined {
  const i = form.rules.findIndex((r) => r.id === id);
  if (i < 0) return undefined;
  const original = form.rules[i]!;
  const copy: Rule = {
    ...structuredClone(original),
    id: newElementId("rule"),
    name: freeRuleName(form.rules, `${original.name} copy`),
  };
  return { form: { ...form, rules: [...form.rules.slice(0, i + 1), copy, ...form.rules.slice(i + 1)] }, id: copy.id };
}

export function deleteRule(form: Form, id: string): Form {
  return { ...form, rules: form.rules.filter((r) => r.id !== id) };
}

export function replaceRule(form: Form, rule: Rule): Form {
  return { ...form, rules: form.rules.map((r) => (r.id === rule.id ? rule : r)) };
}

/**
 * Moves a rule one place up (-1) or down (+1) among the rules of its trigger (the order they run in): it swaps
 * with the previous or next rule of the same trigger. Undefined when it is already first or last.
 */
export function moveRule(form: Form, id: string, by: -1 | 1): Form | undefined {
  const i = form.rules.findIndex((r) => r.id === id);
  if (i < 0) return undefined;
  const on = form.rules[i]!.trigger.on;
  let j = i + by;
  while (j >= 0 && j < form.rules.length && form.rules[j]!.trigger.on !== on) j += by;
  if (j < 0 || j >= form.rules.length) return undefined;
  const rules = [...form.rules];
  [rules[i], rules[j]] = [rules[j]!, rules[i]!];
  return { ...form, rules };
}

/** Ids the condition editor gives nodes that have none: from their place in the tree, so stable between renders. */
const PATH_ID = "~";

function idsOf(node: FilterNode, out: Set<string>): Set<string> {
  if (node.id) out.add(node.id);
  if (node.kind === "group") for (const c of node.children) idsOf(c, out);
  else if (node.kind === "link") idsOf(node.filter, out);
  return out;
}

function withPathIds<T extends FilterNode>(node: T, path: string): T {
  const id = node.id ?? `${PATH_ID}${path}`;
  if (node.kind === "group")
    return { ...node, id, children: node.children.map((c, i) => withPathIds(c, `${path}.${i}`)) };
  if (node.kind === "link") return { ...node, id, filter: withPathIds(node.filter, `${path}.f`) };
  return { ...node, id };
}

/**
 * The rule's condition as the condition editor edits it: a group (empty when the rule has none) whose every node has
 * an id (the editor addresses nodes by id); the ids it adds come from each node's place, so they are the same on
 * every render and are never stored (see `withCondition`).
 */
export function editableCondition(rule: Rule): FilterGroup {
  return withPathIds(rule.condition ?? { kind: "group", type: "and", children: [] }, "0");
}

/**
 * The rule with `edited` as its condition: without the ids the editor added (ids the rule's condition already had
 * are kept), and without a condition when the group is empty (the rule then always takes its first branch).
 */
export function withCondition(rule: Rule, edited: FilterGroup): Rule {
  const keep = rule.condition ? idsOf(rule.condition, new Set()) : new Set<string>();
  const strip = <T extends FilterNode>(node: T): T => {
    const { id, ...rest } = node;
    const base = (id !== undefined && keep.has(id) ? { ...rest, id } : rest) as T;
    if (base.kind === "group") return { ...base, children: base.children.map(strip) };
    if (base.kind === "link") return { ...base, filter: strip(base.filter) };
    return base;
  };
  const { condition: _dropped, ...rest } = rule;
  void _dropped;
  return edited.children.length ? { ...rest, condition: strip(edited) } : rest;
}

/** The columns the condition tests, in tree order (the first is what a change rule watches by default). */
export function conditionColumns(group: FilterGroup | undefined): string[] {
  const out: string[] = [];
  const visit = (node: FilterNode) => {
    if (node.kind === "condition") {
      if (node.column && !out.includes(node.column)) out.push(node.column);
    } else if (node.kind === "group") node.children.forEach(visit);
  };
  if (group) visit(group);
  return out;
}
