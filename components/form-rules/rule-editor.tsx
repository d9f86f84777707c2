"use client";
// The editor of one rule: name, trigger (load, change of columns of the form, save), a condition over the
// form's columns with the rules' operators (and/or), and the actions when it holds and when it does not.
import {
  ActionIcon,
  Button,
  Group,
  MultiSelect,
  NativeSelect,
  NumberInput,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import type { Condition, FilterGroup, Operator } from "@/lib/filters/schema";
import { operatorFacts } from "@/lib/filters/operators";
import type { Rule, RuleAction, RuleActionType, ValueSource } from "@/lib/forms/rules/schema";
import { ruleOperatorsFor, type RuleOptions } from "./rule-options";
import { ValueInput } from "./value-input";

const ACTION_TYPES: Array<{ value: RuleActionType; label: string }> = [
  { value: "show", label: "Show" },
  { value: "hide", label: "Hide" },
  { value: "require", label: "Make required" },
  { value: "optional", label: "Make optional" },
  { value: "readOnly", label: "Make read-only" },
  { value: "editable", label: "Make editable" },
  { value: "setValue", label: "Set value" },
  { value: "error", label: "Show error" },
  { value: "warning", label: "Show warning" },
  { value: "setLookupView", label: "Set lookup view" },
];

/**
 * The rule's condition as this editor shows it: its plain conditions, and the nested groups it keeps untouched
 * (a rule from a project file may have them; editing the flat list must never drop them).
 */
function conditionsOf(rule: Rule): { type: "and" | "or"; conditions: Condition[]; kept: FilterGroup["children"] } {
  const group = rule.condition;
  const children = group?.children ?? [];
  return {
    type: group?.type ?? "and",
    conditions: children.filter((c): c is Condition => c.kind === "condition"),
    kept: children.filter((c) => c.kind !== "condition"),
  };
}

function operatorLabel(name: Operator): string {
  return operatorFacts(name)
    .phrase.replace(/\{0\}|\{1\}|\{list\}/g, "…")
    .replace(/\s*…$/, "")
    .trim();
}

/** A new action of `type`, aimed at the first fitting target. */
function newAction(type: RuleActionType, options: RuleOptions): RuleAction {
  const field = options.fields[0]?.value ?? "";
  switch (type) {
    case "show":
    case "hide":
      return { type, target: options.parts[0]?.value ?? "" };
    case "require":
    case "optional":
    case "readOnly":
    case "editable":
      return { type, field };
    case "setValue":
      return { type, column: options.columns[0]?.value ?? "", value: { kind: "constant", value: "" } };
    case "error":
    case "warning":
      return { type, message: "" };
    case "setLookupView":
      return { type, field, view: "" };
  }
}

export function RuleEditor({
  rule,
  options,
  readOnly,
  onChange,
}: {
  rule: Rule;
  options: RuleOptions;
  readOnly: boolean;
  onChange(rule: Rule): void;
}) {
  const { type, conditions, kept } = conditionsOf(rule);
  const setConditions = (groupType: "and" | "or", list: Condition[]) => {
    const children = [...list, ...kept];
    const group: FilterGroup = {
      ...(rule.condition?.id ? { id: rule.condition.id } : {}),
      kind: "group",
      type: groupType,
      children,
    };
    const { condition: _dropped, ...rest } = rule;
    void _dropped;
    onChange(children.length ? { ...rule, condition: group } : rest);
  };
  const updateCondition = (i: number, c: Condition) =>
    setConditions(
      type,
      conditions.map((x, j) => (j === i ? c : x)),
    );

  return (
    <Stack gap="sm" data-testid="rule-editor">
      <TextInput
        size="xs"
        label="Rule name"
        value={rule.name}
        disabled={readOnly}
        onChange={(e) => onChange({ ...rule, name: e.currentTarget.value })}
      />
      <Stack gap={4}>
        <Text size="xs" fw={500} id={`trigger-${rule.id}`}>
          Runs
        </Text>
        <SegmentedControl
          size="xs"
          aria-labelledby={`trigger-${rule.id}`}
          disabled={readOnly}
          value={rule.trigger.on}
          data={[
            { value: "load", label: "On load" },
            { value: "change", label: "On change" },
            { value: "save", label: "On save" },
          ]}
          onChange={(on) =>
            onChange({
              ...rule,
              trigger:
                on === "change"
                  ? { on: "change", columns: conditions[0] ? [conditions[0].column] : [] }
                  : { on: on as "load" | "save" },
            })
          }
        />
        {rule.trigger.on === "change" ? (
          <MultiSelect
            size="xs"
            label="When one of these changes"
            disabled={readOnly}
            searchable
            data={options.columns}
            value={rule.trigger.columns}
            onChange={(columns) => onChange({ ...rule, trigger: { on: "change", columns } })}
          />
        ) : null}
      </Stack>

      <Paper withBorder p="xs">
        <Group justify="space-between" mb={4}>
          <Text size="xs" fw={600}>
            Condition
          </Text>
          {conditions.length > 1 ? (
            <SegmentedControl
              size="xs"
              aria-label="Combine conditions with"
              disabled={readOnly}
              value={type}
              data={[
                { value: "and", label: "All (and)" },
                { value: "or", label: "Any (or)" },
              ]}
              onChange={(t) => setConditions(t as "and" | "or", conditions)}
            />
          ) : null}
        </Group>
        <Stack gap={6}>
          {kept.length > 0 ? (
            <Text size="xs" c="dimmed">
              The condition also holds {kept.length === 1 ? "a nested group" : `${kept.length} nested groups`}, kept as
              it is: edit it in the project file.
            </Text>
          ) : null}
          {conditions.length === 0 ? (
            <Text size="xs" c="dimmed">
              No condition: the rule always takes its first branch.
            </Text>
          ) : null}
          {conditions.map((c, i) => {
            const column = options.column(c.column);
            const operators = ruleOperatorsFor(column);
            const facts = operators.find((o) => o.name === c.operator);
            const arity = facts?.arity ?? 1;
            const count = arity === "many" ? Math.max(1, c.values.length) : arity;
            return (
              <Group key={c.id ?? i} gap={4} wrap="wrap" data-condition={i}>
                <NativeSelect
                  size="xs"
                  aria-label={`Condition ${i + 1} column`}
                  disabled={readOnly}
                  value={c.column}
                  data={options.columns}
                  onChange={(e) => {
                    const name = e.currentTarget.value;
                    const first = ruleOperatorsFor(options.column(name))[0]?.name ?? "eq";
                    updateCondition(i, { ...c, column: name, operator: first, values: [] });
                  }}
                />
                <NativeSelect
                  size="xs"
                  aria-label={`Condition ${i + 1} operator`}
                  disabled={readOnly}
                  value={c.operator}
                  data={operators.map((o) => ({ value: o.name, label: operatorLabel(o.name) }))}
                  onChange={(e) =>
                    updateCondition(i, { ...c, operator: e.currentTarget.value as Operator, values: [] })
                  }
                />
                {Array.from({ length: count }, (_, v) => (
                  <ValueInput
                    key={v}
                    column={facts?.valueKind === "number" || facts?.valueKind === "integer" ? undefined : column}
                    label={`Condition ${i + 1} value${count > 1 ? ` ${v + 1}` : ""}`}
                    value={c.values[v] ?? ""}
                    disabled={readOnly}
                    onChange={(value) => {
                      const values = [...c.values];
                      values[v] = value;
                      updateCondition(i, { ...c, values });
                    }}
                  />
                ))}
                {arity === "many" ? (
                  <ActionIcon
                    size="sm"
                    variant="subtle"
                    aria-label={`Add a value to condition ${i + 1}`}
                    disabled={readOnly}
                    onClick={() => updateCondition(i, { ...c, values: [...c.values, ""] })}
                  >
                    <IconPlus size={14} />
                  </ActionIcon>
                ) : null}
                <ActionIcon
                  size="sm"
                  variant="subtle"
                  color="red"
                  aria-label={`Remove condition ${i + 1}`}
                  disabled={readOnly}
                  onClick={() =>
                    setConditions(
                      type,
                      conditions.filter((_, j) => j !== i),
                    )
                  }
                >
                  <IconTrash size={14} />
                </ActionIcon>
              </Group>
            );
          })}
          <Button
            size="compact-xs"
            variant="subtle"
            leftSection={<IconPlus size={12} />}
            disabled={readOnly || options.columns.length === 0}
            style={{ alignSelf: "flex-start" }}
            onClick={() => {
              const name =
                rule.trigger.on === "change" ? (rule.trigger.columns[0] ?? options.columns[0]?.value) : undefined;
              const first = name ?? options.columns[0]?.value ?? "";
              const op = ruleOperatorsFor(options.column(first))[0]?.name ?? "eq";
              setConditions(type, [...conditions, { kind: "condition", column: first, operator: op, values: [] }]);
            }}
          >
            Add condition
          </Button>
        </Stack>
      </Paper>

      {(["then", "else"] as const).map((branch) => (
        <ActionList
          key={branch}
          title={branch === "then" ? (rule.condition ? "Then" : "Actions") : "Otherwise"}
          branch={branch}
          actions={rule[branch]}
          options={options}
          readOnly={readOnly}
          onChange={(actions) => onChange({ ...rule, [branch]: actions })}
        />
      ))}
    </Stack>
  );
}

function ActionList({
  title,
  branch,
  actions,
  options,
  readOnly,
  onChange,
}: {
  title: string;
  branch: "then" | "else";
  actions: RuleAction[];
  options: RuleOptions;
  readOnly: boolean;
  onChange(actions: RuleAction[]): void;
}) {
  return (
    <Paper withBorder p="xs" data-branch={branch}>
      <Text size="xs" fw={600} mb={4}>
        {title}
      </Text>
      <Stack gap={6}>
        {actions.map((a, i) => (
          <ActionRow
            key={i}
            label={`${title} action ${i + 1}`}
            action={a}
            options={options}
            readOnly={readOnly}
            onChange={(next) => onChange(actions.map((x, j) => (j === i ? next : x)))}
            onRemove={() => onChange(actions.filter((_, j) => j !== i))}
          />
        ))}
        <Button
          size="compact-xs"
          variant="subtle"
          leftSection={<IconPlus size={12} />}
          disabled={readOnly}
          style={{ alignSelf: "flex-start" }}
          onClick={() => onChange([...actions, newAction("require", options)])}
        >
          Add action {branch === "then" ? "" : "otherwise"}
        </Button>
      </Stack>
    </Paper>
  );
}

function ActionRow({
  label,
  action,
  options,
  readOnly,
  onChange,
  onRemove,
}: {
  label: string;
  action: RuleAction;
  options: RuleOptions;
  readOnly: boolean;
  onChange(action: RuleAction): void;
  onRemove(): void;
}) {
  const pick = (
    what: string,
    value: string,
    data: Array<{ value: string; label: string }>,
    set: (v: string) => void,
  ) => (
    <NativeSelect
      size="xs"
      aria-label={`${label} ${what}`}
      disabled={readOnly}
      value={value}
      data={
        value && !data.some((d) => d.value === value) ? [{ value, label: `${value} (not on the form)` }, ...data] : data
      }
      onChange={(e) => set(e.currentTarget.value)}
      style={{ flex: "1 1 140px" }}
    />
  );
  let target: React.ReactNode = null;
  switch (action.type) {
    case "show":
    case "hide":
      target = pick("target", action.target, options.parts, (target) => onChange({ ...action, target }));
      break;
    case "require":
    case "optional":
    case "readOnly":
    case "editable":
      target = pick("field", action.field, options.fields, (field) => onChange({ ...action, field }));
      break;
    case "setLookupView":
      target = (
        <>
          {pick("field", action.field, options.fields, (field) => onChange({ ...action, field }))}
          <TextInput
            size="xs"
            aria-label={`${label} view id`}
            placeholder="View id"
            disabled={readOnly}
            value={action.view}
            onChange={(e) => onChange({ ...action, view: e.currentTarget.value })}
          />
        </>
      );
      break;
    case "error":
    case "warning":
      target = (
        <>
          <TextInput
            size="xs"
            aria-label={`${label} message`}
            placeholder="Message"
            disabled={readOnly}
            value={action.message}
            onChange={(e) => onChange({ ...action, message: e.currentTarget.value })}
            style={{ flex: "1 1 160px" }}
          />
          {pick("shown at", action.field ?? "", [{ value: "", label: "Top of the form" }, ...options.fields], (f) => {
            const { field: _old, ...rest } = action;
            void _old;
            onChange(f ? { ...rest, field: f } : rest);
          })}
        </>
      );
      break;
    case "setValue":
      target = (
        <>
          {pick("column", action.column, options.columns, (column) =>
            onChange({ ...action, column, value: { kind: "constant", value: "" } }),
          )}
          <ValueSourceEditor
            label={label}
            column={action.column}
            value={action.value}
            options={options}
            readOnly={readOnly}
            onChange={(value) => onChange({ ...action, value })}
          />
        </>
      );
      break;
  }
  return (
    <Group gap={4} wrap="wrap" data-action={action.type}>
      <NativeSelect
        size="xs"
        aria-label={`${label} type`}
        disabled={readOnly}
        value={action.type}
        data={ACTION_TYPES}
        onChange={(e) => onChange(newAction(e.currentTarget.value as RuleActionType, options))}
      />
      {target}
      <ActionIcon
        size="sm"
        variant="subtle"
        color="red"
        aria-label={`Remove ${label}`}
        disabled={readOnly}
        onClick={onRemove}
      >
        <IconTrash size={14} />
      </ActionIcon>
    </Group>
  );
}

function ValueSourceEditor({
  label,
  column,
  value,
  options,
  readOnly,
  onChange,
}: {
  label: string;
  column: string;
  value: ValueSource;
  options: RuleOptions;
  readOnly: boolean;
  onChange(value: ValueSource): void;
}) {
  const c = options.column(column);
  const isDate = c?.type === "datetime";
  const isUser = c?.type === "lookup" || c?.type === "owner";
  const kinds = [
    { value: "constant", label: "Value" },
    { value: "column", label: "Another column" },
    ...(isDate || value.kind === "today" ? [{ value: "today", label: "Today + days" }] : []),
    ...(isUser || value.kind === "currentUser" ? [{ value: "currentUser", label: "Signed-in user" }] : []),
    { value: "clear", label: "Clear" },
  ];
  return (
    <>
      <NativeSelect
        size="xs"
        aria-label={`${label} value from`}
        disabled={readOnly}
        value={value.kind}
        data={kinds}
        onChange={(e) => {
          const kind = e.currentTarget.value;
          onChange(
            kind === "column"
              ? { kind, column: options.columns.find((x) => x.value !== column)?.value ?? column }
              : kind === "today"
                ? { kind, days: 0 }
                : kind === "currentUser" || kind === "clear"
                  ? { kind }
                  : { kind: "constant", value: "" },
          );
        }}
      />
      {value.kind === "constant" ? (
        <ValueInput
          column={c}
          label={`${label} value`}
          value={value.value}
          disabled={readOnly}
          onChange={(v) => onChange({ kind: "constant", value: v })}
        />
      ) : value.kind === "column" ? (
        <NativeSelect
          size="xs"
          aria-label={`${label} source column`}
          disabled={readOnly}
          value={value.column}
          data={options.columns}
          onChange={(e) => onChange({ kind: "column", column: e.currentTarget.value })}
        />
      ) : value.kind === "today" ? (
        <NumberInput
          size="xs"
          w={90}
          aria-label={`${label} days after today`}
          disabled={readOnly}
          value={value.days}
          allowDecimal={false}
          onChange={(d) => onChange({ kind: "today", days: typeof d === "number" ? d : 0 })}
        />
      ) : null}
    </>
  );
}
