// The facts about every FetchXML condition operator, in one table: arity, value kind, the column types
// it fits, its OData form, its English phrase, and whether a device can evaluate it itself (form rules, rows it holds).
// Every output, the validator and the form rules' evaluator read from here.
import type { ColumnType } from "@/lib/metadata/schema";
import type { Operator } from "./schema";
import { OPERATOR_NAMES } from "./schema";

/** How many values a condition carries: 0, exactly 1, exactly 2, or 1 or more ("many"). */
export type Arity = 0 | 1 | 2 | "many";

/**
 * What a value must look like. `column` means "whatever the column holds" (see resolveValueKind):
 * eq on an integer column takes an integer, eq on a lookup a GUID, eq on a picklist an option value.
 */
export type ValueKind = "string" | "number" | "integer" | "date" | "datetime" | "guid" | "option" | "none";

export type ODataForm =
  /** `<property> <op> <literal>` */
  | { kind: "compare"; op: "eq" | "ne" | "gt" | "ge" | "lt" | "le" }
  /** `<property> eq null` / `ne null` */
  | { kind: "null"; op: "eq" | "ne" }
  /** contains / startswith / endswith, optionally negated; `like` decides from the % wildcards. */
  | { kind: "text"; fn: "like" | "startswith" | "endswith"; negate: boolean }
  /**
   * `Microsoft.Dynamics.CRM.<name>(PropertyName='x'[,PropertyValue=..|,PropertyValues=[..]|,PropertyValue1=..,PropertyValue2=..])`.
   * `params` names the parameter shape; `literal` how the values are written (Int64 unquoted, String quoted).
   */
  | {
      kind: "function";
      name: string;
      params: "none" | "value" | "values" | "value1-value2";
      literal: "int" | "string";
    };

export type OperatorGroup = "comparison" | "text" | "date" | "fiscal" | "user" | "hierarchy" | "multi-select";

export interface OperatorFacts {
  name: Operator;
  group: OperatorGroup;
  arity: Arity;
  valueKind: ValueKind | "column";
  columnTypes: readonly ColumnType[];
  odata: ODataForm;
  /**
   * English, after the column's name: "{0}" and "{1}" are values, "{list}" all values joined
   * ("A, B or C"). "is in the last {0} days".
   */
  phrase: string;
  /**
   * A form rule can use it: the rules' evaluator (lib/forms/rules/evaluate.ts, the reference a device implements)
   * evaluates it on the form's values. The operators a device can evaluate itself, with no server at hand.
   */
  formRule: boolean;
  /**
   * Why a device may not evaluate it offline (absent when `formRule`): Dataverse evaluates it at sync time, but
   * a device checking rows it holds (a view's filter, a row changed offline) lacks what it needs.
   */
  deviceCaveat?: string;
}

const TEXT: ColumnType[] = ["string", "memo"];
const NUMBER: ColumnType[] = ["integer", "bigint", "decimal", "double", "money"];
const DATE: ColumnType[] = ["datetime"];
const OPTION: ColumnType[] = ["picklist", "state", "status", "boolean"];
const ID: ColumnType[] = ["lookup", "customer", "owner", "uniqueidentifier"];
/** Types whose value can be compared for equality. `unknown` fits everything: the source did not say. */
const EQUATABLE: ColumnType[] = [...TEXT, ...NUMBER, ...DATE, ...OPTION, ...ID, "entityname", "unknown"];
const ORDERED: ColumnType[] = [...TEXT, ...NUMBER, ...DATE, "unknown"];
const NULLABLE: ColumnType[] = [...EQUATABLE, "multiselect", "image", "file"];
const DATES: ColumnType[] = [...DATE, "unknown"];
const USERISH: ColumnType[] = ["lookup", "owner", "customer", "uniqueidentifier", "unknown"];

const fn = (
  name: string,
  params: "none" | "value" | "values" | "value1-value2" = "none",
  literal: "int" | "string" = "int",
): ODataForm => ({
  kind: "function",
  name,
  params,
  literal,
});

type Row = Omit<OperatorFacts, "name" | "formRule" | "deviceCaveat">;

