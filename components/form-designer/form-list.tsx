"use client";
// A table's forms: open one in the designer, add a main or quick create form, duplicate, delete. Each change is
// saved at once with the table's revision (a stale one opens the conflict dialog).
import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Anchor, Badge, Button, Group, Modal, Paper, Stack, Table, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconCopy, IconPlus, IconTrash } from "@tabler/icons-react";
import type { Form, FormKind } from "@/lib/forms/schema";
import type { LoadedTableDesigner } from "@/lib/forms/data";
import { duplicateForm, newForm, type Edit } from "@/lib/forms/designer-ops";
import { formFields } from "@/lib/forms/walk";
import { useWorkspace } from "@/components/projects/workspace";
import { useTableConfigSave, type SaveTableConfig } from "./use-table-config-save";
import { OrgImport, type OrgImportSource } from "@/components/form-designer/org-import";
import { ConflictModal } from "./conflict-modal";
import { TableDesignerHeader } from "./table-designer-header";
import classes from "@/components/form-designer/designer.module.css";

export function FormList({
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
  const [deleting, setDeleting] = useState<Form>();
  const state = useTableConfigSave({
    projectId: loaded.projectId,
    tableName: loaded.tableName,
    loaded,
    save,
    draft: undefined,
    onStored: setConfig,
  });
  const base = `/projects/${loaded.projectId}/tables/${loaded.tableName}/forms`;
  const forms = config.forms;
  const firstMain = forms.find((f) => f.kind === "main");

  const add = async (edit: Edit<Form>, open: boolean, message: string) => {
    if (!edit.ok) return notifications.show({ color: "yellow", message: edit.reason });
    const stored = await state.submit({ ...config, forms: [...config.forms, edit.value] }, message);
    if (stored && open) router.push(`${base}/${edit.value.id}`);
  };
  const create = (kind: FormKind) => add(newForm(forms, kind), true, "Form added.");

  return (
    <Stack gap="md" className={classes.contrast}>
      <TableDesignerHeader
        projectId={loaded.projectId}
        tableName={loaded.tableName}
        tableLabel={loaded.tableLabel}
        page="forms"
        readOnly={!canEdit}
        subtitle={`${forms.length} form${forms.length === 1 ? "" : "s"} · the first main form is the one the device opens · revision ${state.revision}`}
      />
      {canEdit ? (
        <Group gap="xs">
          <Button leftSection={<IconPlus size={16} />} onClick={() => void create("main")} loading={state.pending}>
            New main form
          </Button>
          <Button variant="default" onClick={() => void create("quickCreate")} disabled={state.pending}>
            New quick create form
          </Button>
          {orgImport ? (
            <OrgImport
              what="forms"
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
      {forms.length === 0 ? (
        <Paper withBorder p="xl">
          <Stack align="center" gap="xs">
            <Text fw={600}>No forms yet</Text>
            <Text size="sm" c="dimmed" ta="center" maw={520}>
              Without a form the device shows a row as a plain list of its columns. Add a main form to lay out the
              record in tabs and sections, and a quick create form for new rows.
            </Text>
            {orgImport ? (
              <OrgImport
                what="forms"
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
          <Table aria-label="Forms" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Tabs</Table.Th>
                <Table.Th>Fields</Table.Th>
                <Table.Th w={220}>Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {forms.map((f) => (
                <Table.Tr key={f.id}>
                  <Table.Td>
                    <Anchor component={Link} href={`${base}/${f.id}`} fw={500}>
                      {f.name}
                    </Anchor>
                    {f === firstMain ? (
                      <Badge size="xs" ml="xs" variant="light">
                        opens on the device
                      </Badge>
                    ) : null}
                    {f.source ? (
                      <Badge size="xs" ml="xs" variant="outline" color="gray">
                        from the org
                      </Badge>
                    ) : null}
                  </Table.Td>
                  <Table.Td>{f.kind === "main" ? "Main" : "Quick create"}</Table.Td>
                  <Table.Td>{f.tabs.length}</Table.Td>
                  <Table.Td>{formFields(f).length}</Table.Td>
                  <Table.Td>
                    {canEdit ? (
                      <Group gap="xs" wrap="nowrap">
                        <Button
                          size="compact-xs"
                          variant="default"
                          leftSection={<IconCopy size={12} />}
                          aria-label={`Duplicate form ${f.name}`}
                          disabled={state.pending}
                          onClick={() => void add(duplicateForm(forms, f.id), false, `Form ${f.name} duplicated.`)}
                        >
                          Duplicate
                        </Button>
                        <Button
                          size="compact-xs"
                          variant="light"
                          color="red"
                          leftSection={<IconTrash size={12} />}
                          aria-label={`Delete form ${f.name}`}
                          disabled={state.pending}
                          onClick={() => setDeleting(f)}
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
      <Modal opened={!!deleting} onClose={() => setDeleting(undefined)} title={`Delete form ${deleting?.name ?? ""}?`}>
        <Stack>
          <Text size="sm">
            The form, its tabs, sections, fields and rules go with it. Published versions keep their copy.
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
                  { ...config, forms: config.forms.filter((f) => f.id !== deleting.id) },
                  `Form ${deleting.name} deleted.`,
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
