// How a device runs a form's rules: the one reference (the phone preview runs exactly this; the README states
// it for device implementers). Pure, no DOM, deterministic: the same form, values, context and events always
// give the same outcome.
//
// Semantics:
// 1. State. Every field starts as the form designs it: visible unless `hidden`, required when the form or
//    Dataverse requires its column, read-only when the form or the project marks it so; sections and tabs start
//    visible. Rules change that state; it persists between events until another action changes it again.
// 2. Order. Only enabled rules run. For one event the rules of its trigger run in the form's rule order. An
//    action overwrites the property it sets, so of two actions on one property the later one wins (a later rule
//    overrides an earlier one; within a rule, a later action overrides an earlier one).
// 3. Branches. A rule without a condition always takes `then`. With one, `then` when it holds, else `else`
//    (nothing when `else` is empty). A rule's messages replace the messages it raised when it last ran.
// 4. Events. Load: the load rules run, then every change rule once (so the form is consistent with the values
//    it opened with). Change of a column: the change rules watching it run. Save: the save rules run; then
//    saving is refused while any error message stands or a visible required field is empty.
// 5. Cascades. A set-value that changes a column's value (to a different value) fires the change rules
//    watching that column, after the current rule finishes, breadth first. A cascade stops at depth
//    MAX_CASCADE_DEPTH or after MAX_RULE_RUNS rule runs per event; the outcome says so (`cascadeCut`) and
//    the validator refuses set-value cycles, so a valid form never gets there.
// 6. Hidden and required. A field counts as visible when it, its section and its tab are visible. Only a
//    visible required field blocks saving when empty; a hidden one does not (the validator warns when a rule
//    hides a required field without setting its value).
// 7. Values. Strings as in the filter conditions (numbers in invariant form, ISO dates, option values as
//    integers, booleans "0"/"1", lookups as the row's GUID); "" counts as empty. Text compares ignoring case,
//    dates by their ISO text (date operators by the date part), GUIDs ignoring case and braces.
import type { Condition, FilterGroup, Operator } from "@/lib/filters/schema";
import { FORM_RULE_OPERATOR_NAMES, OPERATORS, isOperator } from "@/lib/filters/operators";
import type { ColumnType } from "@/lib/metadata/schema";
import type { Form } from "@/lib/forms/schema";
import { formFields } from "@/lib/forms/walk";
import type { Rule, RuleAction } from "./schema";
import type {
  FieldState,
  FormValue,
  FormValues,
  PartState,
  RuleContext,
  RuleMessage,
  RuleOutcome,
  RuleTraceEntry,
} from "./outcome";

export const MAX_CASCADE_DEPTH = 10;
export const MAX_RULE_RUNS = 1000;

/**
 * The operators a rule condition may use (the validator refuses others); each is evaluated below. The operator
 * catalogue owns the list (its `formRule` fact, lib/filters/operators.ts).
 */
export const RULE_OPERATORS: readonly Operator[] = FORM_RULE_OPERATOR_NAMES;
export type RuleOperator = Operator;
export function isRuleOperator(operator: string): operator is RuleOperator {
  return isOperator(operator) && OPERATORS[operator].formRule;
}

/** What the evaluator needs to know of a column. */
export interface RuleColumn {
  type: ColumnType;
  /** Display name, for the trace. */
  label: string;
  /** Dataverse requires it to create a row (the form cannot make it optional). */
  requiredByDataverse?: boolean;
  /** The project marks it read-only on the device. */
  readOnly?: boolean;
}

/** A form prepared for evaluation: rules by trigger, change rules by column, where every id sits. */
export interface CompiledForm {
  form: Form;
  columns: Readonly<Record<string, RuleColumn>>;
  loadRules: readonly Rule[];
  changeRules: readonly Rule[];
  saveRules: readonly Rule[];
  /** Column -> the enabled change rules watching it, in form order. */
  watchers: ReadonlyMap<string, readonly Rule[]>;
  fieldColumn: ReadonlyMap<string, string>;
  /** Field id -> [section id, tab id]. */
  fieldParents: ReadonlyMap<string, readonly [string, string]>;
  kinds: ReadonlyMap<string, "field" | "section" | "tab">;
  labels: ReadonlyMap<string, string>;
}

