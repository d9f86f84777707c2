"use client";
// "Import from org" on a table's Forms and Views pages: the button beside Add and the words in the empty list, both
// opening the import modal; the chosen form or view is placed in the table's config (lib/forms/import-into.ts),
// saved through the list's revision-checked save, and opened in its designer, where ImportedNotice lists what did
// not come across. The lists only render this; the server actions come from the page.
import { useCallback, useState } from "react";
import { Button, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconDatabaseImport } from "@tabler/icons-react";
import type { ActionResult } from "@/components/projects/action-result";
import { useWorkspace } from "@/components/projects/workspace";
import { ImportFromOrgModal } from "@/components/form-designer/import-from-org-modal";
import { useDesignerList, type DesignerListPageProps } from "@/components/form-designer/designer-list";
import { rememberImported } from "@/components/form-designer/imported-notice";
import type { TableConfig } from "@/lib/customization/schema";
import type { LoadedTableDesigner } from "@/lib/forms/data";
import type { Edit } from "@/lib/forms/designer-ops";
import { placeImportedForm, placeImportedView, type Placed } from "@/lib/forms/import-into";
import type {
  ImportedOrgForm,
  ImportedOrgView,
  OrgCatalog,
  OrgCatalogRequest,
  OrgDefinitionRequest,
  OrgDefinitionsAvailability,
} from "@/lib/forms/org-import-schema";
import { countOf } from "@/lib/format/count";

/** What the page hands the list: whether the table has org definitions, and the server actions that read them. */
export interface OrgImportSource {
  availability: OrgDefinitionsAvailability;
  list: (input: OrgCatalogRequest) => Promise<ActionResult<OrgCatalog>>;
  importForm: (input: OrgDefinitionRequest) => Promise<ActionResult<ImportedOrgForm>>;
  importView: (input: OrgDefinitionRequest) => Promise<ActionResult<ImportedOrgView>>;
}

export interface OrgImportProps {
  what: "forms" | "views";
  /** `button`: beside Add; `empty`: the words (and button) inside the empty list. */
  variant: "button" | "empty";
  source: OrgImportSource;
  loaded: LoadedTableDesigner;
  /** The list's current config and its revision-checked save (resolves to false when not saved). */
  config: TableConfig;
  submit: (config: TableConfig, message: string) => Promise<boolean>;
  disabled?: boolean;
}

/**
 * Where a forms or views list offers "Import from org" when its page passes a source: beside "New ..." and in the
 * empty list. Without a source the list keeps the page's own slots.
 */
export function orgImportSlots(
  what: OrgImportProps["what"],
  source: OrgImportSource | undefined,
  page: DesignerListPageProps,
): Pick<DesignerListPageProps, "headerActions" | "emptyActions"> {
  if (!source) return { headerActions: page.headerActions, emptyActions: page.emptyActions };
  return {
    headerActions: <OrgImportSlot what={what} variant="button" source={source} loaded={page.loaded} />,
    emptyActions: <OrgImportSlot what={what} variant="empty" source={source} loaded={page.loaded} />,
  };
}

/** OrgImport inside a forms or views list (its headerActions or emptyActions): the list lends config and save. */
export function OrgImportSlot(props: Omit<OrgImportProps, "config" | "submit" | "disabled">) {
  const list = useDesignerList<unknown>();
  return <OrgImport {...props} config={list.config} submit={list.saveConfig} disabled={list.pending} />;
}

export function OrgImport({ what, variant, source, loaded, config, submit, disabled }: OrgImportProps) {
  const { canEdit } = useWorkspace();
  const [opened, setOpened] = useState(false);
  const { projectId, tableName: table, tableLabel } = loaded;
  const base = `/projects/${projectId}/tables/${table}/${what}`;
  const noun = what === "forms" ? "form" : "view";
  const { availability, list, importForm, importView } = source;
  const loadCatalog = useCallback(() => list({ projectId, table }), [list, projectId, table]);

  if (!canEdit) return null;
  const kept = availability.source === "snapshot" ? availability[what] : undefined;

  const land = async (next: Edit<Placed<{ id: string }>>, name: string, skipped: ImportedOrgForm["skipped"]) => {
    if (!next.ok) return notifications.show({ color: "yellow", message: next.reason });
    const stored = await submit(next.value.config, `${what === "forms" ? "Form" : "View"} ${name} imported.`);
    if (!stored) return;
    rememberImported({ projectId, table, what, id: next.value.placed.id }, { name, skipped });
    // A document navigation, not router.push: the save's refresh re-keys the list (and this component) while the
    // push would wait behind it in the router's queue, which left the admin on the list.
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- see above
    window.location.assign(`${base}/${next.value.placed.id}`);
  };

  const button = (
    <Button
      variant="default"
      leftSection={<IconDatabaseImport size={16} />}
      onClick={() => setOpened(true)}
      disabled={disabled}
    >
      Import from org
    </Button>
  );
  const modal =
    what === "forms" ? (
      <ImportFromOrgModal
        what="forms"
        opened={opened}
        onClose={() => setOpened(false)}
        tableLabel={tableLabel}
        loadCatalog={loadCatalog}
        importOne={(id) => importForm({ projectId, table, id })}
        onImport={(imported) =>
          void land(placeImportedForm(config, imported.form), imported.form.name, imported.skipped)
        }
      />
    ) : (
      <ImportFromOrgModal
        what="views"
        opened={opened}
        onClose={() => setOpened(false)}
        tableLabel={tableLabel}
        loadCatalog={loadCatalog}
        importOne={(id) => importView({ projectId, table, id })}
        onImport={(imported) =>
          void land(placeImportedView(config, imported.view), imported.view.name, imported.skipped)
        }
      />
    );

  if (variant === "button")
    return (
      <>
        {button}
        {modal}
      </>
    );
  return (
    <Stack align="center" gap="xs" mt="sm">
      {kept === 0 ? (
        <Text size="sm" ta="center" maw={520}>
          The project&apos;s metadata snapshot keeps no {what} of {tableLabel} from the org (it was made from a source
          without them), so there is none to import: design one from scratch.
        </Text>
      ) : (
        <>
          <Text size="sm" ta="center" maw={520}>
            {kept === undefined
              ? `Or start from one of the org's ${what} of ${tableLabel}, read from the org when you ask.`
              : `Or start from the org's: the project's metadata snapshot keeps ${countOf(kept, noun)} of ${tableLabel}.`}
          </Text>
          {button}
          {modal}
        </>
      )}
    </Stack>
  );
}
