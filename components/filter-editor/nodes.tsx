"use client";
// The tree's parts: a group (all of / any of, nested, one Add menu at its head, indented with a rule per level), a
// condition (column, operator, value inputs that fit the type) and a link condition (a relationship, its link type
// and its own group). Problems show at nodes; so does lib's flag on what a device may not support. What a tree may
// hold (operators, related rows) comes from lib's capabilities of its purpose (sync filter, view filter, form rule).
import { createContext, useContext } from "react";
import {
  ActionIcon,
  Badge,
  Box,
  Button,
  Group,
  Menu,
  MultiSelect,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Tooltip,
  type ComboboxItem,
  type OptionsFilter,
} from "@mantine/core";
import {
  IconAlertTriangle,
  IconArrowDown,
  IconArrowUp,
  IconChevronDown,
  IconFilter,
  IconLink,
  IconPlus,
  IconSitemap,
  IconTrash,
} from "@tabler/icons-react";
import { tableLabel } from "@/lib/metadata/naming";
import { labelOf, type Column, type MetadataDocument, type Table } from "@/lib/metadata/schema";
import { OPERATORS, operatorsForColumnType, resolveValueKind } from "@/lib/filters/operators";
import type { Condition, FilterGroup, FilterNode, LinkCondition, LinkType, Operator } from "@/lib/filters/schema";
import type { FilterProblem } from "@/lib/filters/validate";
import { MetadataIndex } from "@/lib/filters/metadata-index";
import { deviceFlag, treeCapabilities, type TreeCapabilities, type TreePurpose } from "@/lib/filters/device-support";
import { addChild, moveNode, newId, positionOf, updateNode } from "./tree-ops";
import { choiceOf, columnChoices, linkChoices, operatorChoices } from "./metadata-choices";

export interface EditorContextValue {
  metadata: MetadataDocument;
  readOnly: boolean;
  root: FilterGroup;
  problems: Map<string, FilterProblem[]>;
  change(edit: (root: FilterGroup) => FilterGroup): void;
  /** What the tree is for (default: a sync filter); lib says what it may hold and what a device may not support. */
  purpose?: TreePurpose;
}

export const EditorContext = createContext<EditorContextValue | null>(null);

function useEditor(): EditorContextValue {
  const value = useContext(EditorContext);
  if (!value) throw new Error("filter editor parts outside FilterEditor");
  return value;
}

function useCapabilities(): TreeCapabilities {
  return treeCapabilities(useEditor().purpose ?? "sync-filter");
}

/** lib's flag on a construct a device may not support: a badge, its reason in a tooltip (focusable). */
function DeviceFlagBadge({ node }: { node: FilterNode }) {
  const { evaluatedBy } = useCapabilities();
  const flag = deviceFlag(node, evaluatedBy);
  if (!flag) return null;
  return (
    <Tooltip label={flag.reason} multiline w={320} withArrow events={{ hover: true, focus: true, touch: true }}>
      <Badge
        variant="light"
        color="orange"
        leftSection={<IconAlertTriangle size={12} aria-hidden />}
        tabIndex={0}
        role="note"
        aria-label={`${flag.label}: ${flag.reason}`}
        data-device-flag={flag.label}
        style={{ cursor: "help", flexShrink: 0 }}
      >
        {flag.label}
      </Badge>
    </Tooltip>
  );
}

/** Matches the label (display name) or the value (logical name / operator name). */
const searchLabelAndValue: OptionsFilter = ({ options, search }) => {
  const q = search.toLowerCase().trim();
  if (!q) return options;
  return (options as ComboboxItem[]).filter(
    (o) => o.label.toLowerCase().includes(q) || o.value.toLowerCase().includes(q),
  );
};

function withSecondary(secondary: (value: string) => string | undefined) {
  function RenderOption({ option }: { option: ComboboxItem }) {
    const extra = secondary(option.value);
    return (
      <Group gap={6} wrap="nowrap" justify="space-between" w="100%">
        <Text size="sm">{option.label}</Text>
        {extra ? (
          <Text size="xs" c="dimmed" ff="monospace">
            {extra}
          </Text>
        ) : null}
      </Group>
    );
  }
  return RenderOption;
}

