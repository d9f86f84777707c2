"use client";
// The property panel of the selected tab, section or field (or of the form itself when nothing is selected), and
// the explicit keyboard commands that move it ("Move to tab", up, down), so moving never needs a pointer.
import { useState } from "react";
import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
  Tooltip,
} from "@mantine/core";
import { IconArrowDown, IconArrowUp, IconLock, IconTrash, IconX } from "@tabler/icons-react";
import { labelOf, type Column, type Table } from "@/lib/metadata/schema";
import { countOf } from "@/lib/format/count";
import { columnName, nameText } from "@/lib/metadata/naming";
import type { Form, FormKind, View } from "@/lib/forms/schema";
import { MAX_HEADER_FIELDS } from "@/lib/forms/schema";
import {
  addHeaderField,
  changeTabKind,
  coordinatePairs,
  findElement,
  moveFieldToTab,
  moveHeaderField,
  moveSection,
  moveTab,
  nudgeField,
  removeElement,
  requiredLock,
  updateField,
  updateSection,
  updateTab,
  type Edit,
} from "@/lib/forms/designer-ops";
import { describeFieldPlace, fieldLabel } from "@/lib/forms/designer-drop";
import type { AssociatedChoice } from "@/lib/forms/associated";
import type { DesignerProjectTable } from "@/lib/forms/data";

export interface PropertiesProps {
  form: Form;
  selectedId: string | undefined;
  table: Table | undefined;
  columns: ReadonlyMap<string, Column>;
  associated: AssociatedChoice[];
  projectTables: DesignerProjectTable[];
  readOnly: boolean;
  /** Applies an edit; `message` is announced to screen readers when it succeeds. */
  apply(edit: Edit<Form>, message?: string): void;
  onSelect(id: string | undefined): void;
  onRename(name: string): void;
  onKind(kind: FormKind): void;
}

export function PropertiesPanel(props: PropertiesProps) {
  const element = props.selectedId ? findElement(props.form, props.selectedId) : undefined;
  return (
    <Paper withBorder p="sm" component="section" aria-label="Properties" data-testid="properties">
      {!element || element.kind === "header" ? (
        <FormProperties {...props} />
      ) : element.kind === "field" ? (
        <FieldProperties {...props} fieldId={element.id} />
      ) : element.kind === "section" ? (
        <SectionProperties {...props} sectionId={element.id} />
      ) : (
        <TabProperties {...props} tabId={element.id} />
      )}
    </Paper>
  );
}

function PanelTitle({ children, onClose }: { children: React.ReactNode; onClose?: () => void }) {
  return (
    <Group justify="space-between" mb="xs" wrap="nowrap">
      <Title order={5} style={{ minWidth: 0, overflowWrap: "anywhere" }}>
        {children}
      </Title>
      {onClose ? (
        <ActionIcon variant="subtle" color="gray" size="sm" aria-label="Close properties" onClick={onClose}>
          <IconX size={14} />
        </ActionIcon>
      ) : null}
    </Group>
  );
}

function fieldsTabs(form: Form) {
  return form.tabs.filter((t) => t.kind === "fields");
}

/** "Move to tab": a field or section to another tab of fields, without a pointer. */
function MoveToTab({ form, fromTabId, onMove }: { form: Form; fromTabId: string; onMove(tabId: string): void }) {
  const [target, setTarget] = useState<string | null>(null);
  const otherTabs = fieldsTabs(form).filter((t) => t.id !== fromTabId);
  return (
    <Group gap="xs" align="flex-end" wrap="nowrap">
      <Select
        size="xs"
        label="Move to tab"
        placeholder={otherTabs.length ? "Pick a tab" : "No other tab of fields"}
        data={otherTabs.map((t) => ({ value: t.id, label: t.label }))}
        value={target}
        onChange={setTarget}
        disabled={otherTabs.length === 0}
        style={{ flex: 1 }}
      />
      <Button size="xs" variant="default" disabled={!target} onClick={() => target && onMove(target)}>
        Move
      </Button>
    </Group>
  );
}

