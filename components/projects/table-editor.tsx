"use client";
// One enabled table: which columns go to the device (locked ones say why), offline or online only,
// what the app lets users do (narrowing Dataverse's own security), saved with its revision; a stale save
// opens the conflict dialog with what the other admin changed.
import { countOf } from "@/lib/format/count";
import { memo, useCallback, useEffect, useMemo, useRef, useState } from "react";
import Link from "next/link";
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  Radio,
  ScrollArea,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from "@mantine/core";
import { IconArrowLeft, IconFilter, IconForms, IconList, IconLock, IconSearch } from "@tabler/icons-react";
import { type Column } from "@/lib/metadata/schema";
import {
  columnLabel,
  columnName,
  columnTypeLabel,
  columnTypeOptions,
  tableName as tableNameOf,
} from "@/lib/metadata/naming";
import { PERMISSION_NAMES, type PermissionName, type TableConfig } from "@/lib/customization/schema";
import { lockedColumns, normalizeTableConfig } from "@/lib/customization/locked-columns";
import { isRequiredForCreate } from "@/lib/customization/required-for-create";
import type { SaveTableConfigRequest } from "@/lib/customization/mutations";
import type { RevisionedSaveOutcome } from "@/lib/customization/save-conflict";
import { useRevisionedSave } from "@/components/editor/use-revisioned-save";
import { ConflictDialog } from "@/components/editor/conflict-dialog";
import { LeaveGuard } from "@/components/editor/leave-guard";
import { useWorkspace } from "./workspace";
import type { ActionResult } from "./action-result";

const PERMISSION_TEXT: Record<PermissionName, string> = {
  create: "Create rows",
  read: "Read rows",
  write: "Edit rows",
  delete: "Delete rows",
  assign: "Assign to another owner",
  share: "Share rows",
};

