// Form rules at the size of a big real form: 200 rules over 150 fields. Evaluating one field change (with its
// cascades) beside a bare loop over the same values, alternated A/B; validating the 200 rules. Measurements only.
import os from "node:os";
import type { Figure } from "@/bench/measure";
import { round } from "@/bench/measure";
import { validateProject } from "@/lib/customization/validate";
import { ProjectDocumentSchema, DEFAULT_PERMISSIONS } from "@/lib/customization/schema";
import { FormSchema, type Form } from "@/lib/forms/schema";
import type { RuleInput } from "@/lib/forms/rules/schema";
import { changeValue, compileForm, loadForm, type RuleColumn } from "@/lib/forms/rules/evaluate";
import type { MetadataDocument } from "@/lib/metadata/schema";

const FIELDS = 150;
const RULES = 200;
const CONTEXT = { userId: "00000000-0000-0000-0000-000000000001", userName: "U", today: "2026-12-06" };

function columnName(i: number): string {
  return `new_field${String(i).padStart(3, "0")}`;
}

/** 150 integer and text columns over 8 tabs; 200 change rules, each watching one column, a third setting another (a chain, no loop). */
function buildForm(): Form {
  const tabs = Array.from({ length: 8 }, (_, t) => ({
    kind: "fields" as const,
    id: `t${t}`,
    label: `Tab ${t}`,
    sections: [
      {
        id: `s${t}`,
        label: `Section ${t}`,
        fields: Array.from({ length: FIELDS }, (_, i) => i)
          .filter((i) => i % 8 === t)
          .map((i) => ({ id: `f${i}`, column: columnName(i) })),
      },
    ],
  }));
  const rules: RuleInput[] = Array.from({ length: RULES }, (_, r) => {
    const watched = r % FIELDS;
    const rule: RuleInput = {
      id: `r${r}`,
      name: `Rule ${r}`,
      trigger: { on: "change", columns: [columnName(watched)] },
      condition: {
        kind: "group",
        type: "and",
        children: [{ kind: "condition", column: columnName(watched), operator: "gt", values: [String(r % 50)] }],
      },
      then: [
        { type: "require", field: `f${(watched + 1) % FIELDS}` },
        { type: "show", target: `f${(watched + 2) % FIELDS}` },
      ],
      else: [{ type: "optional", field: `f${(watched + 1) % FIELDS}` }],
    };
    // Every third rule sets a later column: a cascade that ends (always towards higher numbers).
    if (r % 3 === 0 && watched + 5 < FIELDS) {
      rule.then?.push({
        type: "setValue",
        column: columnName(watched + 5),
        value: { kind: "column", column: columnName(watched) },
      });
    }
    return rule;
  });
  return FormSchema.parse({ id: "main", name: "Main", tabs, rules });
}

function metadata(): MetadataDocument {
  return {
    format: "webapi-json",
    tables: [
      {
        logicalName: "new_thing",
        displayName: { "1033": "Thing" },
        displayCollectionName: { "1033": "Things" },
        primaryIdColumn: "new_thingid",
        ownership: "user",
        isActivity: false,
        isIntersect: false,
        custom: true,
        partial: false,
        columns: [
          {
            logicalName: "new_thingid",
            displayName: {},
            type: "uniqueidentifier",
            requiredLevel: "SystemRequired",
            validForRead: true,
            validForCreate: true,
            validForUpdate: false,
            secured: false,
            custom: true,
          },
          ...Array.from({ length: FIELDS }, (_, i) => ({
            logicalName: columnName(i),
            displayName: { "1033": `Field ${i}` },
            type: "integer" as const,
            requiredLevel: "None" as const,
            minValue: -1_000_000,
            maxValue: 1_000_000,
            validForRead: true,
            validForCreate: true,
            validForUpdate: true,
            secured: false,
            custom: true,
          })),
        ],
      },
    ],
    relationships: [],
    globalOptionSets: {},
  } as unknown as MetadataDocument;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

export async function run(): Promise<Figure[]> {
  const form = buildForm();
  const columns: Record<string, RuleColumn> = Object.fromEntries(
    Array.from({ length: FIELDS }, (_, i) => [columnName(i), { type: "integer", label: `Field ${i}` }]),
  );
  const compiled = compileForm(form, columns);
  const values = Object.fromEntries(Array.from({ length: FIELDS }, (_, i) => [columnName(i), "0"]));
  let state = loadForm(compiled, values, CONTEXT);

  // A: one change through the evaluator; B: a bare loop over the same 150 values (copying and comparing them).
  const changeTimes: number[] = [];
  const bareTimes: number[] = [];
  let sink = 0;
  for (let round_ = 0; round_ < 7; round_++) {
    for (let i = 0; i < 300; i++) {
      const column = columnName((i * 7) % FIELDS);
      const start = performance.now();
      state = changeValue(compiled, state, column, String((i % 100) - 20), CONTEXT);
      changeTimes.push(performance.now() - start);
      const bareStart = performance.now();
      const copy: Record<string, string | null> = { ...state.values };
      for (const key in copy) if (copy[key] === "7") sink++;
      bareTimes.push(performance.now() - bareStart);
    }
  }
  changeTimes.sort((a, b) => a - b);
  bareTimes.sort((a, b) => a - b);

  const doc = ProjectDocumentSchema.parse({
    name: "Bench",
    environmentId: "env",
    snapshotId: "snap",
    tables: [
      {
        tableName: "new_thing",
        columns: ["new_thingid", ...Array.from({ length: FIELDS }, (_, i) => columnName(i))],
        syncMode: "offline",
        permissions: { ...DEFAULT_PERMISSIONS, create: false },
        forms: [form],
      },
    ],
  });
  const meta = metadata();
  const validateTimes: number[] = [];
  let issues = 0;
  for (let i = 0; i < 15; i++) {
    const start = performance.now();
    issues = validateProject(doc, meta).filter((x) => x.code.startsWith("rule_")).length;
    validateTimes.push(performance.now() - start);
  }
  validateTimes.sort((a, b) => a - b);
  const load = os.loadavg().map((n) => round(n));
  return [
    {
      name: `form rules: one field change (${RULES} rules, ${FIELDS} fields, with cascades)`,
      value: round(percentile(changeTimes, 0.5) * 1000, 1),
      unit: "us (median)",
      p95_us: round(percentile(changeTimes, 0.95) * 1000, 1),
      min_us: round(changeTimes[0] * 1000, 1),
      baseline_bare_loop_median_us: round(percentile(bareTimes, 0.5) * 1000, 1),
      baseline_bare_loop_min_us: round(bareTimes[0] * 1000, 1),
      samples: changeTimes.length,
      aim: "< 1000 us per change",
      loadavg: load,
      sink,
    },
    {
      name: `form rules: validate ${RULES} rules with the project`,
      value: round(percentile(validateTimes, 0.5), 2),
      unit: "ms (median)",
      min_ms: round(validateTimes[0], 2),
      rule_issues: issues,
      aim: "< 20 ms",
      loadavg: load,
    },
  ];
}