/** Earlier / later in its list, and remove: the explicit commands of a tab, section or field. */
function OrderButtons({
  words = ["Up", "Down"],
  index,
  count,
  onMove,
  onRemove,
}: {
  words?: [string, string];
  index: number;
  count: number;
  onMove(delta: -1 | 1): void;
  onRemove(): void;
}) {
  return (
    <Group gap="xs">
      {([-1, 1] as const).map((delta) => (
        <Button
          key={delta}
          size="xs"
          variant="default"
          leftSection={delta < 0 ? <IconArrowUp size={14} /> : <IconArrowDown size={14} />}
          disabled={delta < 0 ? index === 0 : index === count - 1}
          onClick={() => onMove(delta)}
        >
          {delta < 0 ? words[0] : words[1]}
        </Button>
      ))}
      <Button size="xs" color="red" variant="light" leftSection={<IconTrash size={14} />} onClick={onRemove}>
        Remove
      </Button>
    </Group>
  );
}

const FIELD_FLAGS = [
  ["readOnly", "Read-only"],
  ["hidden", "Hidden when the form opens"],
] as const;

function FieldProperties({ fieldId, ...p }: PropertiesProps & { fieldId: string }) {
  const at = findElement(p.form, fieldId);
  if (at?.kind !== "field") return null;
  const { field } = at;
  const column = p.columns.get(field.column);
  const lock = requiredLock(column);
  const name = fieldLabel(field.column, field.label, p.table);
  const targets = column?.targets ?? [];
  const lookupViews = p.projectTables
    .filter((o) => targets.includes(o.tableName))
    .flatMap((o) =>
      o.views.map((v) => ({ value: v.id, label: `${o.label}: ${v.name}${v.kind === "lookup" ? " (lookup)" : ""}` })),
    );
  const set = (patch: Parameters<typeof updateField>[2]) => p.apply(updateField(p.form, fieldId, patch, column));
  const moveTo = (tabId: string) => {
    const edit = moveFieldToTab(p.form, fieldId, tabId);
    p.apply(edit, edit.ok ? `Moved field ${name} to ${describeFieldPlace(edit.value, fieldId, true)}` : undefined);
  };
  const nudge = (delta: -1 | 1) => {
    const edit = nudgeField(p.form, fieldId, delta);
    p.apply(edit, edit.ok ? `Moved field ${name} to ${describeFieldPlace(edit.value, fieldId)}` : undefined);
  };
  return (
    <Stack gap="xs">
      <PanelTitle onClose={() => p.onSelect(undefined)}>Field {name}</PanelTitle>
      <Text size="xs" c="dimmed">
        {field.column} · {column?.type ?? "not in the snapshot"} · tab {at.tab.label},{" "}
        {describeFieldPlace(p.form, fieldId)}
      </Text>
      <TextInput
        size="xs"
        label="Label"
        placeholder={labelOf(column?.displayName, field.column)}
        description="Empty: the column's display name"
        value={field.label ?? ""}
        disabled={p.readOnly}
        onChange={(e) => set({ label: e.currentTarget.value || undefined })}
      />
      {lock ? (
        <Group gap={6} wrap="nowrap" align="flex-start">
          <Switch size="xs" label="Required" checked disabled aria-describedby={`lock-${fieldId}`} />
          <IconLock size={14} />
          <Text size="xs" c="dimmed" id={`lock-${fieldId}`}>
            {lock}
          </Text>
        </Group>
      ) : (
        <Switch
          size="xs"
          label="Required"
          checked={field.required}
          disabled={p.readOnly}
          onChange={(e) => set({ required: e.currentTarget.checked })}
        />
      )}
      {FIELD_FLAGS.map(([flag, label]) => (
        <Switch
          key={flag}
          size="xs"
          label={label}
          checked={field[flag]}
          disabled={p.readOnly}
          onChange={(e) => set({ [flag]: e.currentTarget.checked })}
        />
      ))}
      {targets.length ? (
        <Select
          size="xs"
          label="Lookup picker view"
          placeholder={lookupViews.length ? "The target's default lookup view" : "No views of the target table yet"}
          data={lookupViews}
          value={field.lookupView ?? null}
          clearable
          disabled={p.readOnly || lookupViews.length === 0}
          onChange={(v) => set({ lookupView: v ?? undefined })}
        />
      ) : null}
      {!p.readOnly ? (
        <>
          <MoveToTab form={p.form} fromTabId={at.tab.id} onMove={moveTo} />
          <OrderButtons
            index={at.fieldIndex}
            count={at.section.fields.length}
            onMove={nudge}
            onRemove={() => {
              p.apply(removeElement(p.form, fieldId), `Removed field ${name}`);
              p.onSelect(undefined);
            }}
          />
        </>
      ) : null}
    </Stack>
  );
}

