"use client";
// A view as the device lists it: sample rows of the view's columns, sorted by its sort levels; a phone shows each
// row as a card (first column as its title), a tablet as a table with the view's widths; a row styled by a choice
// column carries its option's colour (a bar) and icon.
import { memo, useMemo } from "react";
import { Box, Group, Stack, Table as MTable, Text } from "@mantine/core";
import { labelOf, type Table } from "@/lib/metadata/schema";
import type { View } from "@/lib/forms/schema";
import { displayValue, sampleRows } from "@/lib/forms/sample-values";
import { rowStyleFor, type OptionStyle } from "@/lib/forms/row-style";
import type { PreviewDevice } from "./device-frame";
import { RowIcon, rowColorVar } from "./row-icon";

/** A styled row's data attributes (what it is marked with) and its colour bar. */
function rowMarks(style: OptionStyle | undefined, edge: "left" | "none" = "left") {
  return {
    "data-row-color": style?.color,
    "data-row-icon": style?.icon,
    style:
      edge === "left"
        ? { borderLeft: `4px solid ${style?.color ? rowColorVar(style.color) : "transparent"}` }
        : undefined,
  };
}

export const ViewRows = memo(function ViewRows({
  view,
  table,
  device,
  count = 8,
}: {
  view: Pick<View, "columns" | "sort" | "rowStyle">;
  table: Table | undefined;
  device: PreviewDevice;
  count?: number;
}) {
  const columns = useMemo(
    () => view.columns.map((c) => ({ ...c, meta: table?.columns.find((x) => x.logicalName === c.column) })),
    [view.columns, table],
  );
  const styleColumn = view.rowStyle?.column;
  const rows = useMemo(
    () =>
      sampleRows(
        table,
        [...view.columns.map((c) => c.column), ...(styleColumn ? [styleColumn] : [])],
        view.sort,
        count,
      ),
    [table, view.columns, view.sort, count, styleColumn],
  );
  const styleOf = (row: (typeof rows)[number]) =>
    styleColumn ? rowStyleFor(view.rowStyle, row[styleColumn]) : undefined;
  if (columns.length === 0)
    return (
      <Text size="sm" c="dimmed" p="sm">
        No columns yet.
      </Text>
    );
  if (device === "tablet")
    return (
      <Box style={{ overflowX: "auto" }}>
        <MTable fz="xs" striped aria-label="Sample rows" data-testid="preview-rows" style={{ tableLayout: "fixed" }}>
          <MTable.Thead>
            <MTable.Tr>
              {columns.map((c) => (
                <MTable.Th key={c.column} style={{ width: c.width }}>
                  {labelOf(c.meta?.displayName, c.column)}
                </MTable.Th>
              ))}
            </MTable.Tr>
          </MTable.Thead>
          <MTable.Tbody>
            {rows.map((row, i) => {
              const style = styleOf(row);
              return (
                <MTable.Tr key={i} {...rowMarks(style, "none")}>
                  {columns.map((c, j) => (
                    <MTable.Td
                      key={c.column}
                      style={{
                        overflow: "hidden",
                        textOverflow: "ellipsis",
                        whiteSpace: "nowrap",
                        ...(j === 0 ? rowMarks(style).style : {}),
                      }}
                    >
                      {j === 0 && style?.icon ? <RowIcon icon={style.icon} color={style.color} size={12} /> : null}{" "}
                      {displayValue(c.meta, row[c.column] ?? null)}
                    </MTable.Td>
                  ))}
                </MTable.Tr>
              );
            })}
          </MTable.Tbody>
        </MTable>
      </Box>
    );
  const [first, ...rest] = columns;
  return (
    <Stack
      gap={0}
      component="ul"
      aria-label="Sample rows"
      data-testid="preview-rows"
      style={{ listStyle: "none", margin: 0, padding: 0 }}
    >
      {rows.map((row, i) => {
        const style = styleOf(row);
        const marks = rowMarks(style);
        return (
          <Box
            component="li"
            key={i}
            px="sm"
            py={6}
            {...marks}
            style={{ ...marks.style, borderBottom: "1px solid var(--mantine-color-default-border)" }}
          >
            <Group gap={6} wrap="nowrap">
              {style?.icon ? <RowIcon icon={style.icon} color={style.color} /> : null}
              <Text size="sm" fw={600} truncate>
                {displayValue(first.meta, row[first.column] ?? null) || "—"}
              </Text>
            </Group>
            {rest.length ? (
              <Text size="xs" c="dimmed" truncate>
                {rest.map((c) => displayValue(c.meta, row[c.column] ?? null) || "—").join(" · ")}
              </Text>
            ) : null}
          </Box>
        );
      })}
    </Stack>
  );
});
