"use client";
// A table's forms or views, one list component for both: open one in its designer, add, duplicate, delete, and what
// each kind adds (a view's "set default"). Every change is saved at once with the table's revision through the
// editors' shared save flow (a stale one opens the conflict dialog). Other features put buttons beside "New ..."
// through the `headerActions` slot (the import from the org: a page, even a server one, passes its client button),
// and the button reaches the list's add through useDesignerList().
import { createContext, useContext, useState, type ReactNode } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Anchor, Button, Group, Modal, Paper, Stack, Table, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconCopy, IconPlus, IconTrash } from "@tabler/icons-react";
import type { TableConfig } from "@/lib/customization/schema";
import type { LoadedTableDesigner } from "@/lib/forms/data";
import type { Edit } from "@/lib/forms/designer-ops";
import { countOf } from "@/lib/format/count";
import { useWorkspace } from "@/components/projects/workspace";
import { ConflictDialog } from "@/components/editor/conflict-dialog";
import { useTableConfigEditor, type SaveTableConfig } from "@/components/editor/use-table-config-editor";
import { TableDesignerHeader } from "./table-designer-header";

/** What the list lends its extra buttons (header and row actions). */
export interface DesignerListActions<T> {
  config: TableConfig;
  items: readonly T[];
  pending: boolean;
  /** Adds an item (new, a copy, imported), saved at once; opens it in its designer when `open`. */
  add(edit: Edit<T>, options: { open: boolean; message: string }): Promise<void>;
  /** Saves the table with these items in place of the list's. */
  saveItems(items: T[], message: string): Promise<boolean>;
  /** Saves a whole table config (an import that also selects the columns it uses). */
  saveConfig(config: TableConfig, message: string): Promise<boolean>;
}

const DesignerListContext = createContext<DesignerListActions<unknown> | null>(null);

/** The list's actions, for a button in its `headerActions` slot. */
export function useDesignerList<T>(): DesignerListActions<T> {
  const list = useContext(DesignerListContext);
  if (!list) throw new Error("useDesignerList() is for buttons inside a forms or views list's headerActions.");
  return list as DesignerListActions<T>;
}

/** What a table's Forms or Views page gives its list. */
export interface DesignerListPageProps {
  loaded: LoadedTableDesigner;
  save: SaveTableConfig;
  /** Buttons beside the "New ..." ones (the import from the org); they reach the list through useDesignerList(). */
  headerActions?: ReactNode;
  /** What the empty list offers besides "New ..." (the import from the org), also inside the list's context. */
  emptyActions?: ReactNode;
}

export interface DesignerListProps<T extends { id: string; name: string }> extends DesignerListPageProps {
  page: "forms" | "views";
  /** "form", "view": in counts, labels and messages. */
  noun: string;
  items(config: TableConfig): readonly T[];
  withItems(config: TableConfig, items: T[]): TableConfig;
  /** What follows the count in the subtitle. */
  note?: string;
  /** The "New ..." buttons; the first is the primary one. */
  creates: Array<{ label: string; make(items: readonly T[], config: TableConfig): Edit<T> }>;
  emptyText: string;
  columns: Array<{ header: string; cell(item: T): ReactNode }>;
  /** Badges after an item's name. */
  badges(item: T, items: readonly T[]): ReactNode;
  duplicate(items: readonly T[], id: string): Edit<T>;
  /** Buttons before Duplicate and Delete. */
  rowActions?(item: T, list: DesignerListActions<T>): ReactNode;
  actionsWidth: number;
  /** What deleting takes with it. */
  deleteText: string;
}

