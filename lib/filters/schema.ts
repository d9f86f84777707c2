// The sync-filter model: a recursive tree of groups, conditions and link conditions, plus the preset a
// table's sync filter starts from. Plain JSON (the bundle is canonical JSON); safe to import anywhere.
import { z } from "zod";

/**
 * Every FetchXML condition operator Syncwright represents, spelled exactly as FetchXML spells it.
 * The facts about each (arity, value kind, column types, OData form, phrase) live in ./operators.ts.
 * `neq` is FetchXML's older spelling of `ne`; it is kept as its own operator so a pasted query comes
 * back out as it went in.
 */
export const OPERATOR_NAMES = [
  // comparison
  "eq",
  "ne",
  "neq",
  "gt",
  "ge",
  "lt",
  "le",
  "in",
  "not-in",
  "between",
  "not-between",
  "null",
  "not-null",
  // text
  "like",
  "not-like",
  "begins-with",
  "not-begin-with",
  "ends-with",
  "not-end-with",
  // dates
  "on",
  "on-or-before",
  "on-or-after",
  "today",
  "yesterday",
  "tomorrow",
  "this-week",
  "last-week",
  "next-week",
  "this-month",
  "last-month",
  "next-month",
  "this-year",
  "last-year",
  "next-year",
  "last-seven-days",
  "next-seven-days",
  "last-x-hours",
  "last-x-days",
  "last-x-weeks",
  "last-x-months",
  "last-x-years",
  "next-x-hours",
  "next-x-days",
  "next-x-weeks",
  "next-x-months",
  "next-x-years",
  "olderthan-x-minutes",
  "olderthan-x-hours",
  "olderthan-x-days",
  "olderthan-x-weeks",
  "olderthan-x-months",
  "olderthan-x-years",
  // fiscal
  "this-fiscal-year",
  "last-fiscal-year",
  "next-fiscal-year",
  "this-fiscal-period",
  "last-fiscal-period",
  "next-fiscal-period",
  "in-fiscal-year",
  "in-fiscal-period",
  "last-x-fiscal-years",
  "next-x-fiscal-years",
  "last-x-fiscal-periods",
  "next-x-fiscal-periods",
  "in-fiscal-period-and-year",
  "in-or-before-fiscal-period-and-year",
  "in-or-after-fiscal-period-and-year",
  // user, team, business unit
  "eq-userid",
  "ne-userid",
  "eq-userteams",
  "eq-useroruserteams",
  "eq-useroruserhierarchy",
  "eq-useroruserhierarchyandteams",
  "eq-businessid",
  "ne-businessid",
  "eq-userlanguage",
  // hierarchy
  "under",
  "eq-or-under",
  "not-under",
  "above",
  "eq-or-above",
  // multi-select option sets
  "contain-values",
  "not-contain-values",
] as const;

export const OperatorSchema = z.enum(OPERATOR_NAMES);
export type Operator = z.infer<typeof OperatorSchema>;

/**
 * Values one condition may list (`in`, `not-in` and the like). Dataverse turns each value into a parameter of the
 * SQL it runs, and SQL Server takes about 2,100 in one statement; a longer list also made every save, diff and
 * audit of the project slow (12 million values in a 48 MB file held the portal for 51 s).
 */
export const MAX_CONDITION_VALUES = 2_000;
const TOO_MANY_VALUES = `at most ${MAX_CONDITION_VALUES} values in one condition: split the list or filter on something they share`;

/**
 * One condition on a column of the table (or of the linked table, inside a link's filter).
 * `values` are strings exactly as FetchXML carries them, whatever the column type: numbers in
 * invariant form ("5", "12.50"), dates and datetimes in ISO 8601 ("2024-01-31", "2024-01-31T08:00:00Z"),
 * GUIDs as written (with or without braces), option values as their integer ("1"), booleans "0" / "1".
 * Operators without a value have `values: []`; one-value operators have one; `between` and the
 * fiscal period-and-year operators two; `in`, `not-in`, `contain-values`, `not-contain-values` one or more.
 * `uiName` / `uiType` are FetchXML's display hints for a lookup value (the record's name and table),
 * kept so a pasted system view comes back out as it went in and the sentence can name the record.
 * `valueHints` are the same hints per `<value>` element of a list (same index as `values`; `{}` for a
 * value without hints); a condition with them is always written with `<value>` elements.
 */