function SectionProperties({ sectionId, ...p }: PropertiesProps & { sectionId: string }) {
  const at = findElement(p.form, sectionId);
  if (at?.kind !== "section") return null;
  const { section } = at;
  const moveTo = (tabId: string, index: number) => {
    const edit = moveSection(p.form, sectionId, tabId, index);
    const tab = p.form.tabs.find((t) => t.id === tabId);
    p.apply(edit, `Moved section ${section.label} to tab ${tab?.label}`);
  };
  return (
    <Stack gap="xs">
      <PanelTitle onClose={() => p.onSelect(undefined)}>Section {section.label}</PanelTitle>
      <TextInput
        size="xs"
        label="Label"
        value={section.label}
        disabled={p.readOnly}
        error={section.label.trim() ? undefined : "A section needs a label"}
        onChange={(e) => p.apply(updateSection(p.form, sectionId, { label: e.currentTarget.value }))}
      />
      <Switch
        size="xs"
        label="Show the label on the device"
        checked={section.showLabel}
        disabled={p.readOnly}
        onChange={(e) => p.apply(updateSection(p.form, sectionId, { showLabel: e.currentTarget.checked }))}
      />
      <Stack gap={2}>
        <Text size="xs" fw={500} id={`cols-${sectionId}`}>
          Columns (a phone always shows one)
        </Text>
        <SegmentedControl
          size="xs"
          aria-labelledby={`cols-${sectionId}`}
          value={String(section.columns)}
          disabled={p.readOnly}
          onChange={(v) => p.apply(updateSection(p.form, sectionId, { columns: v === "2" ? 2 : 1 }))}
          data={[
            { value: "1", label: "1 column" },
            { value: "2", label: "2 columns" },
          ]}
        />
      </Stack>
      {!p.readOnly ? (
        <>
          <MoveToTab
            form={p.form}
            fromTabId={at.tab.id}
            onMove={(tabId) => {
              const tab = p.form.tabs.find((t) => t.id === tabId);
              if (tab?.kind === "fields") moveTo(tab.id, tab.sections.length);
            }}
          />
          <OrderButtons
            index={at.sectionIndex}
            count={at.tab.sections.length}
            onMove={(delta) => moveTo(at.tab.id, at.sectionIndex + delta)}
            onRemove={() => {
              p.apply(
                removeElement(p.form, sectionId),
                `Removed section ${section.label} and its ${countOf(section.fields.length, "field")}`,
              );
              p.onSelect(undefined);
            }}
          />
        </>
      ) : null}
    </Stack>
  );
}

