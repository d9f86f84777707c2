"use client";
// The form's rules beside the property panel: listed by trigger in the order they run, each said in English
// with an enabled switch, with add, duplicate, delete and move up/down, and the editor of the selected rule.
// Every edit goes through the designer's `apply`, hence its undo history and save flow.
import { useMemo, useState } from "react";
import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Paper,
  Stack,
  Switch,
  Text,
  Title,
  Tooltip,
  UnstyledButton,
} from "@mantine/core";
import { IconArrowDown, IconArrowUp, IconCopy, IconPlus, IconTrash } from "@tabler/icons-react";
import type { MetadataDocument, Table } from "@/lib/metadata/schema";
import type { Form } from "@/lib/forms/schema";
import type { Edit } from "@/lib/forms/designer-ops";
import type { Rule } from "@/lib/forms/rules/schema";
import type { ValidationIssue } from "@/lib/customization/validation-issue";
import { ruleToText } from "@/lib/forms/rules/to-text";
import { addRule, deleteRule, duplicateRule, moveRule, replaceRule } from "@/lib/forms/rules/rule-ops";
import type { ProjectTableViews } from "@/lib/forms/rules/lookup-views";
import { ruleOptions } from "./rule-options";
import { RuleEditor } from "./rule-editor";

const TRIGGERS = [
  { on: "load", title: "On load" },
  { on: "change", title: "On change" },
  { on: "save", title: "On save" },
] as const;

export function RulesPanel({
  form,
  table,
  tableName,
  metadata,
  issues,
  readOnly,
  apply,
  projectTables = [],
}: {
  form: Form;
  table: Table | undefined;
  tableName: string;
  metadata: MetadataDocument;
  issues: readonly ValidationIssue[];
  readOnly: boolean;
  apply(edit: Edit<Form>, message?: string): void;
  /** The project's tables with their views (a lookup view action picks one of its target's). */
  projectTables?: readonly ProjectTableViews[];
}) {
  const [selected, setSelected] = useState<string>();
  const options = useMemo(() => ruleOptions(form, table, projectTables), [form, table, projectTables]);
  const rule = form.rules.find((r) => r.id === selected);
  const prefix = `tables/${tableName}/forms/${form.id}/`;
  const issuesOf = (id: string) => issues.filter((i) => i.path === prefix + id || i.path.startsWith(`${prefix}${id}/`));
  const done = (value: Form, message: string) => apply({ ok: true, value }, message);

  const add = () => {
    const added = addRule(form, options.columns[0]?.value);
    done(added.form, "Added a rule");
    setSelected(added.id);
  };

  return (
    <Paper withBorder p="sm" data-testid="rules-panel" component="section" aria-labelledby="rules-panel-title">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5" id="rules-panel-title">
          Rules
        </Title>
        {!readOnly ? (
          <Button size="compact-xs" leftSection={<IconPlus size={12} />} onClick={add}>
            Add rule
          </Button>
        ) : null}
      </Group>
      {form.rules.length === 0 ? (
        <Text size="sm" c="dimmed">
          No rules yet. A rule shows, hides, requires or locks fields, sets values or shows messages on the device.
        </Text>
      ) : null}
      <Stack gap="sm">
        {TRIGGERS.map(({ on, title }) => {
          const rules = form.rules.filter((r) => r.trigger.on === on);
          if (!rules.length) return null;
          return (
            <Stack key={on} gap={4} data-trigger={on}>
              <Text size="xs" fw={700} c="dimmed" tt="uppercase">
                {title}
              </Text>
              {rules.map((r, i) => (
                <RuleRow
                  key={r.id}
                  rule={r}
                  text={ruleToText(tableName, form, r, { metadata })}
                  issues={issuesOf(r.id)}
                  selected={r.id === selected}
                  first={i === 0}
                  last={i === rules.length - 1}
                  readOnly={readOnly}
                  onSelect={() => setSelected(r.id === selected ? undefined : r.id)}
                  onEnabled={(enabled) =>
                    done(replaceRule(form, { ...r, enabled }), `${enabled ? "Enabled" : "Disabled"} rule ${r.name}`)
                  }
                  onMove={(by) => {
                    const moved = moveRule(form, r.id, by);
                    if (moved) done(moved, `Moved rule ${r.name} ${by < 0 ? "up" : "down"}`);
                  }}
                  onDuplicate={() => {
                    const copy = duplicateRule(form, r.id);
                    if (!copy) return;
                    done(copy.form, `Duplicated rule ${r.name}`);
                    setSelected(copy.id);
                  }}
                  onDelete={() => {
                    done(deleteRule(form, r.id), `Deleted rule ${r.name}`);
                    if (selected === r.id) setSelected(undefined);
                  }}
                />
              ))}
            </Stack>
          );
        })}
      </Stack>
      {rule ? (
        <Paper withBorder p="xs" mt="sm" bg="var(--mantine-color-body)">
          <RuleEditor
            key={rule.id}
            rule={rule}
            options={options}
            metadata={metadata}
            readOnly={readOnly}
            onChange={(next: Rule) => apply({ ok: true, value: replaceRule(form, next) })}
          />
        </Paper>
      ) : null}
    </Paper>
  );
}