export function compileForm(form: Form, columns: Readonly<Record<string, RuleColumn>>): CompiledForm {
  const enabled = form.rules.filter((r) => r.enabled);
  const watchers = new Map<string, Rule[]>();
  for (const rule of enabled) {
    if (rule.trigger.on !== "change") continue;
    for (const column of rule.trigger.columns) {
      const list = watchers.get(column) ?? [];
      list.push(rule);
      watchers.set(column, list);
    }
  }
  const fieldColumn = new Map<string, string>();
  const fieldParents = new Map<string, readonly [string, string]>();
  const kinds = new Map<string, "field" | "section" | "tab">();
  const labels = new Map<string, string>();
  for (const tab of form.tabs) {
    kinds.set(tab.id, "tab");
    labels.set(tab.id, `tab '${tab.label}'`);
  }
  for (const { field, section, tab } of formFields(form)) {
    fieldColumn.set(field.id, field.column);
    fieldParents.set(field.id, [section.id, tab.id]);
    kinds.set(field.id, "field");
    kinds.set(section.id, "section");
    labels.set(section.id, `section '${section.label}'`);
    labels.set(field.id, `'${field.label ?? columns[field.column]?.label ?? field.column}'`);
  }
  return {
    form,
    columns,
    loadRules: enabled.filter((r) => r.trigger.on === "load"),
    changeRules: enabled.filter((r) => r.trigger.on === "change"),
    saveRules: enabled.filter((r) => r.trigger.on === "save"),
    watchers,
    fieldColumn,
    fieldParents,
    kinds,
    labels,
  };
}

/** The state before any rule ran: as the form designs it. */
function designedState(compiled: CompiledForm): {
  fields: Record<string, FieldState>;
  sections: Record<string, PartState>;
  tabs: Record<string, PartState>;
} {
  const fields: Record<string, FieldState> = {};
  const sections: Record<string, PartState> = {};
  const tabs: Record<string, PartState> = {};
  for (const tab of compiled.form.tabs) tabs[tab.id] = { visible: true };
  for (const { field, section } of formFields(compiled.form)) {
    const column = compiled.columns[field.column];
    sections[section.id] = { visible: true };
    fields[field.id] = {
      visible: !field.hidden,
      required: field.required || Boolean(column?.requiredByDataverse),
      readOnly: field.readOnly || Boolean(column?.readOnly),
      ...(field.lookupView ? { lookupView: field.lookupView } : {}),
    };
  }
  return { fields, sections, tabs };
}

/** One event's working copy of the outcome. */
class Run {
  values: Record<string, FormValue>;
  fields: Record<string, FieldState>;
  sections: Record<string, PartState>;
  tabs: Record<string, PartState>;
  messages: RuleMessage[];
  trace: RuleTraceEntry[] = [];
  runs = 0;
  cut = false;

  constructor(
    readonly compiled: CompiledForm,
    readonly context: RuleContext,
    base: Pick<RuleOutcome, "values" | "fields" | "sections" | "tabs" | "messages">,
  ) {
    this.values = { ...base.values };
    this.fields = Object.fromEntries(Object.entries(base.fields).map(([k, v]) => [k, { ...v }]));
    this.sections = Object.fromEntries(Object.entries(base.sections).map(([k, v]) => [k, { ...v }]));
    this.tabs = Object.fromEntries(Object.entries(base.tabs).map(([k, v]) => [k, { ...v }]));
    this.messages = [...base.messages];
  }

  /** Runs `rules` for `trigger`, then the cascade their set-values start. */
  runAll(rules: readonly Rule[], trigger: RuleTraceEntry["trigger"], column?: string): void {
    const queue: Array<{ rule: Rule; column?: string; depth: number }> = rules.map((rule) => ({
      rule,
      column,
      depth: 0,
    }));
    for (let i = 0; i < queue.length; i++) {
      const item = queue[i];
      if (this.runs >= MAX_RULE_RUNS) {
        this.cut = true;
        return;
      }
      this.runs++;
      const changed = this.runRule(
        item.rule,
        trigger === "load" && item.depth > 0 ? "change" : trigger,
        item.column,
        item.depth,
      );
      for (const changedColumn of changed) {
        const watchers = this.compiled.watchers.get(changedColumn) ?? [];
        if (watchers.length === 0) continue;
        if (item.depth + 1 > MAX_CASCADE_DEPTH) {
          this.cut = true;
          continue;
        }
        for (const rule of watchers) queue.push({ rule, column: changedColumn, depth: item.depth + 1 });
      }
    }
  }

