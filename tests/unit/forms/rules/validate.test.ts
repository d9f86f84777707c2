import { describe, expect, it } from "vitest";
import { validateProject } from "@/lib/customization/validate";
import type { RuleInput } from "@/lib/forms/rules/schema";
import { config, project, realSnapshot } from "@/tests/unit/customization/fixtures";

const COLUMNS = [
  "contactid",
  "fullname",
  "lastname",
  "emailaddress1",
  "telephone1",
  "preferredcontactmethodcode",
  "numberofchildren",
  "birthdate",
  "ownerid",
  "description",
];

const cond = (column: string, operator: string, values: string[] = []) => ({
  kind: "condition" as const,
  column,
  operator: operator as never,
  values,
});
const when = (...children: Array<ReturnType<typeof cond>>) => ({
  kind: "group" as const,
  type: "and" as const,
  children,
});

function ruleIssues(rules: RuleInput[]) {
  const contact = config("contact", COLUMNS, {
    forms: [
      {
        id: "main",
        name: "Main",
        tabs: [
          {
            kind: "fields",
            id: "t1",
            label: "General",
            sections: [
              {
                id: "s1",
                label: "Contact",
                fields: [
                  { id: "f-method", column: "preferredcontactmethodcode" },
                  { id: "f-email", column: "emailaddress1" },
                  { id: "f-phone", column: "telephone1" },
                  { id: "f-last", column: "lastname" },
                  { id: "f-kids", column: "numberofchildren" },
                  { id: "f-birth", column: "birthdate" },
                  { id: "f-owner", column: "ownerid" },
                ],
              },
            ],
          },
        ],
        rules,
      },
    ],
  });
  return validateProject(project([contact]), realSnapshot())
    .filter((i) => i.code.startsWith("rule_"))
    .map((i) => ({ code: i.code, severity: i.severity, path: i.path, message: i.message }));
}

const base = (id: string, rest: Partial<RuleInput>): RuleInput => ({
  id,
  name: `Rule ${id}`,
  trigger: { on: "change", columns: ["preferredcontactmethodcode"] },
  then: [],
  ...rest,
});

