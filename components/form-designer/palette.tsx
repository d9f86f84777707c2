"use client";
// The form designer's palette: the table's columns to drag (or add with a button) onto the form, searchable,
// marking those already on it; a column the table does not select yet says that saving selects it.
import { memo, useMemo, useState } from "react";
import { ActionIcon, Box, Group, ScrollArea, Stack, Text, TextInput, Tooltip } from "@mantine/core";
import { useDraggable } from "@dnd-kit/core";
import { IconPlus, IconSearch } from "@tabler/icons-react";
import type { Column } from "@/lib/metadata/schema";
import { columnLabel, columnTypeLabel } from "@/lib/metadata/naming";
import { DragGrip } from "./drag-grip";

export interface PaletteColumn {
  column: Column;
  label: string;
  selected: boolean;
  onForm: boolean;
}

export function paletteId(column: string): string {
  return `palette:${column}`;
}

export function Palette({
  columns,
  readOnly,
  targetLabel,
  onAdd,
}: {
  columns: PaletteColumn[];
  readOnly: boolean;
  /** Where the + button puts a column ("section Contact"), or undefined when the form has no section. */
  targetLabel: string | undefined;
  onAdd(column: string): void;
}) {
  const [query, setQuery] = useState("");
  const q = query.trim().toLowerCase();
  const shown = useMemo(
    () => columns.filter((c) => !q || c.column.logicalName.includes(q) || c.label.toLowerCase().includes(q)),
    [columns, q],
  );
  const selected = shown.filter((c) => c.selected);
  const unselected = shown.filter((c) => !c.selected);
  return (
    <Stack gap="xs" component="section" aria-label="Columns palette">
      <Text fw={600} size="sm">
        Columns
      </Text>
      <TextInput
        size="xs"
        leftSection={<IconSearch size={14} />}
        placeholder="Search columns"
        aria-label="Search columns"
        value={query}
        onChange={(e) => setQuery(e.currentTarget.value)}
      />
      <ScrollArea.Autosize mah={360} type="auto" scrollbars="y" offsetScrollbars="y">
        {shown.length === 0 ? (
          <Text size="xs" c="dimmed" ta="center" py="sm">
            No column matches.
          </Text>
        ) : null}
        <PaletteItems items={selected} readOnly={readOnly} targetLabel={targetLabel} onAdd={onAdd} />
        {unselected.length ? (
          <>
            <Text size="xs" c="dimmed" mt="sm" mb={2}>
              Not selected for the device yet: adding one selects it for the table when you save.
            </Text>
            <PaletteItems items={unselected} readOnly={readOnly} targetLabel={targetLabel} onAdd={onAdd} />
          </>
        ) : null}
      </ScrollArea.Autosize>
    </Stack>
  );
}

function PaletteItems({
  items,
  ...rest
}: {
  items: readonly PaletteColumn[];
  readOnly: boolean;
  targetLabel: string | undefined;
  onAdd(column: string): void;
}) {
  return (
    <Stack gap={2} component="ul" style={{ listStyle: "none", margin: 0, padding: 0 }}>
      {items.map((c) => (
        <PaletteItem key={c.column.logicalName} item={c} {...rest} />
      ))}
    </Stack>
  );
}

const PaletteItem = memo(function PaletteItem({
  item,
  readOnly,
  targetLabel,
  onAdd,
}: {
  item: PaletteColumn;
  readOnly: boolean;
  targetLabel: string | undefined;
  onAdd(column: string): void;
}) {
  const name = item.column.logicalName;
  const disabled = readOnly || item.onForm;
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({
    id: paletteId(name),
    data: { type: "column", column: name },
    disabled,
  });
  return (
    <Box
      component="li"
      ref={setNodeRef}
      data-palette-column={name}
      px={4}
      py={2}
      style={{
        borderRadius: 4,
        opacity: isDragging ? 0.4 : 1,
        background: item.onForm ? "var(--mantine-color-default-hover)" : undefined,
      }}
    >
      <Group gap={4} wrap="nowrap">
        <DragGrip
          label={`Drag column ${item.label} onto the form`}
          attributes={attributes}
          listeners={listeners}
          disabled={disabled}
        />
        <Box style={{ flex: 1, minWidth: 0 }}>
          <Text size="xs" fw={500} truncate>
            {item.label}
          </Text>
          <Text size="xs" c="dimmed" truncate>
            {item.label === name ? "" : `${name} · `}
            {columnTypeLabel(item.column.type)}
          </Text>
          {item.onForm || !item.selected ? (
            <Text size="xs" fw={600} c={item.onForm ? undefined : "dimmed"}>
              {item.onForm ? "on the form" : "not selected yet"}
            </Text>
          ) : null}
        </Box>
        {!item.onForm && !readOnly ? (
          <Tooltip label={targetLabel ? `Add to ${targetLabel}` : "Add a section first"} withArrow>
            <ActionIcon
              variant="subtle"
              size="sm"
              aria-label={`Add column ${item.label} to the form`}
              disabled={!targetLabel}
              onClick={() => onAdd(name)}
            >
              <IconPlus size={14} />
            </ActionIcon>
          </Tooltip>
        ) : null}
      </Group>
    </Box>
  );
});

export function paletteColumns(
  columns: readonly Column[],
  selected: ReadonlySet<string>,
  onForm: ReadonlySet<string>,
): PaletteColumn[] {
  return columns.map((column) => ({
    column,
    label: columnLabel(column, column.logicalName),
    selected: selected.has(column.logicalName),
    onForm: onForm.has(column.logicalName),
  }));
}
