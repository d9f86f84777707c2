// For random rule sets and random value changes, the evaluator always stops within its cascade bound and is
// deterministic: the same form, values and events give the same outcome.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FormSchema } from "@/lib/forms/schema";
import type { RuleInput } from "@/lib/forms/rules/schema";
import {
  MAX_CASCADE_DEPTH,
  MAX_RULE_RUNS,
  changeValue,
  compileForm,
  loadForm,
  saveForm,
  type RuleColumn,
} from "@/lib/forms/rules/evaluate";

const COLUMNS = ["a", "b", "c", "d"] as const;
const TYPES: Record<string, RuleColumn> = Object.fromEntries(
  COLUMNS.map((c, i) => [c, { type: i % 2 ? "integer" : "string", label: c.toUpperCase() }]),
);
const CONTEXT = { userId: "00000000-0000-0000-0000-000000000001", userName: "U", today: "2026-12-06" };
const FIELD_IDS = COLUMNS.map((c) => `f-${c}`);

const value = fc.constantFrom("0", "1", "2", "x", "");
const column = fc.constantFrom(...COLUMNS);
const condition = fc.record({
  kind: fc.constant("condition" as const),
  column,
  operator: fc.constantFrom("eq", "ne", "null", "not-null", "gt", "like" as const),
  values: fc.array(value, { minLength: 1, maxLength: 1 }),
});
const action = fc.oneof(
  fc.record({ type: fc.constantFrom("show", "hide" as const), target: fc.constantFrom(...FIELD_IDS, "s1", "t1") }),
  fc.record({
    type: fc.constantFrom("require", "optional", "readOnly", "editable" as const),
    field: fc.constantFrom(...FIELD_IDS),
  }),
  fc.record({
    type: fc.constant("setValue" as const),
    column,
    value: fc.oneof(
      fc.record({ kind: fc.constant("constant" as const), value }),
      fc.record({ kind: fc.constant("column" as const), column }),
      fc.record({ kind: fc.constant("clear" as const) }),
    ),
  }),
  fc.record({ type: fc.constantFrom("error", "warning" as const), message: fc.constantFrom("m1", "m2") }),
);
const rules = fc
  .array(
    fc.record({
      trigger: fc.oneof(
        fc.constant({ on: "load" as const }),
        fc.constant({ on: "save" as const }),
        fc.record({
          on: fc.constant("change" as const),
          columns: fc.uniqueArray(column, { minLength: 1, maxLength: 2 }),
        }),
      ),
      condition: fc.option(
        fc.record({
          kind: fc.constant("group" as const),
          type: fc.constantFrom("and", "or" as const),
          children: fc.array(condition, { maxLength: 2 }),
        }),
        { nil: undefined },
      ),
      then: fc.array(action, { maxLength: 3 }),
      else: fc.array(action, { maxLength: 2 }),
    }),
    { maxLength: 12 },
  )
  .map((list) => list.map((r, i): RuleInput => ({ id: `r${i}`, name: `Rule ${i}`, ...r })));

function buildForm(ruleList: RuleInput[]) {
  return FormSchema.parse({
    id: "main",
    name: "Main",
    tabs: [
      {
        kind: "fields",
        id: "t1",
        label: "T",
        sections: [{ id: "s1", label: "S", fields: COLUMNS.map((c) => ({ id: `f-${c}`, column: c })) }],
      },
    ],
    rules: ruleList,
  });
}

describe("the rule evaluator on random rules", () => {
  it("always stops within its bound and is deterministic", () => {
    fc.assert(
      fc.property(
        rules,
        fc.dictionary(column, value),
        fc.array(fc.tuple(column, value), { maxLength: 6 }),
        (ruleList, start, changes) => {
          const compiled = compileForm(buildForm(ruleList), TYPES);
          const play = () => {
            let out = loadForm(compiled, start, CONTEXT);
            const outcomes = [out];
            for (const [c, v] of changes) {
              out = changeValue(compiled, out, c, v, CONTEXT);
              outcomes.push(out);
            }
            outcomes.push(saveForm(compiled, out, CONTEXT));
            return outcomes;
          };
          const first = play();
          for (const out of first) {
            expect(out.trace.length).toBeLessThanOrEqual(2 * MAX_RULE_RUNS);
            for (const entry of out.trace) expect(entry.depth).toBeLessThanOrEqual(MAX_CASCADE_DEPTH);
          }
          expect(play()).toEqual(first);
        },
      ),
      { numRuns: 300, seed: 20261206 },
    );
  });
});
