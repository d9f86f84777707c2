import { describe, expect, it } from "vitest";
import { z } from "zod";
import { FilterGroupSchema, MAX_CONDITION_VALUES, SyncFilterSchema } from "@/lib/filters/schema";

const tree = {
  kind: "group",
  type: "and",
  id: "g1",
  children: [
    { kind: "condition", id: "c1", column: "statecode", operator: "eq", values: ["0"] },
    {
      kind: "link",
      table: "annotation",
      from: "objectid",
      to: "contactid",
      linkType: "not any",
      relationship: "Contact_Annotation",
      filter: {
        kind: "group",
        type: "or",
        children: [
          {
            kind: "group",
            type: "and",
            children: [{ kind: "condition", column: "subject", operator: "null", values: [] }],
          },
        ],
      },
    },
  ],
};

describe("filter schema", () => {
  it("parses a recursive tree and a sync filter unchanged", () => {
    expect(FilterGroupSchema.parse(tree)).toEqual(tree);
    const sync = {
      preset: "related",
      related: { sources: [{ table: "account", column: "primarycontactid" }] },
      filter: tree,
    };
    expect(SyncFilterSchema.parse(sync)).toEqual(sync);
  });

  it("names the path of a bad node anywhere in the tree", () => {
    const bad = structuredClone(tree) as typeof tree;
    (
      bad.children[1] as { filter: { children: Array<{ children: Array<{ operator: string }> }> } }
    ).filter.children[0].children[0].operator = "equals";
    const r = FilterGroupSchema.safeParse(bad);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].path).toEqual(["children", 1, "filter", "children", 0, "children", 0, "operator"]);
    expect(SyncFilterSchema.safeParse({ preset: "mine", extra: 1 }).success).toBe(false);
    expect(FilterGroupSchema.safeParse({ kind: "group", type: "xor", children: [] }).success).toBe(false);
    expect(
      FilterGroupSchema.safeParse({
        kind: "group",
        type: "and",
        children: [
          {
            kind: "link",
            table: "a",
            from: "b",
            to: "c",
            linkType: "all",
            filter: { kind: "group", type: "and", children: [] },
          },
        ],
      }).success,
    ).toBe(false);
  });

  it("exports as JSON Schema (for the published bundle schema)", () => {
    const schema = JSON.stringify(z.toJSONSchema(SyncFilterSchema));
    expect(schema).toContain('"not any"');
    expect(schema).toContain("olderthan-x-minutes");
  });

  it("takes at most 2,000 values in one condition, and names the condition that has more", () => {
    const condition = (n: number) => ({
      kind: "condition",
      column: "statecode",
      operator: "in",
      values: Array.from({ length: n }, (_, i) => String(i)),
    });
    const group = (n: number) => ({ kind: "group", type: "and", children: [condition(1), condition(n)] });
    expect(FilterGroupSchema.safeParse(group(MAX_CONDITION_VALUES)).success).toBe(true);
    const refused = FilterGroupSchema.safeParse(group(MAX_CONDITION_VALUES + 1));
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["children.1.values", "at most 2000 values in one condition: split the list or filter on something they share"],
    ]);
  });
});
