"use client";
// A form as the device shows it, at phone or tablet width: the header fields, a strip of tabs, sections with
// their fields holding sample values of the right type (editable: onChange reports each change, for the rules
// evaluator), required markers, read-only styling, associated lists with their view's columns and a map
// placeholder. An optional rules outcome hides, requires or locks fields, sections and tabs, and shows messages.
import { memo, useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  Alert,
  Badge,
  Box,
  Button,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Switch,
  Tabs,
  Text,
  TextInput,
  Textarea,
} from "@mantine/core";
import { IconMapPin, IconPlus } from "@tabler/icons-react";
import { labelOf, type Column, type Table } from "@/lib/metadata/schema";
import { tablePluralLabel } from "@/lib/metadata/naming";
import type { AssociatedListTab, FieldsTab, Form, FormField, MapTab, View } from "@/lib/forms/schema";
import type { FieldState, FormValue, FormValues, PartState, RuleMessage } from "@/lib/forms/rules/outcome";
import { displayValue, sampleRecord } from "@/lib/forms/sample-values";
import { requiredLock } from "@/lib/forms/designer-ops";
import { formColumnUses } from "@/lib/forms/walk";
import { DeviceFrame, type PreviewDevice } from "./device-frame";
import { ViewRows } from "./view-preview";

/** The part of a rules outcome the preview shows (the evaluator's RuleOutcome fits). */
export interface PreviewState {
  values?: FormValues;
  fields?: Readonly<Record<string, FieldState>>;
  sections?: Readonly<Record<string, PartState>>;
  tabs?: Readonly<Record<string, PartState>>;
  messages?: readonly RuleMessage[];
}

/** No messages: one array for every field without any, so a field's memo holds. */
const NO_MESSAGES: readonly RuleMessage[] = [];

export interface RelatedTable {
  table: Table | undefined;
  views: View[];
}

