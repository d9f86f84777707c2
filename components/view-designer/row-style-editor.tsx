"use client";
// The view designer's row colour and icon: a choice column of the table, then a colour and an optional icon per
// option value from the fixed palette (lib/forms/schema.ts). The validation panel's problems of this view's style
// show here too, beside what they are about.
import { Alert, ColorSwatch, Group, Select, Stack, Table as MTable, Text, Title, Paper } from "@mantine/core";
import { labelOf, type Table } from "@/lib/metadata/schema";
import { ROW_COLORS, ROW_ICONS, type View } from "@/lib/forms/schema";
import {
  rowStyleColumns,
  setOptionStyle,
  setRowStyleColumn,
  type RowColor,
  type RowIcon as RowIconName,
} from "@/lib/forms/row-style";
import type { ValidationIssue } from "@/lib/customization/validation-issue";
import { RowIcon, rowColorVar } from "@/components/form-preview/row-icon";

const NAMES = (values: readonly string[]) =>
  values.map((value) => ({ value, label: `${value.charAt(0).toUpperCase()}${value.slice(1)}` }));
const COLOR_CHOICES = NAMES(ROW_COLORS);
const ICON_CHOICES = NAMES(ROW_ICONS);

export function RowStyleEditor({
  view,
  table,
  readOnly,
  issues,
  onChange,
}: {
  view: View;
  table: Table | undefined;
  readOnly: boolean;
  /** The validation panel's problems of this view's row style. */
  issues: readonly ValidationIssue[];
  onChange(view: View): void;
}) {
  const choices = rowStyleColumns(table);
  const style = view.rowStyle;
  const column = style ? table?.columns.find((c) => c.logicalName === style.column) : undefined;
  const options = column?.optionSet?.options ?? [];
  const order = options.map((o) => o.value);
  const data = choices.map((c) => ({
    value: c.logicalName,
    label: `${labelOf(c.displayName, c.logicalName)} (${c.logicalName})`,
  }));
  // A column the table no longer offers stays visible so that it can be changed.
  if (style && !data.some((d) => d.value === style.column)) data.unshift({ value: style.column, label: style.column });

  return (
    <Paper withBorder p="md" component="section" aria-label="Row colour and icon">
      <Title order={4} mb={4}>
        Row colour and icon
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Marks each row of the list by the value of a choice column: a colour bar and an optional icon.
      </Text>
      <Stack gap="sm">
        <Select
          label="Colour rows by"
          placeholder={choices.length ? "Nothing: plain rows" : "The table has no choice column"}
          data={data}
          value={style?.column ?? null}
          clearable
          searchable
          disabled={readOnly || (choices.length === 0 && !style)}
          onChange={(v) => onChange(setRowStyleColumn(view, v ?? undefined))}
        />
        {issues.map((issue) => (
          <Alert
            key={issue.id}
            color={issue.severity === "error" ? "red" : "yellow"}
            p="xs"
            data-testid="row-style-issue"
          >
            {issue.message}
          </Alert>
        ))}
        {style && column && options.length === 0 ? (
          <Text size="sm" c="dimmed">
            The snapshot does not hold the options of {labelOf(column.displayName, column.logicalName)}.
          </Text>
        ) : null}
        {style && options.length ? (
          <MTable verticalSpacing={4} aria-label="Colour and icon per option" data-testid="row-style-options">
            <MTable.Thead>
              <MTable.Tr>
                <MTable.Th>Option</MTable.Th>
                <MTable.Th w={170}>Colour</MTable.Th>
                <MTable.Th w={170}>Icon</MTable.Th>
              </MTable.Tr>
            </MTable.Thead>
            <MTable.Tbody>
              {options.map((option) => {
                const name = labelOf(option.labels, String(option.value));
                const current = style.options.find((o) => o.value === option.value);
                const set = (patch: { color?: RowColor | null; icon?: RowIconName | null }) =>
                  onChange(setOptionStyle(view, option.value, patch, order));
                return (
                  <MTable.Tr key={option.value} data-row-style-option={option.value}>
                    <MTable.Td>
                      <Group gap={6} wrap="nowrap">
                        {current?.icon ? <RowIcon icon={current.icon} color={current.color} /> : null}
                        <Text size="sm">{name}</Text>
                      </Group>
                    </MTable.Td>
                    <MTable.Td>
                      <Select
                        size="xs"
                        aria-label={`Colour of ${name}`}
                        placeholder="None"
                        data={COLOR_CHOICES}
                        value={current?.color ?? null}
                        clearable
                        disabled={readOnly}
                        leftSection={
                          current?.color ? <ColorSwatch color={rowColorVar(current.color)} size={12} /> : null
                        }
                        renderOption={({ option: o }) => (
                          <Group gap={6} wrap="nowrap">
                            <ColorSwatch color={rowColorVar(o.value as RowColor)} size={12} />
                            {o.label}
                          </Group>
                        )}
                        onChange={(v) => set({ color: (v as RowColor | null) ?? null })}
                      />
                    </MTable.Td>
                    <MTable.Td>
                      <Select
                        size="xs"
                        aria-label={`Icon of ${name}`}
                        placeholder="None"
                        data={ICON_CHOICES}
                        value={current?.icon ?? null}
                        clearable
                        disabled={readOnly}
                        leftSection={current?.icon ? <RowIcon icon={current.icon} /> : null}
                        renderOption={({ option: o }) => (
                          <Group gap={6} wrap="nowrap">
                            <RowIcon icon={o.value as RowIconName} />
                            {o.label}
                          </Group>
                        )}
                        onChange={(v) => set({ icon: (v as RowIconName | null) ?? null })}
                      />
                    </MTable.Td>
                  </MTable.Tr>
                );
              })}
            </MTable.Tbody>
          </MTable>
        ) : null}
      </Stack>
    </Paper>
  );
}
