"use client";
// The snapshots of an environment, newest first: source, time, author, counts, hash; browse one, or tick two
// and compare them.
import { useState } from "react";
import { Anchor, Badge, Button, Checkbox, Code, Group, Table, Text, Tooltip, VisuallyHidden } from "@mantine/core";
import { IconArrowsDiff } from "@tabler/icons-react";
import { sourceKindLabel } from "@/lib/metadata/snapshot-name";

export interface SnapshotRow {
  id: string;
  name: string;
  source: string;
  sourceName: string;
  createdAt: string;
  createdAtText: string;
  createdByLabel: string;
  tableCount: number;
  columnCount: number;
  relationshipCount: number;
  optionSetCount: number;
  contentHash: string;
}

const n = (value: number) => value.toLocaleString("en-US");

export function SnapshotList({ environmentId, snapshots }: { environmentId: string; snapshots: SnapshotRow[] }) {
  const [picked, setPicked] = useState<string[]>([]);
  const base = `/environments/${encodeURIComponent(environmentId)}`;

  function toggle(id: string, on: boolean) {
    // Keep the two most recent ticks.
    setPicked((current) => (on ? [...current.filter((p) => p !== id), id].slice(-2) : current.filter((p) => p !== id)));
  }

  // Compare older -> newer, whatever order they were ticked in.
  const ordered = snapshots.filter((s) => picked.includes(s.id)).reverse();
  const compareHref =
    ordered.length === 2
      ? `${base}/diff?from=${encodeURIComponent(ordered[0].id)}&to=${encodeURIComponent(ordered[1].id)}`
      : undefined;

  return (
    <>
      <Group justify="space-between" mb="xs">
        <Text size="sm" c="dimmed">
          {snapshots.length > 1
            ? "Tick two snapshots to compare them."
            : "Each import is kept as an immutable snapshot."}
        </Text>
        {snapshots.length > 1 ? (
          <Button
            component="a"
            href={compareHref}
            variant="light"
            size="xs"
            leftSection={<IconArrowsDiff size={14} />}
            disabled={!compareHref}
            data-disabled={!compareHref || undefined}
          >
            Compare {picked.length === 2 ? "the two" : `(${picked.length}/2)`}
          </Button>
        ) : null}
      </Group>
      <Table.ScrollContainer minWidth={1100}>
        <Table verticalSpacing="xs" aria-label="Snapshots" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              {snapshots.length > 1 ? (
                <Table.Th w={40}>
                  <VisuallyHidden>Compare</VisuallyHidden>
                </Table.Th>
              ) : null}
              <Table.Th>Name</Table.Th>
              <Table.Th>Imported</Table.Th>
              <Table.Th>Source</Table.Th>
              <Table.Th ta="right">Tables</Table.Th>
              <Table.Th ta="right">Columns</Table.Th>
              <Table.Th ta="right">Relationships</Table.Th>
              <Table.Th ta="right">Option sets</Table.Th>
              <Table.Th>Hash</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {snapshots.map((s) => (
              <Table.Tr key={s.id} data-testid="snapshot-row">
                {snapshots.length > 1 ? (
                  <Table.Td>
                    <Checkbox
                      aria-label={`Compare the snapshot ${s.name}`}
                      checked={picked.includes(s.id)}
                      onChange={(e) => toggle(s.id, e.currentTarget.checked)}
                    />
                  </Table.Td>
                ) : null}
                <Table.Td maw={320}>
                  <Anchor href={`${base}/snapshots/${encodeURIComponent(s.id)}`} size="sm" fw={500}>
                    {s.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{s.createdAtText}</Text>
                  <Text size="xs" c="dimmed">
                    by {s.createdByLabel}
                  </Text>
                </Table.Td>
                <Table.Td maw={280}>
                  <Badge
                    size="sm"
                    variant="light"
                    color={
                      s.source === "live"
                        ? "teal"
                        : s.source === "solution"
                          ? "grape"
                          : s.source === "combined"
                            ? "orange"
                            : "blue"
                    }
                  >
                    {sourceKindLabel(s.source)}
                  </Badge>
                  <Text size="xs" c="dimmed" truncate="end" title={s.sourceName}>
                    {s.sourceName}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">{n(s.tableCount)}</Table.Td>
                <Table.Td ta="right">{n(s.columnCount)}</Table.Td>
                <Table.Td ta="right">{n(s.relationshipCount)}</Table.Td>
                <Table.Td ta="right">{n(s.optionSetCount)}</Table.Td>
                <Table.Td>
                  <Tooltip label={`SHA-256 ${s.contentHash}`}>
                    <Code>{s.contentHash.slice(0, 10)}</Code>
                  </Tooltip>
                </Table.Td>
                <Table.Td>
                  <Anchor
                    href={`${base}/snapshots/${encodeURIComponent(s.id)}`}
                    size="sm"
                    aria-label={`Browse ${s.name}`}
                  >
                    Browse
                  </Anchor>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}
