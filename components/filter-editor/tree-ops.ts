// Immutable edits of a filter tree by node id (the editor's stable ids): update, remove, add, move up/down.
// Pure, so the editor's reducer stays small and every edit returns a new tree React can compare.
import type { FilterGroup, FilterNode } from "@/lib/filters/schema";

let counter = 0;
/** A new id, unique within this page (the tree is per page; ids are never written to FetchXML). */
export function newId(): string {
  counter += 1;
  return `n${Date.now().toString(36)}${counter.toString(36)}`;
}

/** The tree with an id on every node that lacks one (a parsed or older saved filter has none). */
export function withIds<T extends FilterNode>(node: T): T {
  const id = node.id ?? newId();
  if (node.kind === "group") return { ...node, id, children: node.children.map((c) => withIds(c)) };
  if (node.kind === "link") return { ...node, id, filter: withIds(node.filter) };
  return { ...node, id };
}

/** Applies `edit` to the node with `id` anywhere in the tree (inside links too); `null` removes it. */
export function updateNode(root: FilterGroup, id: string, edit: (node: FilterNode) => FilterNode | null): FilterGroup {
  const visit = (node: FilterNode): FilterNode | null => {
    if (node.id === id) return edit(node);
    if (node.kind === "group") return visitGroup(node);
    if (node.kind === "link") {
      // The link's own group has an id too (its "Add condition" targets it), so visit it as a node.
      const next = visit(node.filter);
      const filter = next && next.kind === "group" ? next : node.filter;
      return filter === node.filter ? node : { ...node, filter };
    }
    return node;
  };
  const visitGroup = (group: FilterGroup): FilterGroup => {
    let changed = false;
    const children: FilterNode[] = [];
    for (const child of group.children) {
      const next = visit(child);
      if (next !== child) changed = true;
      if (next) children.push(next);
    }
    return changed ? { ...group, children } : group;
  };
  if (root.id === id) {
    const next = edit(root);
    return next && next.kind === "group" ? next : root;
  }
  return visitGroup(root);
}

/** Appends `node` to the group with `groupId` (the root, a nested group, or a link's own group). */
export function addChild(root: FilterGroup, groupId: string, node: FilterNode): FilterGroup {
  return updateNode(root, groupId, (g) => (g.kind === "group" ? { ...g, children: [...g.children, node] } : g));
}

/** Moves the node one place up (-1) or down (+1) among its siblings; nothing at either end. */
export function moveNode(root: FilterGroup, id: string, delta: -1 | 1): FilterGroup {
  const visitGroup = (group: FilterGroup): FilterGroup => {
    const index = group.children.findIndex((c) => c.id === id);
    if (index >= 0) {
      const target = index + delta;
      if (target < 0 || target >= group.children.length) return group;
      const children = [...group.children];
      [children[index], children[target]] = [children[target], children[index]];
      return { ...group, children };
    }
    let changed = false;
    const children = group.children.map((c) => {
      if (c.kind === "group") {
        const next = visitGroup(c);
        if (next !== c) changed = true;
        return next;
      }
      if (c.kind === "link") {
        const filter = visitGroup(c.filter);
        if (filter !== c.filter) {
          changed = true;
          return { ...c, filter };
        }
      }
      return c;
    });
    return changed ? { ...group, children } : group;
  };
  return visitGroup(root);
}

/** Where a node sits among its siblings: for enabling the move buttons. */
export function positionOf(root: FilterGroup, id: string): { index: number; count: number } | undefined {
  const visitGroup = (group: FilterGroup): { index: number; count: number } | undefined => {
    const index = group.children.findIndex((c) => c.id === id);
    if (index >= 0) return { index, count: group.children.length };
    for (const c of group.children) {
      const found = c.kind === "group" ? visitGroup(c) : c.kind === "link" ? visitGroup(c.filter) : undefined;
      if (found) return found;
    }
    return undefined;
  };
  return visitGroup(root);
}

/** Conditions and links in the tree (for the header's count). */
export function countConditions(group: FilterGroup): number {
  return group.children.reduce(
    (n, c) => n + (c.kind === "condition" ? 1 : c.kind === "link" ? 1 + countConditions(c.filter) : countConditions(c)),
    0,
  );
}
