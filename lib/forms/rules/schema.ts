// The form-rule model: business logic a device runs on a form (show/hide, required, read-only, set value,
// errors and warnings), as typed data published in the bundle. How a device runs it: ./evaluate.ts.
import { z } from "zod";
import { LogicalNameSchema, rejectDuplicates } from "@/lib/customization/schema-blocks";
import { FilterGroupSchema } from "@/lib/filters/schema";
import { ElementIdSchema } from "@/lib/forms/element-id";

export const MAX_RULES_PER_FORM = 500;
export const MAX_ACTIONS_PER_RULE = 50;
export const MAX_TRIGGER_COLUMNS = 50;
export const RULE_MESSAGE_MAX = 500;
/** How far "today + N days" may reach, either way (about a hundred years). */
export const MAX_DAYS_OFFSET = 36_500;

/**
 * When a rule runs. `load`: when the form opens; `change`: after the user (or a set-value action of another
 * rule) changes the value of one of `columns`; `save`: when the user saves, before the row is stored.
 */
export const RuleTriggerSchema = z
  .discriminatedUnion("on", [
    z.strictObject({ on: z.literal("load") }),
    z.strictObject({
      on: z.literal("change"),
      columns: z
        .array(LogicalNameSchema)
        .min(1, "A change rule watches at least one column")
        .max(MAX_TRIGGER_COLUMNS, `A change rule watches at most ${MAX_TRIGGER_COLUMNS} columns`)
        .superRefine(rejectDuplicates((c: string) => c, "column")),
    }),
    z.strictObject({ on: z.literal("save") }),
  ])
  .describe("When the rule runs: on load, on change of one of the columns, or on save.");
export type RuleTrigger = z.infer<typeof RuleTriggerSchema>;

/**
 * Where a set-value action takes its value from. Constants are strings in the filter conditions' convention
 * (numbers in invariant form, ISO dates, option values as their integer, booleans "0"/"1", GUIDs for lookups).
 */
export const ValueSourceSchema = z
  .discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("constant"), value: z.string().max(4000) }),
    z.strictObject({ kind: z.literal("column"), column: LogicalNameSchema }),
    z.strictObject({
      kind: z.literal("today"),
      days: z
        .number()
        .int("Days must be a whole number")
        .min(-MAX_DAYS_OFFSET)
        .max(MAX_DAYS_OFFSET)
        .default(0)
        .describe("Days added to today's date (negative: before today)."),
    }),
    z.strictObject({ kind: z.literal("currentUser") }),
    z.strictObject({ kind: z.literal("clear") }),
  ])
  .describe("The value a set-value action writes.");
export type ValueSource = z.infer<typeof ValueSourceSchema>;

const message = z
  .string()
  .trim()
  .min(1, "A message cannot be empty")
  .max(RULE_MESSAGE_MAX, `A message has at most ${RULE_MESSAGE_MAX} characters`);

export const RuleActionSchema = z
  .discriminatedUnion("type", [
    z.strictObject({
      type: z.enum(["show", "hide"]),
      target: ElementIdSchema.describe("The id of a field, section or tab of the form."),
    }),
    z.strictObject({ type: z.enum(["require", "optional"]), field: ElementIdSchema }),
    z.strictObject({ type: z.enum(["readOnly", "editable"]), field: ElementIdSchema }),
    z.strictObject({ type: z.literal("setValue"), column: LogicalNameSchema, value: ValueSourceSchema }),
    z.strictObject({
      type: z.enum(["error", "warning"]),
      message,
      field: ElementIdSchema.optional().describe("Shown at this field; without it, at the top of the form."),
    }),
    z.strictObject({
      type: z.literal("setLookupView"),
      field: ElementIdSchema,
      view: ElementIdSchema.describe("The id of a view of the lookup's target table."),
    }),
  ])
  .describe("One effect of a rule.");
export type RuleAction = z.infer<typeof RuleActionSchema>;
export type RuleActionType = RuleAction["type"];

const actions = (what: string) =>
  z
    .array(RuleActionSchema)
    .max(MAX_ACTIONS_PER_RULE, `A rule has at most ${MAX_ACTIONS_PER_RULE} actions ${what}`)
    .default([]);

export const RuleSchema = z
  .strictObject({
    id: ElementIdSchema,
    name: z
      .string()
      .trim()
      .min(1, "Rule name cannot be empty")
      .max(200, "Rule name has at most 200 characters")
      .describe("The rule's name, unique within its form."),
    enabled: z.boolean().default(true),
    trigger: RuleTriggerSchema,
    condition: FilterGroupSchema.optional().describe(
      "When the actions apply, over the form's current values (conditions on the table's columns; no link conditions). Absent: always.",
    ),
    then: actions("when the condition holds").describe("What happens when the condition holds."),
    else: actions("when the condition does not hold").describe("What happens when it does not (optional)."),
  })
  .describe("A form rule: trigger, optional condition, actions when it holds and when it does not.");
export type Rule = z.infer<typeof RuleSchema>;
export type RuleInput = z.input<typeof RuleSchema>;

export const FormRulesSchema = z
  .array(RuleSchema)
  .max(MAX_RULES_PER_FORM, `A form has at most ${MAX_RULES_PER_FORM} rules`)
  .superRefine(rejectDuplicates((r: Rule) => r.id, "rule id"))
  .superRefine(
    rejectDuplicates(
      (r: Rule) => r.name.toLowerCase(),
      "rule name",
      (r) => r.name,
    ),
  )
  .default([])
  .describe("The form's rules, in the order they run within each trigger.");
