"use client";
// "Import from the org": lists the table's forms (or views) as the org defines them, with their kind, what they hold
// and what an import leaves behind, and hands the chosen one, converted, to `onImport`. Data and callbacks only: the
// designer passes the server actions (listOrgDefinitionsAction, importOrgFormAction / importOrgViewAction).
import { useEffect, useState, useTransition } from "react";
import {
  Alert,
  Badge,
  Button,
  Group,
  List,
  ListItem,
  Loader,
  Modal,
  Radio,
  RadioGroup,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from "@mantine/core";
import { IconAlertTriangle, IconDatabaseImport, IconForms } from "@tabler/icons-react";
import { EmptyState } from "@/components/shell/empty-state";
import { countOf } from "@/lib/format/count";
import type { ActionResult } from "@/components/projects/action-result";
import type { SkippedItem } from "@/lib/forms/import-form";
import type {
  ImportedOrgForm,
  ImportedOrgView,
  OrgCatalog,
  OrgFormSummary,
  OrgViewSummary,
} from "@/lib/forms/org-import-schema";

interface CommonProps {
  opened: boolean;
  onClose: () => void;
  /** The table's display name, for the title. */
  tableLabel: string;
  /** Lists the org's forms and views of the table (called each time the modal opens). */
  loadCatalog: () => Promise<ActionResult<OrgCatalog>>;
}

export type ImportFromOrgModalProps = CommonProps &
  (
    | {
        what: "forms";
        importOne: (id: string) => Promise<ActionResult<ImportedOrgForm>>;
        onImport: (imported: ImportedOrgForm) => void;
      }
    | {
        what: "views";
        importOne: (id: string) => Promise<ActionResult<ImportedOrgView>>;
        onImport: (imported: ImportedOrgView) => void;
      }
  );

const FORM_KIND_LABELS: Record<OrgFormSummary["kind"], string> = {
  main: "Main",
  quickCreate: "Quick create",
  card: "Card",
  quick: "Quick view",
};

const VIEW_KIND_LABELS: Record<string, string> = {
  public: "Public",
  lookup: "Lookup",
  associated: "Associated",
  quickFind: "Quick Find",
  advancedFind: "Advanced Find",
  offlineTemplate: "Offline template",
};

const plural = (n: number, word: string) => countOf(n, word);

function formDescription(form: OrgFormSummary): string {
  const c = form.counts;
  return [
    plural(c.tabs, "tab"),
    plural(c.sections, "section"),
    plural(c.fields, "field"),
    c.associatedLists > 0 ? plural(c.associatedLists, "associated list") : "",
    c.headerFields > 0 ? plural(c.headerFields, "header field") : "",
  ]
    .filter(Boolean)
    .join(", ");
}

function viewDescription(view: OrgViewSummary): string {
  const sort = view.sort.map((s) => `${s.column}${s.descending ? " (descending)" : ""}`).join(", ");
  return [
    plural(view.columns.length, "column"),
    sort ? `sorted by ${sort}` : "",
    view.hasFilter ? "with a filter" : "",
    view.quickFind ? "search box conditions left out" : "",
  ]
    .filter(Boolean)
    .join("; ");
}

function SkippedList({ skipped }: { skipped: SkippedItem[] }) {
  if (skipped.length === 0) return <Text size="sm">Everything comes across.</Text>;
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        What does not come across as in the org ({skipped.length})
      </Text>
      <ScrollArea.Autosize mah={160} type="auto">
        <List size="sm" spacing={2}>
          {skipped.map((item, index) => (
            <ListItem key={index}>
              {item.what}{" "}
              <Text span c="dimmed" size="sm">
                — {item.where}
              </Text>
            </ListItem>
          ))}
        </List>
      </ScrollArea.Autosize>
    </Stack>
  );
}

interface Row {
  id: string;
  name: string;
  kind: string;
  description: string;
  importable: boolean;
  reason?: string;
  skipped: SkippedItem[];
  badge?: string;
}

function rowsOf(catalog: OrgCatalog, what: "forms" | "views"): Row[] {
  if (what === "forms")
    return catalog.forms.map((f) => ({
      id: f.id,
      name: f.name,
      kind: FORM_KIND_LABELS[f.kind],
      description: formDescription(f),
      importable: f.importable,
      reason: f.notImportableReason,
      skipped: f.skipped,
      badge: f.active ? undefined : "Inactive",
    }));
  return catalog.views.map((v) => ({
    id: v.id,
    name: v.name,
    kind: VIEW_KIND_LABELS[v.kind] ?? v.kind,
    description: viewDescription(v),
    importable: v.importable,
    reason: v.notImportableReason,
    skipped: v.skipped,
    badge: v.orgDefault ? "Default" : undefined,
  }));
}

