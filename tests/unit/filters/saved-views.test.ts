// Round trip of every saved view's FetchXML in the real solutions: parse, print, parse again, same meaning.
import { describe, expect, it } from "vitest";
import { isAppError } from "@/lib/app-error";
import type { FilterGroup, FilterNode } from "@/lib/filters/schema";
import { parseFetchXml } from "@/lib/filters/parse-fetchxml";
import { toFetchXml } from "@/lib/filters/to-fetchxml";
import { sameMeaning } from "@/lib/filters/same-meaning";
import { loadSavedViews } from "./saved-views";

function count(node: FilterNode | FilterGroup, kind: "condition" | "link"): number {
  if (node.kind === "condition") return kind === "condition" ? 1 : 0;
  if (node.kind === "link") return (kind === "link" ? 1 : 0) + count(node.filter, kind);
  return node.children.reduce((n, c) => n + count(c, kind), 0);
}

describe("saved views of the real solutions", () => {
  const views = loadSavedViews();
  const parsed: Array<{ view: (typeof views)[number]; table: string; filter: FilterGroup }> = [];
  const refused: string[] = [];
  for (const view of views) {
    try {
      const r = parseFetchXml(view.fetchXml, { name: view.source, line: view.line, column: view.column });
      parsed.push({ view, table: r.table!, filter: r.filter });
    } catch (e) {
      if (!isAppError(e)) throw e;
      refused.push(`${view.name} [${view.id}]: ${e.problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`);
    }
  }

  it("parses every view it can represent and names the reason for each it cannot", () => {
    // 294 views in the nonprofit zip, 28 in the higher-ed portal, 8 SavedQueries files unpacked.
    expect(views).toHaveLength(330);
    expect(parsed).toHaveLength(293);
    expect(refused).toHaveLength(37);
    // Every refusal is a Quick Find view: its search template ({0}) selects no fixed rows.
    expect(refused.every((r) => r.includes("Quick Find search template"))).toBe(true);
    expect(refused).toMatchSnapshot();
  });

  it("keeps every condition and link of the source (counted independently of the parser)", () => {
    for (const { view, filter } of parsed) {
      const conditions = (view.fetchXml.match(/<condition\b/g) ?? []).length;
      const links = (view.fetchXml.match(/<link-entity\b/g) ?? []).length;
      expect(count(filter, "condition"), `${view.source} ${view.name}`).toBe(conditions);
      expect(count(filter, "link"), `${view.source} ${view.name}`).toBe(links);
    }
  });

  it("print then parse again gives the same meaning for every parsed view", () => {
    let operators = new Set<string>();
    for (const { view, table, filter } of parsed) {
      const again = parseFetchXml(toFetchXml(table, filter));
      expect(again.table).toBe(table);
      expect(again.filter, `${view.source} ${view.name}`).toEqual(filter);
      expect(sameMeaning(again.filter, filter)).toBe(true);
      const walk = (n: FilterNode): void => {
        if (n.kind === "condition") operators = operators.add(n.operator);
        else if (n.kind === "link") n.filter.children.forEach(walk);
        else n.children.forEach(walk);
      };
      filter.children.forEach(walk);
    }
    // The operators the README of the data promises are all among them.
    for (const op of [
      "in",
      "ne",
      "null",
      "not-null",
      "eq-userid",
      "last-x-years",
      "next-x-months",
      "on-or-before",
      "on-or-after",
      "eq",
    ]) {
      expect(operators.has(op), op).toBe(true);
    }
  });
});
