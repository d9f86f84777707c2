"use client";
// The form designer: the columns palette, the canvas of tabs, sections and fields (drag and drop and keyboard,
// announced to screen readers), the property panel, undo/redo of the last 50 edits, and the phone preview beside
// it, updating as the admin edits. Saving puts the form into the table config through the editors' shared save flow
// (revision-checked, the conflict dialog, the leave-with-unsaved-changes guard).
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Box, Button, Group, Menu, Paper, SegmentedControl, Stack, Text, Tooltip, VisuallyHidden } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import {
  DndContext,
  DragOverlay,
  closestCenter,
  pointerWithin,
  type Active,
  type Announcements,
  type CollisionDetection,
  type DragEndEvent,
  type DragStartEvent,
  type KeyboardCoordinateGetter,
  type Over,
} from "@dnd-kit/core";
import { sortableKeyboardCoordinates } from "@dnd-kit/sortable";
import { IconArrowBackUp, IconArrowForwardUp, IconChevronDown, IconPlus } from "@tabler/icons-react";
import type { Column } from "@/lib/metadata/schema";
import type { Form, FormKind } from "@/lib/forms/schema";
import { countOf } from "@/lib/format/count";
import type { LoadedTableDesigner } from "@/lib/forms/data";
import {
  addSection,
  addTab,
  canBeField,
  columnsOnForm,
  coordinatePairs,
  findElement,
  insertField,
  removeElement,
  unselectedColumns,
  newlySelectedNote,
  withForm,
  type Edit,
} from "@/lib/forms/designer-ops";
import {
  applyDrop,
  describeFieldPlace,
  describeTabPlace,
  fieldLabel,
  type DragItem,
  type DropTarget,
} from "@/lib/forms/designer-drop";
import { formColumnUses } from "@/lib/forms/walk";
import { record, redo, startHistory, undo, type History } from "@/lib/forms/edit-history";
import { useWorkspace } from "@/components/projects/workspace";
import { useDesignerSensors } from "@/components/editor/use-designer-sensors";
import { FormPreview, type PreviewState, type RelatedTable } from "@/components/form-preview/form-preview";
import { DeviceToggle, type PreviewDevice } from "@/components/form-preview/device-frame";
import { useTableItemEditor, type SaveTableConfig } from "@/components/editor/use-table-config-editor";
import { ConflictDialog } from "@/components/editor/conflict-dialog";
import { LeaveGuard } from "@/components/editor/leave-guard";
import { DesignerHeader } from "./designer-header";
import { Palette, paletteColumns } from "./palette";
import { FormCanvas } from "./canvas";
import { PropertiesPanel } from "./properties";
import { SaveBar } from "./save-bar";
import { useRulesPreview } from "@/components/form-rules/use-rules-preview";
import { PreviewRulesBar } from "@/components/form-rules/preview-rules-bar";
import { RulesPanel } from "@/components/form-rules/rules-panel";

function dragItem(active: Active): DragItem | undefined {
  const data = active.data.current as { type?: string; column?: string } | undefined;
  if (data?.type === "column" && data.column) return { type: "column", column: data.column };
  if (data?.type === "field") return { type: "field", id: String(active.id) };
  if (data?.type === "section") return { type: "section", id: String(active.id) };
  if (data?.type === "tab") return { type: "tab", id: String(active.id) };
  return undefined;
}

function dropTarget(over: Over | null): DropTarget | undefined {
  const data = over?.data.current as { type?: string; sectionId?: string } | undefined;
  if (!over || !data) return undefined;
  if (data.type === "field") return { type: "field", id: String(over.id) };
  if (data.type === "section") return { type: "section", id: String(over.id) };
  if (data.type === "section-end" && data.sectionId) return { type: "section-end", id: data.sectionId };
  if (data.type === "tab") return { type: "tab", id: String(over.id) };
  return undefined;
}

/**
 * What a dragged item may land on: a tab among tabs; a section among sections; a field before a field, or in an
 * empty section.
 * A non-empty section's body counts only under the pointer, so the keyboard always lands before a field.
 */