function Problems({ id }: { id?: string }) {
  const { problems } = useEditor();
  const list = id ? problems.get(id) : undefined;
  if (!list?.length) return null;
  return (
    <Stack gap={2} role="alert">
      {list.map((p, i) => (
        <Text key={i} size="xs" c={p.severity === "error" ? "red" : "yellow.8"} data-severity={p.severity}>
          {p.message}
        </Text>
      ))}
    </Stack>
  );
}

function NodeTools({ node, what }: { node: FilterNode; what: string }) {
  const { root, change, readOnly } = useEditor();
  if (readOnly || !node.id) return null;
  const id = node.id;
  const pos = positionOf(root, id);
  return (
    <Group gap={2} wrap="nowrap">
      <ActionIcon
        variant="subtle"
        color="gray"
        aria-label={`Move ${what} up`}
        disabled={!pos || pos.index === 0}
        onClick={() => change((r) => moveNode(r, id, -1))}
      >
        <IconArrowUp size={16} />
      </ActionIcon>
      <ActionIcon
        variant="subtle"
        color="gray"
        aria-label={`Move ${what} down`}
        disabled={!pos || pos.index >= pos.count - 1}
        onClick={() => change((r) => moveNode(r, id, 1))}
      >
        <IconArrowDown size={16} />
      </ActionIcon>
      <ActionIcon
        variant="subtle"
        color="red"
        aria-label={`Remove ${what}`}
        onClick={() => change((r) => updateNode(r, id, () => null))}
      >
        <IconTrash size={16} />
      </ActionIcon>
    </Group>
  );
}

// ---------- values ----------

function optionData(column: Column | undefined): ComboboxItem[] {
  const options = column?.optionSet?.options ?? [];
  return options.map((o) => ({ value: String(o.value), label: `${labelOf(o.labels, String(o.value))}` }));
}

function ValueInput({ condition, column }: { condition: Condition; column: Column | undefined }) {
  const { change, readOnly } = useEditor();
  const facts = OPERATORS[condition.operator];
  if (facts.arity === 0) return null;
  const type = column?.type ?? "unknown";
  const kind = resolveValueKind(condition.operator, type, column?.dateTimeFormat === "DateOnly");
  const setValues = (values: string[]) =>
    change((r) => updateNode(r, condition.id!, (n) => (n.kind === "condition" ? { ...n, values } : n)));
  const setAt = (i: number, v: string) => {
    const values = [...condition.values];
    while (values.length <= i) values.push("");
    values[i] = v;
    setValues(values);
  };
  const label = facts.arity === 2 ? ["From", "To"] : ["Value"];
  if (kind === "option") {
    const data = optionData(column);
    if (facts.arity === "many") {
      return (
        <MultiSelect
          aria-label="Values"
          placeholder="Pick values"
          data={data}
          value={condition.values}
          onChange={setValues}
          searchable
          readOnly={readOnly}
          miw={200}
        />
      );
    }
    return (
      <Select
        aria-label="Value"
        placeholder="Pick a value"
        data={data}
        value={condition.values[0] ?? null}
        onChange={(v) => setValues(v === null ? [] : [v])}
        searchable
        readOnly={readOnly}
        miw={180}
      />
    );
  }
  if (facts.arity === "many") {
    return (
      <TagsInput
        aria-label="Values"
        placeholder="Type a value, Enter"
        value={condition.values}
        onChange={setValues}
        readOnly={readOnly}
        miw={220}
      />
    );
  }
  const count = facts.arity === 2 ? 2 : 1;
  return (
    <>
      {Array.from({ length: count }, (_, i) => {
        const value = condition.values[i] ?? "";
        const aria = count === 2 ? label[i] : "Value";
        if (kind === "integer" || kind === "number") {
          return (
            <NumberInput
              key={i}
              aria-label={aria}
              placeholder={kind === "integer" ? "Whole number" : "Number"}
              value={value === "" ? "" : Number(value)}
              onChange={(v) => setAt(i, v === "" || v === undefined ? "" : String(v))}
              allowDecimal={kind === "number"}
              readOnly={readOnly}
              w={130}
            />
          );
        }
        if (kind === "date" || kind === "datetime") {
          const inputType = kind === "date" ? "date" : "datetime-local";
          const shown = kind === "datetime" ? value.replace(/Z$/, "").slice(0, 16) : value.slice(0, 10);
          return (
            <TextInput
              key={i}
              aria-label={aria}
              type={inputType}
              value={shown}
              onChange={(e) => setAt(i, e.currentTarget.value)}
              readOnly={readOnly}
              w={kind === "date" ? 170 : 220}
            />
          );
        }
        return (
          <TextInput
            key={i}
            aria-label={aria}
            placeholder={kind === "guid" ? "00000000-0000-0000-0000-000000000000" : "Text"}
            value={value}
            onChange={(e) => setAt(i, e.currentTarget.value)}
            readOnly={readOnly}
            miw={kind === "guid" ? 300 : 180}
            ff={kind === "guid" ? "monospace" : undefined}
          />
        );
      })}
    </>
  );
}