const CAVEAT = {
  fiscal: "It needs the organization's fiscal year settings, which a device does not hold.",
  hierarchy: "It needs the table's whole hierarchy of rows, of which a device holds only its own part.",
  teams: "It needs the user's teams, business unit or reporting hierarchy, which a device does not hold.",
  language: "It needs the user's language setting from Dataverse, which a device does not hold.",
  calendar: "Calendar weeks, months and years start as the organization's settings say, which a device does not hold.",
  hours: "It counts hours or minutes from the server's clock; a device evaluates dates by day.",
};

/**
 * Why a device cannot evaluate the operator itself, or undefined when it can: then the form rules' evaluator
 * (lib/forms/rules/evaluate.ts) implements it, and it is a rule operator.
 */
function deviceCaveatOf(name: Operator, row: Row): string | undefined {
  if (row.group === "fiscal") return CAVEAT.fiscal;
  if (row.group === "hierarchy") return CAVEAT.hierarchy;
  if (row.group === "user") {
    if (name === "eq-userid" || name === "ne-userid") return undefined;
    return name === "eq-userlanguage" ? CAVEAT.language : CAVEAT.teams;
  }
  if (/^(this|last|next)-(week|month|year)$/.test(name)) return CAVEAT.calendar;
  if (/-x-(hours|minutes)$/.test(name)) return CAVEAT.hours;
  return undefined;
}

function noValueDate(odata: string, phrase: string, group: OperatorGroup = "date"): Row {
  return { group, arity: 0, valueKind: "none", columnTypes: DATES, odata: fn(odata), phrase };
}
function xDate(odata: string, phrase: string, group: OperatorGroup = "date"): Row {
  return { group, arity: 1, valueKind: "integer", columnTypes: DATES, odata: fn(odata, "value"), phrase };
}
function user(odata: string, phrase: string, columnTypes: ColumnType[] = USERISH): Row {
  return { group: "user", arity: 0, valueKind: "none", columnTypes, odata: fn(odata), phrase };
}
function hierarchy(odata: string, phrase: string): Row {
  return {
    group: "hierarchy",
    arity: 1,
    valueKind: "guid",
    columnTypes: ["lookup", "uniqueidentifier", "unknown"],
    odata: fn(odata, "value", "string"),
    phrase,
  };
}

