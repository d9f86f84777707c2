// Decides whether two filter trees mean the same rows as FetchXML writes them: editor ids and relationship
// names (which FetchXML does not carry) aside, and joins where FetchXML puts them (after the filter).
import type { FilterGroup, FilterNode, LinkCondition } from "./schema";
import { isJoin } from "./to-fetchxml";

function normalizeNode(node: FilterNode): FilterNode {
  if (node.kind === "condition") {
    const out: FilterNode = {
      kind: "condition",
      column: node.column,
      operator: node.operator,
      values: [...node.values],
    };
    if (node.uiName !== undefined) out.uiName = node.uiName;
    if (node.uiType !== undefined) out.uiType = node.uiType;
    if (node.valueHints?.some((h) => h.uiName !== undefined || h.uiType !== undefined)) {
      out.valueHints = node.values.map((_, i) => {
        const h = node.valueHints?.[i] ?? {};
        const hint: { uiName?: string; uiType?: string } = {};
        if (h.uiName !== undefined) hint.uiName = h.uiName;
        if (h.uiType !== undefined) hint.uiType = h.uiType;
        return hint;
      });
    }
    return out;
  }
  if (node.kind === "link") {
    const out: LinkCondition = {
      kind: "link",
      table: node.table,
      from: node.from,
      to: node.to,
      linkType: node.linkType,
      filter: normalizeFilter(node.filter),
    };
    if (node.alias !== undefined) out.alias = node.alias;
    return out;
  }
  return { kind: "group", type: node.type, children: node.children.map(normalizeNode) };
}

/**
 * The tree as FetchXML gives it back: no `id` or `relationship`; in the top group of the table and of
 * every link, inner/outer joins after the other children (FetchXML writes them after the `<filter>`);
 * and an empty top group is an "and" (FetchXML writes nothing for it).
 */
export function normalizeFilter(group: FilterGroup): FilterGroup {
  const children = group.children.map(normalizeNode);
  const ordered = [...children.filter((c) => !isJoin(c)), ...children.filter((c) => isJoin(c))];
  return { kind: "group", type: ordered.length === 0 ? "and" : group.type, children: ordered };
}

/** True when both trees select the same rows in the same FetchXML: same conditions, operators, values, grouping. */
export function sameMeaning(a: FilterGroup, b: FilterGroup): boolean {
  return JSON.stringify(normalizeFilter(a)) === JSON.stringify(normalizeFilter(b));
}