// ---------- a condition ----------

function ConditionEditor({ condition, table }: { condition: Condition; table: Table | undefined }) {
  const { change, readOnly } = useEditor();
  const { formRuleOperatorsOnly: formRule } = useCapabilities();
  const columns = columnChoices(table, { formRule });
  const column = table?.columns.find((c) => c.logicalName === condition.column);
  const known = new Map(columns.map((c) => [c.value, c]));
  const columnData =
    known.has(condition.column) || !condition.column
      ? columns
      : [{ value: condition.column, label: condition.column, type: "unknown" as const }, ...columns];
  const operators = operatorChoices(column?.type ?? "unknown", { formRule });
  const id = condition.id!;

  const setColumn = (name: string | null) =>
    change((r) =>
      updateNode(r, id, (n) => {
        if (n.kind !== "condition" || !name) return n;
        const type = table?.columns.find((c) => c.logicalName === name)?.type ?? "unknown";
        const fits = operatorsForColumnType(type, { formRule }).map((f) => f.name);
        const operator: Operator = fits.includes(n.operator) ? n.operator : (fits[0] ?? "eq");
        return {
          kind: "condition",
          id: n.id,
          column: name,
          operator,
          values: operator === n.operator && name === n.column ? n.values : [],
        };
      }),
    );
  const setOperator = (op: string | null) =>
    change((r) =>
      updateNode(r, id, (n) => {
        if (n.kind !== "condition" || !op) return n;
        const next = op as Operator;
        const before = OPERATORS[n.operator];
        const after = OPERATORS[next];
        // Keep values when the operator takes the same kind of value; drop them when it takes none.
        const values =
          after.arity === 0
            ? []
            : before.valueKind === after.valueKind && before.arity === after.arity
              ? n.values
              : after.arity === "many"
                ? n.values
                : n.values.slice(0, after.arity);
        return { ...n, operator: next, values };
      }),
    );

  return (
    <Paper
      withBorder
      p="xs"
      radius="sm"
      data-node="condition"
      data-column={condition.column}
      data-operator={condition.operator}
    >
      <Group gap="xs" align="flex-start" wrap="wrap" justify="space-between">
        <Group gap="xs" align="flex-start" wrap="wrap" style={{ flex: 1 }}>
          <Select
            aria-label="Column"
            placeholder="Pick a column"
            data={columnData.map((c) => ({ value: c.value, label: c.label }))}
            value={condition.column || null}
            onChange={setColumn}
            searchable
            filter={searchLabelAndValue}
            renderOption={withSecondary((v) => known.get(v)?.secondary)}
            nothingFoundMessage="No column matches"
            readOnly={readOnly}
            w={230}
            maxDropdownHeight={300}
          />
          <Select
            aria-label="Operator"
            data={operators}
            value={condition.column ? condition.operator : null}
            placeholder="Operator"
            onChange={setOperator}
            searchable
            filter={searchLabelAndValue}
            renderOption={withSecondary((v) => v)}
            readOnly={readOnly}
            disabled={!condition.column}
            w={240}
            maxDropdownHeight={300}
          />
          {condition.column ? <ValueInput condition={condition} column={column} /> : null}
        </Group>
        <Group gap={4} wrap="nowrap">
          <DeviceFlagBadge node={condition} />
          <NodeTools node={condition} what="condition" />
        </Group>
      </Group>
      <Problems id={condition.id} />
    </Paper>
  );
}