const ROWS: Record<Operator, Row> = {
  eq: {
    group: "comparison",
    arity: 1,
    valueKind: "column",
    columnTypes: EQUATABLE,
    odata: { kind: "compare", op: "eq" },
    phrase: "is {0}",
  },
  ne: {
    group: "comparison",
    arity: 1,
    valueKind: "column",
    columnTypes: EQUATABLE,
    odata: { kind: "compare", op: "ne" },
    phrase: "is not {0}",
  },
  neq: {
    group: "comparison",
    arity: 1,
    valueKind: "column",
    columnTypes: EQUATABLE,
    odata: { kind: "compare", op: "ne" },
    phrase: "is not {0}",
  },
  gt: {
    group: "comparison",
    arity: 1,
    valueKind: "column",
    columnTypes: ORDERED,
    odata: { kind: "compare", op: "gt" },
    phrase: "is greater than {0}",
  },
  ge: {
    group: "comparison",
    arity: 1,
    valueKind: "column",
    columnTypes: ORDERED,
    odata: { kind: "compare", op: "ge" },
    phrase: "is at least {0}",
  },
  lt: {
    group: "comparison",
    arity: 1,
    valueKind: "column",
    columnTypes: ORDERED,
    odata: { kind: "compare", op: "lt" },
    phrase: "is less than {0}",
  },
  le: {
    group: "comparison",
    arity: 1,
    valueKind: "column",
    columnTypes: ORDERED,
    odata: { kind: "compare", op: "le" },
    phrase: "is at most {0}",
  },
  in: {
    group: "comparison",
    arity: "many",
    valueKind: "column",
    columnTypes: EQUATABLE,
    odata: fn("In", "values", "string"),
    phrase: "is one of {list}",
  },
  "not-in": {
    group: "comparison",
    arity: "many",
    valueKind: "column",
    columnTypes: EQUATABLE,
    odata: fn("NotIn", "values", "string"),
    phrase: "is none of {list}",
  },
  between: {
    group: "comparison",
    arity: 2,
    valueKind: "column",
    columnTypes: [...NUMBER, ...DATE, "unknown"],
    odata: fn("Between", "values", "string"),
    phrase: "is between {0} and {1}",
  },
  "not-between": {
    group: "comparison",
    arity: 2,
    valueKind: "column",
    columnTypes: [...NUMBER, ...DATE, "unknown"],
    odata: fn("NotBetween", "values", "string"),
    phrase: "is not between {0} and {1}",
  },
  null: {
    group: "comparison",
    arity: 0,
    valueKind: "none",
    columnTypes: NULLABLE,
    odata: { kind: "null", op: "eq" },
    phrase: "is empty",
  },
  "not-null": {
    group: "comparison",
    arity: 0,
    valueKind: "none",
    columnTypes: NULLABLE,
    odata: { kind: "null", op: "ne" },
    phrase: "is not empty",
  },

  like: {
    group: "text",
    arity: 1,
    valueKind: "string",
    columnTypes: [...TEXT, "unknown"],
    odata: { kind: "text", fn: "like", negate: false },
    phrase: "matches {0}",
  },
  "not-like": {
    group: "text",
    arity: 1,
    valueKind: "string",
    columnTypes: [...TEXT, "unknown"],
    odata: { kind: "text", fn: "like", negate: true },
    phrase: "does not match {0}",
  },
  "begins-with": {
    group: "text",
    arity: 1,
    valueKind: "string",
    columnTypes: [...TEXT, "unknown"],
    odata: { kind: "text", fn: "startswith", negate: false },
    phrase: "begins with {0}",
  },
  "not-begin-with": {
    group: "text",
    arity: 1,
    valueKind: "string",
    columnTypes: [...TEXT, "unknown"],
    odata: { kind: "text", fn: "startswith", negate: true },
    phrase: "does not begin with {0}",
  },
  "ends-with": {
    group: "text",
    arity: 1,
    valueKind: "string",
    columnTypes: [...TEXT, "unknown"],
    odata: { kind: "text", fn: "endswith", negate: false },
    phrase: "ends with {0}",
  },
  "not-end-with": {
    group: "text",
    arity: 1,
    valueKind: "string",
    columnTypes: [...TEXT, "unknown"],
    odata: { kind: "text", fn: "endswith", negate: true },
    phrase: "does not end with {0}",
  },

  on: {
    group: "date",
    arity: 1,
    valueKind: "date",
    columnTypes: DATES,
    odata: fn("On", "value", "string"),
    phrase: "is on {0}",
  },
  "on-or-before": {
    group: "date",
    arity: 1,
    valueKind: "date",
    columnTypes: DATES,
    odata: fn("OnOrBefore", "value", "string"),
    phrase: "is on or before {0}",
  },
  "on-or-after": {
    group: "date",
    arity: 1,
    valueKind: "date",
    columnTypes: DATES,
    odata: fn("OnOrAfter", "value", "string"),
    phrase: "is on or after {0}",
  },
  today: noValueDate("Today", "is today"),
  yesterday: noValueDate("Yesterday", "is yesterday"),
  tomorrow: noValueDate("Tomorrow", "is tomorrow"),
  "this-week": noValueDate("ThisWeek", "is this week"),
  "last-week": noValueDate("LastWeek", "is in the last week"),
  "next-week": noValueDate("NextWeek", "is in the next week"),
  "this-month": noValueDate("ThisMonth", "is this month"),
  "last-month": noValueDate("LastMonth", "is in the last month"),
  "next-month": noValueDate("NextMonth", "is in the next month"),
  "this-year": noValueDate("ThisYear", "is this year"),
  "last-year": noValueDate("LastYear", "is in the last year"),
  "next-year": noValueDate("NextYear", "is in the next year"),
  "last-seven-days": noValueDate("Last7Days", "is in the last seven days"),
  "next-seven-days": noValueDate("Next7Days", "is in the next seven days"),
  "last-x-hours": xDate("LastXHours", "is in the last {0} hours"),
  "last-x-days": xDate("LastXDays", "is in the last {0} days"),
  "last-x-weeks": xDate("LastXWeeks", "is in the last {0} weeks"),
  "last-x-months": xDate("LastXMonths", "is in the last {0} months"),
  "last-x-years": xDate("LastXYears", "is in the last {0} years"),
  "next-x-hours": xDate("NextXHours", "is in the next {0} hours"),
  "next-x-days": xDate("NextXDays", "is in the next {0} days"),
  "next-x-weeks": xDate("NextXWeeks", "is in the next {0} weeks"),
  "next-x-months": xDate("NextXMonths", "is in the next {0} months"),
  "next-x-years": xDate("NextXYears", "is in the next {0} years"),
  "olderthan-x-minutes": xDate("OlderThanXMinutes", "is older than {0} minutes"),
  "olderthan-x-hours": xDate("OlderThanXHours", "is older than {0} hours"),
  "olderthan-x-days": xDate("OlderThanXDays", "is older than {0} days"),
  "olderthan-x-weeks": xDate("OlderThanXWeeks", "is older than {0} weeks"),
  "olderthan-x-months": xDate("OlderThanXMonths", "is older than {0} months"),
  "olderthan-x-years": xDate("OlderThanXYears", "is older than {0} years"),

  "this-fiscal-year": noValueDate("ThisFiscalYear", "is in this fiscal year", "fiscal"),
  "last-fiscal-year": noValueDate("LastFiscalYear", "is in the last fiscal year", "fiscal"),
  "next-fiscal-year": noValueDate("NextFiscalYear", "is in the next fiscal year", "fiscal"),
  "this-fiscal-period": noValueDate("ThisFiscalPeriod", "is in this fiscal period", "fiscal"),
  "last-fiscal-period": noValueDate("LastFiscalPeriod", "is in the last fiscal period", "fiscal"),
  "next-fiscal-period": noValueDate("NextFiscalPeriod", "is in the next fiscal period", "fiscal"),
  "in-fiscal-year": xDate("InFiscalYear", "is in fiscal year {0}", "fiscal"),
  "in-fiscal-period": xDate("InFiscalPeriod", "is in fiscal period {0}", "fiscal"),
  "last-x-fiscal-years": xDate("LastXFiscalYears", "is in the last {0} fiscal years", "fiscal"),
  "next-x-fiscal-years": xDate("NextXFiscalYears", "is in the next {0} fiscal years", "fiscal"),
  "last-x-fiscal-periods": xDate("LastXFiscalPeriods", "is in the last {0} fiscal periods", "fiscal"),
  "next-x-fiscal-periods": xDate("NextXFiscalPeriods", "is in the next {0} fiscal periods", "fiscal"),
  "in-fiscal-period-and-year": {
    group: "fiscal",
    arity: 2,
    valueKind: "integer",
    columnTypes: DATES,
    odata: fn("InFiscalPeriodAndYear", "value1-value2"),
    phrase: "is in fiscal period {0} of fiscal year {1}",
  },
  "in-or-before-fiscal-period-and-year": {
    group: "fiscal",
    arity: 2,
    valueKind: "integer",
    columnTypes: DATES,
    odata: fn("InOrBeforeFiscalPeriodAndYear", "value1-value2"),
    phrase: "is in or before fiscal period {0} of fiscal year {1}",
  },
  "in-or-after-fiscal-period-and-year": {
    group: "fiscal",
    arity: 2,
    valueKind: "integer",
    columnTypes: DATES,
    odata: fn("InOrAfterFiscalPeriodAndYear", "value1-value2"),
    phrase: "is in or after fiscal period {0} of fiscal year {1}",
  },

  "eq-userid": user("EqualUserId", "is the current user"),
  "ne-userid": user("NotEqualUserId", "is not the current user"),
  "eq-userteams": user("EqualUserTeams", "is one of the current user's teams"),
  "eq-useroruserteams": user("EqualUserOrUserTeams", "is the current user or one of the user's teams"),
  "eq-useroruserhierarchy": user(
    "EqualUserOrUserHierarchy",
    "is the current user or someone below them in the hierarchy",
  ),
  "eq-useroruserhierarchyandteams": user(
    "EqualUserOrUserHierarchyAndTeams",
    "is the current user, someone below them in the hierarchy, or one of their teams",
  ),
  "eq-businessid": user("EqualBusinessId", "is the current user's business unit"),
  "ne-businessid": user("NotEqualBusinessId", "is not the current user's business unit"),
  "eq-userlanguage": user("EqualUserLanguage", "is the current user's language", ["integer", "picklist", "unknown"]),

  under: hierarchy("Under", "is under {0}"),
  "eq-or-under": hierarchy("UnderOrEqual", "is {0} or under it"),
  "not-under": hierarchy("NotUnder", "is not under {0}"),
  above: hierarchy("Above", "is above {0}"),
  "eq-or-above": hierarchy("AboveOrEqual", "is {0} or above it"),

  "contain-values": {
    group: "multi-select",
    arity: "many",
    valueKind: "option",
    columnTypes: ["multiselect", "unknown"],
    odata: fn("ContainValues", "values", "string"),
    phrase: "contains {list}",
  },
  "not-contain-values": {
    group: "multi-select",
    arity: "many",
    valueKind: "option",
    columnTypes: ["multiselect", "unknown"],
    odata: fn("DoesNotContainValues", "values", "string"),
    phrase: "does not contain {list}",
  },
};