function TabProperties({ tabId, ...p }: PropertiesProps & { tabId: string }) {
  const at = findElement(p.form, tabId);
  if (at?.kind !== "tab") return null;
  const { tab } = at;
  const pairs = coordinatePairs(p.table);
  const kinds = [
    { value: "fields", label: "Sections of fields" },
    ...(p.associated.length || tab.kind === "associated"
      ? [{ value: "associated", label: "List of related rows" }]
      : []),
    ...(pairs.length || tab.kind === "map" ? [{ value: "map", label: "Map" }] : []),
  ];
  const setKind = (kind: string | null) => {
    if (kind === "fields") p.apply(changeTabKind(p.form, tabId, { kind: "fields" }));
    else if (kind === "associated" && p.associated[0])
      p.apply(
        changeTabKind(p.form, tabId, {
          kind: "associated",
          table: p.associated[0].table,
          relationship: p.associated[0].relationship,
        }),
      );
    else if (kind === "map" && pairs[0]) p.apply(changeTabKind(p.form, tabId, { kind: "map", ...pairs[0] }));
  };
  const relatedViews: View[] =
    tab.kind === "associated" ? (p.projectTables.find((o) => o.tableName === tab.table)?.views ?? []) : [];
  return (
    <Stack gap="xs">
      <PanelTitle onClose={() => p.onSelect(undefined)}>Tab {tab.label}</PanelTitle>
      <TextInput
        size="xs"
        label="Label"
        value={tab.label}
        disabled={p.readOnly}
        error={tab.label.trim() ? undefined : "A tab needs a label"}
        onChange={(e) => p.apply(updateTab(p.form, tabId, { label: e.currentTarget.value }))}
      />
      <Select
        size="xs"
        label="Shows"
        data={kinds}
        value={tab.kind}
        allowDeselect={false}
        disabled={p.readOnly}
        onChange={setKind}
        description={
          tab.kind === "fields" && tab.sections.some((s) => s.fields.length)
            ? "Changing it drops this tab's sections."
            : undefined
        }
      />
      {tab.kind === "associated" ? (
        <>
          <Select
            size="xs"
            label="Relationship"
            data={p.associated.map((a) => ({ value: a.relationship, label: a.label }))}
            value={tab.relationship}
            allowDeselect={false}
            searchable
            disabled={p.readOnly}
            onChange={(v) => {
              const choice = p.associated.find((a) => a.relationship === v);
              if (choice)
                p.apply(
                  updateTab(p.form, tabId, { relationship: choice.relationship, table: choice.table, view: undefined }),
                );
            }}
          />
          {!p.associated.some((a) => a.relationship === tab.relationship) ? (
            <Alert color="yellow" p="xs">
              {tab.relationship} does not lead to a table of this project: add {tab.table} to the project or pick
              another.
            </Alert>
          ) : null}
          <Select
            size="xs"
            label="View"
            placeholder={relatedViews.length ? "The related table's default view" : `${tab.table} has no views yet`}
            data={relatedViews.map((v) => ({ value: v.id, label: v.name }))}
            value={tab.view ?? null}
            clearable
            disabled={p.readOnly || relatedViews.length === 0}
            onChange={(v) => p.apply(updateTab(p.form, tabId, { view: v ?? undefined }))}
          />
          <Switch
            size="xs"
            label="Users may add related rows from the list"
            checked={tab.allowCreate}
            disabled={p.readOnly}
            onChange={(e) => p.apply(updateTab(p.form, tabId, { allowCreate: e.currentTarget.checked }))}
          />
        </>
      ) : null}
      {tab.kind === "map" ? (
        <Select
          size="xs"
          label="Coordinates"
          data={pairs.map((pair) => ({
            value: `${pair.latitude}|${pair.longitude}`,
            label: `${pair.latitude} / ${pair.longitude}`,
          }))}
          value={`${tab.latitude}|${tab.longitude}`}
          allowDeselect={false}
          disabled={p.readOnly}
          onChange={(v) => {
            const [latitude, longitude] = (v ?? "").split("|");
            if (latitude && longitude) p.apply(updateTab(p.form, tabId, { latitude, longitude }));
          }}
        />
      ) : null}
      {!p.readOnly ? (
        <OrderButtons
          words={["Earlier", "Later"]}
          index={at.tabIndex}
          count={p.form.tabs.length}
          onMove={(delta) =>
            p.apply(
              moveTab(p.form, tabId, at.tabIndex + delta),
              `Moved tab ${tab.label} to position ${at.tabIndex + delta + 1}`,
            )
          }
          onRemove={() => {
            p.apply(removeElement(p.form, tabId), `Removed tab ${tab.label}`);
            p.onSelect(undefined);
          }}
        />
      ) : null}
    </Stack>
  );
}

