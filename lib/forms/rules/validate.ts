// Validation of a form's rules against the form, the table's metadata and the project: references to fields,
// sections, tabs and views; conditions (the filter validator's operator and value checks, plus what a form can
// evaluate); set-value types; set-value cycles (named); rules that can never fire; required fields a rule hides.
// Pure; run by lib/forms/validate.ts, hence by the validation panel, publishing and `syncwright validate`.
import type { TableConfig } from "@/lib/customization/schema";
import { createRequirement } from "@/lib/customization/required-for-create";
import type { Condition, FilterGroup, FilterNode } from "@/lib/filters/schema";
import { validateFilter } from "@/lib/filters/validate";
import { labelOf, type Column, type MetadataDocument, type Table } from "@/lib/metadata/schema";
import { columnTypeLabel } from "@/lib/metadata/naming";
import { formPath, type FormsIssue } from "@/lib/forms/issue";
import type { Form } from "@/lib/forms/schema";
import { formFields } from "@/lib/forms/walk";
import { isRuleOperator } from "./evaluate";
import type { Rule, RuleAction, ValueSource } from "./schema";
import { ruleSetColumns } from "./uses";

const LOOKUP: ReadonlySet<Column["type"]> = new Set(["lookup", "customer", "owner"]);
const NUMBERS: ReadonlySet<Column["type"]> = new Set(["integer", "bigint", "decimal", "double", "money"]);

/**
 * The set-value cycles among change rules: column A's change runs a rule that sets B, whose change runs a rule
 * that sets A. Each cycle once, as the columns and rules in order ("A -(rule 1)-> B -(rule 2)-> A").
 */
export function setValueCycles(rules: readonly Rule[]): Array<Array<{ column: string; rule: Rule }>> {
  const edges = new Map<string, Array<{ to: string; rule: Rule }>>();
  for (const rule of rules) {
    if (!rule.enabled || rule.trigger.on !== "change") continue;
    for (const from of rule.trigger.columns) {
      for (const to of ruleSetColumns(rule)) {
        const list = edges.get(from) ?? [];
        list.push({ to, rule });
        edges.set(from, list);
      }
    }
  }
  const cycles: Array<Array<{ column: string; rule: Rule }>> = [];
  const seen = new Set<string>();
  const done = new Set<string>();
  const path: Array<{ column: string; rule: Rule }> = [];
  const onPath = new Map<string, number>();
  const visit = (column: string) => {
    onPath.set(column, path.length);
    for (const { to, rule } of edges.get(column) ?? []) {
      path.push({ column, rule });
      const start = onPath.get(to);
      if (start !== undefined) {
        const cycle = path.slice(start);
        const key = [...cycle.map((c) => `${c.column}/${c.rule.id}`)].sort().join("|");
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(cycle);
        }
      } else if (!done.has(to)) {
        visit(to);
      }
      path.pop();
    }
    onPath.delete(column);
    done.add(column);
  };
  for (const column of [...edges.keys()].sort()) if (!done.has(column)) visit(column);
  return cycles;
}

export interface RulesCheckInput {
  config: TableConfig;
  form: Form;
  table: Table;
  columns: ReadonlyMap<string, Column>;
  configs: ReadonlyMap<string, TableConfig>;
  snapshot: MetadataDocument;
}