export const OPERATORS: Readonly<Record<Operator, OperatorFacts>> = Object.fromEntries(
  OPERATOR_NAMES.map((name) => {
    const deviceCaveat = deviceCaveatOf(name, ROWS[name]);
    return [name, { name, ...ROWS[name], formRule: !deviceCaveat, ...(deviceCaveat ? { deviceCaveat } : {}) }];
  }),
) as Record<Operator, OperatorFacts>;

export function operatorFacts(operator: Operator): OperatorFacts {
  return OPERATORS[operator];
}

export function isOperator(name: string): name is Operator {
  return Object.prototype.hasOwnProperty.call(OPERATORS, name);
}

/**
 * The operators that fit a column type, in table order (for the editor's operator list); with `formRule`, only
 * those a form rule can evaluate.
 */
export function operatorsForColumnType(type: ColumnType, options: { formRule?: boolean } = {}): OperatorFacts[] {
  return OPERATOR_NAMES.map((n) => OPERATORS[n]).filter(
    (f) => f.columnTypes.includes(type) && (!options.formRule || f.formRule),
  );
}

/** The operators a form rule can evaluate, in catalogue order. */
export const FORM_RULE_OPERATOR_NAMES: readonly Operator[] = OPERATOR_NAMES.filter((n) => OPERATORS[n].formRule);

