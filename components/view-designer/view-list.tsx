"use client";
// A table's views: open one in the view designer, add, duplicate, delete, make one the default of its kind. Each
// change is saved at once with the table's revision (a stale one opens the conflict dialog).
import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Anchor, Badge, Button, Group, Modal, Paper, Stack, Table, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconCopy, IconPlus, IconStar, IconTrash } from "@tabler/icons-react";
import type { View } from "@/lib/forms/schema";
import type { LoadedTableDesigner } from "@/lib/forms/data";
import { columnLabel, duplicateView, newView, setDefaultView, type Edit } from "@/lib/forms/designer-ops";
import { useWorkspace } from "@/components/projects/workspace";
import { useTableConfigSave, type SaveTableConfig } from "@/components/form-designer/use-table-config-save";
import { OrgImport, type OrgImportSource } from "@/components/form-designer/org-import";
import { ConflictModal } from "@/components/form-designer/conflict-modal";
import { TableDesignerHeader } from "@/components/form-designer/table-designer-header";
import classes from "@/components/form-designer/designer.module.css";

export function ViewList({
  loaded,
  save,
  orgImport,
}: {
  loaded: LoadedTableDesigner;
  save: SaveTableConfig;
  /** "Import from org" beside Add and in the empty list (the page passes what it needs). */
  orgImport?: OrgImportSource;
}) {
  const { canEdit } = useWorkspace();
  const router = useRouter();
  const [config, setConfig] = useState(loaded.config);
  const [deleting, setDeleting] = useState<View>();
  const state = useTableConfigSave({
    projectId: loaded.projectId,
    tableName: loaded.tableName,
    loaded,
    save,
    draft: undefined,
    onStored: setConfig,
  });
  const base = `/projects/${loaded.projectId}/tables/${loaded.tableName}/views`;
  const views = config.views;
  const label = (column: string) => columnLabel(loaded.table, column);

  const add = async (edit: Edit<View>, open: boolean, message: string) => {
    if (!edit.ok) return notifications.show({ color: "yellow", message: edit.reason });
    const stored = await state.submit({ ...config, views: [...config.views, edit.value] }, message);
    if (stored && open) router.push(`${base}/${edit.value.id}`);
  };

  return (
    <Stack gap="md" className={classes.contrast}>
      <TableDesignerHeader
        projectId={loaded.projectId}
        tableName={loaded.tableName}
        tableLabel={loaded.tableLabel}
        page="views"
        readOnly={!canEdit}
        subtitle={`${views.length} view${views.length === 1 ? "" : "s"} · revision ${state.revision}`}
      />
      {canEdit ? (
        <Group gap="xs">
          <Button
            leftSection={<IconPlus size={16} />}
            loading={state.pending}
            onClick={() => void add(newView(views, loaded.table, config.columns), true, "View added.")}
          >
            New view
          </Button>
          {orgImport ? (
            <OrgImport
              what="views"
              variant="button"
              source={orgImport}
              loaded={loaded}
              config={config}
              submit={state.submit}
              disabled={state.pending}
            />
          ) : null}
        </Group>
      ) : null}
      {views.length === 0 ? (
        <Paper withBorder p="xl">
          <Stack align="center" gap="xs">
            <Text fw={600}>No views yet</Text>
            <Text size="sm" c="dimmed" ta="center" maw={520}>
              A view is a list the user scrolls on the device (or the list a lookup picker shows): its columns, their
              order and widths, how it sorts and an optional extra filter. Without one the device lists rows by their
              name.
            </Text>
            {orgImport ? (
              <OrgImport
                what="views"
                variant="empty"
                source={orgImport}
                loaded={loaded}
                config={config}
                submit={state.submit}
                disabled={state.pending}
              />
            ) : null}
          </Stack>
        </Paper>
      ) : (
        <Paper withBorder>
          <Table aria-label="Views" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Columns</Table.Th>
                <Table.Th>Sort</Table.Th>
                <Table.Th w={300}>Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {views.map((v) => (
                <Table.Tr key={v.id}>
                  <Table.Td>
                    <Anchor component={Link} href={`${base}/${v.id}`} fw={500}>
                      {v.name}
                    </Anchor>
                    {v.isDefault ? (
                      <Badge size="xs" ml="xs" variant="light">
                        default
                      </Badge>
                    ) : null}
                    {v.filter?.children.length ? (
                      <Badge size="xs" ml="xs" variant="outline" color="gray">
                        filtered
                      </Badge>
                    ) : null}
                  </Table.Td>
                  <Table.Td>{v.kind === "list" ? "List" : "Lookup"}</Table.Td>
                  <Table.Td>{v.columns.length}</Table.Td>
                  <Table.Td>
                    <Text size="xs">
                      {v.sort.length
                        ? v.sort.map((s) => `${label(s.column)} ${s.descending ? "↓" : "↑"}`).join(", ")
                        : "none"}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {canEdit ? (
                      <Group gap="xs" wrap="nowrap">
                        <Button
                          size="compact-xs"
                          variant="default"
                          leftSection={<IconStar size={12} />}
                          aria-label={`Make view ${v.name} the default`}
                          disabled={v.isDefault || state.pending}
                          onClick={() =>
                            void state.submit(
                              { ...config, views: setDefaultView(views, v.id) },
                              `${v.name} is the default ${v.kind} view.`,
                            )
                          }
                        >
                          Set default
                        </Button>
                        <Button
                          size="compact-xs"
                          variant="default"
                          leftSection={<IconCopy size={12} />}
                          aria-label={`Duplicate view ${v.name}`}
                          disabled={state.pending}
                          onClick={() => void add(duplicateView(views, v.id), false, `View ${v.name} duplicated.`)}
                        >
                          Duplicate
                        </Button>
                        <Button
                          size="compact-xs"
                          variant="light"
                          color="red"
                          leftSection={<IconTrash size={12} />}
                          aria-label={`Delete view ${v.name}`}
                          disabled={state.pending}
                          onClick={() => setDeleting(v)}
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
      <Modal opened={!!deleting} onClose={() => setDeleting(undefined)} title={`Delete view ${deleting?.name ?? ""}?`}>
        <Stack>
          <Text size="sm">
            Forms whose lookups or associated lists show this view fall back to the table&apos;s default view. Published
            versions keep their copy.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDeleting(undefined)}>
              Keep it
            </Button>
            <Button
              color="red"
              loading={state.pending}
              onClick={async () => {
                if (!deleting) return;
                await state.submit(
                  { ...config, views: config.views.filter((v) => v.id !== deleting.id) },
                  `View ${deleting.name} deleted.`,
                );
                setDeleting(undefined);
              }}
            >
              Delete
            </Button>
          </Group>
        </Stack>
      </Modal>
      <ConflictModal state={state} />
    </Stack>
  );
}
