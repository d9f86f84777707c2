import { describe, expect, it } from "vitest";
import type { Rule } from "@/lib/forms/rules/schema";
import { conditionColumns, editableCondition, withCondition } from "@/lib/forms/rules/rule-ops";
import { lookupViewChoices } from "@/lib/forms/rules/lookup-views";
import { columnCaption } from "@/lib/forms/rules/columns";

const rule: Rule = {
  id: "r1",
  name: "Nested",
  enabled: true,
  trigger: { on: "load" },
  condition: {
    kind: "group",
    id: "kept",
    type: "or",
    children: [
      { kind: "condition", column: "preferredcontactmethodcode", operator: "eq", values: ["2"] },
      {
        kind: "group",
        type: "and",
        children: [{ kind: "condition", column: "lastname", operator: "begins-with", values: ["A"] }],
      },
    ],
  },
  then: [],
  else: [],
};

describe("a rule's condition in the filter editor", () => {
  it("gives every node an id from its place, the same on every render", () => {
    const a = editableCondition(rule);
    const b = editableCondition(rule);
    expect(a).toEqual(b);
    expect(a.id).toBe("kept");
    const inner = a.children[1];
    expect(inner?.id).toBe("~0.1");
    expect(inner?.kind === "group" && inner.children[0]?.id).toBe("~0.1.0");
    expect(editableCondition({ ...rule, condition: undefined })).toMatchObject({ type: "and", children: [] });
  });

  it("stores the edited tree without the ids the editor added, and no condition when it is empty", () => {
    const edited = editableCondition(rule);
    const added = {
      ...edited,
      children: [
        ...edited.children,
        { kind: "condition" as const, id: "n123", column: "emailaddress1", operator: "null" as const, values: [] },
      ],
    };
    const next = withCondition(rule, added);
    expect(next.condition).toEqual({
      ...rule.condition,
      children: [
        ...rule.condition!.children,
        { kind: "condition", column: "emailaddress1", operator: "null", values: [] },
      ],
    });
    expect(JSON.stringify(next)).not.toMatch(/"~|n123/);
    expect("condition" in withCondition(rule, { ...edited, children: [] })).toBe(false);
  });

  it("lists the columns it tests in tree order, once", () => {
    expect(conditionColumns(rule.condition)).toEqual(["preferredcontactmethodcode", "lastname"]);
    expect(conditionColumns(undefined)).toEqual([]);
  });
});

describe("lookup views and captions for the rule editor and its trace", () => {
  const tables = [
    {
      tableName: "account",
      label: "Account",
      views: [
        { id: "v-all", name: "All accounts", kind: "list" as const },
        { id: "v-pick", name: "Active accounts", kind: "lookup" as const },
      ],
    },
    { tableName: "contact", label: "Contact", views: [{ id: "v-c", name: "My contacts", kind: "list" as const }] },
  ];

  it("offers the project's views of the lookup's target tables by name, lookup views first", () => {
    expect(lookupViewChoices({ targets: ["account"] }, tables)).toEqual([
      { value: "v-pick", label: "Active accounts (lookup view)" },
      { value: "v-all", label: "All accounts" },
    ]);
    expect(lookupViewChoices({ targets: ["account", "contact"] }, tables).map((c) => c.label)).toContain(
      "Contact: My contacts",
    );
    expect(lookupViewChoices({}, tables)).toEqual([]);
    expect(lookupViewChoices(undefined, tables)).toEqual([]);
  });

  it("names a column by display name, logical name second", () => {
    const columns = { emailaddress1: { type: "string" as const, label: "Email" } };
    expect(columnCaption(columns, "emailaddress1")).toBe("Email (emailaddress1)");
    expect(columnCaption(columns, "fax")).toBe("fax");
  });
});