/** True when the number of values fits the operator's arity. */
export function arityAccepts(arity: Arity, count: number): boolean {
  return arity === "many" ? count >= 1 : count === arity;
}

/** The arity in words, for messages: "no value", "one value", "two values", "at least one value". */
export function arityWord(arity: Arity): string {
  return arity === 0 ? "no value" : arity === 1 ? "one value" : arity === 2 ? "two values" : "at least one value";
}

/** What a value of a column of this type looks like when an operator compares against the column itself. */
export function columnValueKind(type: ColumnType, dateOnly = false): ValueKind {
  switch (type) {
    case "integer":
    case "bigint":
      return "integer";
    case "decimal":
    case "double":
    case "money":
      return "number";
    case "datetime":
      return dateOnly ? "date" : "datetime";
    case "picklist":
    case "state":
    case "status":
    case "boolean":
    case "multiselect":
      return "option";
    case "lookup":
    case "customer":
    case "owner":
    case "uniqueidentifier":
      return "guid";
    default:
      return "string";
  }
}

/** The concrete kind of the values of `operator` on a column of `type`. */
export function resolveValueKind(operator: Operator, type: ColumnType, dateOnly = false): ValueKind {
  const kind = OPERATORS[operator].valueKind;
  return kind === "column" ? columnValueKind(type, dateOnly) : kind;
}