/** Memo: the designer renders again for the validation panel's draft and the save state; the preview need not. */
export const FormPreview = memo(function FormPreview({
  form,
  table,
  related,
  device,
  state,
  onChange,
}: {
  form: Form;
  table: Table | undefined;
  /** Another project table's metadata and views, for associated lists. */
  related(tableName: string): RelatedTable;
  device: PreviewDevice;
  state?: PreviewState;
  onChange?(column: string, value: FormValue): void;
}) {
  const columns = useMemo(() => new Map(table?.columns.map((c) => [c.logicalName, c])), [table]);
  // Keyed by the columns' names: a move changes the form but not which columns it uses, so the samples stay.
  const usesKey = useMemo(() => [...new Set(formColumnUses(form).map((u) => u.column))].join(","), [form]);
  const samples = useMemo(() => sampleRecord(table, usesKey ? usesKey.split(",") : []), [table, usesKey]);
  const [edited, setEdited] = useState<Record<string, FormValue>>({});
  const values: FormValues = { ...samples, ...edited, ...state?.values };
  // One change callback for the preview's life (the fields are memoized on it); it calls the latest onChange.
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);
  const change = useCallback((column: string, value: FormValue) => {
    setEdited((e) => ({ ...e, [column]: value }));
    onChangeRef.current?.(column, value);
  }, []);
  const messagesByField = useMemo(() => {
    const byField = new Map<string, RuleMessage[]>();
    for (const m of state?.messages ?? []) {
      if (!m.field) continue;
      const list = byField.get(m.field);
      if (list) list.push(m);
      else byField.set(m.field, [m]);
    }
    return byField;
  }, [state?.messages]);
  const tabs = form.tabs.filter((t) => state?.tabs?.[t.id]?.visible !== false);
  const [active, setActive] = useState<string | null>(null);
  const current = tabs.find((t) => t.id === active) ?? tabs[0];
  const topMessages = state?.messages?.filter((m) => !m.field) ?? [];

  return (
    <DeviceFrame device={device} title={form.name} label={`${device === "phone" ? "Phone" : "Tablet"} preview`}>
      {form.header.length ? (
        <Group
          gap="md"
          px="sm"
          py={6}
          wrap="wrap"
          data-testid="preview-header"
          style={{ borderBottom: "1px solid var(--mantine-color-default-border)" }}
        >
          {form.header.map((h) => {
            const c = columns.get(h.column);
            return (
              <Box key={h.id} style={{ minWidth: 0 }}>
                <Text size="xs" c="dimmed">
                  {labelOf(c?.displayName, h.column)}
                </Text>
                <Text size="sm" fw={600} truncate>
                  {displayValue(c, values[h.column] ?? null) || "—"}
                </Text>
              </Box>
            );
          })}
        </Group>
      ) : null}
      {topMessages.map((m) => (
        <Alert key={`${m.ruleId}:${m.text}`} color={m.kind === "error" ? "red" : "yellow"} m="xs" p="xs">
          {m.text}
        </Alert>
      ))}
      {tabs.length === 0 ? (
        <Text size="sm" c="dimmed" p="md" ta="center">
          This form has no tabs yet.
        </Text>
      ) : (
        <Tabs value={current?.id ?? null} onChange={setActive} keepMounted={false}>
          <Tabs.List style={{ flexWrap: "nowrap", overflowX: "auto" }} aria-label="Form tabs">
            {tabs.map((t) => (
              <Tabs.Tab key={t.id} value={t.id} style={{ whiteSpace: "nowrap" }}>
                {t.label}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          {tabs.map((t) => (
            <Tabs.Panel key={t.id} value={t.id} p="xs">
              {t.kind === "fields" ? (
                <FieldsTabPreview
                  tab={t}
                  columns={columns}
                  values={values}
                  device={device}
                  state={state}
                  messagesByField={messagesByField}
                  onChange={change}
                />
              ) : t.kind === "associated" ? (
                <AssociatedPreview tab={t} related={related(t.table)} device={device} />
              ) : (
                <MapPreview tab={t} values={values} />
              )}
            </Tabs.Panel>
          ))}
        </Tabs>
      )}
    </DeviceFrame>
  );
});

function FieldsTabPreview({
  tab,
  columns,
  values,
  device,
  state,
  messagesByField,
  onChange,
}: {
  tab: FieldsTab;
  columns: Map<string, Column>;
  values: FormValues;
  device: PreviewDevice;
  state?: PreviewState;
  messagesByField: ReadonlyMap<string, readonly RuleMessage[]>;
  onChange(column: string, value: FormValue): void;
}) {
  const sections = tab.sections.filter((s) => state?.sections?.[s.id]?.visible !== false);
  if (sections.length === 0)
    return (
      <Text size="sm" c="dimmed" ta="center" py="md">
        No sections in this tab yet.
      </Text>
    );
  return (
    <Stack gap="sm">
      {sections.map((section) => {
        // Each field's state once; a field re-renders only when its own props change (PreviewField is memoized).
        const shown = section.fields.flatMap((f) => {
          const fs = fieldState(f, columns.get(f.column), state);
          return fs.visible ? [{ field: f, fs }] : [];
        });
        return (
          <Box key={section.id} data-testid="preview-section">
            {section.showLabel ? (
              <Text size="xs" fw={700} tt="uppercase" c="dimmed" mb={4}>
                {section.label}
              </Text>
            ) : null}
            {shown.length === 0 ? (
              <Text size="xs" c="dimmed">
                No fields shown.
              </Text>
            ) : (
              <SimpleGrid cols={device === "tablet" ? section.columns : 1} spacing="xs" verticalSpacing={6}>
                {shown.map(({ field: f, fs }) => (
                  <PreviewField
                    key={f.id}
                    field={f}
                    column={columns.get(f.column)}
                    value={values[f.column] ?? null}
                    required={fs.required}
                    readOnly={fs.readOnly}
                    messages={messagesByField.get(f.id) ?? NO_MESSAGES}
                    onChange={onChange}
                  />
                ))}
              </SimpleGrid>
            )}
          </Box>
        );
      })}
    </Stack>
  );
}

function fieldState(field: FormField, column: Column | undefined, state: PreviewState | undefined): FieldState {
  return (
    state?.fields?.[field.id] ?? {
      visible: !field.hidden,
      required: field.required || requiredLock(column) !== undefined,
      readOnly: field.readOnly || (column ? !column.validForUpdate && !column.validForCreate : false),
    }
  );
}

const PreviewField = memo(function PreviewField({
  field,
  column,
  value,
  required,
  readOnly,
  messages,
  onChange,
}: {
  field: FormField;
  column: Column | undefined;
  value: FormValue;
  /** The field's state as primitives, so that an equal state from a new rules outcome keeps the memo. */
  required: boolean;
  readOnly: boolean;
  messages: readonly RuleMessage[];
  onChange(column: string, value: FormValue): void;
}) {
  const fs = { required, readOnly };
  const label = field.label ?? labelOf(column?.displayName, field.column);
  const error = messages.find((m) => m.kind === "error")?.text;
  const common = {
    label,
    size: "xs" as const,
    withAsterisk: fs.required,
    readOnly: fs.readOnly,
    variant: fs.readOnly ? ("filled" as const) : ("default" as const),
    error,
    "data-field": field.column,
    "data-required": fs.required ? "true" : "false",
    "data-readonly": fs.readOnly ? "true" : "false",
  };
  const set = (v: string) => onChange(field.column, v === "" ? null : v);
  switch (column?.type) {
    case "picklist":
    case "state":
    case "status":
      return (
        <NativeSelect
          {...common}
          disabled={fs.readOnly}
          value={value ?? ""}
          onChange={(e) => set(e.currentTarget.value)}
          data={[
            { value: "", label: "" },
            ...(column.optionSet?.options ?? []).map((o) => ({
              value: String(o.value),
              label: labelOf(o.labels, String(o.value)),
            })),
          ]}
        />
      );
    case "boolean":
      return (
        <Switch
          label={label}
          size="xs"
          checked={value === "1"}
          disabled={fs.readOnly}
          onChange={(e) => set(e.currentTarget.checked ? "1" : "0")}
          data-field={field.column}
          data-required={fs.required ? "true" : "false"}
          data-readonly={fs.readOnly ? "true" : "false"}
        />
      );
    case "memo":
      return (
        <Textarea
          {...common}
          autosize={false}
          rows={2}
          value={value ?? ""}
          onChange={(e) => set(e.currentTarget.value)}
        />
      );
    case "datetime":
      return (
        <TextInput
          {...common}
          type={value && value.length > 10 ? "datetime-local" : "date"}
          value={value ? value.slice(0, 16) : ""}
          onChange={(e) => set(e.currentTarget.value)}
        />
      );
    case "integer":
    case "bigint":
    case "decimal":
    case "double":
    case "money":
      return (
        <TextInput {...common} inputMode="decimal" value={value ?? ""} onChange={(e) => set(e.currentTarget.value)} />
      );
    case "lookup":
    case "customer":
    case "owner":
    case "partylist":
      // A lookup shows the linked row's name; its value stays the row's id.
      return (
        <TextInput
          {...common}
          readOnly
          value={displayValue(column, value)}
          c="blue"
          description={fs.readOnly ? undefined : "Tap to pick"}
        />
      );
    default:
      return <TextInput {...common} value={displayValue(column, value)} onChange={(e) => set(e.currentTarget.value)} />;
  }
});

function AssociatedPreview({
  tab,
  related,
  device,
}: {
  tab: AssociatedListTab;
  related: RelatedTable;
  device: PreviewDevice;
}) {
  const view =
    related.views.find((v) => v.id === tab.view) ??
    related.views.find((v) => v.kind === "list" && v.isDefault) ??
    related.views.find((v) => v.kind === "list");
  const title = tablePluralLabel(related.table, tab.table);
  return (
    <Stack gap={4} data-testid="preview-associated">
      <Group justify="space-between">
        <Text size="sm" fw={600}>
          {title}
          {view ? ` · ${view.name}` : ""}
        </Text>
        {tab.allowCreate ? (
          <Button size="compact-xs" variant="light" leftSection={<IconPlus size={12} />} tabIndex={-1}>
            New
          </Button>
        ) : null}
      </Group>
      {view ? (
        <ViewRows view={view} table={related.table} device={device} count={4} />
      ) : (
        <Text size="xs" c="dimmed">
          {tab.table} has no list view yet: the device lists its primary name only.
        </Text>
      )}
    </Stack>
  );
}

function MapPreview({ tab, values }: { tab: MapTab; values: FormValues }) {
  return (
    <Box
      data-testid="preview-map"
      style={{
        height: 260,
        borderRadius: 8,
        display: "grid",
        placeItems: "center",
        background:
          "repeating-linear-gradient(45deg, var(--mantine-color-default-hover) 0 12px, var(--mantine-color-body) 12px 24px)",
      }}
    >
      <Stack gap={2} align="center">
        <IconMapPin size={32} color="var(--mantine-color-red-6)" />
        <Badge variant="light">
          {values[tab.latitude] ?? "?"}, {values[tab.longitude] ?? "?"}
        </Badge>
        <Text size="xs" c="dimmed">
          Map of the row&apos;s location
        </Text>
      </Stack>
    </Box>
  );
}
