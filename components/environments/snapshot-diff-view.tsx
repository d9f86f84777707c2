"use client";
// What changed between two snapshots: counts first, then added and removed tables, and each changed table
// expandable to its added, removed and changed columns (field by field).
import { Accordion, Badge, Code, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import type { FieldChange, SnapshotDiff } from "@/lib/metadata/snapshot-diff";
import { columnTypeLabel, shownName, type ShownName } from "@/lib/metadata/naming";
import { ColumnTypeSchema } from "@/lib/metadata/schema";
import { countOf } from "@/lib/format/count";

/** Rendering thousands of expandable rows would make the page sluggish; the counts stay complete. */
const MAX_TABLES_SHOWN = 300;

function show(value: unknown, field?: string): string {
  if (value === undefined) return "(none)";
  // A column's type reads as every other screen says it ("Choice", not "picklist").
  const type = field === "type" ? ColumnTypeSchema.safeParse(value) : undefined;
  if (type?.success) return columnTypeLabel(type.data);
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function Count({ label, value, color }: { label: string; value: number; color: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl" c={value > 0 ? color : undefined}>
        {value.toLocaleString("en-US")}
      </Text>
    </Paper>
  );
}

function Names({
  title,
  names,
  color,
  labels = {},
}: {
  title: string;
  names: string[];
  color: string;
  /** Display names by logical name: a table shows as "People · contact". */
  labels?: Record<string, string>;
}) {
  if (names.length === 0) return null;
  return (
    <div>
      <Text size="sm" fw={600} mb={4}>
        {title} ({names.length})
      </Text>
      <Group gap={6}>
        {names.slice(0, 500).map((name) => (
          <Badge key={name} variant="light" color={color} tt="none">
            {labels[name] ? `${labels[name]} · ${name}` : name}
          </Badge>
        ))}
        {names.length > 500 ? <Text size="xs">and {names.length - 500} more</Text> : null}
      </Group>
    </div>
  );
}

function Changes({ changes }: { changes: FieldChange[] }) {
  return (
    <Table withRowBorders={false} verticalSpacing={2} fz="xs">
      <Table.Tbody>
        {changes.map((c) => (
          <Table.Tr key={c.field}>
            <Table.Td w={160}>
              <Code>{c.field}</Code>
            </Table.Td>
            <Table.Td>
              <Text size="xs" span c="red">
                {show(c.before, c.field)}
              </Text>
              {" → "}
              <Text size="xs" span c="teal">
                {show(c.after, c.field)}
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function TableTitle({ name }: { name: ShownName }) {
  return (
    <Text fw={500}>
      {name.label}
      {name.secondary ? (
        <Text span size="xs" c="dimmed" ff="monospace" ml={6}>
          {name.secondary}
        </Text>
      ) : null}
    </Text>
  );
}

export function SnapshotDiffView({
  diff,
  tableLabels = {},
}: {
  diff: SnapshotDiff;
  /** Display names of the tables by logical name (lib/metadata/snapshot-diff diffTableLabels). */
  tableLabels?: Record<string, string>;
}) {
  if (diff.identical) {
    return (
      <Paper withBorder p="lg">
        <Text>The two snapshots hold the same metadata.</Text>
      </Paper>
    );
  }
  const { counts } = diff;
  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }}>
        <Count label="Tables added" value={counts.tablesAdded} color="teal" />
        <Count label="Tables removed" value={counts.tablesRemoved} color="red" />
        <Count label="Tables changed" value={counts.tablesChanged} color="yellow" />
        <Count label="Columns added" value={counts.columnsAdded} color="teal" />
        <Count label="Columns removed" value={counts.columnsRemoved} color="red" />
        <Count label="Columns changed" value={counts.columnsChanged} color="yellow" />
      </SimpleGrid>
      <Names title="Tables added" names={diff.tablesAdded} color="teal" labels={tableLabels} />
      <Names title="Tables removed" names={diff.tablesRemoved} color="red" labels={tableLabels} />
      {diff.tablesChanged.length > 0 ? (
        <div>
          <Title order={4} mb="xs">
            Tables changed ({diff.tablesChanged.length})
          </Title>
          <Accordion variant="separated" multiple>
            {diff.tablesChanged.slice(0, MAX_TABLES_SHOWN).map((t) => (
              <Accordion.Item key={t.table} value={t.table}>
                <Accordion.Control>
                  <Group gap="xs">
                    <TableTitle name={shownName(tableLabels[t.table], t.table)} />
                    {t.columnsAdded.length ? (
                      <Badge size="sm" color="teal" variant="light">
                        +{countOf(t.columnsAdded.length, "column")}
                      </Badge>
                    ) : null}
                    {t.columnsRemoved.length ? (
                      <Badge size="sm" color="red" variant="light">
                        −{countOf(t.columnsRemoved.length, "column")}
                      </Badge>
                    ) : null}
                    {t.columnsChanged.length ? (
                      <Badge size="sm" color="yellow" variant="light">
                        {t.columnsChanged.length} changed
                      </Badge>
                    ) : null}
                    {t.changes.length ? (
                      <Badge size="sm" color="gray" variant="light">
                        table properties
                      </Badge>
                    ) : null}
                  </Group>
                </Accordion.Control>
                <Accordion.Panel>
                  <Stack gap="sm">
                    {t.changes.length ? <Changes changes={t.changes} /> : null}
                    <Names title="Columns added" names={t.columnsAdded} color="teal" />
                    <Names title="Columns removed" names={t.columnsRemoved} color="red" />
                    {t.columnsChanged.map((c) => (
                      <div key={c.column}>
                        <Text size="sm" fw={600}>
                          {c.column}
                        </Text>
                        <Changes changes={c.changes} />
                      </div>
                    ))}
                  </Stack>
                </Accordion.Panel>
              </Accordion.Item>
            ))}
          </Accordion>
          {diff.tablesChanged.length > MAX_TABLES_SHOWN ? (
            <Text size="sm" c="dimmed" mt="xs">
              Showing the first {MAX_TABLES_SHOWN} of {diff.tablesChanged.length} changed tables.
            </Text>
          ) : null}
        </div>
      ) : null}
      {/* Relationships and option sets follow from the tables; long lists, so collapsed until asked for. */}
      <Accordion variant="contained" multiple>
        {diff.relationshipsAdded.length + diff.relationshipsRemoved.length + diff.relationshipsChanged.length > 0 ? (
          <Accordion.Item value="relationships">
            <Accordion.Control>
              Relationships: {diff.relationshipsAdded.length} added, {diff.relationshipsRemoved.length} removed,{" "}
              {diff.relationshipsChanged.length} changed
            </Accordion.Control>
            <Accordion.Panel>
              <Stack gap="sm">
                <Names title="Added" names={diff.relationshipsAdded} color="teal" />
                <Names title="Removed" names={diff.relationshipsRemoved} color="red" />
                <Names title="Changed" names={diff.relationshipsChanged} color="yellow" />
              </Stack>
            </Accordion.Panel>
          </Accordion.Item>
        ) : null}
        {diff.optionSetsAdded.length + diff.optionSetsRemoved.length + diff.optionSetsChanged.length > 0 ? (
          <Accordion.Item value="option-sets">
            <Accordion.Control>
              Global option sets: {diff.optionSetsAdded.length} added, {diff.optionSetsRemoved.length} removed,{" "}
              {diff.optionSetsChanged.length} changed
            </Accordion.Control>
            <Accordion.Panel>
              <Stack gap="sm">
                <Names title="Added" names={diff.optionSetsAdded} color="teal" />
                <Names title="Removed" names={diff.optionSetsRemoved} color="red" />
                <Names title="Changed" names={diff.optionSetsChanged} color="yellow" />
              </Stack>
            </Accordion.Panel>
          </Accordion.Item>
        ) : null}
      </Accordion>
    </Stack>
  );
}