  /** Runs one rule; returns the columns whose value its set-values changed, in order. */
  private runRule(rule: Rule, trigger: RuleTraceEntry["trigger"], column: string | undefined, depth: number): string[] {
    const holds = rule.condition
      ? evaluateGroup(rule.condition, this.values, this.compiled.columns, this.context)
      : true;
    const branch: RuleTraceEntry["branch"] = holds ? "then" : rule.else.length > 0 ? "else" : "none";
    const actions = holds ? rule.then : rule.else;
    this.messages = this.messages.filter((m) => m.ruleId !== rule.id);
    const effects: string[] = [];
    const changed: string[] = [];
    for (const action of actions) {
      const effect = this.apply(rule, action, changed);
      if (effect) effects.push(effect);
    }
    this.trace.push({
      ruleId: rule.id,
      ruleName: rule.name,
      trigger,
      ...(column ? { column } : {}),
      branch,
      effects,
      depth,
    });
    return changed;
  }

  private label(id: string): string {
    return this.compiled.labels.get(id) ?? `'${id}'`;
  }

  private columnLabel(column: string): string {
    return `'${this.compiled.columns[column]?.label ?? column}'`;
  }

  private apply(rule: Rule, action: RuleAction, changed: string[]): string | undefined {
    switch (action.type) {
      case "show":
      case "hide": {
        const visible = action.type === "show";
        const kind = this.compiled.kinds.get(action.target);
        const part =
          kind === "field"
            ? this.fields[action.target]
            : kind === "section"
              ? this.sections[action.target]
              : kind === "tab"
                ? this.tabs[action.target]
                : undefined;
        if (!part) return undefined;
        part.visible = visible;
        return `${action.type} ${this.label(action.target)}`;
      }
      case "require":
      case "optional": {
        const field = this.fields[action.field];
        if (!field) return undefined;
        const column = this.compiled.columns[this.compiled.fieldColumn.get(action.field) ?? ""];
        // Never optional when Dataverse requires it.
        field.required = action.type === "require" || Boolean(column?.requiredByDataverse);
        return `make ${this.label(action.field)} ${field.required ? "required" : "optional"}`;
      }
      case "readOnly":
      case "editable": {
        const field = this.fields[action.field];
        if (!field) return undefined;
        const column = this.compiled.columns[this.compiled.fieldColumn.get(action.field) ?? ""];
        field.readOnly = action.type === "readOnly" || Boolean(column?.readOnly);
        return `make ${this.label(action.field)} ${field.readOnly ? "read-only" : "editable"}`;
      }
      case "setValue": {
        const value = resolveValue(action.value, this.values, this.context);
        const before = this.values[action.column] ?? null;
        this.values[action.column] = value;
        if (!sameValue(before, value, this.compiled.columns[action.column]?.type)) changed.push(action.column);
        return `set ${this.columnLabel(action.column)} to ${value === null ? "empty" : JSON.stringify(value)}`;
      }
      case "error":
      case "warning": {
        this.messages.push({
          kind: action.type,
          text: action.message,
          ...(action.field ? { field: action.field } : {}),
          ruleId: rule.id,
        });
        return `${action.type} "${action.message}"${action.field ? ` at ${this.label(action.field)}` : ""}`;
      }
      case "setLookupView": {
        const field = this.fields[action.field];
        if (!field) return undefined;
        field.lookupView = action.view;
        return `picker of ${this.label(action.field)} shows view ${action.view}`;
      }
    }
  }

  /** Whether a field is shown: it, its section and its tab are visible. */
  shown(fieldId: string): boolean {
    const [section, tab] = this.compiled.fieldParents.get(fieldId) ?? ["", ""];
    return Boolean(
      this.fields[fieldId]?.visible && this.sections[section]?.visible !== false && this.tabs[tab]?.visible !== false,
    );
  }

  outcome(extraMessages: RuleMessage[] = []): RuleOutcome {
    const messages = [...this.messages, ...extraMessages];
    return {
      values: this.values,
      fields: this.fields,
      sections: this.sections,
      tabs: this.tabs,
      messages,
      canSave: !messages.some((m) => m.kind === "error"),
      trace: this.trace,
      cascadeCut: this.cut,
    };
  }
}

/** Opens the form on `values`: the designed state, then the load rules, then every change rule once. */
export function loadForm(compiled: CompiledForm, values: FormValues, context: RuleContext): RuleOutcome {
  const run = new Run(compiled, context, { values, ...designedState(compiled), messages: [] });
  run.runAll(compiled.loadRules, "load");
  run.runAll(compiled.changeRules, "change");
  return run.outcome();
}