function RuleRow({
  rule,
  text,
  issues,
  selected,
  first,
  last,
  readOnly,
  onSelect,
  onEnabled,
  onMove,
  onDuplicate,
  onDelete,
}: {
  rule: Rule;
  text: string;
  issues: readonly ValidationIssue[];
  selected: boolean;
  first: boolean;
  last: boolean;
  readOnly: boolean;
  onSelect(): void;
  onEnabled(enabled: boolean): void;
  onMove(by: -1 | 1): void;
  onDuplicate(): void;
  onDelete(): void;
}) {
  return (
    <Paper
      withBorder
      p={6}
      data-rule={rule.name}
      style={selected ? { borderColor: "var(--mantine-primary-color-filled)" } : undefined}
    >
      <Group gap={6} wrap="nowrap" align="flex-start">
        <Switch
          size="xs"
          mt={2}
          checked={rule.enabled}
          disabled={readOnly}
          aria-label={`Rule ${rule.name} enabled`}
          onChange={(e) => onEnabled(e.currentTarget.checked)}
        />
        <UnstyledButton onClick={onSelect} aria-expanded={selected} style={{ flex: 1, minWidth: 0 }}>
          <Text size="xs" fw={600}>
            {rule.name}
          </Text>
          <Text size="xs" c={rule.enabled ? undefined : "dimmed"} data-testid="rule-sentence">
            {text}
          </Text>
        </UnstyledButton>
        {!readOnly ? (
          <Group gap={0} wrap="nowrap">
            <Tooltip label="Move up" withArrow>
              <ActionIcon
                size="sm"
                variant="subtle"
                aria-label={`Move rule ${rule.name} up`}
                disabled={first}
                onClick={() => onMove(-1)}
              >
                <IconArrowUp size={14} />
              </ActionIcon>
            </Tooltip>
            <Tooltip label="Move down" withArrow>
              <ActionIcon
                size="sm"
                variant="subtle"
                aria-label={`Move rule ${rule.name} down`}
                disabled={last}
                onClick={() => onMove(1)}
              >
                <IconArrowDown size={14} />
              </ActionIcon>
            </Tooltip>
            <Tooltip label="Duplicate" withArrow>
              <ActionIcon size="sm" variant="subtle" aria-label={`Duplicate rule ${rule.name}`} onClick={onDuplicate}>
                <IconCopy size={14} />
              </ActionIcon>
            </Tooltip>
            <Tooltip label="Delete" withArrow>
              <ActionIcon
                size="sm"
                variant="subtle"
                color="red"
                aria-label={`Delete rule ${rule.name}`}
                onClick={onDelete}
              >
                <IconTrash size={14} />
              </ActionIcon>
            </Tooltip>
          </Group>
        ) : null}
      </Group>
      {issues.length ? (
        <Stack gap={2} mt={4}>
          {issues.map((i) => (
            <Group key={i.id} gap={4} wrap="nowrap" align="flex-start">
              <Badge size="xs" color={i.severity === "error" ? "red" : i.severity === "warning" ? "yellow" : "blue"}>
                {i.severity}
              </Badge>
              <Text size="xs">{i.message}</Text>
            </Group>
          ))}
        </Stack>
      ) : null}
    </Paper>
  );
}
