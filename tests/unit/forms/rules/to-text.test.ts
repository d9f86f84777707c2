import { describe, expect, it } from "vitest";
import { diffBundles } from "@/lib/bundle/diff";
import { ProjectDocumentSchema } from "@/lib/customization/schema";
import { RuleSchema, type RuleInput } from "@/lib/forms/rules/schema";
import { ruleToText } from "@/lib/forms/rules/to-text";
import { fieldSales } from "@/tests/unit/bundle/fixtures";
import { realSnapshot } from "@/tests/unit/customization/fixtures";

const form = {
  tabs: [
    {
      kind: "fields" as const,
      id: "t1",
      label: "General",
      sections: [
        {
          id: "s1",
          label: "Contact",
          showLabel: true,
          columns: 1 as const,
          fields: [
            { id: "f-email", column: "emailaddress1", required: false, readOnly: false, hidden: false },
            { id: "f-phone", column: "telephone1", label: "Phone", required: false, readOnly: false, hidden: false },
          ],
        },
      ],
    },
  ],
};

const emailRule: RuleInput = {
  id: "r1",
  name: "Email required when preferred",
  trigger: { on: "change", columns: ["preferredcontactmethodcode"] },
  condition: {
    kind: "group",
    type: "and",
    children: [{ kind: "condition", column: "preferredcontactmethodcode", operator: "eq", values: ["2"] }],
  },
  then: [{ type: "require", field: "f-email" }],
  else: [{ type: "optional", field: "f-email" }],
};

const say = (rule: RuleInput) => ruleToText("contact", form, RuleSchema.parse(rule), { metadata: realSnapshot() });

describe("rules in words", () => {
  it("says a rule with display names and option labels", () => {
    expect(say(emailRule)).toBe(
      "When Preferred Method of Contact is Email: make Email required; otherwise make Email optional",
    );
  });

  it("says each trigger and each action", () => {
    expect(
      say({
        id: "r2",
        name: "Defaults",
        enabled: false,
        trigger: { on: "load" },
        then: [
          { type: "setValue", column: "preferredcontactmethodcode", value: { kind: "constant", value: "3" } },
          { type: "setValue", column: "birthdate", value: { kind: "today", days: -2 } },
          { type: "setValue", column: "telephone1", value: { kind: "clear" } },
          { type: "hide", target: "s1" },
          { type: "readOnly", field: "f-phone" },
        ],
      }),
    ).toBe(
      "On load: set Preferred Method of Contact to Phone, set Birthday to today - 2 days, clear Business Phone, hide section 'Contact', make Phone read-only (disabled)",
    );
    expect(
      say({
        id: "r3",
        name: "Watch",
        trigger: { on: "change", columns: ["emailaddress1", "telephone1"] },
        then: [{ type: "warning", message: "Check the contact", field: "f-email" }],
      }),
    ).toBe('When Email or Business Phone changes: show the warning "Check the contact" at Email');
    expect(
      say({
        id: "r4",
        name: "Save",
        trigger: { on: "save" },
        condition: {
          kind: "group",
          type: "and",
          children: [{ kind: "condition", column: "emailaddress1", operator: "null", values: [] }],
        },
        then: [{ type: "error", message: "Email is needed" }],
      }),
    ).toBe('On save, when Email is empty: show the error "Email is needed"');
  });

  it("words rule changes in the version diff", () => {
    const before = fieldSales();
    const doc = structuredClone(before);
    const main = doc.tables.find((t) => t.tableName === "contact")!.forms[0];
    main.rules = [RuleSchema.parse({ ...emailRule, then: [{ type: "require", field: "fld-email" }], else: [] })];
    const withRule = ProjectDocumentSchema.parse(doc);
    const added = diffBundles(before, withRule, { metadata: realSnapshot() });
    expect(added.lines).toEqual([
      "contact: form 'Main': rule 'Email required when preferred' added: When Preferred Method of Contact is Email: make Email required",
    ]);
    const changed = structuredClone(withRule);
    changed.tables.find((t) => t.tableName === "contact")!.forms[0].rules[0].enabled = false;
    expect(diffBundles(withRule, ProjectDocumentSchema.parse(changed), { metadata: realSnapshot() }).lines).toEqual([
      "contact: form 'Main': rule 'Email required when preferred' disabled",
    ]);
    expect(diffBundles(withRule, before, { metadata: realSnapshot() }).lines).toEqual([
      "contact: form 'Main': rule 'Email required when preferred' removed",
    ]);
  });
});