/** The user changes `column` to `value`: the change rules watching it run, with their cascade. */
export function changeValue(
  compiled: CompiledForm,
  current: RuleOutcome,
  column: string,
  value: FormValue,
  context: RuleContext,
): RuleOutcome {
  const run = new Run(compiled, context, current);
  const before = run.values[column] ?? null;
  run.values[column] = value;
  if (!sameValue(before, value, compiled.columns[column]?.type)) {
    run.runAll(compiled.watchers.get(column) ?? [], "change", column);
  }
  return run.outcome();
}

/** The user saves: the save rules run; errors and empty visible required fields refuse the save. */
export function saveForm(compiled: CompiledForm, current: RuleOutcome, context: RuleContext): RuleOutcome {
  const run = new Run(compiled, context, current);
  run.runAll(compiled.saveRules, "save");
  const missing: RuleMessage[] = [];
  for (const [fieldId, state] of Object.entries(run.fields)) {
    if (!state.required || !run.shown(fieldId)) continue;
    const column = compiled.fieldColumn.get(fieldId) ?? "";
    if (!isEmpty(run.values[column] ?? null)) continue;
    missing.push({
      kind: "error",
      text: `${compiled.columns[column]?.label ?? column} is required`,
      field: fieldId,
      ruleId: "",
    });
  }
  return run.outcome(missing);
}

// ---------- values ----------

export function isEmpty(value: FormValue): boolean {
  return value === null || value === "";
}

const NUMERIC: ReadonlySet<ColumnType> = new Set([
  "integer",
  "bigint",
  "decimal",
  "double",
  "money",
  "picklist",
  "state",
  "status",
  "boolean",
]);
const GUIDISH: ReadonlySet<ColumnType> = new Set(["lookup", "customer", "owner", "uniqueidentifier"]);

function normalGuid(value: string): string {
  return value.replace(/[{}]/g, "").toLowerCase();
}

function sameValue(a: FormValue, b: FormValue, type: ColumnType | undefined): boolean {
  if (isEmpty(a) || isEmpty(b)) return isEmpty(a) === isEmpty(b);
  return compare(a!, b!, type) === 0;
}

