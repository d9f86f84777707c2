import { describe, expect, it } from "vitest";
import { FormSchema, type FormInput } from "@/lib/forms/schema";
import type { RuleInput } from "@/lib/forms/rules/schema";
import {
  MAX_CASCADE_DEPTH,
  changeValue,
  compileForm,
  loadForm,
  saveForm,
  type RuleColumn,
} from "@/lib/forms/rules/evaluate";
import type { RuleContext } from "@/lib/forms/rules/outcome";

const CONTEXT: RuleContext = { userId: "11111111-1111-1111-1111-111111111111", userName: "Ada", today: "2026-12-06" };

const COLUMNS: Record<string, RuleColumn> = {
  preferredcontactmethodcode: { type: "picklist", label: "Preferred Method of Contact" },
  emailaddress1: { type: "string", label: "Email" },
  telephone1: { type: "string", label: "Business Phone" },
  lastname: { type: "string", label: "Last Name", requiredByDataverse: true },
  creditlimit: { type: "money", label: "Credit Limit" },
  birthdate: { type: "datetime", label: "Birthday" },
  ownerid: { type: "owner", label: "Owner" },
  a: { type: "integer", label: "A" },
  b: { type: "integer", label: "B" },
  c: { type: "integer", label: "C" },
};

const cond = (column: string, operator: string, values: string[] = []) => ({
  kind: "condition" as const,
  column,
  operator: operator as never,
  values,
});
const when = (...children: ReturnType<typeof cond>[]) => ({ kind: "group" as const, type: "and" as const, children });

function form(rules: RuleInput[], extra: Partial<FormInput> = {}) {
  return FormSchema.parse({
    id: "main",
    name: "Main",
    tabs: [
      {
        kind: "fields",
        id: "t-general",
        label: "General",
        sections: [
          {
            id: "s-contact",
            label: "Contact",
            fields: [
              { id: "f-method", column: "preferredcontactmethodcode" },
              { id: "f-email", column: "emailaddress1" },
              { id: "f-phone", column: "telephone1" },
              { id: "f-last", column: "lastname" },
            ],
          },
        ],
      },
      {
        kind: "fields",
        id: "t-credit",
        label: "Credit",
        sections: [
          {
            id: "s-credit",
            label: "Credit",
            fields: [
              { id: "f-limit", column: "creditlimit" },
              { id: "f-a", column: "a" },
              { id: "f-b", column: "b" },
              { id: "f-c", column: "c" },
            ],
          },
        ],
      },
    ],
    rules,
    ...extra,
  });
}

const emailRequired: RuleInput = {
  id: "r-email",
  name: "Email required when preferred",
  trigger: { on: "change", columns: ["preferredcontactmethodcode"] },
  condition: when(cond("preferredcontactmethodcode", "eq", ["2"])),
  then: [{ type: "require", field: "f-email" }],
  else: [{ type: "optional", field: "f-email" }],
};

