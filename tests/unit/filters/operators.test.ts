import { describe, expect, it } from "vitest";
import { ColumnTypeSchema, type ColumnType } from "@/lib/metadata/schema";
import { OPERATOR_NAMES } from "@/lib/filters/schema";
import { OPERATORS, arityAccepts, isOperator, operatorsForColumnType, resolveValueKind } from "@/lib/filters/operators";

const names = (type: ColumnType) => operatorsForColumnType(type).map((f) => f.name);

describe("operator facts", () => {
  it("describe every operator of the issue once, with a phrase and an OData form", () => {
    expect(Object.keys(OPERATORS).sort()).toEqual([...OPERATOR_NAMES].sort());
    for (const name of OPERATOR_NAMES) {
      const f = OPERATORS[name];
      expect(f.name).toBe(name);
      expect(f.phrase.length).toBeGreaterThan(3);
      expect(f.columnTypes.length).toBeGreaterThan(0);
      for (const t of f.columnTypes) expect(ColumnTypeSchema.options).toContain(t);
      // Placeholders match the arity: no-value operators have none, pairs use {0} and {1}, lists {list}.
      if (f.arity === 0) expect(f.phrase).not.toMatch(/\{/);
      if (f.arity === 2) expect(f.phrase).toMatch(/\{0\}.*\{1\}/);
      if (f.arity === "many") expect(f.phrase).toContain("{list}");
    }
    expect(isOperator("olderthan-x-days")).toBe(true);
    expect(isOperator("older-than-x-days")).toBe(false);
  });

  it("fit the column types they are valid for", () => {
    expect(names("string")).toEqual(
      expect.arrayContaining([
        "eq",
        "like",
        "not-like",
        "begins-with",
        "not-begin-with",
        "ends-with",
        "not-end-with",
        "in",
        "null",
      ]),
    );
    expect(names("string")).not.toContain("last-x-days");
    expect(names("datetime")).toEqual(
      expect.arrayContaining([
        "on",
        "on-or-before",
        "today",
        "last-x-days",
        "olderthan-x-minutes",
        "this-fiscal-year",
        "in-fiscal-period-and-year",
        "between",
      ]),
    );
    expect(names("datetime")).not.toContain("like");
    expect(names("state")).toEqual(["eq", "ne", "neq", "in", "not-in", "null", "not-null"]);
    expect(names("multiselect")).toEqual(["null", "not-null", "contain-values", "not-contain-values"]);
    expect(names("owner")).toEqual(
      expect.arrayContaining([
        "eq-userid",
        "eq-userteams",
        "eq-useroruserteams",
        "eq-useroruserhierarchyandteams",
        "eq-businessid",
      ]),
    );
    expect(names("owner")).not.toContain("under");
    expect(names("lookup")).toEqual(
      expect.arrayContaining(["under", "eq-or-under", "not-under", "above", "eq-or-above"]),
    );
    expect(names("integer")).toEqual(expect.arrayContaining(["gt", "between", "eq-userlanguage"]));
    expect(names("money")).not.toContain("eq-userlanguage");
    expect(names("partylist")).toEqual([]);
  });

  it("give the value kind for each column type", () => {
    expect(resolveValueKind("eq", "integer")).toBe("integer");
    expect(resolveValueKind("eq", "money")).toBe("number");
    expect(resolveValueKind("eq", "status")).toBe("option");
    expect(resolveValueKind("eq", "boolean")).toBe("option");
    expect(resolveValueKind("eq", "customer")).toBe("guid");
    expect(resolveValueKind("eq", "datetime")).toBe("datetime");
    expect(resolveValueKind("eq", "datetime", true)).toBe("date");
    expect(resolveValueKind("last-x-days", "datetime")).toBe("integer");
    expect(resolveValueKind("on", "datetime")).toBe("date");
    expect(resolveValueKind("under", "lookup")).toBe("guid");
    expect(resolveValueKind("eq-userid", "owner")).toBe("none");
    expect(resolveValueKind("like", "string")).toBe("string");
  });

  it("state the arity of each family", () => {
    expect([OPERATORS.null.arity, OPERATORS.eq.arity, OPERATORS.between.arity, OPERATORS.in.arity]).toEqual([
      0,
      1,
      2,
      "many",
    ]);
    expect(OPERATORS["in-fiscal-period-and-year"].arity).toBe(2);
    expect(OPERATORS["last-x-fiscal-periods"].arity).toBe(1);
    expect(OPERATORS["this-fiscal-period"].arity).toBe(0);
    expect(OPERATORS["eq-userlanguage"].arity).toBe(0);
    expect(arityAccepts("many", 0)).toBe(false);
    expect(arityAccepts("many", 3)).toBe(true);
    expect(arityAccepts(2, 1)).toBe(false);
  });

  it("name the Web API query function where OData has no plain form", () => {
    const fn = (op: keyof typeof OPERATORS) => {
      const o = OPERATORS[op].odata;
      return o.kind === "function" ? o.name : o.kind;
    };
    expect(fn("eq")).toBe("compare");
    expect(fn("null")).toBe("null");
    expect(fn("like")).toBe("text");
    expect(fn("last-seven-days")).toBe("Last7Days");
    expect(fn("next-seven-days")).toBe("Next7Days");
    expect(fn("olderthan-x-months")).toBe("OlderThanXMonths");
    expect(fn("eq-or-under")).toBe("UnderOrEqual");
    expect(fn("eq-or-above")).toBe("AboveOrEqual");
    expect(fn("not-contain-values")).toBe("DoesNotContainValues");
    expect(fn("in-or-after-fiscal-period-and-year")).toBe("InOrAfterFiscalPeriodAndYear");
    expect(fn("eq-useroruserhierarchyandteams")).toBe("EqualUserOrUserHierarchyAndTeams");
  });
});