export function ImportFromOrgModal(props: ImportFromOrgModalProps) {
  const { opened, onClose, loadCatalog, what, tableLabel } = props;
  const [catalog, setCatalog] = useState<OrgCatalog | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [importError, setImportError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [importing, startImport] = useTransition();
  const loading = opened && catalog === null && loadError === null;

  useEffect(() => {
    if (!opened) return;
    let current = true;
    loadCatalog().then(
      (result) => {
        if (!current) return;
        if (result.ok) setCatalog(result.data);
        else setLoadError(result.message);
      },
      () => {
        if (current) setLoadError("The org's definitions could not be loaded. Check the connection and try again.");
      },
    );
    return () => {
      current = false;
    };
  }, [opened, loadCatalog, attempt]);

  const retry = () => {
    setLoadError(null);
    setCatalog(null);
    setAttempt((n) => n + 1);
  };

  // Each opening starts afresh: nothing chosen, no old error.
  const close = () => {
    setSelected(null);
    setImportError(null);
    setCatalog(null);
    setLoadError(null);
    onClose();
  };

  const rows = catalog ? rowsOf(catalog, what) : [];
  const chosen = rows.find((r) => r.id === selected);
  const noun = what === "forms" ? "form" : "view";

  const confirm = () => {
    if (!chosen) return;
    setImportError(null);
    startImport(async () => {
      if (props.what === "forms") {
        const result = await props.importOne(chosen.id);
        if (!result.ok) return setImportError(result.message);
        props.onImport(result.data);
      } else {
        const result = await props.importOne(chosen.id);
        if (!result.ok) return setImportError(result.message);
        props.onImport(result.data);
      }
      close();
    });
  };

  return (
    <Modal
      opened={opened}
      onClose={close}
      size="lg"
      closeButtonProps={{ "aria-label": "Close" }}
      title={
        <Group gap="xs">
          <IconDatabaseImport size={20} aria-hidden />
          <Text fw={600}>
            Import a {noun} of {tableLabel} from the org
          </Text>
        </Group>
      }
    >
      <Stack gap="md">
        {loading ? (
          <Group gap="sm" py="lg" justify="center" aria-live="polite">
            <Loader size="sm" />
            <Text size="sm">Reading the org&apos;s {what}…</Text>
          </Group>
        ) : loadError ? (
          <Alert color="red" icon={<IconAlertTriangle size={18} />} title={`The ${what} could not be loaded`}>
            <Stack gap="xs" align="flex-start">
              <Text size="sm">{loadError}</Text>
              <Button size="xs" variant="light" onClick={retry}>
                Try again
              </Button>
            </Stack>
          </Alert>
        ) : catalog && rows.length === 0 ? (
          <EmptyState icon={<IconForms size={24} />} title={`No ${what} to import`}>
            {catalog.source === "snapshot"
              ? `The snapshot this project uses holds no ${what} of ${tableLabel} (a solution without them offers none). Import a solution that contains them, or design one from scratch.`
              : `The org has no ${what} of ${tableLabel} that a device can show.`}
          </EmptyState>
        ) : catalog ? (
          <>
            <Text size="sm" c="dimmed">
              {catalog.source === "snapshot"
                ? "As kept with the project's metadata snapshot."
                : "As the org defines them now."}{" "}
              The imported {noun} is a starting point: change it freely afterwards.
            </Text>
            <RadioGroup value={selected} onChange={setSelected} name="org-definition" label={`The org's ${what}`}>
              <ScrollArea.Autosize mah={320} type="auto" mt="xs">
                <Stack gap="xs">
                  {rows.map((row) => (
                    <UnstyledButton
                      key={row.id}
                      component="div"
                      onClick={() => row.importable && setSelected(row.id)}
                      style={{
                        border: "1px solid var(--mantine-color-default-border)",
                        borderRadius: "var(--mantine-radius-sm)",
                        padding: "var(--mantine-spacing-xs) var(--mantine-spacing-sm)",
                        opacity: row.importable ? 1 : 0.7,
                      }}
                    >
                      <Group wrap="nowrap" align="flex-start" gap="sm">
                        <Radio value={row.id} disabled={!row.importable} aria-label={row.name} mt={2} />
                        <Stack gap={2} style={{ flex: 1 }}>
                          <Group gap="xs">
                            <Text fw={600} size="sm">
                              {row.name}
                            </Text>
                            <Badge size="sm" variant="light">
                              {row.kind}
                            </Badge>
                            {row.badge ? (
                              <Badge size="sm" variant="outline" color="gray">
                                {row.badge}
                              </Badge>
                            ) : null}
                            {row.skipped.length > 0 ? (
                              <Badge size="sm" variant="light" color="yellow" c="var(--mantine-color-text)">
                                {row.skipped.length} not imported
                              </Badge>
                            ) : null}
                          </Group>
                          <Text size="xs" c="dimmed">
                            {row.description}
                          </Text>
                          {!row.importable && row.reason ? (
                            <Text size="xs" c="orange.8">
                              Cannot be imported: {row.reason}
                            </Text>
                          ) : null}
                        </Stack>
                      </Group>
                    </UnstyledButton>
                  ))}
                </Stack>
              </ScrollArea.Autosize>
            </RadioGroup>
            {chosen ? <SkippedList skipped={chosen.skipped} /> : null}
            {importError ? (
              <Alert color="red" icon={<IconAlertTriangle size={18} />} title="Not imported">
                {importError}
              </Alert>
            ) : null}
          </>
        ) : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button onClick={confirm} disabled={!chosen || !chosen.importable} loading={importing}>
            Import {noun}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
