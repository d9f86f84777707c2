"use client";
// The audit log as a table: newest first, one row per write, with its before/after summary on demand.
import { Code, Group, Pagination, Table, Text, Tooltip, ActionIcon, Collapse } from "@mantine/core";
import { IconChevronRight, IconChevronDown } from "@tabler/icons-react";
import { useRouter, useSearchParams } from "next/navigation";
import { Fragment, useState } from "react";
import { countOf } from "@/lib/format/count";
import { formatWhen } from "@/lib/format/when";
import { pageControlLabel } from "@/components/shell/pagination";

export interface AuditTableRow {
  id: string;
  at: string;
  actorLabel: string;
  action: string;
  targetType: string;
  targetId: string | null;
  summary: string;
  before: unknown;
  after: unknown;
  requestId: string | null;
}

export function AuditTable({
  rows,
  page,
  pageCount,
  total,
}: {
  rows: AuditTableRow[];
  page: number;
  pageCount: number;
  total: number;
}) {
  const router = useRouter();
  const params = useSearchParams();
  const [open, setOpen] = useState<string | null>(null);

  return (
    <>
      <Table striped highlightOnHover verticalSpacing="sm" aria-label="Audit log">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={32} />
            <Table.Th>When</Table.Th>
            <Table.Th>Who</Table.Th>
            <Table.Th>Action</Table.Th>
            <Table.Th>What happened</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => {
            const expanded = open === row.id;
            const hasDetail = row.before !== null || row.after !== null;
            return (
              <Fragment key={row.id}>
                <Table.Tr>
                  <Table.Td>
                    {hasDetail ? (
                      <ActionIcon
                        variant="subtle"
                        size="sm"
                        aria-expanded={expanded}
                        aria-label={expanded ? "Hide details" : "Show details"}
                        onClick={() => setOpen(expanded ? null : row.id)}
                      >
                        {expanded ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
                      </ActionIcon>
                    ) : null}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: "nowrap" }}>
                    <Tooltip label={row.at}>
                      <Text size="sm">{formatWhen(row.at)}</Text>
                    </Tooltip>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{row.actorLabel}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Code style={{ whiteSpace: "nowrap" }}>{row.action}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{row.summary}</Text>
                  </Table.Td>
                </Table.Tr>
                {hasDetail ? (
                  <Table.Tr style={{ display: expanded ? undefined : "none" }}>
                    <Table.Td />
                    <Table.Td colSpan={4}>
                      <Collapse expanded={expanded}>
                        <Group align="flex-start" grow>
                          <div>
                            <Text size="xs" c="dimmed" mb={4}>
                              Before
                            </Text>
                            <Code block>{JSON.stringify(row.before, null, 2) ?? "—"}</Code>
                          </div>
                          <div>
                            <Text size="xs" c="dimmed" mb={4}>
                              After
                            </Text>
                            <Code block>{JSON.stringify(row.after, null, 2) ?? "—"}</Code>
                          </div>
                        </Group>
                        {row.requestId ? (
                          <Text size="xs" c="dimmed" mt={6}>
                            Request {row.requestId}
                          </Text>
                        ) : null}
                      </Collapse>
                    </Table.Td>
                  </Table.Tr>
                ) : null}
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
      <Group justify="space-between" mt="md">
        <Text size="sm" c="dimmed">
          {countOf(total, "entry", "entries")}
        </Text>
        <Pagination
          total={pageCount}
          value={page}
          onChange={(next) => {
            const search = new URLSearchParams(params.toString());
            search.set("page", String(next));
            router.push(`/audit?${search.toString()}`);
          }}
          aria-label="Audit log pages"
          getControlProps={pageControlLabel}
        />
      </Group>
    </>
  );
}
