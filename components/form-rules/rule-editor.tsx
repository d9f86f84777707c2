"use client";
// The editor of one rule: name, trigger (load, change of columns of the form, save), a condition over the
// form's columns in the filter editor's groups and conditions (nested and/or, only the operators a rule can
// evaluate), and the actions when it holds and when it does not.
import { useMemo } from "react";
import {
  ActionIcon,
  Button,
  Group,
  MultiSelect,
  NativeSelect,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import type { MetadataDocument } from "@/lib/metadata/schema";
import type { Rule, RuleAction, RuleActionType, ValueSource } from "@/lib/forms/rules/schema";
import { conditionColumns, editableCondition, withCondition } from "@/lib/forms/rules/rule-ops";
import { EditorContext, GroupEditor, type EditorContextValue } from "@/components/filter-editor/nodes";
import type { RuleOptions } from "./rule-options";
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
  metadata,
  readOnly,
  onChange,
}: {
  rule: Rule;
  options: RuleOptions;
  metadata: MetadataDocument;
  readOnly: boolean;
  onChange(rule: Rule): void;
}) {
  const root = useMemo(() => editableCondition(rule), [rule]);
  const context = useMemo<EditorContextValue>(
    () => ({
      metadata,
      readOnly,
      root,
      problems: new Map(),
      purpose: "form-rule",
      change: (edit) => onChange(withCondition(rule, edit(root))),
    }),
    [metadata, readOnly, root, rule, onChange],
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
                  ? { on: "change", columns: conditionColumns(rule.condition).slice(0, 1) }
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

      <Paper withBorder p="xs" data-testid="rule-condition">
        <Text size="xs" fw={600} mb={4}>
          Condition
        </Text>
        {rule.condition?.children.length ? null : (
          <Text size="xs" c="dimmed" mb={4}>
            No condition: the rule always takes its first branch.
          </Text>
        )}
        <EditorContext.Provider value={context}>
          <GroupEditor group={root} table={options.conditionTable} depth={0} />
        </EditorContext.Provider>
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
          <LookupViewPick
            label={`${label} view`}
            value={action.view}
            data={options.lookupViews(action.field)}
            readOnly={readOnly}
            onChange={(view) => onChange({ ...action, view })}
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

/** The view a lookup's picker shows: the project's views of the field's target tables, by name. */
function LookupViewPick({
  label,
  value,
  data,
  readOnly,
  onChange,
}: {
  label: string;
  value: string;
  data: Array<{ value: string; label: string }>;
  readOnly: boolean;
  onChange(view: string): void;
}) {
  const shown =
    value && !data.some((d) => d.value === value) ? [{ value, label: `${value} (not in the project)` }, ...data] : data;
  return (
    <Select
      size="xs"
      aria-label={label}
      placeholder={data.length ? "Pick a view" : "No view of the lookup's table in the project"}
      data={shown}
      value={value || null}
      onChange={(v) => onChange(v ?? "")}
      disabled={readOnly || shown.length === 0}
      searchable
      allowDeselect={false}
      nothingFoundMessage="No view matches"
      comboboxProps={{ withinPortal: true }}
      style={{ flex: "1 1 180px" }}
    />
  );
}