/** Every problem of the rules of one form. */
export function rulesValidationIssues(input: RulesCheckInput): FormsIssue[] {
  const { config, form, columns } = input;
  const name = config.tableName;
  const issues: FormsIssue[] = [];
  const placed = formFields(form);
  const fields = new Map(placed.map((p) => [p.field.id, p]));
  const sections = new Set(placed.map((p) => p.section.id));
  const tabs = new Set(form.tabs.map((t) => t.id));
  const onForm = new Set([...placed.map((p) => p.field.column), ...form.header.map((h) => h.column)]);
  const setByRules = new Set(form.rules.filter((r) => r.enabled).flatMap(ruleSetColumns));
  const colLabel = (c: string) => {
    const column = columns.get(c);
    if (!column) return `'${c}'`;
    const text = labelOf(column.displayName, c);
    return text === c ? `'${c}'` : `'${text}' (${c})`;
  };

  for (const rule of form.rules) {
    const path = formPath(name, form.id, rule.id);
    const push = (
      severity: FormsIssue["severity"],
      code: FormsIssue["code"],
      message: string,
      extra: { column?: string; key?: string } = {},
    ) =>
      issues.push({
        severity,
        code,
        table: name,
        ...(extra.column ? { column: extra.column } : {}),
        message: `Rule '${rule.name}' of form '${form.name}': ${message}`,
        path,
        discriminator: `${form.id}:${rule.id}:${extra.key ?? message}`,
      });

    // The trigger's columns.
    if (rule.trigger.on === "change") {
      for (const column of rule.trigger.columns) {
        if (!columns.has(column)) {
          push("error", "rule_reference_invalid", `it watches ${colLabel(column)}, which '${name}' does not have`, {
            column,
          });
        } else if (rule.enabled && !onForm.has(column) && !setByRules.has(column)) {
          push(
            "warning",
            "rule_never_fires",
            `it watches ${colLabel(column)}, which is not on the form and no rule sets, so it never fires for it: add the field or watch another column`,
            { column, key: `watch:${column}` },
          );
        }
      }
    }

    // The condition: the filter validator's checks, then what a form can evaluate.
    if (rule.condition) checkCondition(rule.condition, input, push);

    for (const action of [...rule.then, ...rule.else]) {
      checkAction(action, { input, fields, sections, tabs, colLabel, push });
    }
    checkHidesRequired(rule, { input, fields, colLabel, push });
  }

  for (const cycle of setValueCycles(form.rules)) {
    const words = [
      ...cycle.map((step) => `${colLabel(step.column)} -(${step.rule.name})->`),
      colLabel(cycle[0].column),
    ];
    const rule = cycle[0].rule;
    issues.push({
      severity: "error",
      code: "rule_cycle",
      table: name,
      message: `Rules of form '${form.name}' set each other's columns in a loop: ${words.join(" ")}; a device stops such a loop half way, so break it (remove one of the set-value actions)`,
      path: formPath(name, form.id, rule.id),
      discriminator: `${form.id}:cycle:${cycle.map((c) => c.rule.id).join(",")}`,
    });
  }
  return issues;
}

type Push = (
  severity: FormsIssue["severity"],
  code: FormsIssue["code"],
  message: string,
  extra?: { column?: string; key?: string },
) => void;

function conditionsOf(group: FilterGroup): { conditions: Condition[]; links: number } {
  const conditions: Condition[] = [];
  let links = 0;
  const walk = (node: FilterNode) => {
    if (node.kind === "condition") conditions.push(node);
    else if (node.kind === "link") links++;
    else node.children.forEach(walk);
  };
  walk(group);
  return { conditions, links };
}

function checkCondition(group: FilterGroup, input: RulesCheckInput, push: Push): void {
  const { conditions, links } = conditionsOf(group);
  if (links > 0) {
    push(
      "error",
      "rule_condition_invalid",
      "its condition links to another table; a form rule reads only this row's values: remove the link condition",
      { key: "link" },
    );
  }
  for (const c of conditions) {
    if (!isRuleOperator(c.operator)) {
      push(
        "error",
        "rule_condition_invalid",
        `the operator ${c.operator} cannot be evaluated on a form (it needs the server): use another operator`,
        { column: c.column, key: `op:${c.column}:${c.operator}` },
      );
    }
  }
  for (const problem of validateFilter(input.config.tableName, group, input.snapshot)) {
    if (problem.message.includes("link")) continue; // reported above
    push(problem.severity === "error" ? "error" : "warning", "rule_condition_invalid", problem.message, {
      ...(problem.column ? { column: problem.column } : {}),
      key: `filter:${problem.path}:${problem.message}`,
    });
  }
  // A group that needs a column both empty and not empty can never hold.
  const contradictions = (g: FilterGroup): string[] => {
    const found: string[] = [];
    if (g.type === "and") {
      const nulls = new Set<string>();
      const notNulls = new Set<string>();
      for (const child of g.children) {
        if (child.kind !== "condition") continue;
        if (child.operator === "null") nulls.add(child.column);
        else notNulls.add(child.column); // every other operator needs a value (or a non-empty one)
      }
      for (const column of nulls) {
        if (
          notNulls.has(column) &&
          g.children.some(
            (c) =>
              c.kind === "condition" &&
              c.column === column &&
              ![
                "ne",
                "neq",
                "not-in",
                "ne-userid",
                "not-like",
                "not-begin-with",
                "not-end-with",
                "not-contain-values",
                "null",
              ].includes(c.operator),
          )
        )
          found.push(column);
      }
    }
    for (const child of g.children) if (child.kind === "group") found.push(...contradictions(child));
    return found;
  };
  for (const column of contradictions(group)) {
    push(
      "warning",
      "rule_never_fires",
      `its condition needs ${column} to be empty and to have a value at once, so it never holds: check the 'and' group`,
      { column, key: `contradiction:${column}` },
    );
  }
  // A comparison beyond what the column can hold.
  for (const c of conditions) {
    const column = input.columns.get(c.column);
    if (!column || !NUMBERS.has(column.type) || c.values.length !== 1) continue;
    const v = Number(c.values[0]);
    if (Number.isNaN(v)) continue;
    const above =
      (c.operator === "gt" && column.maxValue !== undefined && v >= column.maxValue) ||
      (c.operator === "ge" && column.maxValue !== undefined && v > column.maxValue);
    const below =
      (c.operator === "lt" && column.minValue !== undefined && v <= column.minValue) ||
      (c.operator === "le" && column.minValue !== undefined && v < column.minValue);
    if (above || below) {
      push(
        "warning",
        "rule_never_fires",
        `its condition '${c.column} ${c.operator} ${c.values[0]}' is outside what the column holds (${column.minValue} to ${column.maxValue}), so it never holds`,
        { column: c.column, key: `range:${c.column}:${c.operator}` },
      );
    }
  }
}