describe("the rule evaluator", () => {
  it("runs a change rule's then and else branches as the value changes", () => {
    const compiled = compileForm(form([emailRequired]), COLUMNS);
    const opened = loadForm(compiled, { preferredcontactmethodcode: "1" }, CONTEXT);
    expect(opened.fields["f-email"].required).toBe(false);
    const email = changeValue(compiled, opened, "preferredcontactmethodcode", "2", CONTEXT);
    expect(email.fields["f-email"].required).toBe(true);
    expect(email.trace).toEqual([
      {
        ruleId: "r-email",
        ruleName: "Email required when preferred",
        trigger: "change",
        column: "preferredcontactmethodcode",
        branch: "then",
        effects: ["make 'Email' required"],
        depth: 0,
      },
    ]);
    expect(changeValue(compiled, email, "preferredcontactmethodcode", "1", CONTEXT).fields["f-email"].required).toBe(
      false,
    );
  });

  it("runs change rules at load so the form matches the values it opened with", () => {
    const compiled = compileForm(form([emailRequired]), COLUMNS);
    expect(loadForm(compiled, { preferredcontactmethodcode: "2" }, CONTEXT).fields["f-email"].required).toBe(true);
  });

  it("blocks saving a visible required field without a value, not a hidden one", () => {
    const hide: RuleInput = {
      id: "r-hide",
      name: "Hide credit",
      trigger: { on: "load" },
      then: [
        { type: "hide", target: "t-credit" },
        { type: "require", field: "f-limit" },
      ],
    };
    const compiled = compileForm(form([emailRequired, hide]), COLUMNS);
    const opened = changeValue(
      compiled,
      loadForm(compiled, { lastname: "Lovelace" }, CONTEXT),
      "preferredcontactmethodcode",
      "2",
      CONTEXT,
    );
    const saved = saveForm(compiled, opened, CONTEXT);
    expect(saved.canSave).toBe(false);
    expect(saved.messages).toEqual([{ kind: "error", text: "Email is required", field: "f-email", ruleId: "" }]);
    const filled = saveForm(
      compiled,
      changeValue(compiled, opened, "emailaddress1", "ada@example.com", CONTEXT),
      CONTEXT,
    );
    expect(filled.canSave).toBe(true);
  });

  it("never makes a column Dataverse requires optional", () => {
    const compiled = compileForm(
      form([{ id: "r", name: "Loosen", trigger: { on: "load" }, then: [{ type: "optional", field: "f-last" }] }]),
      COLUMNS,
    );
    const opened = loadForm(compiled, {}, CONTEXT);
    expect(opened.fields["f-last"].required).toBe(true);
    expect(saveForm(compiled, opened, CONTEXT).messages.map((m) => m.text)).toEqual(["Last Name is required"]);
  });

  it("lets a later rule override an earlier one, and a later action an earlier one", () => {
    const compiled = compileForm(
      form([
        { id: "r1", name: "Hide", trigger: { on: "load" }, then: [{ type: "hide", target: "f-phone" }] },
        {
          id: "r2",
          name: "Show",
          trigger: { on: "load" },
          then: [
            { type: "readOnly", field: "f-phone" },
            { type: "show", target: "f-phone" },
            { type: "editable", field: "f-phone" },
          ],
        },
      ]),
      COLUMNS,
    );
    const opened = loadForm(compiled, {}, CONTEXT);
    expect(opened.fields["f-phone"]).toEqual({ visible: true, required: false, readOnly: false });
  });

  it("sets values (constant, another column, today + N, the signed-in user, clear) and cascades change rules", () => {
    const compiled = compileForm(
      form([
        {
          id: "r-set",
          name: "Fill",
          trigger: { on: "change", columns: ["a"] },
          then: [
            { type: "setValue", column: "b", value: { kind: "column", column: "a" } },
            { type: "setValue", column: "birthdate", value: { kind: "today", days: 30 } },
            { type: "setValue", column: "ownerid", value: { kind: "currentUser" } },
            { type: "setValue", column: "telephone1", value: { kind: "clear" } },
            { type: "setValue", column: "emailaddress1", value: { kind: "constant", value: "x@example.com" } },
          ],
        },
        {
          id: "r-b",
          name: "B to C",
          trigger: { on: "change", columns: ["b"] },
          then: [{ type: "setValue", column: "c", value: { kind: "constant", value: "7" } }],
        },
      ]),
      COLUMNS,
    );
    const out = changeValue(compiled, loadForm(compiled, { telephone1: "555" }, CONTEXT), "a", "3", CONTEXT);
    expect(out.values).toMatchObject({
      a: "3",
      b: "3",
      c: "7",
      birthdate: "2027-01-05",
      ownerid: CONTEXT.userId,
      telephone1: null,
      emailaddress1: "x@example.com",
    });
    expect(out.trace.map((t) => [t.ruleId, t.depth, t.column])).toEqual([
      ["r-set", 0, "a"],
      ["r-b", 1, "b"],
    ]);
  });

  it("does not fire change rules when a set-value leaves the value as it was", () => {
    const compiled = compileForm(
      form([
        {
          id: "r1",
          name: "A to B",
          trigger: { on: "change", columns: ["a"] },
          then: [{ type: "setValue", column: "b", value: { kind: "constant", value: "1" } }],
        },
        {
          id: "r2",
          name: "B seen",
          trigger: { on: "change", columns: ["b"] },
          then: [{ type: "warning", message: "B changed" }],
        },
      ]),
      COLUMNS,
    );
    const opened = loadForm(compiled, { b: "1" }, CONTEXT);
    expect(changeValue(compiled, opened, "a", "5", CONTEXT).trace.map((t) => t.ruleId)).toEqual(["r1"]);
  });

  it("stops a set-value cycle at its bound and says so", () => {
    // A toggles B, B copies into A: a loop that never settles.
    const compiled = compileForm(
      form([
        {
          id: "r1",
          name: "Toggle B",
          trigger: { on: "change", columns: ["a"] },
          condition: when(cond("a", "eq", ["1"])),
          then: [{ type: "setValue", column: "b", value: { kind: "constant", value: "0" } }],
          else: [{ type: "setValue", column: "b", value: { kind: "constant", value: "1" } }],
        },
        {
          id: "r2",
          name: "B to A",
          trigger: { on: "change", columns: ["b"] },
          then: [{ type: "setValue", column: "a", value: { kind: "column", column: "b" } }],
        },
      ]),
      COLUMNS,
    );
    // Opening the form runs r1 once, which starts the loop; the bound stops it.
    const opened = loadForm(compiled, { a: "5", b: "5" }, CONTEXT);
    expect(opened.cascadeCut).toBe(true);
    expect(Math.max(...opened.trace.map((t) => t.depth))).toBe(MAX_CASCADE_DEPTH);
    const changed = changeValue(compiled, opened, "b", opened.values.b === "1" ? "0" : "1", CONTEXT);
    expect(changed.cascadeCut).toBe(true);
    expect(changed.trace).toHaveLength(MAX_CASCADE_DEPTH + 1);
  });

  it("raises errors and warnings per rule, replaced when the rule runs again; save errors block saving", () => {
    const compiled = compileForm(
      form([
        {
          id: "r-limit",
          name: "Big credit",
          trigger: { on: "change", columns: ["creditlimit"] },
          condition: when(cond("creditlimit", "gt", ["100000"])),
          then: [{ type: "warning", message: "Check with finance", field: "f-limit" }],
        },
        {
          id: "r-birth",
          name: "No future birthdays",
          trigger: { on: "save" },
          condition: when(cond("birthdate", "on-or-after", ["2026-12-07"])),
          then: [{ type: "error", message: "A birthday cannot be in the future" }],
        },
      ]),
      COLUMNS,
    );
    let out = loadForm(compiled, { lastname: "L" }, CONTEXT);
    out = changeValue(compiled, out, "creditlimit", "250000", CONTEXT);
    expect(out.messages).toEqual([
      { kind: "warning", text: "Check with finance", field: "f-limit", ruleId: "r-limit" },
    ]);
    out = changeValue(compiled, out, "creditlimit", "10", CONTEXT);
    expect(out.messages).toEqual([]);
    out = changeValue(compiled, out, "birthdate", "2027-01-01", CONTEXT);
    const saved = saveForm(compiled, out, CONTEXT);
    expect(saved.canSave).toBe(false);
    expect(saved.messages.map((m) => m.text)).toEqual(["A birthday cannot be in the future"]);
    expect(saveForm(compiled, changeValue(compiled, out, "birthdate", "1990-05-01", CONTEXT), CONTEXT).canSave).toBe(
      true,
    );
  });

  it("evaluates the condition operators against typed values", () => {
    const values = {
      emailaddress1: "Ada@Example.com",
      creditlimit: "1500.5",
      birthdate: "2026-12-01",
      ownerid: `{${CONTEXT.userId.toUpperCase()}}`,
      preferredcontactmethodcode: "2",
      telephone1: "",
    };
    const cases: Array<[string, string, string[], boolean]> = [
      ["emailaddress1", "eq", ["ada@example.com"], true],
      ["emailaddress1", "like", ["%@example.%"], true],
      ["emailaddress1", "begins-with", ["ADA"], true],
      ["emailaddress1", "not-end-with", [".com"], false],
      ["creditlimit", "gt", ["1500"], true],
      ["creditlimit", "between", ["1000", "1500"], false],
      ["creditlimit", "lt", ["900"], false],
      ["preferredcontactmethodcode", "in", ["1", "2"], true],
      ["preferredcontactmethodcode", "not-in", ["2"], false],
      ["telephone1", "null", [], true],
      ["telephone1", "ne", ["x"], true],
      ["telephone1", "eq", ["x"], false],
      ["birthdate", "last-x-days", ["7"], true],
      ["birthdate", "last-x-days", ["3"], false],
      ["birthdate", "olderthan-x-days", ["3"], true],
      ["birthdate", "on-or-before", ["2026-12-01"], true],
      ["birthdate", "next-x-days", ["30"], false],
      ["ownerid", "eq-userid", [], true],
      ["ownerid", "ne-userid", [], false],
    ];
    for (const [column, operator, vals, expected] of cases) {
      const compiled = compileForm(
        form([
          {
            id: "r",
            name: "Test",
            trigger: { on: "load" },
            condition: when(cond(column, operator, vals)),
            then: [{ type: "hide", target: "f-phone" }],
          },
        ]),
        COLUMNS,
      );
      const visible = loadForm(compiled, values, CONTEXT).fields["f-phone"].visible;
      expect([column, operator, vals, !visible]).toEqual([column, operator, vals, expected]);
    }
  });
});
