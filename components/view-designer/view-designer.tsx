"use client";
// The view designer: the view's name, kind and default; its columns picked from the table's (a column not selected
// yet is selected by saving), reordered by drag and drop or keyboard, with widths; sort levels; the extra filter in
// the sync-filter editor's tree; and a live list of sample rows at phone or tablet width. Saved through the editors'
// shared save flow (revision-checked, the conflict dialog, the leave-with-unsaved-changes guard).
import { countOf } from "@/lib/format/count";
import { useCallback, useMemo, useState } from "react";
import {
  ActionIcon,
  Box,
  Button,
  Group,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { DndContext, closestCenter, type Announcements, type DragEndEvent } from "@dnd-kit/core";
import {
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { IconArrowDown, IconArrowUp, IconPlus, IconX } from "@tabler/icons-react";
import { columnLabelIn, columnName, nameText } from "@/lib/metadata/naming";
import type { FilterGroup } from "@/lib/filters/schema";
import { validateFilter, type FilterProblem } from "@/lib/filters/validate";
import type { View, ViewColumn, ViewKind } from "@/lib/forms/schema";
import type { TableConfig } from "@/lib/customization/schema";
import { MAX_SORT_COLUMNS } from "@/lib/forms/schema";
import type { LoadedTableDesigner } from "@/lib/forms/data";
import {
  addSortLevel,
  addViewColumn,
  canBeField,
  moveSortLevel,
  moveViewColumn,
  removeSortLevel,
  removeViewColumn,
  setColumnWidth,
  setDefaultView,
  setSortLevel,
  setViewKind,
  unselectedColumns,
  newlySelectedNote,
  withView,
  type Edit,
} from "@/lib/forms/designer-ops";
import { useSameIds } from "@/components/editor/use-same-ids";
import { useWorkspace } from "@/components/projects/workspace";
import { useDesignerSensors } from "@/components/editor/use-designer-sensors";
import { EditorContext, GroupEditor } from "@/components/filter-editor/nodes";
import { newId, withIds } from "@/components/filter-editor/tree-ops";
import { DeviceFrame, DeviceToggle, type PreviewDevice } from "@/components/form-preview/device-frame";
import { ViewRows } from "@/components/form-preview/view-preview";
import { RowStyleEditor } from "@/components/view-designer/row-style-editor";
import { viewPath } from "@/lib/forms/issue";
import { useTableItemEditor, type SaveTableConfig } from "@/components/editor/use-table-config-editor";
import { ConflictDialog } from "@/components/editor/conflict-dialog";
import { LeaveGuard } from "@/components/editor/leave-guard";
import { SaveBar } from "@/components/form-designer/save-bar";
import { DesignerHeader } from "@/components/form-designer/designer-header";
import { DragGrip } from "@/components/form-designer/drag-grip";

/** The config with the view in place; views keep one default per kind: making this one the default unsets the other. */
function placeView(config: TableConfig, view: View): TableConfig {
  const next = withView(config, view);
  return view.isDefault ? { ...next, views: setDefaultView(next.views, view.id) } : next;
}

function emptyFilter(): FilterGroup {
  return { kind: "group", id: newId(), type: "and", children: [] };
}

export function ViewDesigner({
  loaded,
  viewId,
  save,
}: {
  loaded: LoadedTableDesigner;
  viewId: string;
  save: SaveTableConfig;
}) {
  const { canEdit, ws, issues } = useWorkspace();
  const readOnly = !canEdit;
  const { table, tableName, projectId } = loaded;
  const [view, setView] = useState<View>(() => loaded.config.views.find((v) => v.id === viewId)!);
  const [filter, setFilter] = useState<FilterGroup>(() => {
    const f = loaded.config.views.find((v) => v.id === viewId)?.filter;
    return f ? withIds(f) : emptyFilter();
  });
  const [device, setDevice] = useState<PreviewDevice>("phone");
  const [adding, setAdding] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");

  const current: View = useMemo(() => {
    const { filter: _old, ...rest } = view;
    void _old;
    return filter.children.length ? { ...rest, filter } : rest;
  }, [view, filter]);
  const { editor, stored } = useTableItemEditor({
    loaded,
    save,
    collection: "views",
    item: current,
    place: placeView,
    onLoad: (next) => {
      setView(next);
      setFilter(next.filter ? withIds(next.filter) : emptyFilter());
    },
  });
  const storedView = stored.views.find((v) => v.id === viewId);
  const { dirty } = editor;

  const apply = useCallback((edit: Edit<View>, message?: string) => {
    if (!edit.ok) {
      notifications.show({ color: "yellow", message: edit.reason });
      setAnnouncement(edit.reason);
      return;
    }
    setView(edit.value);
    if (message) setAnnouncement(message);
  }, []);

  const label = useCallback((column: string) => columnLabelIn(table, column), [table]);
  const selected = useMemo(() => new Set(stored.columns), [stored.columns]);
  const pickable = useMemo(() => (table?.columns ?? []).filter(canBeField), [table]);
  const addChoices = useMemo(
    () =>
      pickable
        .filter((c) => !view.columns.some((v) => v.column === c.logicalName))
        .map((c) => ({
          value: c.logicalName,
          label: `${nameText(columnName(c, c.logicalName))}${selected.has(c.logicalName) ? "" : " · not selected yet"}`,
        })),
    [pickable, view.columns, selected],
  );
  const sortChoices = useMemo(
    () =>
      pickable.map((c) => ({
        value: c.logicalName,
        label: nameText(columnName(c, c.logicalName)),
      })),
    [pickable],
  );
  const newlySelected = unselectedColumns(stored, [
    ...current.columns.map((c) => c.column),
    ...current.sort.map((s) => s.column),
  ]);

  // The extra filter: the sync-filter editor's tree, judged against the project's tables.
  const problems = useMemo(() => {
    const map = new Map<string, FilterProblem[]>();
    if (!filter.children.length) return map;
    for (const p of validateFilter(tableName, filter, ws.metadata))
      if (p.nodeId) map.set(p.nodeId, [...(map.get(p.nodeId) ?? []), p]);
    return map;
  }, [filter, tableName, ws.metadata]);
  const filterContext = useMemo(
    () => ({
      metadata: ws.metadata,
      readOnly,
      root: filter,
      problems,
      // The device applies a view's filter itself: the editor flags what it may not evaluate.
      purpose: "view-filter" as const,
      change: (edit: (root: FilterGroup) => FilterGroup) => setFilter((r) => edit(r)),
    }),
    [ws.metadata, readOnly, filter, problems],
  );

  const sensors = useDesignerSensors(sortableKeyboardCoordinates);
  const columnIds = useSameIds(view.columns.map((c) => c.column));
  const position = (column: unknown) => view.columns.findIndex((c) => c.column === column) + 1;
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up column ${label(String(active.id))}, position ${position(active.id)}.`,
    onDragOver: ({ active, over }) =>
      over ? `Column ${label(String(active.id))} is over position ${position(over.id)}.` : "Not over a column.",
    onDragEnd: ({ active, over }) =>
      over ? `Moved column ${label(String(active.id))} to position ${position(over.id)}.` : "Dropped; nothing moved.",
    onDragCancel: ({ active }) => `Cancelled: column ${label(String(active.id))} was not moved.`,
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    apply(moveViewColumn(view, String(active.id), position(over.id) - 1));
  };

  // The validation panel's problems of this view's row style (it checks the unsaved draft too).
  const rowStyleIssues = issues.filter(
    (i) => i.code === "view_row_style_invalid" && i.path === viewPath(tableName, viewId),
  );

  if (!storedView) return null;

  return (
    <Stack gap="md" pb={80}>
      <DesignerHeader
        backHref={`/projects/${projectId}/tables/${tableName}/views`}
        backLabel={`Views of ${loaded.tableLabel}`}
        title={`View ${view.name}`}
        subtitle={[
          tableName,
          `${view.kind === "list" ? "list" : "lookup"} view`,
          countOf(view.columns.length, "column"),
          `revision ${editor.revision}`,
        ].join(" · ")}
        readOnly={readOnly}
      />

      <Box style={{ display: "flex", gap: "var(--mantine-spacing-md)", alignItems: "flex-start", flexWrap: "wrap" }}>
        <Stack gap="md" style={{ flex: "1 1 480px", minWidth: 360 }}>
          <Paper withBorder p="md">
            <Group align="flex-end" gap="md">
              <TextInput
                label="Name"
                value={view.name}
                disabled={readOnly}
                error={view.name.trim() ? undefined : "A view needs a name"}
                onChange={(e) => setView({ ...view, name: e.currentTarget.value })}
                style={{ flex: 1 }}
              />
              <Select
                label="Kind"
                data={[
                  { value: "list", label: "List" },
                  { value: "lookup", label: "Lookup picker" },
                ]}
                value={view.kind}
                allowDeselect={false}
                disabled={readOnly}
                onChange={(v) =>
                  v &&
                  setView(
                    setViewKind(
                      stored.views.map((x) => (x.id === view.id ? view : x)),
                      view.id,
                      v as ViewKind,
                    ).find((x) => x.id === view.id)!,
                  )
                }
                w={160}
              />
              <Switch
                label={`Default ${view.kind} view`}
                checked={view.isDefault}
                disabled={readOnly}
                onChange={(e) => setView({ ...view, isDefault: e.currentTarget.checked })}
                mb={8}
              />
            </Group>
          </Paper>

          <Paper withBorder p="md" component="section" aria-label="Columns of the view">
            <Title order={4} mb="xs">
              Columns
            </Title>
            <DndContext
              sensors={sensors}
              collisionDetection={closestCenter}
              onDragEnd={onDragEnd}
              accessibility={{
                announcements,
                screenReaderInstructions: {
                  draggable:
                    "To move a column, press Space, move with the arrow keys, Space to drop, Escape to cancel.",
                },
              }}
            >
              <SortableContext items={columnIds} strategy={verticalListSortingStrategy}>
                <Stack
                  gap={4}
                  component="ol"
                  style={{ listStyle: "none", margin: 0, padding: 0 }}
                  data-testid="view-columns"
                >
                  {view.columns.map((c) => (
                    <ColumnRow
                      key={c.column}
                      column={c}
                      label={label(c.column)}
                      notSelected={!selected.has(c.column)}
                      readOnly={readOnly}
                      onWidth={(w) => setView(setColumnWidth(view, c.column, w))}
                      onRemove={() => apply(removeViewColumn(view, c.column), `Removed column ${label(c.column)}`)}
                    />
                  ))}
                </Stack>
              </SortableContext>
            </DndContext>
            {!readOnly ? (
              <Group gap="xs" align="flex-end" mt="sm" wrap="nowrap">
                <Select
                  label="Add a column"
                  placeholder="Search the table's columns"
                  data={addChoices}
                  searchable
                  limit={60}
                  value={adding}
                  onChange={(v) => {
                    setAdding(null);
                    if (v) apply(addViewColumn(view, v), `Added column ${label(v)}`);
                  }}
                  style={{ flex: 1 }}
                  description="A column the table does not select yet is selected for the device when you save."
                />
              </Group>
            ) : null}
          </Paper>

          <Paper withBorder p="md" component="section" aria-label="Sort">
            <Group justify="space-between" mb="xs">
              <Title order={4}>Sort</Title>
              {!readOnly ? (
                <Button
                  size="xs"
                  variant="light"
                  leftSection={<IconPlus size={14} />}
                  disabled={view.sort.length >= MAX_SORT_COLUMNS}
                  onClick={() => {
                    const next = view.columns.find((c) => !view.sort.some((s) => s.column === c.column))?.column;
                    const fallback = pickable.find(
                      (c) => !view.sort.some((s) => s.column === c.logicalName),
                    )?.logicalName;
                    const column = next ?? fallback;
                    if (column) apply(addSortLevel(view, column), `Added sort level ${view.sort.length + 1}`);
                  }}
                >
                  Add sort level
                </Button>
              ) : null}
            </Group>
            {view.sort.length === 0 ? (
              <Text size="sm" c="dimmed">
                Not sorted: the device lists rows in the order it stored them.
              </Text>
            ) : (
              <Stack gap="xs" component="ol" style={{ margin: 0, paddingLeft: 20 }} data-testid="view-sort">
                {view.sort.map((s, i) => (
                  <Group key={s.column} component="li" gap="xs" wrap="nowrap">
                    <Select
                      aria-label={`Sort level ${i + 1} column`}
                      size="xs"
                      data={sortChoices}
                      searchable
                      limit={60}
                      value={s.column}
                      allowDeselect={false}
                      disabled={readOnly}
                      onChange={(v) => v && apply(setSortLevel(view, i, { column: v, descending: s.descending }))}
                      style={{ flex: 1 }}
                    />
                    <SegmentedControl
                      size="xs"
                      aria-label={`Sort level ${i + 1} direction`}
                      value={s.descending ? "desc" : "asc"}
                      disabled={readOnly}
                      onChange={(v) => apply(setSortLevel(view, i, { column: s.column, descending: v === "desc" }))}
                      data={[
                        { value: "asc", label: "Ascending" },
                        { value: "desc", label: "Descending" },
                      ]}
                    />
                    {!readOnly ? (
                      <Group gap={0} wrap="nowrap">
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          aria-label={`Move sort level ${i + 1} up`}
                          disabled={i === 0}
                          onClick={() => setView(moveSortLevel(view, i, -1))}
                        >
                          <IconArrowUp size={14} />
                        </ActionIcon>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          aria-label={`Move sort level ${i + 1} down`}
                          disabled={i === view.sort.length - 1}
                          onClick={() => setView(moveSortLevel(view, i, 1))}
                        >
                          <IconArrowDown size={14} />
                        </ActionIcon>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          aria-label={`Remove sort level ${i + 1}`}
                          onClick={() => setView(removeSortLevel(view, i))}
                        >
                          <IconX size={14} />
                        </ActionIcon>
                      </Group>
                    ) : null}
                  </Group>
                ))}
              </Stack>
            )}
          </Paper>

          <RowStyleEditor
            view={view}
            table={table}
            readOnly={readOnly}
            issues={rowStyleIssues}
            onChange={(next) => apply({ ok: true, value: next })}
          />

          <Paper withBorder p="md" component="section" aria-label="Extra filter">
            <Title order={4} mb={4}>
              Extra filter
            </Title>
            <Text size="sm" c="dimmed" mb="sm">
              Applied on the device on top of the sync filter: which of the downloaded rows this view lists.
            </Text>
            <EditorContext.Provider value={filterContext}>
              <GroupEditor group={filter} table={table} depth={0} />
            </EditorContext.Provider>
          </Paper>
        </Stack>

        <Stack gap="xs" style={{ flex: "0 0 auto" }} align="center">
          <DeviceToggle value={device} onChange={setDevice} />
          <DeviceFrame device={device} title={view.name} label={`${device === "phone" ? "Phone" : "Tablet"} preview`}>
            <ViewRows view={current} table={table} device={device} />
          </DeviceFrame>
        </Stack>
      </Box>

      <VisuallyHidden role="status" aria-live="polite">
        {announcement}
      </VisuallyHidden>
      {!readOnly ? (
        <SaveBar
          dirty={dirty}
          pending={editor.pending}
          note={newlySelectedNote(newlySelected, table)}
          onDiscard={() => {
            setView(storedView);
            setFilter(storedView.filter ? withIds(storedView.filter) : emptyFilter());
          }}
          onSave={editor.save}
        />
      ) : null}
      <ConflictDialog editor={editor} title="Another admin saved this table meanwhile" />
      <LeaveGuard when={dirty && !readOnly} what={`the changes to view ${current.name}`} />
    </Stack>
  );
}

function ColumnRow({
  column,
  label,
  notSelected,
  readOnly,
  onWidth,
  onRemove,
}: {
  column: ViewColumn;
  label: string;
  notSelected: boolean;
  readOnly: boolean;
  onWidth(width: number): void;
  onRemove(): void;
}) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({
    id: column.column,
    disabled: readOnly,
  });
  return (
    <Group
      component="li"
      ref={setNodeRef}
      gap="xs"
      wrap="nowrap"
      px={6}
      py={4}
      data-view-column={column.column}
      style={{
        transform: CSS.Translate.toString(transform),
        transition,
        opacity: isDragging ? 0.5 : 1,
        border: "1px solid var(--mantine-color-default-border)",
        borderRadius: 4,
        background: "var(--mantine-color-body)",
      }}
    >
      {!readOnly ? <DragGrip label={`Move column ${label}`} attributes={attributes} listeners={listeners} /> : null}
      <Box style={{ flex: 1, minWidth: 0 }}>
        <Text size="sm" fw={500} truncate>
          {label}
        </Text>
        <Text size="xs" c="dimmed">
          {column.column}
          {notSelected ? " · not selected yet: saving selects it" : ""}
        </Text>
      </Box>
      <NumberInput
        size="xs"
        w={110}
        aria-label={`Width of ${label} in pixels`}
        suffix=" px"
        min={20}
        max={2000}
        step={10}
        value={column.width}
        disabled={readOnly}
        onChange={(v) => typeof v === "number" && onWidth(v)}
      />
      {!readOnly ? (
        <ActionIcon variant="subtle" color="gray" size="sm" aria-label={`Remove column ${label}`} onClick={onRemove}>
          <IconX size={14} />
        </ActionIcon>
      ) : null}
    </Group>
  );
}