interface ActionContext {
  input: RulesCheckInput;
  fields: ReadonlyMap<string, ReturnType<typeof formFields>[number]>;
  sections: ReadonlySet<string>;
  tabs: ReadonlySet<string>;
  colLabel: (column: string) => string;
  push: Push;
}

function checkAction(action: RuleAction, ctx: ActionContext): void {
  const { input, fields, push, colLabel } = ctx;
  const missingField = (id: string) =>
    push(
      "error",
      "rule_reference_invalid",
      `an action points at field '${id}', which is not on the form: pick a field of the form`,
      {
        key: `field:${id}`,
      },
    );
  switch (action.type) {
    case "show":
    case "hide":
      if (!fields.has(action.target) && !ctx.sections.has(action.target) && !ctx.tabs.has(action.target)) {
        push(
          "error",
          "rule_reference_invalid",
          `it would ${action.type} '${action.target}', which is no field, section or tab of the form: pick one of the form's`,
          { key: `target:${action.target}` },
        );
      }
      return;
    case "require":
    case "readOnly":
    case "editable":
      if (!fields.has(action.field)) missingField(action.field);
      return;
    case "optional": {
      const placed = fields.get(action.field);
      if (!placed) return missingField(action.field);
      const column = input.columns.get(placed.field.column);
      if (column && createRequirement(column, input.table)) {
        push(
          "error",
          "rule_optional_required",
          `it makes ${colLabel(column.logicalName)} optional, but Dataverse requires it to create a row: remove the action`,
          { column: column.logicalName, key: `optional:${action.field}` },
        );
      }
      return;
    }
    case "error":
    case "warning":
      if (action.field && !fields.has(action.field)) missingField(action.field);
      return;
    case "setLookupView": {
      const placed = fields.get(action.field);
      if (!placed) return missingField(action.field);
      const column = input.columns.get(placed.field.column);
      if (!column || !LOOKUP.has(column.type)) {
        push(
          "error",
          "rule_reference_invalid",
          `it sets the picker view of ${colLabel(placed.field.column)}, which is not a lookup`,
          {
            key: `picker:${action.field}`,
          },
        );
        return;
      }
      const owner = (column.targets ?? []).find((t) => input.configs.get(t)?.views.some((v) => v.id === action.view));
      if (!owner) {
        push(
          "error",
          "rule_reference_invalid",
          `it sets the picker of ${colLabel(column.logicalName)} to view '${action.view}', which is no view of ${(column.targets ?? []).join(" or ")} in the project`,
          { key: `picker-view:${action.field}` },
        );
      }
      return;
    }
    case "setValue":
      checkSetValue(action.column, action.value, ctx);
      return;
  }
}