function accepts(
  activeType: unknown,
  over: { type?: unknown; empty?: unknown } | undefined,
  pointer: boolean,
): boolean {
  if (activeType === "tab") return over?.type === "tab";
  if (activeType === "section") return over?.type === "section";
  return over?.type === "field" || (over?.type === "section-end" && (pointer || over.empty === true));
}

const collision: CollisionDetection = (args) => {
  const type = args.active.data.current?.type;
  const underPointer = args.droppableContainers.filter((c) => accepts(type, c.data.current, true));
  const hits = pointerWithin({ ...args, droppableContainers: underPointer });
  if (hits.length) {
    const onField = hits.find((h) => h.data?.droppableContainer?.data.current?.type === "field");
    return onField ? [onField] : hits;
  }
  return closestCenter({
    ...args,
    droppableContainers: args.droppableContainers.filter((c) => accepts(type, c.data.current, false)),
  });
};

/** The keyboard moves only among places the dragged item may land on. */
const keyboardCoordinates: KeyboardCoordinateGetter = (event, args) => {
  const all = args.context.droppableContainers;
  const active = args.context.active;
  const activeType = active?.data.current?.type;
  const filtered = {
    getEnabled: () => all.getEnabled().filter((c) => c.id === active?.id || accepts(activeType, c.data.current, false)),
    get: (id: string | number) => all.get(id),
  } as typeof all;
  return sortableKeyboardCoordinates(event, { ...args, context: { ...args.context, droppableContainers: filtered } });
};

/**
 * Where "+" in the palette puts a column: the selected section, the selected field's section, the selected tab's
 * last section, else the last section of the first tab of fields.
 */
function addTargetOf(form: Form, selectedId: string | undefined) {
  const at = selectedId ? findElement(form, selectedId) : undefined;
  if (at?.kind === "section") return at.section;
  if (at?.kind === "field") return at.section;
  if (at?.kind === "tab" && at.tab.kind === "fields" && at.tab.sections.length) return at.tab.sections.at(-1);
  const first = form.tabs.find((t) => t.kind === "fields" && t.sections.length);
  return first?.kind === "fields" ? first.sections.at(-1) : undefined;
}

