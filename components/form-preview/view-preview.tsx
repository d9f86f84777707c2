"use client";
// A view as the device lists it: sample rows of the view's columns, sorted by its sort levels; a phone shows each
// row as a card (first column as its title), a tablet as a table with the view's widths.
import { memo, useMemo } from "react";
import { Box, Stack, Table as MTable, Text } from "@mantine/core";
import { labelOf, type Table } from "@/lib/metadata/schema";
import type { View } from "@/lib/forms/schema";
import { displayValue, sampleRows } from "@/lib/forms/sample-values";
import type { PreviewDevice } from "./device-frame";

export const ViewRows = memo(function ViewRows({
  view,
  table,
  device,
  count = 8,
}: {
  view: Pick<View, "columns" | "sort">;
  table: Table | undefined;
  device: PreviewDevice;
  count?: number;
}) {
  const columns = useMemo(
    () => view.columns.map((c) => ({ ...c, meta: table?.columns.find((x) => x.logicalName === c.column) })),
    [view.columns, table],
  );
  const rows = useMemo(
    () =>
      sampleRows(
        table,
        view.columns.map((c) => c.column),
        view.sort,
        count,
      ),
    [table, view.columns, view.sort, count],
  );
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
            {rows.map((row, i) => (
              <MTable.Tr key={i}>
                {columns.map((c) => (
                  <MTable.Td
                    key={c.column}
                    style={{ overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }}
                  >
                    {displayValue(c.meta, row[c.column] ?? null)}
                  </MTable.Td>
                ))}
              </MTable.Tr>
            ))}
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
      {rows.map((row, i) => (
        <Box
          component="li"
          key={i}
          px="sm"
          py={6}
          style={{ borderBottom: "1px solid var(--mantine-color-default-border)" }}
        >
          <Text size="sm" fw={600} truncate>
            {displayValue(first.meta, row[first.column] ?? null) || "—"}
          </Text>
          {rest.length ? (
            <Text size="xs" c="dimmed" truncate>
              {rest.map((c) => displayValue(c.meta, row[c.column] ?? null) || "—").join(" · ")}
            </Text>
          ) : null}
        </Box>
      ))}
    </Stack>
  );
});
