"use client";
// What a combined snapshot was built from: its sources in the order they were added (a later one completes an
// earlier one), and where each table came from, with the columns another source added. Filterable by table name.
import { useMemo, useState } from "react";
import { Checkbox, Group, Paper, ScrollArea, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { IconSearch } from "@tabler/icons-react";
import { countOf } from "@/lib/format/count";
import type { ProvenanceView } from "@/lib/metadata/combine";

export function SnapshotSources({ view, basePath }: { view: ProvenanceView; basePath: string }) {
  const [query, setQuery] = useState("");
  const [onlyCompleted, setOnlyCompleted] = useState(false);
  const completed = view.tables.filter((t) => t.completedBy.length > 0).length;
  const rows = useMemo(() => {
    const q = query.trim().toLowerCase();
    return view.tables.filter((t) => (!q || t.table.includes(q)) && (!onlyCompleted || t.completedBy.length > 0));
  }, [view.tables, query, onlyCompleted]);
  return (
    <Paper withBorder p="lg" mb="lg" data-testid="snapshot-sources">
      <Title order={3} size="h4" mb="xs">
        Sources
      </Title>
      <Text size="sm" mb="sm">
        Combined from {countOf(view.sources.length, "source")}, in this order. A table both have keeps the more complete
        definition (the later source when both are equally complete) and gains the columns only the other has.
      </Text>
      <Stack gap={6} mb="md">
        {view.sources.map((s) => (
          <Group key={s.label} gap="xs" wrap="wrap" data-testid="snapshot-source">
            <Text size="sm" fw={600}>
              {s.label}
            </Text>
            <Text size="sm" fs="italic">
              {s.kind}
            </Text>
            <Text size="sm" style={{ overflowWrap: "anywhere" }}>
              {s.name}: {countOf(s.tables, "table")}, {countOf(s.columns, "column")}; {countOf(s.tablesKept, "table")}{" "}
              kept from it
            </Text>
          </Group>
        ))}
      </Stack>
      <Group gap="sm" mb="xs" align="flex-end">
        <TextInput
          label="Where each table came from"
          placeholder="Filter by table name"
          leftSection={<IconSearch size={14} />}
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          w={280}
        />
        <Checkbox
          mb={8}
          label={`Only the ${countOf(completed, "table")} completed by another source`}
          checked={onlyCompleted}
          onChange={(e) => setOnlyCompleted(e.currentTarget.checked)}
        />
      </Group>
      <ScrollArea.Autosize mah={360} type="auto">
        <Table verticalSpacing={4} aria-label="Table origins" stickyHeader>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Table</Table.Th>
              <Table.Th>Definition from</Table.Th>
              <Table.Th>Columns added by</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((t) => (
              <Table.Tr key={t.table} data-testid="table-origin">
                <Table.Td>
                  <a href={`${basePath}/tables/${encodeURIComponent(t.table)}`}>{t.table}</a>
                </Table.Td>
                <Table.Td>{t.from}</Table.Td>
                <Table.Td>{t.completedBy.length > 0 ? t.completedBy.join("; ") : "—"}</Table.Td>
              </Table.Tr>
            ))}
            {rows.length === 0 ? (
              <Table.Tr>
                <Table.Td colSpan={3}>
                  <Text size="sm">No table matches.</Text>
                </Table.Td>
              </Table.Tr>
            ) : null}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
    </Paper>
  );
}
