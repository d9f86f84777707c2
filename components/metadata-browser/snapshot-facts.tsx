// The facts of one snapshot under its page title: where it came from, when, by whom, and its counts.
import { Badge, Group, Paper, SimpleGrid, Stack, Text } from "@mantine/core";
import { countOf } from "@/lib/format/count";
import { formatWhen } from "@/lib/format/when";
import { sourceKindLabel } from "@/lib/metadata/snapshot-name";

export interface SnapshotFacts {
  source: string;
  sourceName: string;
  createdAt: string;
  createdBy?: string | null;
  tableCount: number;
  columnCount: number;
  relationshipCount: number;
  optionSetCount: number;
  partialTables?: number;
}

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <Paper withBorder p="sm" radius="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fw={700} size="xl" style={{ fontVariantNumeric: "tabular-nums" }}>
        {value.toLocaleString("en-US")}
      </Text>
    </Paper>
  );
}

export function SnapshotFactsPanel({ facts }: { facts: SnapshotFacts }) {
  return (
    <Stack gap="sm" mb="lg">
      <Group gap="xs" wrap="wrap">
        <Badge variant="light">{sourceKindLabel(facts.source)}</Badge>
        <Text size="sm" fw={500} style={{ overflowWrap: "anywhere" }}>
          {facts.sourceName}
        </Text>
        <Text size="sm" c="dimmed">
          imported {formatWhen(facts.createdAt)}
          {facts.createdBy ? ` by ${facts.createdBy}` : ""}
        </Text>
        {facts.partialTables ? (
          <Badge variant="light" color="orange">
            {countOf(facts.partialTables, "partial table")}
          </Badge>
        ) : null}
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" maw={760}>
        <Stat label="Tables" value={facts.tableCount} />
        <Stat label="Columns" value={facts.columnCount} />
        <Stat label="Relationships" value={facts.relationshipCount} />
        <Stat label="Global option sets" value={facts.optionSetCount} />
      </SimpleGrid>
    </Stack>
  );
}