export function TableEditor({
  tableName,
  loaded,
  save,
}: {
  tableName: string;
  loaded: { config: TableConfig; revision: number; updatedAt: string; updatedBy: string | null };
  save(input: SaveTableConfigRequest): Promise<ActionResult<RevisionedSaveOutcome<TableConfig>>>;
}) {
  const { ws, canEdit, project, setTableDraft } = useWorkspace();
  const table = useMemo(() => ws.metadata.tables.find((t) => t.logicalName === tableName), [ws.metadata, tableName]);
  const [config, setConfig] = useState(loaded.config);
  const relatedTables = useMemo(
    () =>
      project.tables.filter(
        (t) => t.tableName !== tableName && t.syncMode === "offline" && t.syncFilter?.preset === "related",
      ),
    [project.tables, tableName],
  );
  const [query, setQuery] = useState("");
  const [type, setType] = useState<string | null>(null);
  const [onlySelected, setOnlySelected] = useState(false);
  const [highlight, setHighlight] = useState<string>();

  const editor = useRevisionedSave<TableConfig>({
    loaded: { value: loaded.config, revision: loaded.revision },
    draft: config,
    save: ({ value, revision, base, overwrite }) =>
      save({
        projectId: ws.projectId,
        tableName,
        revision,
        config: normalizeTableConfig(value, table, relatedTables),
        base,
        ...(overwrite ? { overwrite: true } : {}),
      }),
    onLoad: setConfig,
    savedMessage: (revision) => `Saved ${tableName} (revision ${revision}).`,
  });
  const { base, revision, dirty, pending } = editor;
  // Tell the validation panel about unsaved edits; forget them when leaving the page.
  useEffect(() => {
    setTableDraft(tableName, dirty ? config : undefined);
  }, [config, dirty, tableName, setTableDraft]);
  useEffect(() => () => setTableDraft(tableName, undefined), [tableName, setTableDraft]);

  // A link from the validation panel (#columns-fax) shows and highlights that column.
  useEffect(() => {
    const jump = () => {
      const match = /^#columns-(.+)$/.exec(window.location.hash);
      if (!match) return;
      setQuery("");
      setType(null);
      setOnlySelected(false);
      setHighlight(match[1]);
      requestAnimationFrame(() => document.getElementById(`columns-${match[1]}`)?.scrollIntoView({ block: "center" }));
    };
    jump();
    window.addEventListener("hashchange", jump);
    return () => window.removeEventListener("hashchange", jump);
  }, []);

  const locked = useMemo(() => lockedColumns(config, table, relatedTables), [config, table, relatedTables]);
  const selected = useMemo(() => new Set(config.columns), [config.columns]);
  const readOnly = useMemo(() => new Set(config.readOnlyColumns), [config.readOnlyColumns]);

  const pickable = useMemo(() => (table?.columns ?? []).filter((c) => !c.attributeOf), [table]);
  const types = useMemo(() => columnTypeOptions(pickable.map((c) => c.type)), [pickable]);
  const q = query.trim().toLowerCase();
  const visible = pickable.filter(
    (c) =>
      (!type || c.type === type) &&
      (!onlySelected || selected.has(c.logicalName)) &&
      (!q || c.logicalName.includes(q) || columnLabel(c, c.logicalName).toLowerCase().includes(q)),
  );
  // Selected names the snapshot does not have (after a re-target): shown so they can be removed.
  const missing = config.columns.filter((name) => table && !table.columns.some((c) => c.logicalName === name));

  const update = (next: TableConfig) => setConfig(next);
  const setColumns = (columns: string[]) => {
    const sorted = [...new Set(columns)].sort();
    const set = new Set(sorted);
    update({ ...config, columns: sorted, readOnlyColumns: config.readOnlyColumns.filter((c) => set.has(c)) });
  };
  // Stable callbacks (functional updates) so that toggling one column re-renders one row, not 300.
  const toggleColumn = useCallback(
    (name: string) =>
      setConfig((c) => {
        const columns = c.columns.includes(name) ? c.columns.filter((x) => x !== name) : [...c.columns, name].sort();
        const kept = new Set(columns);
        return { ...c, columns, readOnlyColumns: c.readOnlyColumns.filter((x) => kept.has(x)) };
      }),
    [],
  );
  const toggleReadOnly = useCallback(
    (name: string) =>
      setConfig((c) => ({
        ...c,
        readOnlyColumns: c.readOnlyColumns.includes(name)
          ? c.readOnlyColumns.filter((x) => x !== name)
          : [...c.readOnlyColumns, name].sort(),
      })),
    [],
  );
  const selectVisible = () => setColumns([...config.columns, ...visible.map((c) => c.logicalName)]);
  const clearVisible = () => {
    const drop = new Set(visible.map((c) => c.logicalName).filter((n) => !locked.has(n)));
    setColumns(config.columns.filter((c) => !drop.has(c)));
  };
  const setSyncMode = (mode: "offline" | "online") =>
    update(
      mode === "online"
        ? { ...config, syncMode: "online", syncFilter: undefined }
        : { ...config, syncMode: "offline", syncFilter: base.syncFilter ?? { preset: "all" } },
    );

  const shownName = tableNameOf(table, tableName);
  const readOnlyUi = !canEdit;

  // The save bar floats over the bottom of the window: whatever focus, anchors and scrolling bring into view (a
  // column row reached with Tab, a #columns- link) is kept above it, so no row is left under the bar.
  const saveBar = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const bar = saveBar.current;
    if (!bar) return;
    const root = document.documentElement;
    const reserve = () => {
      root.style.scrollPaddingBottom = `${bar.offsetHeight + 24}px`;
    };
    reserve();
    const observer = new ResizeObserver(reserve);
    observer.observe(bar);
    return () => {
      observer.disconnect();
      root.style.scrollPaddingBottom = "";
    };
  }, [readOnlyUi]);

  return (
    <Stack gap="lg" pb={80}>
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Anchor component={Link} href={`/projects/${ws.projectId}?tab=tables`} size="sm">
            <Group gap={4}>
              <IconArrowLeft size={14} /> {ws.loaded.project.name}
            </Group>
          </Anchor>
          <Title order={2}>{shownName.label}</Title>
          <Text size="sm" c="dimmed">
            {shownName.secondary ? `${shownName.secondary} · ` : ""}
            {config.columns.length} of {countOf(pickable.length, "column")} selected · revision {revision}
            {loaded.updatedBy ? ` · last saved by ${loaded.updatedBy}` : ""}
          </Text>
        </Stack>
        {readOnlyUi ? <Badge color="gray">Read-only: your role cannot edit</Badge> : null}
      </Group>

      {!table ? (
        <Alert color="red">
          Table &apos;{tableName}&apos; is not in the project&apos;s metadata snapshot: remove it from the project, or
          re-target to a snapshot that has it.
        </Alert>
      ) : null}

      <Paper withBorder p="md" id="syncMode">
        <Title order={4} mb="xs">
          Sync mode
        </Title>
        <Radio.Group
          value={config.syncMode}
          onChange={(v) => setSyncMode(v as "offline" | "online")}
          aria-label="Sync mode"
        >
          <Stack gap="xs">
            <Radio
              value="offline"
              disabled={readOnlyUi}
              label="Offline"
              description="Rows are stored on the device and synchronized; the sync filter decides which rows."
            />
            <Radio
              value="online"
              disabled={readOnlyUi}
              label="Online only"
              description="Never stored on the device: rows are fetched from the server when needed. For sensitive data; needs a connection."
            />
          </Stack>
        </Radio.Group>
        {config.syncMode === "offline" ? (
          <Group mt="md" gap="sm">
            <Button
              component={Link}
              href={`/projects/${ws.projectId}/tables/${tableName}/filter`}
              variant="light"
              leftSection={<IconFilter size={16} />}
            >
              Sync filter
            </Button>
            <Text size="sm" c="dimmed">
              Now:{" "}
              {config.syncFilter?.preset === "all" || !config.syncFilter
                ? "every row"
                : `preset '${config.syncFilter.preset}'`}
              {config.syncFilter?.filter?.children.length
                ? ` with ${config.syncFilter.filter.children.length} condition(s)`
                : ""}
            </Text>
          </Group>
        ) : null}
      </Paper>

      <Paper withBorder p="md" id="views-forms">
        <Title order={4} mb={4}>
          Views and forms
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          The lists users scroll and the record they read and fill in on the device: {config.views.length} view
          {config.views.length === 1 ? "" : "s"}, {config.forms.length} form{config.forms.length === 1 ? "" : "s"}.
        </Text>
        <Group gap="sm">
          <Button
            component={Link}
            href={`/projects/${ws.projectId}/tables/${tableName}/views`}
            variant="light"
            leftSection={<IconList size={16} />}
          >
            Views
          </Button>
          <Button
            component={Link}
            href={`/projects/${ws.projectId}/tables/${tableName}/forms`}
            variant="light"
            leftSection={<IconForms size={16} />}
          >
            Forms
          </Button>
        </Group>
      </Paper>

      <Paper withBorder p="md" id="permissions">
        <Title order={4} mb={4}>
          Permissions
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          What the app lets users do with {shownName.label} rows. These can only narrow what Dataverse security roles
          grant: a user never gets more than their role allows.
        </Text>
        <Group gap="xl">
          {PERMISSION_NAMES.map((p) => (
            <Switch
              key={p}
              id={`permissions-${p}`}
              label={PERMISSION_TEXT[p]}
              checked={config.permissions[p]}
              disabled={readOnlyUi}
              onChange={(e) =>
                update({ ...config, permissions: { ...config.permissions, [p]: e.currentTarget.checked } })
              }
            />
          ))}
        </Group>
      </Paper>

      <Paper withBorder p="md" id="columns">
        <Group justify="space-between" mb="sm">
          <Title order={4}>Columns</Title>
          <Text size="sm" c="dimmed">
            {config.columns.length} selected · {config.readOnlyColumns.length} read-only
          </Text>
        </Group>
        <Group mb="sm" gap="sm" wrap="wrap">
          <TextInput
            leftSection={<IconSearch size={16} />}
            placeholder="Search columns"
            aria-label="Search columns"
            value={query}
            onChange={(e) => setQuery(e.currentTarget.value)}
            w={240}
          />
          <Select
            placeholder="Any type"
            aria-label="Column type"
            data={types}
            value={type}
            onChange={setType}
            clearable
            w={160}
          />
          <Checkbox
            label="Selected only"
            checked={onlySelected}
            onChange={(e) => setOnlySelected(e.currentTarget.checked)}
          />
          {!readOnlyUi ? (
            <Group gap="xs" ml="auto">
              <Button size="xs" variant="default" onClick={selectVisible}>
                Select all{q || type ? " shown" : ""}
              </Button>
              <Button size="xs" variant="default" onClick={clearVisible}>
                Select none{q || type ? " shown" : ""}
              </Button>
            </Group>
          ) : null}
        </Group>
        {missing.length ? (
          <Alert color="red" mb="sm" title="Selected but not in the snapshot">
            <Group gap="xs">
              {missing.map((name) => (
                <Badge
                  key={name}
                  color="red"
                  variant="light"
                  id={`columns-${name}`}
                  rightSection={
                    !readOnlyUi ? (
                      <Anchor size="xs" onClick={() => toggleColumn(name)} aria-label={`Remove ${name}`}>
                        ×
                      </Anchor>
                    ) : null
                  }
                >
                  {name}
                </Badge>
              ))}
            </Group>
          </Alert>
        ) : null}
        {visible.length === 0 ? (
          <Text c="dimmed" size="sm" ta="center" py="lg">
            No column matches.
          </Text>
        ) : (
          // At most the window's height less the header and the save bar: scrolled to, the whole table shows.
          <ScrollArea.Autosize mah="min(560px, calc(100dvh - 220px))" type="auto" offsetScrollbars>
            <Table verticalSpacing={4} aria-label="Columns" highlightOnHover stickyHeader>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={40}>On</Table.Th>
                  <Table.Th>Column</Table.Th>
                  <Table.Th>Type</Table.Th>
                  <Table.Th>Required</Table.Th>
                  <Table.Th w={90}>Read-only</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {visible.map((c) => (
                  <ColumnRow
                    key={c.logicalName}
                    column={c}
                    required={table ? isRequiredForCreate(c, table) : false}
                    selected={selected.has(c.logicalName)}
                    readOnly={readOnly.has(c.logicalName)}
                    lockText={locked
                      .get(c.logicalName)
                      ?.map((r) => r.text)
                      .join("; ")}
                    disabled={readOnlyUi}
                    highlighted={highlight === c.logicalName}
                    onToggle={toggleColumn}
                    onToggleReadOnly={toggleReadOnly}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
        )}
      </Paper>

      {!readOnlyUi ? (
        <Paper
          ref={saveBar}
          withBorder
          p="sm"
          shadow="md"
          style={{ position: "sticky", bottom: 12, zIndex: 5 }}
          aria-label="Save bar"
        >
          <Group justify="space-between">
            <Text size="sm" c={dirty ? undefined : "dimmed"}>
              {dirty ? "Unsaved changes: the validation panel already shows their effect." : "No unsaved changes."}
            </Text>
            <Group gap="xs">
              <Button variant="default" disabled={!dirty || pending} onClick={() => setConfig(base)}>
                Discard
              </Button>
              <Button onClick={editor.save} disabled={!dirty} loading={pending}>
                Save
              </Button>
            </Group>
          </Group>
        </Paper>
      ) : null}

      <ConflictDialog editor={editor} title="Another admin saved this table meanwhile" />
      <LeaveGuard when={dirty} what={`the changes to ${tableName}`} />
    </Stack>
  );
}

const ColumnRow = memo(function ColumnRow({
  column,
  required,
  selected,
  readOnly,
  lockText,
  disabled,
  highlighted,
  onToggle,
  onToggleReadOnly,
}: {
  column: Column;
  required: boolean;
  selected: boolean;
  readOnly: boolean;
  /** Why the column cannot be removed, when it cannot. */
  lockText?: string;
  disabled: boolean;
  highlighted: boolean;
  onToggle(name: string): void;
  onToggleReadOnly(name: string): void;
}) {
  const name = columnName(column, column.logicalName);
  // The logical name second (unless it is already the label), then what limits the column.
  const note = [name.secondary, column.secured ? "field security" : "", column.validForRead ? "" : "not readable"]
    .filter(Boolean)
    .join(" · ");
  const box = (
    <Checkbox
      aria-label={`Select ${column.logicalName}`}
      checked={selected || !!lockText}
      disabled={disabled || !!lockText}
      onChange={() => onToggle(column.logicalName)}
    />
  );
  return (
    <Table.Tr id={`columns-${column.logicalName}`} bg={highlighted ? "var(--mantine-color-yellow-light)" : undefined}>
      <Table.Td>
        {lockText ? (
          <Tooltip label={`Always in: ${lockText}`} multiline w={280} withArrow>
            <span
              tabIndex={0}
              aria-label={`${column.logicalName} cannot be removed: ${lockText}`}
              style={{ display: "inline-flex", alignItems: "center", gap: 4 }}
            >
              {box}
              <IconLock size={12} />
            </span>
          </Tooltip>
        ) : (
          box
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm" fw={selected ? 500 : undefined}>
          {name.label}
        </Text>
        {note ? (
          <Text size="xs" c="dimmed">
            {note}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <Text size="xs">{columnTypeLabel(column.type)}</Text>
      </Table.Td>
      <Table.Td>
        {required ? (
          <Badge size="xs" color="orange" variant="light">
            {column.requiredLevel === "SystemRequired" ? "system" : "business"}
          </Badge>
        ) : null}
      </Table.Td>
      <Table.Td>
        <Checkbox
          aria-label={`${column.logicalName} read-only`}
          checked={readOnly}
          disabled={disabled || !selected}
          onChange={() => onToggleReadOnly(column.logicalName)}
          size="xs"
        />
      </Table.Td>
    </Table.Tr>
  );
});