// ---------- a link condition ----------

const LINK_TYPES: Array<{ value: LinkType; label: string }> = [
  { value: "any", label: "Has any related row matching (any)" },
  { value: "not any", label: "Has no related row matching (not any)" },
  { value: "inner", label: "Joined to a matching row (inner)" },
  { value: "outer", label: "Joined if there is one (outer, restricts nothing)" },
];

function LinkEditor({ link, table, depth }: { link: LinkCondition; table: Table | undefined; depth: number }) {
  const { metadata, change, readOnly } = useEditor();
  const choices = table ? linkChoices(metadata, table.logicalName) : [];
  const current = choiceOf(choices, link);
  const data = current
    ? choices
    : [{ value: "current", label: `${link.table} (from ${link.from} to ${link.to})`, link }, ...choices];
  const related = MetadataIndex.of(metadata).table(link.table);
  const id = link.id!;
  return (
    <Paper withBorder p="xs" radius="sm" data-node="link" style={{ borderStyle: "dashed" }}>
      <Stack gap="xs">
        <Group gap="xs" justify="space-between" align="flex-start" wrap="wrap">
          <Group gap="xs" wrap="wrap" style={{ flex: 1 }}>
            <IconLink size={16} aria-hidden />
            <Select
              aria-label="Related table"
              data={data.map((c) => ({ value: c.value, label: c.label }))}
              value={current?.value ?? "current"}
              onChange={(v) => {
                const choice = choices.find((c) => c.value === v);
                if (!choice) return;
                change((r) =>
                  updateNode(r, id, (n) =>
                    n.kind === "link"
                      ? {
                          ...n,
                          ...choice.link,
                          filter: n.table === choice.link.table ? n.filter : { ...n.filter, children: [] },
                        }
                      : n,
                  ),
                );
              }}
              searchable
              readOnly={readOnly}
              w={380}
              nothingFoundMessage="No relationship matches"
            />
            <Select
              aria-label="Link type"
              data={LINK_TYPES}
              value={link.linkType}
              onChange={(v) =>
                v &&
                change((r) => updateNode(r, id, (n) => (n.kind === "link" ? { ...n, linkType: v as LinkType } : n)))
              }
              readOnly={readOnly}
              w={300}
              allowDeselect={false}
            />
          </Group>
          <Group gap={4} wrap="nowrap">
            <DeviceFlagBadge node={link} />
            <NodeTools node={link} what="related-table condition" />
          </Group>
        </Group>
        <Problems id={link.id} />
        <GroupEditor group={link.filter} table={related} depth={depth + 1} linkRoot />
      </Stack>
    </Paper>
  );
}

// ---------- a group ----------

/** The rule at the left of a nested group: one colour per level, so the nesting reads at a glance. */
const LEVEL_COLORS = ["blue", "grape", "teal", "orange", "cyan"];

function AddMenu({
  where,
  canLink,
  showLink,
  onCondition,
  onGroup,
  onLink,
  groupType,
}: {
  where: string;
  canLink: boolean;
  showLink: boolean;
  onCondition(): void;
  onGroup(): void;
  onLink(): void;
  groupType: "and" | "or";
}) {
  return (
    <Menu position="bottom-start" withinPortal shadow="md">
      <Menu.Target>
        <Button
          size="compact-xs"
          variant="light"
          leftSection={<IconPlus size={14} />}
          rightSection={<IconChevronDown size={12} />}
          aria-label={`Add to ${where}`}
        >
          Add
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item leftSection={<IconFilter size={14} />} onClick={onCondition}>
          Condition
        </Menu.Item>
        <Menu.Item leftSection={<IconSitemap size={14} />} onClick={onGroup}>
          Group ({groupType === "and" ? "any of" : "all of"})
        </Menu.Item>
        {showLink ? (
          <Menu.Item leftSection={<IconLink size={14} />} onClick={onLink} disabled={!canLink}>
            {canLink ? "Related-rows condition" : "Related-rows condition (no related table in the metadata)"}
          </Menu.Item>
        ) : null}
      </Menu.Dropdown>
    </Menu>
  );
}