describe("rules validation on the real contact table", () => {
  it("accepts 'when Preferred Method of Contact is Email, Email is required'", () => {
    expect(
      ruleIssues([
        base("r1", {
          condition: when(cond("preferredcontactmethodcode", "eq", ["2"])),
          then: [{ type: "require", field: "f-email" }],
          else: [{ type: "optional", field: "f-email" }],
        }),
      ]),
    ).toEqual([]);
  });

  it("names a set-value cycle, at its first rule", () => {
    const issues = ruleIssues([
      base("r1", {
        trigger: { on: "change", columns: ["emailaddress1"] },
        then: [{ type: "setValue", column: "telephone1", value: { kind: "constant", value: "1" } }],
      }),
      base("r2", {
        trigger: { on: "change", columns: ["telephone1"] },
        then: [{ type: "setValue", column: "emailaddress1", value: { kind: "clear" } }],
      }),
    ]);
    expect(issues).toEqual([
      {
        code: "rule_cycle",
        severity: "error",
        path: "tables/contact/forms/main/r1",
        message:
          "Rules of form 'Main' set each other's columns in a loop: 'Email' (emailaddress1) -(Rule r1)-> 'Business Phone' (telephone1) -(Rule r2)-> 'Email' (emailaddress1); a device stops such a loop half way, so break it (remove one of the set-value actions)",
      },
    ]);
  });

  it("refuses references to what the form does not have, and optional on a column Dataverse requires", () => {
    const issues = ruleIssues([
      base("r1", {
        then: [
          { type: "hide", target: "nope" },
          { type: "require", field: "f-gone" },
          { type: "optional", field: "f-last" },
          { type: "setLookupView", field: "f-email", view: "v1" },
        ],
      }),
    ]);
    expect(issues.map((i) => [i.code, i.message.replace(/^Rule 'Rule r1' of form 'Main': /, "")])).toEqual([
      [
        "rule_optional_required",
        "it makes 'Last Name' (lastname) optional, but Dataverse requires it to create a row: remove the action",
      ],
      [
        "rule_reference_invalid",
        "an action points at field 'f-gone', which is not on the form: pick a field of the form",
      ],
      ["rule_reference_invalid", "it sets the picker view of 'Email' (emailaddress1), which is not a lookup"],
      [
        "rule_reference_invalid",
        "it would hide 'nope', which is no field, section or tab of the form: pick one of the form's",
      ],
    ]);
  });

  it("checks set-value types against the column: options, lengths, dates, users, copies", () => {
    const issues = ruleIssues([
      base("r1", {
        trigger: { on: "load" },
        then: [
          { type: "setValue", column: "preferredcontactmethodcode", value: { kind: "constant", value: "99" } },
          { type: "setValue", column: "emailaddress1", value: { kind: "constant", value: "x".repeat(101) } },
          { type: "setValue", column: "numberofchildren", value: { kind: "constant", value: "two" } },
          { type: "setValue", column: "telephone1", value: { kind: "today", days: 1 } },
          { type: "setValue", column: "ownerid", value: { kind: "currentUser" } },
          { type: "setValue", column: "birthdate", value: { kind: "column", column: "numberofchildren" } },
        ],
      }),
    ]);
    const messages = issues.map((i) => i.message.replace(/^Rule .Rule r1. of form .Main.: /, ""));
    expect(issues.every((i) => i.code === "rule_value_invalid")).toBe(true);
    expect(messages).toHaveLength(5);
    expect(messages.join("\n")).toContain("99 is not an option of Preferred Method of Contact");
    expect(messages.join("\n")).toContain("has 101 characters; the column holds at most 100");
    expect(messages.join("\n")).toContain('"two" is not a whole number');
    expect(messages.join("\n")).toContain("to a date, but it is a Text column");
    expect(messages.join("\n")).toContain(
      "copies 'No. of Children' (numberofchildren) (Whole number) into 'Birthday' (birthdate) (Date and time)",
    );
  });

  it("checks conditions: operators a form can evaluate, no links, typed values; warns about what never holds", () => {
    const issues = ruleIssues([
      base("r1", { condition: when(cond("ownerid", "eq-businessid")), then: [{ type: "warning", message: "m" }] }),
      base("r2", {
        condition: when(cond("telephone1", "null"), cond("telephone1", "eq", ["5"])),
        then: [{ type: "warning", message: "m" }],
      }),
      base("r3", {
        condition: when(cond("preferredcontactmethodcode", "eq", ["77"])),
        then: [{ type: "warning", message: "m" }],
      }),
      base("r4", { trigger: { on: "change", columns: ["description"] }, then: [{ type: "warning", message: "m" }] }),
      base("r5", {
        condition: {
          kind: "group",
          type: "and",
          children: [
            {
              kind: "link",
              table: "account",
              from: "accountid",
              to: "parentcustomerid",
              linkType: "any",
              filter: { kind: "group", type: "and", children: [] },
            },
          ],
        },
        then: [{ type: "warning", message: "m" }],
      }),
    ]);
    const byRule = (id: string) => issues.filter((i) => i.path.endsWith(`/${id}`)).map((i) => [i.code, i.severity]);
    expect(byRule("r1")).toContainEqual(["rule_condition_invalid", "error"]);
    expect(byRule("r2")).toEqual([["rule_never_fires", "warning"]]);
    expect(byRule("r3")).toEqual([["rule_condition_invalid", "error"]]);
    expect(byRule("r4")).toEqual([["rule_never_fires", "warning"]]);
    expect(byRule("r5")).toContainEqual(["rule_condition_invalid", "error"]);
  });

  it("warns when a rule hides a required field without setting it", () => {
    const issues = ruleIssues([
      base("r1", { then: [{ type: "hide", target: "s1" }] }),
      base("r2", {
        then: [
          { type: "hide", target: "f-last" },
          { type: "setValue", column: "lastname", value: { kind: "constant", value: "Unknown" } },
        ],
      }),
    ]);
    expect(issues.map((i) => [i.code, i.path])).toEqual([["rule_hides_required", "tables/contact/forms/main/r1"]]);
  });
});