const capitalized = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}`;

export function DesignerList<T extends { id: string; name: string }>(props: DesignerListProps<T>) {
  const { loaded, noun } = props;
  const { canEdit } = useWorkspace();
  const router = useRouter();
  const [config, setConfig] = useState(loaded.config);
  const [deleting, setDeleting] = useState<T>();
  const editor = useTableConfigEditor({
    projectId: loaded.projectId,
    tableName: loaded.tableName,
    loaded,
    save: props.save,
    draft: config,
    onLoad: setConfig,
    savedMessage: (revision) => `Saved ${loaded.tableName} (revision ${revision}).`,
  });
  const base = `/projects/${loaded.projectId}/tables/${loaded.tableName}/${props.page}`;
  const items = props.items(config);

  const list: DesignerListActions<T> = {
    config,
    items,
    pending: editor.pending,
    saveItems: (next, message) => editor.saveValue(props.withItems(config, next), message),
    saveConfig: (next, message) => editor.saveValue(next, message),
    add: async (edit, { open, message }) => {
      if (!edit.ok) {
        notifications.show({ color: "yellow", message: edit.reason });
        return;
      }
      const stored = await editor.saveValue(props.withItems(config, [...items, edit.value]), message);
      if (stored && open) router.push(`${base}/${edit.value.id}`);
    },
  };

  return (
    <DesignerListContext.Provider value={list as DesignerListActions<unknown>}>
      <Stack gap="md">
        <TableDesignerHeader
          projectId={loaded.projectId}
          tableName={loaded.tableName}
          tableLabel={loaded.tableLabel}
          page={props.page}
          readOnly={!canEdit}
          subtitle={[countOf(items.length, noun), props.note, `revision ${editor.revision}`]
            .filter(Boolean)
            .join(" · ")}
        />
        {canEdit ? (
          <Group gap="xs">
            {props.creates.map((create, i) => (
              <Button
                key={create.label}
                variant={i === 0 ? "filled" : "default"}
                leftSection={i === 0 ? <IconPlus size={16} /> : undefined}
                loading={i === 0 && editor.pending}
                disabled={i > 0 && editor.pending}
                onClick={() =>
                  void list.add(create.make(items, config), { open: true, message: `${capitalized(noun)} added.` })
                }
              >
                {create.label}
              </Button>
            ))}
            {props.headerActions}
          </Group>
        ) : null}
        {items.length === 0 ? (
          <Paper withBorder p="xl">
            <Stack align="center" gap="xs">
              <Text fw={600}>No {noun}s yet</Text>
              <Text size="sm" c="dimmed" ta="center" maw={520}>
                {props.emptyText}
              </Text>
              {canEdit ? props.emptyActions : null}
            </Stack>
          </Paper>
        ) : (
          <Paper withBorder>
            <Table aria-label={`${capitalized(noun)}s`} verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  {props.columns.map((c) => (
                    <Table.Th key={c.header}>{c.header}</Table.Th>
                  ))}
                  <Table.Th w={props.actionsWidth}>Actions</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((item) => (
                  <Table.Tr key={item.id}>
                    <Table.Td>
                      <Anchor component={Link} href={`${base}/${item.id}`} fw={500}>
                        {item.name}
                      </Anchor>
                      {props.badges(item, items)}
                    </Table.Td>
                    {props.columns.map((c) => (
                      <Table.Td key={c.header}>{c.cell(item)}</Table.Td>
                    ))}
                    <Table.Td>
                      {canEdit ? (
                        <Group gap="xs" wrap="nowrap">
                          {props.rowActions?.(item, list)}
                          <Button
                            size="compact-xs"
                            variant="default"
                            leftSection={<IconCopy size={12} />}
                            aria-label={`Duplicate ${noun} ${item.name}`}
                            disabled={editor.pending}
                            onClick={() =>
                              void list.add(props.duplicate(items, item.id), {
                                open: false,
                                message: `${capitalized(noun)} ${item.name} duplicated.`,
                              })
                            }
                          >
                            Duplicate
                          </Button>
                          <Button
                            size="compact-xs"
                            variant="light"
                            color="red"
                            leftSection={<IconTrash size={12} />}
                            aria-label={`Delete ${noun} ${item.name}`}
                            disabled={editor.pending}
                            onClick={() => setDeleting(item)}
                          >
                            Delete
                          </Button>
                        </Group>
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        )}
        <Modal
          opened={!!deleting}
          onClose={() => setDeleting(undefined)}
          title={`Delete ${noun} ${deleting?.name ?? ""}?`}
        >
          <Stack>
            <Text size="sm">{props.deleteText}</Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDeleting(undefined)}>
                Keep it
              </Button>
              <Button
                color="red"
                loading={editor.pending}
                onClick={async () => {
                  if (!deleting) return;
                  await list.saveItems(
                    items.filter((i) => i.id !== deleting.id),
                    `${capitalized(noun)} ${deleting.name} deleted.`,
                  );
                  setDeleting(undefined);
                }}
              >
                Delete
              </Button>
            </Group>
          </Stack>
        </Modal>
        <ConflictDialog editor={editor} title="Another admin saved this table meanwhile" />
      </Stack>
    </DesignerListContext.Provider>
  );
}
