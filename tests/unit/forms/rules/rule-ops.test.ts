import { describe, expect, it } from "vitest";
import { newForm } from "@/lib/forms/designer-ops";
import type { Form } from "@/lib/forms/schema";
import { addRule, deleteRule, duplicateRule, freeRuleName, moveRule, replaceRule } from "@/lib/forms/rules/rule-ops";

function empty(): Form {
  const made = newForm([]);
  if (!made.ok) throw new Error(made.reason);
  return made.value;
}

describe("rule list edits", () => {
  it("adds rules with fresh ids and free names, on change of a column or on load", () => {
    const a = addRule(empty(), "emailaddress1");
    const b = addRule(a.form);
    expect(a.form.rules[0]).toMatchObject({ name: "Rule 1", trigger: { on: "change", columns: ["emailaddress1"] } });
    expect(b.form.rules[1]).toMatchObject({ name: "Rule 2", trigger: { on: "load" }, enabled: true });
    expect(a.id).toMatch(/^rule-/);
    expect(b.id).not.toBe(a.id);
  });

  it("duplicates right after the original under a free name, and deletes", () => {
    let form = addRule(empty()).form;
    form = addRule(form).form;
    const first = form.rules[0]!;
    const copy = duplicateRule(form, first.id)!;
    expect(copy.form.rules.map((r) => r.name)).toEqual(["Rule 1", "Rule 1 copy", "Rule 2"]);
    expect(freeRuleName(copy.form.rules, "Rule 1 copy")).toBe("Rule 1 copy (2)");
    expect(deleteRule(copy.form, copy.id).rules.map((r) => r.name)).toEqual(["Rule 1", "Rule 2"]);
  });

  it("moves a rule among the rules of its trigger only", () => {
    let form = empty();
    for (const column of ["a", undefined, "b"]) form = addRule(form, column).form;
    const [r1, r2, r3] = form.rules;
    const moved = moveRule(form, r3!.id, -1)!;
    expect(moved.rules.map((r) => r.id)).toEqual([r3!.id, r2!.id, r1!.id]);
    expect(moveRule(form, r1!.id, -1)).toBeUndefined();
    expect(moveRule(form, r2!.id, 1)).toBeUndefined();
    expect(replaceRule(form, { ...r2!, enabled: false }).rules[1]!.enabled).toBe(false);
  });
});