/** Orders two non-empty values of a column: numbers numerically, GUIDs and text ignoring case, dates as ISO text. */
function compare(a: string, b: string, type: ColumnType | undefined): number {
  if (type && NUMERIC.has(type)) {
    const x = Number(a);
    const y = Number(b);
    if (!Number.isNaN(x) && !Number.isNaN(y)) return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = type && GUIDISH.has(type) ? normalGuid(a) : type === "datetime" ? a : a.toLowerCase();
  const y = type && GUIDISH.has(type) ? normalGuid(b) : type === "datetime" ? b : b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/** "YYYY-MM-DD" plus `days`, in UTC arithmetic (a date has no time zone here). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function addMonths(date: string, months: number): string {
  const d = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.toISOString().slice(0, 10);
}

function resolveValue(
  source: Extract<RuleAction, { type: "setValue" }>["value"],
  values: FormValues,
  context: RuleContext,
): FormValue {
  switch (source.kind) {
    case "constant":
      return source.value;
    case "column":
      return values[source.column] ?? null;
    case "today":
      return addDays(context.today, source.days);
    case "currentUser":
      return context.userId;
    case "clear":
      return null;
  }
}

// ---------- conditions ----------

export function evaluateGroup(
  group: FilterGroup,
  values: FormValues,
  columns: Readonly<Record<string, RuleColumn>>,
  context: RuleContext,
): boolean {
  // An empty group holds (as an empty FetchXML filter restricts nothing).
  if (group.children.length === 0) return true;
  const test = (node: FilterGroup["children"][number]): boolean => {
    if (node.kind === "group") return evaluateGroup(node, values, columns, context);
    if (node.kind === "condition") return evaluateCondition(node, values, columns, context);
    return false; // link conditions have no meaning on a form (the validator refuses them)
  };
  return group.type === "and" ? group.children.every(test) : group.children.some(test);
}

function likeRegex(pattern: string): RegExp {
  let source = "";
  for (const ch of pattern) {
    if (ch === "%") source += "[\\s\\S]*";
    else if (ch === "_") source += "[\\s\\S]";
    else source += ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`, "i");
}

function inRange(date: string, from: string, to: string): boolean {
  return date >= from && date <= to;
}

export function evaluateCondition(
  condition: Condition,
  values: FormValues,
  columns: Readonly<Record<string, RuleColumn>>,
  context: RuleContext,
): boolean {
  const type = columns[condition.column]?.type;
  const raw = values[condition.column] ?? null;
  const empty = isEmpty(raw);
  const value = raw ?? "";
  const v = condition.values;
  const n = Number(v[0]);
  const date = value.slice(0, 10);
  const today = context.today;
  const operator = condition.operator;
  switch (operator) {
    case "null":
      return empty;
    case "not-null":
      return !empty;
    case "eq-userid":
      return !empty && normalGuid(value) === normalGuid(context.userId);
    case "ne-userid":
      return empty || normalGuid(value) !== normalGuid(context.userId);
    case "ne":
    case "neq":
      return empty || compare(value, v[0] ?? "", type) !== 0;
    case "not-in":
      return empty || !v.some((x) => compare(value, x, type) === 0);
    case "not-like":
    case "not-begin-with":
    case "not-end-with":
      if (empty) return true;
      break;
    case "not-contain-values":
      if (empty) return true;
      break;
    default:
      if (empty) return false;
  }
  switch (operator) {
    case "eq":
      return compare(value, v[0] ?? "", type) === 0;
    case "gt":
      return compare(value, v[0] ?? "", type) > 0;
    case "ge":
      return compare(value, v[0] ?? "", type) >= 0;
    case "lt":
      return compare(value, v[0] ?? "", type) < 0;
    case "le":
      return compare(value, v[0] ?? "", type) <= 0;
    case "in":
      return v.some((x) => compare(value, x, type) === 0);
    case "between":
      return compare(value, v[0] ?? "", type) >= 0 && compare(value, v[1] ?? "", type) <= 0;
    case "not-between":
      return compare(value, v[0] ?? "", type) < 0 || compare(value, v[1] ?? "", type) > 0;
    case "like":
      return likeRegex(v[0] ?? "").test(value);
    case "not-like":
      return !likeRegex(v[0] ?? "").test(value);
    case "begins-with":
      return value.toLowerCase().startsWith((v[0] ?? "").toLowerCase());
    case "not-begin-with":
      return !value.toLowerCase().startsWith((v[0] ?? "").toLowerCase());
    case "ends-with":
      return value.toLowerCase().endsWith((v[0] ?? "").toLowerCase());
    case "not-end-with":
      return !value.toLowerCase().endsWith((v[0] ?? "").toLowerCase());
    case "contain-values":
    case "not-contain-values": {
      const held = new Set(value.split(",").map((x) => x.trim()));
      const any = v.some((x) => held.has(x.trim()));
      return operator === "contain-values" ? any : !any;
    }
    case "on":
      return date === (v[0] ?? "").slice(0, 10);
    case "on-or-before":
      return date <= (v[0] ?? "").slice(0, 10);
    case "on-or-after":
      return date >= (v[0] ?? "").slice(0, 10);
    case "today":
      return date === today;
    case "yesterday":
      return date === addDays(today, -1);
    case "tomorrow":
      return date === addDays(today, 1);
    case "last-seven-days":
      return inRange(date, addDays(today, -7), today);
    case "next-seven-days":
      return inRange(date, today, addDays(today, 7));
    case "last-x-days":
      return inRange(date, addDays(today, -n), today);
    case "next-x-days":
      return inRange(date, today, addDays(today, n));
    case "last-x-weeks":
      return inRange(date, addDays(today, -7 * n), today);
    case "next-x-weeks":
      return inRange(date, today, addDays(today, 7 * n));
    case "last-x-months":
      return inRange(date, addMonths(today, -n), today);
    case "next-x-months":
      return inRange(date, today, addMonths(today, n));
    case "last-x-years":
      return inRange(date, addMonths(today, -12 * n), today);
    case "next-x-years":
      return inRange(date, today, addMonths(today, 12 * n));
    case "olderthan-x-days":
      return date < addDays(today, -n);
    case "olderthan-x-weeks":
      return date < addDays(today, -7 * n);
    case "olderthan-x-months":
      return date < addMonths(today, -n);
    case "olderthan-x-years":
      return date < addMonths(today, -12 * n);
    default:
      // Not a rule operator (the validator refuses it): never holds.
      return false;
  }
}