export function FormDesigner({
  loaded,
  formId,
  save,
}: {
  loaded: LoadedTableDesigner;
  formId: string;
  save: SaveTableConfig;
}) {
  const { canEdit, ws, issues } = useWorkspace();
  const readOnly = !canEdit;
  const { table, tableName, projectId } = loaded;
  const [history, setHistory] = useState<History<Form>>(() =>
    startHistory(loaded.config.forms.find((f) => f.id === formId)!),
  );
  const form = history.present;
  const [selectedId, setSelectedId] = useState<string>();
  const [device, setDevice] = useState<PreviewDevice>("phone");
  const [side, setSide] = useState<"properties" | "rules">("properties");
  const [announcement, setAnnouncement] = useState("");
  const [dragging, setDragging] = useState<DragItem>();
  const lastDrop = useRef("");

  const columns = useMemo(() => new Map(table?.columns.map((c) => [c.logicalName, c])), [table]);
  const column = useCallback((name: string): Column | undefined => columns.get(name), [columns]);

  const { editor, stored } = useTableItemEditor({
    loaded,
    save,
    collection: "forms",
    item: form,
    place: withForm,
    onLoad: (next) => setHistory(startHistory(next)),
  });
  const storedForm = stored.forms.find((f) => f.id === formId);
  const { dirty } = editor;

  const apply = useCallback((edit: Edit<Form>, message?: string) => {
    if (!edit.ok) {
      notifications.show({ color: "yellow", message: edit.reason });
      setAnnouncement(edit.reason);
      return;
    }
    setHistory((h) => record(h, edit.value));
    if (message) setAnnouncement(message);
  }, []);
  const doUndo = useCallback(() => setHistory((h) => undo(h)), []);
  const doRedo = useCallback(() => setHistory((h) => redo(h)), []);

  // Ctrl+Z / Ctrl+Shift+Z (and Ctrl+Y) outside text inputs, which keep their own undo.
  useEffect(() => {
    if (readOnly) return;
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey)) return;
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.isContentEditable)) return;
      const key = e.key.toLowerCase();
      if (key === "z" && !e.shiftKey) doUndo();
      else if ((key === "z" && e.shiftKey) || key === "y") doRedo();
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [readOnly, doUndo, doRedo]);

  const sensors = useDesignerSensors(keyboardCoordinates);

  // Stable across moves (same columns, same set), so the 300-column palette re-renders only when columns come or go.
  const onFormKey = useMemo(() => [...columnsOnForm(form)].sort().join(","), [form]);
  const onForm = useMemo(() => new Set(onFormKey ? onFormKey.split(",") : []), [onFormKey]);
  const selectedColumns = useMemo(() => new Set(stored.columns), [stored.columns]);
  const palette = useMemo(
    () => paletteColumns((table?.columns ?? []).filter(canBeField), selectedColumns, onForm),
    [table, selectedColumns, onForm],
  );
  const newlySelected = useMemo(
    () =>
      unselectedColumns(
        stored,
        formColumnUses(form).map((u) => u.column),
      ),
    [stored, form],
  );

  // Where "+" in the palette puts a column: only its label is shown; the callbacks find the section when called.
  const addTarget = useMemo(() => addTargetOf(form, selectedId), [form, selectedId]);

  // The canvas's and the palette's callbacks read the form at call time (a ref), so they stay the same across edits
  // and a move re-renders neither the palette's columns nor the tabs it did not touch.
  const formRef = useRef(form);
  useEffect(() => {
    formRef.current = form;
  }, [form]);
  const addColumn = useCallback(
    (name: string) => {
      const c = columns.get(name);
      const form = formRef.current;
      const target = addTargetOf(form, selectedId);
      if (!c || !target) return;
      const edit = insertField(form, target.id, target.fields.length, c);
      apply(
        edit.ok ? { ok: true, value: edit.value.form } : edit,
        edit.ok
          ? `Added field ${fieldLabel(name, undefined, table)} to ${describeFieldPlace(edit.value.form, edit.value.id)}`
          : undefined,
      );
    },
    [columns, selectedId, apply, table],
  );

  const remove = useCallback(
    (id: string) => {
      const form = formRef.current;
      const at = findElement(form, id);
      const what =
        at?.kind === "field"
          ? `field ${fieldLabel(at.field.column, at.field.label, table)}`
          : at?.kind === "section"
            ? `section ${at.section.label}`
            : at?.kind === "tab"
              ? `tab ${at.tab.label}`
              : "it";
      apply(removeElement(form, id), `Removed ${what}`);
      if (selectedId === id) setSelectedId(undefined);
    },
    [apply, selectedId, table],
  );

  const addTabOf = (kind: "fields" | "associated" | "map") => {
    const pairs = coordinatePairs(table);
    const edit =
      kind === "fields"
        ? addTab(form, { kind: "fields" })
        : kind === "associated" && loaded.associated[0]
          ? addTab(form, {
              kind: "associated",
              table: loaded.associated[0].table,
              relationship: loaded.associated[0].relationship,
            })
          : pairs[0]
            ? addTab(form, { kind: "map", ...pairs[0] })
            : ({ ok: false, reason: "This table has no latitude and longitude columns for a map." } as const);
    if (!edit.ok) return apply(edit);
    apply({ ok: true, value: edit.value.form }, `Added a tab at position ${edit.value.form.tabs.length}`);
    setSelectedId(edit.value.id);
  };

  const addSectionTo = useCallback(
    (tabId: string) => {
      const edit = addSection(formRef.current, tabId);
      if (!edit.ok) return apply(edit);
      apply({ ok: true, value: edit.value.form }, "Added a section");
      setSelectedId(edit.value.id);
    },
    [apply],
  );

  const onDragStart = (event: DragStartEvent) => setDragging(dragItem(event.active));
  const onDragEnd = (event: DragEndEvent) => {
    setDragging(undefined);
    lastDrop.current = "";
    const item = dragItem(event.active);
    const target = dropTarget(event.over);
    if (!item || !target) return;
    const result = applyDrop(form, item, target, table, column);
    if (!result.ok) {
      lastDrop.current = `Not moved: ${result.reason}`;
      return apply(result);
    }
    lastDrop.current = result.value.message;
    if (result.value.form !== form) apply({ ok: true, value: result.value.form });
    setSelectedId(result.value.id);
  };

  const itemName = (item: DragItem | undefined): string => {
    if (!item) return "item";
    if (item.type === "column") return `column ${fieldLabel(item.column, undefined, table)}`;
    const at = findElement(form, item.id);
    if (at?.kind === "field") return `field ${fieldLabel(at.field.column, at.field.label, table)}`;
    if (at?.kind === "section") return `section ${at.section.label}`;
    if (at?.kind === "tab") return `tab ${at.tab.label}`;
    return "item";
  };
  const overName = (over: Over | null): string => {
    const target = dropTarget(over);
    if (!target) return "nothing";
    const at = findElement(form, target.id);
    if (at?.kind === "tab") return `tab ${at.tab.label}, ${describeTabPlace(form, at.tab.id)}`;
    if (at?.kind === "field") return `section ${at.section.label}, position ${at.fieldIndex + 1}`;
    if (at?.kind === "section")
      return target.type === "section-end"
        ? `the end of section ${at.section.label}`
        : `section ${at.section.label} of tab ${at.tab.label}`;
    return "nothing";
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${itemName(dragItem(active))}.`,
    onDragOver: ({ active, over }) => {
      const name = itemName(dragItem(active));
      return `${name.charAt(0).toUpperCase()}${name.slice(1)} is over ${overName(over)}.`;
    },
    onDragEnd: () => lastDrop.current || "Dropped; nothing moved.",
    onDragCancel: ({ active }) => `Cancelled: ${itemName(dragItem(active))} was not moved.`,
  };

  // Associated lists show the related table's view with that table's columns (the workspace holds their metadata).
  const relatedWithMetadata = useCallback(
    (name: string): RelatedTable => ({
      table: ws.metadata.tables.find((t) => t.logicalName === name),
      views: loaded.projectTables.find((o) => o.tableName === name)?.views ?? [],
    }),
    [loaded.projectTables, ws.metadata],
  );
  const rulesPreview = useRulesPreview(form, table, stored);
  const previewState: PreviewState | undefined = rulesPreview.outcome;

  if (!storedForm && !dirty) return null;
  const pairs = coordinatePairs(table);

  return (
    <Stack gap="md" pb={80}>
      <DesignerHeader
        backHref={`/projects/${projectId}/tables/${tableName}/forms`}
        backLabel={`Forms of ${loaded.tableLabel}`}
        title={`Form ${form.name}`}
        subtitle={[
          tableName,
          form.kind === "main" ? "main form" : "quick create form",
          countOf(form.tabs.length, "tab"),
          countOf(onForm.size, "field"),
          `revision ${editor.revision}`,
        ].join(" · ")}
        readOnly={readOnly}
      />

      {!readOnly ? (
        <Group gap="xs">
          <Menu position="bottom-start">
            <Menu.Target>
              <Button size="xs" leftSection={<IconPlus size={14} />} rightSection={<IconChevronDown size={14} />}>
                Add tab
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item onClick={() => addTabOf("fields")}>Tab of sections and fields</Menu.Item>
              <Menu.Item onClick={() => addTabOf("associated")} disabled={loaded.associated.length === 0}>
                Associated list{loaded.associated.length === 0 ? " (no related table in the project)" : ""}
              </Menu.Item>
              <Menu.Item onClick={() => addTabOf("map")} disabled={pairs.length === 0}>
                Map{pairs.length === 0 ? " (no latitude/longitude columns)" : ""}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
          {(
            [
              ["Undo", "Ctrl+Z", IconArrowBackUp, history.past.length === 0, doUndo],
              ["Redo", "Ctrl+Shift+Z", IconArrowForwardUp, history.future.length === 0, doRedo],
            ] as const
          ).map(([label, keys, Icon, disabled, onClick]) => (
            <Tooltip key={label} label={`${label} (${keys})`} withArrow>
              <Button
                size="xs"
                variant="default"
                leftSection={<Icon size={14} />}
                disabled={disabled}
                onClick={onClick}
              >
                {label}
              </Button>
            </Tooltip>
          ))}
          <Text size="xs" c="dimmed">
            Drag with the mouse, or focus a grip and press Space, move with the arrow keys, Space to drop.
          </Text>
        </Group>
      ) : null}

      <DndContext
        sensors={sensors}
        collisionDetection={collision}
        onDragStart={onDragStart}
        onDragEnd={onDragEnd}
        onDragCancel={() => setDragging(undefined)}
        accessibility={{
          announcements,
          screenReaderInstructions: {
            draggable:
              "To move it, press Space or Enter. Move with the arrow keys; press Space or Enter to drop it, Escape to cancel.",
          },
        }}
      >
        <Box style={{ display: "flex", gap: "var(--mantine-spacing-md)", alignItems: "flex-start", flexWrap: "wrap" }}>
          <Stack
            gap="md"
            style={{ width: side === "rules" ? 420 : 280, flex: `0 0 ${side === "rules" ? 420 : 280}px` }}
          >
            <SegmentedControl
              size="xs"
              aria-label="Side panel"
              value={side}
              onChange={(v) => setSide(v as "properties" | "rules")}
              data={[
                { value: "properties", label: "Fields and properties" },
                { value: "rules", label: `Rules (${form.rules.length})` },
              ]}
            />
            {side === "rules" ? (
              <RulesPanel
                form={form}
                table={table}
                tableName={tableName}
                metadata={ws.metadata}
                issues={issues}
                readOnly={readOnly}
                apply={apply}
                projectTables={loaded.projectTables}
              />
            ) : (
              <>
                <Paper withBorder p="sm">
                  <Palette
                    columns={palette}
                    readOnly={readOnly}
                    targetLabel={addTarget ? `section ${addTarget.label}` : undefined}
                    onAdd={addColumn}
                  />
                </Paper>
                <PropertiesPanel
                  form={form}
                  selectedId={selectedId}
                  table={table}
                  columns={columns}
                  associated={loaded.associated}
                  projectTables={loaded.projectTables}
                  readOnly={readOnly}
                  apply={apply}
                  onSelect={setSelectedId}
                  onRename={(name) => apply({ ok: true, value: { ...form, name } })}
                  onKind={(kind: FormKind) => apply({ ok: true, value: { ...form, kind } })}
                />
              </>
            )}
          </Stack>
          <Box style={{ flex: "1 1 360px", minWidth: 320 }}>
            <FormCanvas
              form={form}
              columns={columns}
              selectedId={selectedId}
              readOnly={readOnly}
              onSelect={setSelectedId}
              onRemove={remove}
              onAddSection={addSectionTo}
            />
          </Box>
          <Stack gap="xs" style={{ flex: "0 0 auto" }} align="center" data-testid="preview-column">
            <DeviceToggle value={device} onChange={setDevice} />
            <FormPreview
              form={form}
              table={table}
              related={relatedWithMetadata}
              device={device}
              state={previewState}
              onChange={rulesPreview.change}
            />
            <PreviewRulesBar preview={rulesPreview} />
          </Stack>
        </Box>
        <DragOverlay>
          {dragging ? (
            <Paper withBorder shadow="md" px="xs" py={4}>
              <Text size="xs" fw={600}>
                {itemName(dragging)}
              </Text>
            </Paper>
          ) : null}
        </DragOverlay>
      </DndContext>

      <VisuallyHidden role="status" aria-live="polite" data-testid="designer-announcement">
        {announcement}
      </VisuallyHidden>

      {!readOnly ? (
        <SaveBar
          dirty={dirty}
          pending={editor.pending}
          note={newlySelectedNote(newlySelected, table)}
          onDiscard={() => storedForm && setHistory((h) => record(h, storedForm))}
          onSave={editor.save}
        />
      ) : null}
      <ConflictDialog editor={editor} title="Another admin saved this table meanwhile" />
      <LeaveGuard when={dirty && !readOnly} what={`the changes to form ${form.name}`} />
    </Stack>
  );
}