function FormProperties(p: PropertiesProps) {
  const [adding, setAdding] = useState<string | null>(null);
  const candidates = [...p.columns.values()]
    .filter((c) => c.validForRead && !c.attributeOf && !p.form.header.some((h) => h.column === c.logicalName))
    .map((c) => ({ value: c.logicalName, label: nameText(columnName(c, c.logicalName)) }));
  return (
    <Stack gap="xs">
      <PanelTitle>Form</PanelTitle>
      <TextInput
        size="xs"
        label="Name"
        value={p.form.name}
        disabled={p.readOnly}
        error={p.form.name.trim() ? undefined : "A form needs a name"}
        onChange={(e) => p.onRename(e.currentTarget.value)}
      />
      <Select
        size="xs"
        label="Kind"
        data={[
          { value: "main", label: "Main (edit and detail)" },
          { value: "quickCreate", label: "Quick create" },
        ]}
        value={p.form.kind}
        allowDeselect={false}
        disabled={p.readOnly}
        onChange={(v) => v && p.onKind(v as FormKind)}
      />
      <Text size="xs" fw={500}>
        Header ({p.form.header.length} of {MAX_HEADER_FIELDS})
      </Text>
      {p.form.header.length === 0 ? (
        <Text size="xs" c="dimmed">
          No header fields: the device shows the row&apos;s name only.
        </Text>
      ) : (
        <Stack gap={2} component="ol" style={{ margin: 0, paddingLeft: 18 }}>
          {p.form.header.map((h, i) => {
            const label = labelOf(p.columns.get(h.column)?.displayName, h.column);
            return (
              <Group key={h.id} component="li" gap={2} wrap="nowrap" justify="space-between">
                <Text size="xs" truncate>
                  {label}
                </Text>
                {!p.readOnly ? (
                  <Group gap={0} wrap="nowrap">
                    <ActionIcon
                      size="sm"
                      variant="subtle"
                      color="gray"
                      aria-label={`Move header field ${label} earlier`}
                      disabled={i === 0}
                      onClick={() => p.apply(moveHeaderField(p.form, h.id, -1))}
                    >
                      <IconArrowUp size={12} />
                    </ActionIcon>
                    <ActionIcon
                      size="sm"
                      variant="subtle"
                      color="gray"
                      aria-label={`Move header field ${label} later`}
                      disabled={i === p.form.header.length - 1}
                      onClick={() => p.apply(moveHeaderField(p.form, h.id, 1))}
                    >
                      <IconArrowDown size={12} />
                    </ActionIcon>
                    <Tooltip label="Remove from the header" withArrow>
                      <ActionIcon
                        size="sm"
                        variant="subtle"
                        color="gray"
                        aria-label={`Remove header field ${label}`}
                        onClick={() => p.apply(removeElement(p.form, h.id))}
                      >
                        <IconX size={12} />
                      </ActionIcon>
                    </Tooltip>
                  </Group>
                ) : null}
              </Group>
            );
          })}
        </Stack>
      )}
      {!p.readOnly && p.form.header.length < MAX_HEADER_FIELDS ? (
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <Select
            size="xs"
            label="Add to header"
            placeholder="Pick a column"
            data={candidates}
            searchable
            value={adding}
            onChange={setAdding}
            style={{ flex: 1 }}
            limit={50}
          />
          <Button
            size="xs"
            variant="default"
            disabled={!adding}
            onClick={() => {
              const c = adding ? p.columns.get(adding) : undefined;
              if (c) p.apply(addHeaderField(p.form, c));
              setAdding(null);
            }}
          >
            Add
          </Button>
        </Group>
      ) : null}
      <Text size="xs" c="dimmed">
        Select a tab, section or field on the canvas to edit it.
      </Text>
    </Stack>
  );
}
