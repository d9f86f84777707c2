"use client";
// The Tables tab of a project: the enabled tables with their mode and problems, enabling more from the
// snapshot's catalog, removing one.
import { countOf } from "@/lib/format/count";
import { useMemo, useState, useTransition } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  ScrollArea,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconPlus, IconSearch, IconTable, IconTrash } from "@tabler/icons-react";
import { EmptyState } from "@/components/shell/empty-state";
import { type SyncMode } from "@/lib/customization/schema";
import { shownName } from "@/lib/metadata/naming";
import { useWorkspace } from "./workspace";
import { reportFailure } from "./action-result";
import type { OverviewActions } from "./overview-actions";

const OWNERSHIP: Record<string, string> = { user: "User or team", organization: "Organization", none: "None" };

export function TablesTab({ actions }: { actions: OverviewActions }) {
  const { ws, canEdit, issues } = useWorkspace();
  const router = useRouter();
  const [picking, setPicking] = useState(false);
  const [pending, startTransition] = useTransition();
  const catalog = useMemo(() => new Map(ws.catalog.map((t) => [t.logicalName, t])), [ws.catalog]);
  const errorsByTable = useMemo(() => {
    const map = new Map<string, number>();
    for (const i of issues) if (i.table && i.severity === "error") map.set(i.table, (map.get(i.table) ?? 0) + 1);
    return map;
  }, [issues]);
  const tables = ws.loaded.project.tables;

  function remove(tableName: string) {
    if (!window.confirm(`Remove '${tableName}' from the project? Its columns, filter and permissions are dropped.`))
      return;
    startTransition(async () => {
      const result = await actions.removeTable({
        projectId: ws.projectId,
        tableName,
        revision: ws.loaded.revisions[tableName],
      });
      if (reportFailure(result, "Not removed")) {
        notifications.show({ color: "green", message: `Removed ${tableName}.` });
        router.refresh();
      }
    });
  }

  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          The tables that go to the device, each with its columns, sync mode, sync filter and permissions.
        </Text>
        {canEdit ? (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setPicking(true)}>
            Enable tables
          </Button>
        ) : null}
      </Group>
      {tables.length === 0 ? (
        <EmptyState
          icon={<IconTable size={24} />}
          title="No tables yet"
          action={canEdit ? <Button onClick={() => setPicking(true)}>Enable tables</Button> : undefined}
        >
          Enable the tables mobile users need: search the snapshot&apos;s {countOf(ws.catalog.length, "table")} and pick
          several at once.
        </EmptyState>
      ) : (
        <Table verticalSpacing="xs" highlightOnHover aria-label="Enabled tables">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Table</Table.Th>
              <Table.Th>Ownership</Table.Th>
              <Table.Th>Activity</Table.Th>
              <Table.Th>Columns</Table.Th>
              <Table.Th>Sync mode</Table.Th>
              <Table.Th w={40} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tables.map((t) => {
              const meta = catalog.get(t.tableName);
              const errors = errorsByTable.get(t.tableName) ?? 0;
              const name = shownName(meta?.label, t.tableName);
              return (
                <Table.Tr key={t.tableName}>
                  <Table.Td>
                    <Anchor component={Link} href={`/projects/${ws.projectId}/tables/${t.tableName}`} fw={600}>
                      {name.label}
                    </Anchor>
                    <Group gap={6}>
                      {name.secondary ? (
                        <Text size="xs" c="dimmed">
                          {name.secondary}
                        </Text>
                      ) : null}
                      {errors ? (
                        <Badge size="xs" color="red">
                          {countOf(errors, "error")}
                        </Badge>
                      ) : null}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    {meta ? (
                      OWNERSHIP[meta.ownership]
                    ) : (
                      <Badge color="red" size="sm">
                        not in snapshot
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{meta?.isActivity ? "Activity" : "—"}</Table.Td>
                  <Table.Td>
                    {t.columns.length}
                    {meta ? (
                      <Text span size="xs" c="dimmed">
                        {" "}
                        of {meta.columnCount}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={t.syncMode === "online" ? "grape" : "teal"}>
                      {t.syncMode === "online" ? "Online only" : "Offline"}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {canEdit ? (
                      <Tooltip label={`Remove ${t.tableName}`}>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={`Remove ${t.tableName}`}
                          loading={pending}
                          onClick={() => remove(t.tableName)}
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Tooltip>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      <EnableTablesModal opened={picking} onClose={() => setPicking(false)} actions={actions} />
    </Stack>
  );
}

function EnableTablesModal({
  opened,
  onClose,
  actions,
}: {
  opened: boolean;
  onClose: () => void;
  actions: OverviewActions;
}) {
  const { ws } = useWorkspace();
  const router = useRouter();
  const [query, setQuery] = useState("");
  const [picked, setPicked] = useState<string[]>([]);
  const [syncMode, setSyncMode] = useState<SyncMode>("offline");
  const [pending, startTransition] = useTransition();
  const enabled = useMemo(() => new Set(ws.loaded.project.tables.map((t) => t.tableName)), [ws.loaded.project.tables]);
  const q = query.trim().toLowerCase();
  const matches = ws.catalog.filter(
    (t) => !enabled.has(t.logicalName) && (!q || t.logicalName.includes(q) || t.label.toLowerCase().includes(q)),
  );
  const toggle = (name: string) => setPicked((p) => (p.includes(name) ? p.filter((x) => x !== name) : [...p, name]));

  function submit() {
    startTransition(async () => {
      const result = await actions.enableTables({ projectId: ws.projectId, tableNames: picked, syncMode });
      if (reportFailure(result, "Tables not enabled")) {
        notifications.show({
          color: "green",
          message: `Enabled ${countOf(picked.length, "table")}.`,
        });
        setPicked([]);
        setQuery("");
        onClose();
        router.refresh();
      }
    });
  }

  return (
    <Modal opened={opened} onClose={onClose} title="Enable tables" size="xl">
      <Stack>
        <TextInput
          leftSection={<IconSearch size={16} />}
          placeholder="Search by display name or logical name"
          aria-label="Search tables"
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          data-autofocus
        />
        <ScrollArea h={380} type="auto">
          {matches.length === 0 ? (
            <Text c="dimmed" size="sm" ta="center" py="xl">
              {q ? `No table matches '${query}'.` : "Every table of the snapshot is already in the project."}
            </Text>
          ) : (
            <Table verticalSpacing={4} aria-label="Tables of the snapshot" stickyHeader>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={40} />
                  <Table.Th>Table</Table.Th>
                  <Table.Th>Ownership</Table.Th>
                  <Table.Th>Activity</Table.Th>
                  <Table.Th>Columns</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {matches.slice(0, 300).map((t) => (
                  <Table.Tr key={t.logicalName}>
                    <Table.Td>
                      <Checkbox
                        aria-label={`Pick ${t.logicalName}`}
                        checked={picked.includes(t.logicalName)}
                        onChange={() => toggle(t.logicalName)}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {t.label}
                      </Text>
                      {t.label !== t.logicalName || t.offlineEnabled === false ? (
                        <Text size="xs" c="dimmed">
                          {[
                            t.label !== t.logicalName ? t.logicalName : "",
                            t.offlineEnabled === false ? "not enabled for mobile offline" : "",
                          ]
                            .filter(Boolean)
                            .join(" · ")}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>{OWNERSHIP[t.ownership]}</Table.Td>
                    <Table.Td>{t.isActivity ? "Activity" : "—"}</Table.Td>
                    <Table.Td>{t.columnCount}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {matches.length > 300 ? (
            <Text size="xs" c="dimmed" ta="center" py="xs">
              Showing 300 of {matches.length}: search to narrow.
            </Text>
          ) : null}
        </ScrollArea>
        <Group justify="space-between">
          <Select
            aria-label="Sync mode of the new tables"
            w={260}
            value={syncMode}
            allowDeselect={false}
            onChange={(v) => v && setSyncMode(v as SyncMode)}
            data={[
              { value: "offline", label: "Offline (stored on the device)" },
              { value: "online", label: "Online only (never stored)" },
            ]}
          />
          <Group>
            <Text size="sm" c="dimmed">
              {picked.length ? `Picked: ${picked.join(", ")}` : "Pick one or more tables"}
            </Text>
            <Button onClick={submit} disabled={picked.length === 0} loading={pending}>
              {picked.length ? `Enable ${countOf(picked.length, "table")}` : "Enable tables"}
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}