export const ConditionSchema = z.strictObject({
  kind: z.literal("condition"),
  /** Stable id for the editor (React keys, focus); never written to FetchXML or OData. */
  id: z.string().optional(),
  column: z.string().min(1),
  operator: OperatorSchema,
  values: z.array(z.string()).max(MAX_CONDITION_VALUES, TOO_MANY_VALUES),
  uiName: z.string().optional(),
  uiType: z.string().optional(),
  valueHints: z
    .array(z.strictObject({ uiName: z.string().optional(), uiType: z.string().optional() }))
    .max(MAX_CONDITION_VALUES, TOO_MANY_VALUES)
    .optional(),
});
export type Condition = z.infer<typeof ConditionSchema>;

/**
 * How a link condition relates the row to the linked rows.
 * - `any` / `not any`: the row has (has no) linked row matching the link's filter. Written inside a
 *   `<filter>` as `<link-entity link-type="any">`; may sit anywhere in the tree.
 * - `inner`: a join; only rows with a linked row matching the filter. `outer`: a left join, which
 *   restricts nothing by itself. Both are written as `<link-entity>` beside the `<filter>` (FetchXML
 *   allows no joins inside a filter), so they are valid only as direct children of the root group
 *   (of the table, or of the enclosing link) when that group is `and`; ./validate.ts says so.
 */
export const LinkTypeSchema = z.enum(["inner", "outer", "any", "not any"]);
export type LinkType = z.infer<typeof LinkTypeSchema>;

export type FilterNode = Condition | LinkCondition | FilterGroup;

export interface FilterGroup {
  kind: "group";
  id?: string;
  type: "and" | "or";
  children: FilterNode[];
}

/**
 * A condition through a relationship: `table` is the related table (FetchXML `name`), `from` the
 * column on the related table and `to` the column on the current table (FetchXML's own meaning of
 * from/to). `relationship` is the metadata relationship's schema name when the editor knows it; it
 * is not part of FetchXML, so a parsed filter has none (validation finds it from the columns).
 */
export interface LinkCondition {
  kind: "link";
  id?: string;
  relationship?: string;
  table: string;
  from: string;
  to: string;
  linkType: LinkType;
  alias?: string;
  filter: FilterGroup;
}

export const LinkConditionSchema: z.ZodType<LinkCondition> = z.strictObject({
  kind: z.literal("link"),
  id: z.string().optional(),
  relationship: z.string().optional(),
  table: z.string().min(1),
  from: z.string().min(1),
  to: z.string().min(1),
  linkType: LinkTypeSchema,
  alias: z.string().optional(),
  get filter() {
    return FilterGroupSchema;
  },
});

export const FilterNodeSchema: z.ZodType<FilterNode> = z.lazy(() =>
  z.discriminatedUnion("kind", [ConditionSchema, LinkConditionSchema as never, FilterGroupSchema as never]),
) as z.ZodType<FilterNode>;

export const FilterGroupSchema: z.ZodType<FilterGroup> = z.strictObject({
  kind: z.literal("group"),
  id: z.string().optional(),
  type: z.enum(["and", "or"]),
  get children() {
    return z.array(FilterNodeSchema);
  },
});

export const PresetSchema = z.enum(["all", "mine", "my-team", "my-business-unit", "related", "custom"]);
export type Preset = z.infer<typeof PresetSchema>;

/**
 * "Related rows only": the rows of this table that rows of other downloaded tables point to.
 * Each entry is a lookup column on another table of the project whose target is this table. An empty
 * list means every such lookup of the project (the caller resolves them from its table list).
 */
export const RelatedSourceSchema = z.strictObject({
  table: z.string().min(1),
  column: z.string().min(1),
});
export type RelatedSource = z.infer<typeof RelatedSourceSchema>;

/**
 * A table's sync filter. The preset gives the base rows; `filter`, when present, is ANDed with it
 * ("my rows" + "status is Active"). For `custom` the filter is the whole condition; for `all`
 * without a filter every row is downloaded.
 * - all: no condition. mine: `ownerid eq-userid`. my-team: `ownerid eq-useroruserteams` (the user's rows
 *   and those of the user's teams). my-business-unit: `owningbusinessunit eq-businessid`.
 * - related: see RelatedSourceSchema.
 */
export const SyncFilterSchema = z.strictObject({
  preset: PresetSchema,
  filter: FilterGroupSchema.optional(),
  related: z.strictObject({ sources: z.array(RelatedSourceSchema) }).optional(),
});
export type SyncFilter = z.infer<typeof SyncFilterSchema>;

/** Limits Dataverse enforces on one FetchXML query (0x8004430C, 0x8004430D); configurable per project. */
export const FilterLimitsSchema = z.strictObject({
  maxConditions: z.number().int().positive(),
  maxLinks: z.number().int().positive(),
});
export type FilterLimits = z.infer<typeof FilterLimitsSchema>;
export const DEFAULT_FILTER_LIMITS: FilterLimits = { maxConditions: 500, maxLinks: 15 };