export function GroupEditor({
  group,
  table,
  depth,
  linkRoot = false,
}: {
  group: FilterGroup;
  table: Table | undefined;
  depth: number;
  linkRoot?: boolean;
}) {
  const { change, readOnly, metadata } = useEditor();
  const caps = useCapabilities();
  const id = group.id!;
  const isRoot = depth === 0 && !linkRoot;
  const canLink = caps.links && !!table && linkChoices(metadata, table.logicalName).length > 0;
  const add = (node: FilterNode) => change((r) => addChild(r, id, node));
  const addCondition = () => add({ kind: "condition", id: newId(), column: "", operator: "eq", values: [] });
  const addGroup = () =>
    add({
      kind: "group",
      id: newId(),
      type: group.type === "and" ? "or" : "and",
      children: [{ kind: "condition", id: newId(), column: "", operator: "eq", values: [] }],
    });
  const addLink = () => {
    const first = table ? linkChoices(metadata, table.logicalName)[0] : undefined;
    if (!first) return;
    add({
      kind: "link",
      id: newId(),
      ...first.link,
      linkType: "any",
      filter: { kind: "group", id: newId(), type: "and", children: [] },
    });
  };
  const what = linkRoot ? "the related rows" : isRoot ? caps.subject : "group";
  const where = isRoot ? "the top group" : linkRoot ? "the related rows" : "this group";
  const nested = !isRoot && !linkRoot;
  const color = LEVEL_COLORS[depth % LEVEL_COLORS.length];
  const joiner = group.type === "and" ? "and" : "or";
  return (
    <Box
      data-node="group"
      data-group-type={group.type}
      data-depth={depth}
      aria-label={
        isRoot
          ? "Conditions"
          : linkRoot
            ? `Conditions on ${table?.logicalName ?? "the related table"}`
            : `Group (${group.type})`
      }
      role="group"
      pl={nested ? "sm" : 0}
      py={nested ? 4 : 0}
      style={
        nested
          ? {
              borderLeft: `3px solid var(--mantine-color-${color}-filled)`,
              background: "var(--mantine-color-default-hover)",
              borderRadius: "var(--mantine-radius-sm)",
            }
          : undefined
      }
    >
      <Stack gap={6}>
        <Group gap="xs" justify="space-between" wrap="wrap">
          <Group gap="xs">
            {linkRoot ? (
              <Text size="sm" c="dimmed">
                where {table ? tableLabel(table, table.logicalName) : "the related row"} matches
              </Text>
            ) : null}
            <SegmentedControl
              size="xs"
              aria-label={`Combine the conditions of ${what}`}
              data={[
                { value: "and", label: "All of (and)" },
                { value: "or", label: "Any of (or)" },
              ]}
              value={group.type}
              onChange={(v) =>
                change((r) => updateNode(r, id, (n) => (n.kind === "group" ? { ...n, type: v as "and" | "or" } : n)))
              }
              disabled={readOnly}
            />
            {readOnly ? null : (
              <AddMenu
                where={where}
                canLink={canLink}
                showLink={caps.links && depth < 4}
                onCondition={addCondition}
                onGroup={addGroup}
                onLink={addLink}
                groupType={group.type}
              />
            )}
            {group.children.length === 0 ? (
              <Badge variant="light" color="gray">
                {linkRoot ? "any related row" : "no conditions"}
              </Badge>
            ) : null}
          </Group>
          {nested ? <NodeTools node={group} what="group" /> : null}
        </Group>
        <Problems id={group.id} />
        {group.children.map((child, i) => (
          <Stack key={child.id} gap={4}>
            {i > 0 ? (
              <Text
                size="xs"
                fw={700}
                tt="uppercase"
                c={`${color}.7`}
                data-joiner={joiner}
                aria-hidden
                style={{ letterSpacing: 0.5 }}
              >
                {joiner}
              </Text>
            ) : null}
            {child.kind === "condition" ? (
              <ConditionEditor condition={child} table={table} />
            ) : child.kind === "link" ? (
              <LinkEditor link={child} table={table} depth={depth} />
            ) : (
              <GroupEditor group={child} table={table} depth={depth + 1} />
            )}
          </Stack>
        ))}
      </Stack>
    </Box>
  );
}