const SAME_FAMILY: Array<ReadonlySet<Column["type"]>> = [
  new Set(["string", "memo"]),
  NUMBERS,
  new Set(["picklist", "state", "status"]),
  new Set(["boolean"]),
  new Set(["datetime"]),
  new Set(["lookup", "customer", "owner", "uniqueidentifier"]),
  new Set(["multiselect"]),
];

function checkSetValue(target: string, value: ValueSource, ctx: ActionContext): void {
  const { input, push, colLabel } = ctx;
  const column = input.columns.get(target);
  if (!column) {
    push(
      "error",
      "rule_reference_invalid",
      `it sets ${colLabel(target)}, which '${input.config.tableName}' does not have`,
      {
        column: target,
        key: `set:${target}`,
      },
    );
    return;
  }
  const bad = (message: string) =>
    push("error", "rule_value_invalid", message, { column: target, key: `value:${target}:${message}` });
  switch (value.kind) {
    case "clear":
      return;
    case "today":
      if (column.type !== "datetime")
        bad(`it sets ${colLabel(target)} to a date, but it is a ${columnTypeLabel(column.type)} column`);
      return;
    case "currentUser":
      if (!LOOKUP.has(column.type) || !(column.targets ?? []).includes("systemuser")) {
        bad(`it sets ${colLabel(target)} to the signed-in user, but it does not point to users (systemuser)`);
      }
      return;
    case "column": {
      const source = input.columns.get(value.column);
      if (!source) {
        bad(`it copies ${colLabel(value.column)}, which '${input.config.tableName}' does not have`);
        return;
      }
      const family = SAME_FAMILY.find((f) => f.has(column.type));
      if (!family?.has(source.type) && !(column.type === "string" || column.type === "memo")) {
        bad(
          `it copies ${colLabel(value.column)} (${columnTypeLabel(source.type)}) into ${colLabel(target)} (${columnTypeLabel(column.type)}): the types do not fit`,
        );
      }
      return;
    }
    case "constant": {
      if ((column.type === "string" || column.type === "memo") && column.maxLength !== undefined) {
        if (value.value.length > column.maxLength) {
          bad(
            `its value for ${colLabel(target)} has ${value.value.length} characters; the column holds at most ${column.maxLength}`,
          );
        }
        return;
      }
      if (value.value === "") return; // an empty constant clears
      // The filter validator knows every column type's value forms and ranges: ask it about "target eq value".
      const operator = column.type === "multiselect" ? "contain-values" : "eq";
      const values = column.type === "multiselect" ? value.value.split(",").map((v) => v.trim()) : [value.value];
      const probe: FilterGroup = {
        kind: "group",
        type: "and",
        children: [{ kind: "condition", column: target, operator, values }],
      };
      for (const problem of validateFilter(input.config.tableName, probe, input.snapshot)) {
        if (problem.severity === "error") bad(`its value for ${colLabel(target)}: ${problem.message}`);
        else if (/below|above/.test(problem.message))
          bad(`its value for ${colLabel(target)}: ${problem.message.replace(/, so it matches nothing\.?$/, "")}`);
      }
      return;
    }
  }
}

/** A rule that hides a required field (or its section or tab) without setting its value leaves it empty. */
function checkHidesRequired(rule: Rule, ctx: Pick<ActionContext, "input" | "fields" | "colLabel" | "push">): void {
  for (const branch of [rule.then, rule.else]) {
    const set = new Set(branch.flatMap((a) => (a.type === "setValue" ? [a.column] : [])));
    const required = new Set(branch.flatMap((a) => (a.type === "require" ? [a.field] : [])));
    for (const action of branch) {
      if (action.type !== "hide") continue;
      for (const [id, placed] of ctx.fields) {
        if (id !== action.target && placed.section.id !== action.target && placed.tab.id !== action.target) continue;
        const column = ctx.input.columns.get(placed.field.column);
        const isRequired =
          placed.field.required ||
          required.has(id) ||
          (column !== undefined && createRequirement(column, ctx.input.table) !== undefined);
        if (!isRequired || set.has(placed.field.column)) continue;
        ctx.push(
          "warning",
          "rule_hides_required",
          `it hides required field ${ctx.colLabel(placed.field.column)} without setting its value, so a row may be saved without it: set a value in the same branch, or make the field optional there`,
          { column: placed.field.column, key: `hides:${id}` },
        );
      }
    }
  }
}
