// Any valid tree -> FetchXML -> tree is the same tree (fast-check).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { XMLValidator } from "fast-xml-parser";
import {
  FilterGroupSchema,
  OPERATOR_NAMES,
  type Condition,
  type FilterGroup,
  type FilterNode,
  type LinkCondition,
} from "@/lib/filters/schema";
import { OPERATORS } from "@/lib/filters/operators";
import { filterToFetchXml, toFetchXml } from "@/lib/filters/to-fetchxml";
import { parseFetchXml } from "@/lib/filters/parse-fetchxml";
import { normalizeFilter } from "@/lib/filters/same-meaning";

const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,14}$/);
// Any text XML can carry: letters, markup characters, quotes, whitespace (tab, newline, CR), non-ASCII.
const xmlText = fc.string({
  unit: fc.oneof(
    fc.constantFrom(
      "a",
      "Z",
      "0",
      " ",
      "&",
      "<",
      ">",
      '"',
      "'",
      "%",
      "_",
      "{",
      "}",
      "\t",
      "\n",
      "\r",
      "é",
      "中",
      "😀",
      ";",
      "#",
    ),
    fc.string({ minLength: 1, maxLength: 1 }).filter((c) => /^[\x20-\x7e]$/.test(c)),
  ),
  maxLength: 12,
});

const condition: fc.Arbitrary<Condition> = fc
  .record({
    column: name,
    operator: fc.constantFrom(...OPERATOR_NAMES),
    pool: fc.array(xmlText, { minLength: 4, maxLength: 4 }),
    many: fc.integer({ min: 1, max: 4 }),
    uiName: fc.option(xmlText, { nil: undefined }),
    uiType: fc.option(name, { nil: undefined }),
    hints: fc.option(
      fc.array(
        fc.record({ uiName: fc.option(xmlText, { nil: undefined }), uiType: fc.option(name, { nil: undefined }) }),
        { minLength: 4, maxLength: 4 },
      ),
      {
        nil: undefined,
      },
    ),
  })
  .map(({ column, operator, pool, many, uiName, uiType, hints }) => {
    const arity = OPERATORS[operator].arity;
    const count = arity === "many" ? many : arity;
    const c: Condition = { kind: "condition", column, operator, values: pool.slice(0, count) };
    if (uiName !== undefined) c.uiName = uiName;
    if (uiType !== undefined) c.uiType = uiType;
    // Per-value hints exist in FetchXML only when some value carries one.
    const valueHints = hints?.slice(0, count).map((h) => {
      const out: { uiName?: string; uiType?: string } = {};
      if (h.uiName !== undefined) out.uiName = h.uiName;
      if (h.uiType !== undefined) out.uiType = h.uiType;
      return out;
    });
    if (valueHints?.some((h) => h.uiName !== undefined || h.uiType !== undefined)) c.valueHints = valueHints;
    return c;
  });

function linkArb(depth: number, types: Array<LinkCondition["linkType"]>): fc.Arbitrary<LinkCondition> {
  return fc
    .record({
      table: name,
      from: name,
      to: name,
      linkType: fc.constantFrom(...types),
      alias: fc.option(name, { nil: undefined }),
      filter: rootArb(depth - 1),
    })
    .map((l) => link(l));
}

function nodeArb(depth: number): fc.Arbitrary<FilterNode> {
  if (depth <= 0) return condition;
  return fc.oneof(
    { arbitrary: condition, weight: 4 },
    { arbitrary: groupArb(depth - 1), weight: 1 },
    { arbitrary: linkArb(depth, ["any", "not any"]), weight: 1 },
  );
}

function groupArb(depth: number): fc.Arbitrary<FilterGroup> {
  return fc.record({
    kind: fc.constant("group" as const),
    type: fc.constantFrom("and" as const, "or" as const),
    children: fc.array(nodeArb(depth), { maxLength: 4 }),
  });
}

/** A root group (of the table or of a link): joins only directly under "and", after the other children. */
function rootArb(depth: number): fc.Arbitrary<FilterGroup> {
  return fc
    .record({
      type: fc.constantFrom("and" as const, "or" as const),
      children: fc.array(nodeArb(depth), { maxLength: 4 }),
      joins: depth > 0 ? fc.array(linkArb(depth, ["inner", "outer"]), { maxLength: 2 }) : fc.constant([]),
    })
    .map(({ type, children, joins }) => {
      const all = [...children, ...(type === "and" ? joins : [])];
      // FetchXML writes nothing for an empty top group, which reads back as "and".
      return { kind: "group" as const, type: all.length === 0 ? "and" : type, children: all };
    });
}

const tree = { root: rootArb(3) };

function link(l: {
  table: string;
  from: string;
  to: string;
  linkType: LinkCondition["linkType"];
  alias?: string;
  filter: FilterGroup;
}): LinkCondition {
  const out: LinkCondition = {
    kind: "link",
    table: l.table,
    from: l.from,
    to: l.to,
    linkType: l.linkType,
    filter: l.filter,
  };
  if (l.alias !== undefined) out.alias = l.alias;
  return out;
}

describe("FetchXML round trip", () => {
  it("tree -> <fetch> -> tree is the same tree", () => {
    fc.assert(
      fc.property(name, tree.root, (table, root) => {
        expect(FilterGroupSchema.safeParse(root).success).toBe(true);
        const xml = toFetchXml(table, root, { columns: ["a"] });
        expect(XMLValidator.validate(xml)).toBe(true);
        const back = parseFetchXml(xml);
        expect(back.table).toBe(table);
        expect(back.filter).toEqual(root);
      }),
      { numRuns: 400 },
    );
  });

  it("tree -> <filter> -> tree is the same tree, and printing again gives the same text", () => {
    const noJoins = tree.root.filter((r) =>
      r.children.every((c) => c.kind !== "link" || c.linkType === "any" || c.linkType === "not any"),
    );
    fc.assert(
      fc.property(noJoins, (root) => {
        const xml = filterToFetchXml(root, { indent: null });
        const wrapped = xml === "" ? `<filter type="and" />` : xml;
        const back = parseFetchXml(wrapped).filter;
        expect(back).toEqual(root);
        expect(filterToFetchXml(back, { indent: null })).toBe(xml);
      }),
      { numRuns: 300 },
    );
  });

  it("ids and relationship names, which FetchXML does not carry, are the only things lost", () => {
    fc.assert(
      fc.property(tree.root, fc.uuid(), (root, id) => {
        const withIds: FilterGroup = {
          ...root,
          id,
          children: root.children.map((c) => (c.kind === "link" ? { ...c, id, relationship: "x_rel" } : { ...c, id })),
        };
        expect(parseFetchXml(toFetchXml("t", withIds)).filter).toEqual(normalizeFilter(withIds));
      }),
      { numRuns: 100 },
    );
  });
});
