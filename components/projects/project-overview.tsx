"use client";
// One project: its enabled tables, security roles and priorities, settings (limits) and re-targeting,
// as tabs. Viewers see the same, without the buttons that change anything.
import { useMemo, useState, useTransition } from "react";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  List,
  Modal,
  MultiSelect,
  NumberInput,
  Paper,
  ScrollArea,
  Select,
  Stack,
  Table,
  Tabs,
  TagsInput,
  Text,
  TextInput,
  Textarea,
  Title,
  Tooltip,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconArrowRight, IconPlus, IconSearch, IconTable, IconTrash } from "@tabler/icons-react";
import { EmptyState } from "@/components/shell/empty-state";
import { DEFAULT_LIMITS, type Limits, type ProjectRole, type SyncMode } from "@/lib/customization/schema";
import { roleOrder, priorityTies, type ProjectAssignment } from "@/lib/customization/role-priority";
import type { RetargetImpact } from "@/lib/customization/retarget";
import { useWorkspace } from "./workspace";
import { formatWhen, reportFailure, type ActionResult } from "./action-result";

export interface OverviewActions {
  enableTables(input: {
    projectId: string;
    tableNames: string[];
    syncMode: SyncMode;
  }): Promise<ActionResult<{ revisions: Record<string, number> }>>;
  removeTable(input: { projectId: string; tableName: string; revision: number }): Promise<ActionResult<null>>;
  setRoles(input: {
    projectId: string;
    revision: number;
    roles: ProjectRole[];
  }): Promise<ActionResult<{ revision: number }>>;
  updateProject(input: {
    projectId: string;
    revision: number;
    name?: string;
    description?: string;
    settings?: { limits: Limits };
  }): Promise<ActionResult<{ revision: number }>>;
  previewRetarget(input: { projectId: string; snapshotId: string }): Promise<ActionResult<RetargetImpact>>;
  retarget(input: {
    projectId: string;
    revision: number;
    snapshotId: string;
  }): Promise<ActionResult<{ revision: number; summary: string }>>;
}

const TABS = ["tables", "roles", "settings", "retarget"] as const;
type Tab = (typeof TABS)[number];

