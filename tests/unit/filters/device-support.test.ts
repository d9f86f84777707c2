import { describe, expect, it } from "vitest";
import { OPERATOR_NAMES, type Condition, type LinkCondition } from "@/lib/filters/schema";
import { FORM_RULE_OPERATOR_NAMES, OPERATORS, operatorsForColumnType } from "@/lib/filters/operators";
import { deviceFlag, treeCapabilities } from "@/lib/filters/device-support";
import { RULE_OPERATORS, isRuleOperator } from "@/lib/forms/rules/evaluate";

const cond = (operator: Condition["operator"]): Condition => ({
  kind: "condition",
  column: "createdon",
  operator,
  values: [],
});
const link: LinkCondition = {
  kind: "link",
  table: "annotation",
  from: "objectid",
  to: "contactid",
  linkType: "any",
  filter: { kind: "group", type: "and", children: [] },
};

describe("what a form rule and a device can evaluate (one owner: the operator catalogue)", () => {
  it("derives the rules' operators from the catalogue's formRule fact", () => {
    expect([...RULE_OPERATORS]).toEqual(OPERATOR_NAMES.filter((n) => OPERATORS[n].formRule));
    expect(FORM_RULE_OPERATOR_NAMES).toBe(RULE_OPERATORS);
    expect(isRuleOperator("eq")).toBe(true);
    expect(isRuleOperator("this-fiscal-year")).toBe(false);
    expect(isRuleOperator("bogus")).toBe(false);
  });

  it("gives every operator a device can not evaluate a reason, and none to the others", () => {
    for (const name of OPERATOR_NAMES) {
      const f = OPERATORS[name];
      if (f.formRule) expect(f.deviceCaveat).toBeUndefined();
      else expect(f.deviceCaveat).toMatch(/\.$/);
    }
    expect(OPERATORS["this-fiscal-year"].deviceCaveat).toContain("fiscal year settings");
    expect(OPERATORS.under.deviceCaveat).toContain("hierarchy");
    expect(OPERATORS["eq-businessid"].deviceCaveat).toContain("business unit");
  });

  it("lists only rule operators for a rule condition", () => {
    const all = operatorsForColumnType("datetime").map((f) => f.name);
    const rule = operatorsForColumnType("datetime", { formRule: true }).map((f) => f.name);
    expect(all).toContain("this-fiscal-year");
    expect(rule).not.toContain("this-fiscal-year");
    expect(rule).toEqual(expect.arrayContaining(["on", "last-x-days", "null"]));
    expect(rule.every((n) => isRuleOperator(n))).toBe(true);
  });
});

describe("device flags", () => {
  it("flags an operator a device cannot evaluate, worded for who evaluates the tree", () => {
    expect(deviceFlag(cond("this-fiscal-year"), "server")).toMatchObject({ label: "Server only" });
    expect(deviceFlag(cond("this-fiscal-year"), "server")?.reason).toContain("Dataverse applies this at sync time");
    expect(deviceFlag(cond("this-fiscal-year"), "device")).toMatchObject({ label: "Not on the device" });
    expect(deviceFlag(cond("last-x-days"), "server")).toBeUndefined();
    expect(deviceFlag(cond("eq-userid"), "device")).toBeUndefined();
  });

  it("flags related rows only where the device evaluates the tree", () => {
    expect(deviceFlag(link, "server")).toBeUndefined();
    expect(deviceFlag(link, "device")).toMatchObject({ label: "Needs related rows" });
    expect(deviceFlag({ kind: "group", type: "or", children: [] }, "device")).toBeUndefined();
  });

  it("says what each kind of tree may hold", () => {
    expect(treeCapabilities("sync-filter")).toMatchObject({ evaluatedBy: "server", links: true });
    expect(treeCapabilities("view-filter")).toMatchObject({ evaluatedBy: "device", links: true });
    expect(treeCapabilities("form-rule")).toMatchObject({
      evaluatedBy: "device",
      links: false,
      formRuleOperatorsOnly: true,
    });
  });
});