export function ProjectOverview({
  actions,
  assignments,
}: {
  actions: OverviewActions;
  assignments: ProjectAssignment[];
}) {
  const params = useSearchParams();
  const router = useRouter();
  const { ws } = useWorkspace();
  const requested = params.get("tab") as Tab | null;
  const tab: Tab = requested && TABS.includes(requested) ? requested : "tables";
  return (
    <>
      <Text size="sm" c="dimmed" mb="sm">
        Environment <b>{ws.environment.name}</b> · snapshot <b>{ws.snapshot.sourceName}</b> of{" "}
        {formatWhen(ws.snapshot.createdAt)} ({ws.snapshot.tableCount} tables)
      </Text>
      <Tabs
        value={tab}
        onChange={(v) => router.replace(`/projects/${ws.projectId}?tab=${v ?? "tables"}`, { scroll: false })}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="tables">Tables ({ws.loaded.project.tables.length})</Tabs.Tab>
          <Tabs.Tab value="roles">Roles &amp; priority ({ws.loaded.project.roles.length})</Tabs.Tab>
          <Tabs.Tab value="settings">Settings</Tabs.Tab>
          <Tabs.Tab value="retarget">Re-target</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="tables">
          <TablesTab actions={actions} />
        </Tabs.Panel>
        <Tabs.Panel value="roles">
          <RolesTab actions={actions} assignments={assignments} />
        </Tabs.Panel>
        <Tabs.Panel value="settings">
          <SettingsTab actions={actions} />
        </Tabs.Panel>
        <Tabs.Panel value="retarget">
          <RetargetTab actions={actions} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

const OWNERSHIP: Record<string, string> = { user: "User or team", organization: "Organization", none: "None" };

// ---------- tables ----------

function TablesTab({ actions }: { actions: OverviewActions }) {
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
          Enable the tables mobile users need: search the snapshot&apos;s {ws.catalog.length} tables and pick several at
          once.
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
              return (
                <Table.Tr key={t.tableName}>
                  <Table.Td>
                    <Anchor component={Link} href={`/projects/${ws.projectId}/tables/${t.tableName}`} fw={600}>
                      {meta?.label ?? t.tableName}
                    </Anchor>
                    <Group gap={6}>
                      <Text size="xs" c="dimmed">
                        {t.tableName}
                      </Text>
                      {errors ? (
                        <Badge size="xs" color="red">
                          {errors} error{errors === 1 ? "" : "s"}
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
          message: `Enabled ${picked.length} table${picked.length === 1 ? "" : "s"}.`,
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
                      <Text size="xs" c="dimmed">
                        {t.logicalName}
                        {t.offlineEnabled === false ? " · not enabled for mobile offline" : ""}
                      </Text>
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
              Enable {picked.length || ""} table{picked.length === 1 ? "" : "s"}
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}

// ---------- roles ----------

export function RolesEditor({
  roles,
  onChange,
  orgRoles,
  disabled,
}: {
  roles: ProjectRole[];
  onChange(roles: ProjectRole[]): void;
  orgRoles: Array<{ name: string; id: string }> | null;
  disabled?: boolean;
}) {
  const names = roles.map((r) => r.roleName);
  function setNames(next: string[]) {
    const kept = new Map(roles.map((r) => [r.roleName.toLowerCase(), r]));
    onChange(
      next.map((name) => {
        const existing = kept.get(name.toLowerCase());
        if (existing) return existing;
        const org = orgRoles?.find((o) => o.name === name);
        return { roleName: name, ...(org ? { roleId: org.id } : {}), priority: 0 };
      }),
    );
  }
  return (
    <Stack gap="xs">
      {orgRoles ? (
        <MultiSelect
          label="Security roles"
          description="Picked from the connected org's roles."
          data={orgRoles.map((r) => r.name)}
          value={names}
          onChange={setNames}
          searchable
          disabled={disabled}
          nothingFoundMessage="The org has no role of that name"
        />
      ) : (
        <TagsInput
          label="Security roles"
          description="The environment is not connected: type each Dataverse security role's name exactly as the org spells it, then Enter."
          value={names}
          onChange={setNames}
          disabled={disabled}
        />
      )}
      {roles.map((r, index) => (
        <Group key={r.roleName} gap="xs">
          <Text size="sm" w={220} truncate>
            {r.roleName}
          </Text>
          <NumberInput
            aria-label={`Priority of ${r.roleName}`}
            value={r.priority}
            min={0}
            max={1_000_000}
            allowNegative={false}
            allowDecimal={false}
            w={140}
            disabled={disabled}
            onChange={(v) =>
              onChange(
                roles.map((x, i) => (i === index ? { ...x, priority: typeof v === "number" ? v : Number(v) || 0 } : x)),
              )
            }
          />
        </Group>
      ))}
    </Stack>
  );
}

export function PriorityOrder({ assignments }: { assignments: ProjectAssignment[] }) {
  const order = roleOrder(assignments);
  const ties = priorityTies(assignments);
  return (
    <Paper withBorder p="sm">
      <Title order={6} mb={4}>
        Resulting order
      </Title>
      <Text size="xs" c="dimmed" mb="xs">
        A user whose roles match several projects gets the first one in this list.
      </Text>
      {order.length === 0 ? (
        <Text size="sm" c="dimmed">
          No role is assigned to any project yet.
        </Text>
      ) : (
        <List type="ordered" size="sm" spacing={2} aria-label="Resulting priority order">
          {order.map((e) => (
            <List.Item key={`${e.projectId}:${e.roleName}`}>
              {e.priority} · {e.roleName} → <b>{e.projectName}</b>
            </List.Item>
          ))}
        </List>
      )}
      {ties.map((t) => (
        <Alert key={t.priority} color="yellow" mt="xs" p="xs">
          <Text size="xs">{t.message}</Text>
        </Alert>
      ))}
    </Paper>
  );
}

function RolesTab({ actions, assignments }: { actions: OverviewActions; assignments: ProjectAssignment[] }) {
  const { ws, canManageRoles, setRolesDraft, project } = useWorkspace();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const roles = project.roles;
  const all = assignments.map((a) => (a.projectId === ws.projectId ? { ...a, roles } : a));
  function save() {
    startTransition(async () => {
      const result = await actions.setRoles({ projectId: ws.projectId, revision: ws.loaded.projectRevision, roles });
      if (reportFailure(result)) {
        notifications.show({ color: "green", message: "Roles saved." });
        setRolesDraft(undefined);
        router.refresh();
      }
    });
  }
  return (
    <Group align="flex-start" grow>
      <Stack>
        <Text size="sm" c="dimmed">
          The Dataverse security roles whose users get this project. When a user has roles of several projects, the
          highest priority wins.
        </Text>
        {!canManageRoles ? (
          <Alert color="gray">Only owners assign security roles. You see them read-only.</Alert>
        ) : null}
        <RolesEditor roles={roles} onChange={setRolesDraft} orgRoles={ws.orgRoles} disabled={!canManageRoles} />
        {canManageRoles ? (
          <Group>
            <Button onClick={save} loading={pending}>
              Save roles
            </Button>
            <Button variant="default" onClick={() => setRolesDraft(undefined)}>
              Discard
            </Button>
          </Group>
        ) : null}
      </Stack>
      <PriorityOrder assignments={all} />
    </Group>
  );
}

// ---------- settings ----------

const LIMIT_LABELS: Record<keyof Limits, string> = {
  maxRowsHard: "Rows on a device: hard limit",
  maxRowsAdvised: "Rows on a device: advised below",
  maxTablesAdvised: "Offline tables: advised below",
  maxConditions: "Conditions per sync filter",
  maxLinks: "Link conditions per sync filter",
  maxRelationshipsPerTable: "Relationships per table",
};

function SettingsTab({ actions }: { actions: OverviewActions }) {
  const { ws, canEdit, project, setSettingsDraft } = useWorkspace();
  const router = useRouter();
  const [name, setName] = useState(ws.loaded.project.name);
  const [description, setDescription] = useState(ws.loaded.project.description);
  const [pending, startTransition] = useTransition();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const limits = project.settings.limits;
  const setLimit = (key: keyof Limits, value: number) =>
    setSettingsDraft({ ...project.settings, limits: { ...limits, [key]: value } });
  function save() {
    startTransition(async () => {
      const result = await actions.updateProject({
        projectId: ws.projectId,
        revision: ws.loaded.projectRevision,
        name,
        description,
        settings: { limits },
      });
      if (result.ok) {
        notifications.show({ color: "green", message: "Settings saved." });
        setErrors({});
        setSettingsDraft(undefined);
        router.refresh();
      } else {
        setErrors(Object.fromEntries(result.problems.map((p) => [p.path, p.message])));
        reportFailure(result);
      }
    });
  }
  return (
    <Stack maw={640}>
      <TextInput
        label="Name"
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        disabled={!canEdit}
        error={errors.name}
        maxLength={100}
      />
      <Textarea
        label="Description"
        value={description}
        onChange={(e) => setDescription(e.currentTarget.value)}
        disabled={!canEdit}
        autosize
        minRows={2}
        error={errors.description}
      />
      <Title order={5} mt="sm">
        Limits of a mobile client
      </Title>
      <Text size="sm" c="dimmed">
        Defaults follow Dataverse&apos;s mobile-offline guidance: 3,000,000 rows at most; fewer than 100 tables and
        200,000 rows advised.
      </Text>
      {(Object.keys(LIMIT_LABELS) as Array<keyof Limits>).map((key) => (
        <NumberInput
          key={key}
          label={LIMIT_LABELS[key]}
          description={`Default ${DEFAULT_LIMITS[key].toLocaleString("en-US")}`}
          value={limits[key]}
          min={1}
          allowNegative={false}
          allowDecimal={false}
          thousandSeparator=","
          disabled={!canEdit}
          error={errors[`settings.limits.${key}`]}
          onChange={(v) => setLimit(key, typeof v === "number" ? v : Number(v) || 1)}
        />
      ))}
      {canEdit ? (
        <Group>
          <Button onClick={save} loading={pending}>
            Save settings
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}

// ---------- re-target ----------

function RetargetTab({ actions }: { actions: OverviewActions }) {
  const { ws, canEdit } = useWorkspace();
  const router = useRouter();
  const [snapshotId, setSnapshotId] = useState<string | null>(null);
  const [impact, setImpact] = useState<RetargetImpact | null>(null);
  const [pending, startTransition] = useTransition();
  const others = ws.snapshots.filter((s) => s.id !== ws.snapshot.id);
  const label = (s: { sourceName: string; createdAt: string; tableCount: number }) =>
    `${s.sourceName} · ${formatWhen(s.createdAt)} · ${s.tableCount} tables`;

  function preview(id: string | null) {
    setSnapshotId(id);
    setImpact(null);
    if (!id) return;
    startTransition(async () => {
      const result = await actions.previewRetarget({ projectId: ws.projectId, snapshotId: id });
      if (reportFailure(result, "No preview")) setImpact(result.data);
    });
  }
  function accept() {
    if (!snapshotId) return;
    startTransition(async () => {
      const result = await actions.retarget({
        projectId: ws.projectId,
        revision: ws.loaded.projectRevision,
        snapshotId,
      });
      if (reportFailure(result, "Not re-targeted")) {
        notifications.show({ color: "green", message: `Re-targeted: ${result.data.summary}` });
        setImpact(null);
        setSnapshotId(null);
        router.refresh();
      }
    });
  }
  return (
    <Stack maw={760}>
      <Text size="sm">
        Validated against <b>{label(ws.snapshot)}</b> of environment <b>{ws.environment.name}</b>.
      </Text>
      {others.length === 0 ? (
        <Alert color="gray">
          This environment has no other snapshot. Import the org&apos;s metadata again under Environments to get a newer
          one.
        </Alert>
      ) : (
        <Select
          label="Re-target to snapshot"
          placeholder="Pick a snapshot to see what changes for this project"
          data={others.map((s) => ({ value: s.id, label: label(s) }))}
          value={snapshotId}
          onChange={preview}
          clearable
        />
      )}
      {pending && !impact ? (
        <Text size="sm" c="dimmed">
          Comparing…
        </Text>
      ) : null}
      {impact ? (
        <Paper withBorder p="md" data-testid="retarget-impact">
          <Title order={5} mb="xs">
            {impact.summary}
          </Title>
          <Stack gap={4}>
            {impact.changes.map((c, i) => (
              <Group key={i} gap="xs" wrap="nowrap" align="flex-start">
                <Badge
                  size="sm"
                  color={c.severity === "error" ? "red" : c.severity === "warning" ? "yellow" : "blue"}
                  w={70}
                >
                  {c.severity}
                </Badge>
                <Text size="sm">{c.message}</Text>
              </Group>
            ))}
          </Stack>
          {canEdit ? (
            <Group mt="md">
              <Button onClick={accept} loading={pending} rightSection={<IconArrowRight size={16} />}>
                Accept and re-target
              </Button>
              <Button variant="default" onClick={() => preview(null)}>
                Cancel
              </Button>
            </Group>
          ) : null}
        </Paper>
      ) : null}
    </Stack>
  );
}
