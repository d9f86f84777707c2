"use client";
// The sync-filter editor of one table: a preset, a visual tree of conditions, groups and related-table
// conditions, live FetchXML / OData / sentence and problems beside it, FetchXML import, and a revision-checked save.
import { useEffect, useMemo, useState } from "react";
import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Code,
  CopyButton,
  Grid,
  Group,
  List,
  MultiSelect,
  Paper,
  Select,
  Stack,
  Tabs,
  Text,
  Title,
  Tooltip,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import {
  IconAlertCircle,
  IconArrowLeft,
  IconCheck,
  IconCopy,
  IconDeviceFloppy,
  IconFileImport,
} from "@tabler/icons-react";
import type { MetadataDocument } from "@/lib/metadata/schema";
import { tableLabel as tableSingularLabel, tablePluralLabel } from "@/lib/metadata/naming";
import { PresetSchema, type FilterGroup, type Preset, type SyncFilter } from "@/lib/filters/schema";
import { toFetchXml } from "@/lib/filters/to-fetchxml";
import { toODataFilter } from "@/lib/filters/to-odata";
import { filterToText, PRESET_LABELS } from "@/lib/filters/to-text";
import { validateFilter, type FilterProblem } from "@/lib/filters/validate";
import type { TableConfig } from "@/lib/customization/schema";
import type { RelatedCandidate } from "@/lib/customization/data";
import { normalizeTableConfig } from "@/lib/customization/locked-columns";
import type { ActionResult } from "@/components/projects/action-result";
import type { SaveTableConfigRequest } from "@/lib/customization/mutations";
import type { RevisionedSaveOutcome } from "@/lib/customization/save-conflict";
import { useRevisionedSave } from "@/components/editor/use-revisioned-save";
import { ConflictDialog } from "@/components/editor/conflict-dialog";
import { LeaveGuard } from "@/components/editor/leave-guard";
import { useWorkspace } from "@/components/projects/workspace";
import { EditorContext, GroupEditor, type EditorContextValue } from "./nodes";
import { ImportFetchXmlModal } from "./import-modal";
import { FootprintPanel, type FootprintActions } from "./footprint-panel";
import { countConditions, newId, withIds } from "./tree-ops";

const PRESETS: Array<{ value: Preset; label: string; description: string }> = [
  {
    value: "all",
    label: PRESET_LABELS.all,
    description: "Every row the user can read (narrowed by the conditions below, if any).",
  },
  { value: "mine", label: PRESET_LABELS.mine, description: "Rows the user owns (Owner is the current user)." },
  { value: "my-team", label: PRESET_LABELS["my-team"], description: "Rows the user or one of the user's teams owns." },
  {
    value: "my-business-unit",
    label: PRESET_LABELS["my-business-unit"],
    description: "Rows owned in the user's business unit.",
  },
  {
    value: "related",
    label: PRESET_LABELS.related,
    description: "Rows that downloaded rows of other tables point to.",
  },
  { value: "custom", label: PRESET_LABELS.custom, description: "Only the conditions below decide." },
];

function emptyRoot(): FilterGroup {
  return { kind: "group", id: newId(), type: "and", children: [] };
}

function draftOf(config: TableConfig): { preset: Preset; root: FilterGroup; sources: string[] } {
  const f = config.syncFilter;
  return {
    preset: f?.preset ?? "all",
    root: f?.filter ? withIds(f.filter) : emptyRoot(),
    sources: (f?.related?.sources ?? []).map((s) => `${s.table}.${s.column}`),
  };
}

function toSyncFilter(preset: Preset, root: FilterGroup, sources: string[]): SyncFilter {
  const sync: SyncFilter = { preset };
  if (root.children.length > 0) sync.filter = root;
  if (preset === "related") {
    sync.related = {
      sources: sources.map((s) => {
        const [table, column] = s.split(".");
        return { table, column };
      }),
    };
  }
  return sync;
}

/** The filter without the editor's ids: what decides whether there is something to save. */
function meaningKey(filter: SyncFilter): string {
  return JSON.stringify(filter, (key, value: unknown) => (key === "id" ? undefined : value));
}

/** A config's sync filter as the editor would write it back, without ids. */
function filterMeaning(config: TableConfig): string {
  const d = draftOf(config);
  return meaningKey(toSyncFilter(d.preset, d.root, d.sources));
}

function collectEmptyColumns(group: FilterGroup, out: string[] = []): string[] {
  for (const c of group.children) {
    if (c.kind === "condition" && !c.column && c.id) out.push(c.id);
    else if (c.kind === "group") collectEmptyColumns(c, out);
    else if (c.kind === "link") collectEmptyColumns(c.filter, out);
  }
  return out;
}

function OutputBlock({ label, text, testId }: { label: string; text: string; testId: string }) {
  return (
    <Box pos="relative">
      <CopyButton value={text}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? "Copied" : `Copy the ${label}`}>
            <Button
              size="compact-xs"
              variant="subtle"
              pos="absolute"
              top={6}
              right={6}
              onClick={copy}
              aria-label={`Copy the ${label}`}
              leftSection={copied ? <IconCheck size={12} /> : <IconCopy size={12} />}
            >
              {copied ? "Copied" : "Copy"}
            </Button>
          </Tooltip>
        )}
      </CopyButton>
      <Code
        block
        data-testid={testId}
        style={{ whiteSpace: "pre-wrap", wordBreak: "break-word", maxHeight: 420, overflow: "auto", fontSize: 12 }}
      >
        {text}
      </Code>
    </Box>
  );
}

export function FilterEditor({
  projectId,
  tableName,
  metadata,
  loaded,
  canEdit,
  limits,
  relatedCandidates,
  save,
  footprint,
}: {
  projectId: string;
  tableName: string;
  /** The table, the tables it relates to, and their relationships. */
  metadata: MetadataDocument;
  loaded: { config: TableConfig; revision: number };
  canEdit: boolean;
  limits: { maxConditions: number; maxLinks: number };
  relatedCandidates: RelatedCandidate[];
  save(input: SaveTableConfigRequest): Promise<ActionResult<RevisionedSaveOutcome<TableConfig>>>;
  footprint: { connected: boolean; environmentName: string; actions: FootprintActions };
}) {
  const { setTableDraft, setExtraMetadata } = useWorkspace();
  // The validation panel judges unsaved link conditions with the related tables this page holds.
  useEffect(() => {
    setExtraMetadata(metadata);
    return () => setExtraMetadata(undefined);
  }, [metadata, setExtraMetadata]);
  const table = useMemo(() => metadata.tables.find((t) => t.logicalName === tableName), [metadata, tableName]);
  const initial = useMemo(() => draftOf(loaded.config), [loaded.config]);
  const [preset, setPreset] = useState<Preset>(initial.preset);
  const [root, setRoot] = useState<FilterGroup>(initial.root);
  const [sources, setSources] = useState<string[]>(initial.sources);
  const [importing, setImporting] = useState(false);
  // The config as last loaded or saved; the hook keeps it, and the draft is it with the edited filter.
  const [loadedBase, setLoadedBase] = useState(loaded.config);
  const syncFilter = useMemo(() => toSyncFilter(preset, root, sources), [preset, root, sources]);
  const config: TableConfig = useMemo(() => ({ ...loadedBase, syncFilter }), [loadedBase, syncFilter]);
  const editor = useRevisionedSave<TableConfig>({
    loaded: { value: loaded.config, revision: loaded.revision },
    draft: config,
    meaningOf: filterMeaning,
    // Overwriting keeps the rest of their config: this page only edits the filter.
    overwriteWith: (mine, theirs) => ({ ...theirs, syncFilter: mine.syncFilter }),
    save: ({ value, revision, base, overwrite }) =>
      save({ projectId, tableName, revision, config: value, base, ...(overwrite ? { overwrite: true } : {}) }),
    onLoad: (next) => {
      const d = draftOf(next);
      setLoadedBase(next);
      setPreset(d.preset);
      setRoot(d.root);
      setSources(d.sources);
    },
    savedMessage: (revision) => `Saved the sync filter of ${tableName} (revision ${revision}).`,
  });
  const { base, revision, dirty, pending } = editor;
  const online = base.syncMode === "online";
  const readOnly = !canEdit || online;

  // The validation panel sees the draft as saving would store it: the filter's columns selected.
  useEffect(() => {
    setTableDraft(tableName, dirty ? normalizeTableConfig(config, table) : undefined);
  }, [config, dirty, tableName, table, setTableDraft]);
  useEffect(() => () => setTableDraft(tableName, undefined), [tableName, setTableDraft]);

  // Problems: a condition without a column says so itself; everything else comes from validateFilter.
  const { byNode, general, errorCount } = useMemo(() => {
    const empty = new Set(collectEmptyColumns(root));
    const problems: FilterProblem[] = validateFilter(tableName, syncFilter, metadata, limits).filter(
      (p) => !(p.nodeId && empty.has(p.nodeId)),
    );
    for (const id of empty)
      problems.push({
        severity: "error",
        path: "",
        nodeId: id,
        table: tableName,
        message: "Pick a column for this condition, or remove it.",
      });
    const map = new Map<string, FilterProblem[]>();
    const rest: FilterProblem[] = [];
    for (const p of problems) {
      if (p.nodeId && p.nodeId !== root.id) map.set(p.nodeId, [...(map.get(p.nodeId) ?? []), p]);
      else rest.push(p);
    }
    return { byNode: map, general: rest, errorCount: problems.filter((p) => p.severity === "error").length };
  }, [root, syncFilter, tableName, metadata, limits]);

  // The outputs, for the related preset with the project's lookups when none are picked.
  const outputs = useMemo(() => {
    const forOutput: SyncFilter =
      preset === "related" && sources.length === 0
        ? { ...syncFilter, related: { sources: relatedCandidates.map((c) => ({ table: c.table, column: c.column })) } }
        : syncFilter;
    let fetchXml: string;
    try {
      fetchXml = toFetchXml(tableName, forOutput, { primaryIdColumn: table?.primaryIdColumn });
    } catch (error) {
      fetchXml = `Cannot write FetchXML yet: ${error instanceof Error ? error.message : String(error)}`;
    }
    let odata: string;
    try {
      const r = toODataFilter(tableName, forOutput, metadata);
      odata = r.ok ? r.filter || "(no $filter: every row)" : `No OData form: ${r.reason} (at ${r.path})`;
    } catch (error) {
      odata = `No OData form: ${error instanceof Error ? error.message : String(error)}`;
    }
    let text: string;
    try {
      text = filterToText(tableName, forOutput, metadata);
    } catch (error) {
      text = error instanceof Error ? error.message : String(error);
    }
    return { fetchXml, odata, text };
  }, [preset, sources, syncFilter, relatedCandidates, tableName, table, metadata]);

  const context = useMemo<EditorContextValue>(
    () => ({ metadata, readOnly, root, problems: byNode, change: (edit) => setRoot((r) => edit(r)) }),
    [metadata, readOnly, root, byNode],
  );

  const tableLabel = tablePluralLabel(table, tableName);
  const conditionCount = countConditions(root);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Stack gap={4}>
          <Anchor href={`/projects/${projectId}/tables/${tableName}`} size="sm">
            <Group gap={4}>
              <IconArrowLeft size={14} /> {tableSingularLabel(table, tableName)}
            </Group>
          </Anchor>
          <Title order={2}>Sync filter of {tableLabel}</Title>
          <Text size="sm" c="dimmed">
            Which rows of {tableName} reach the device. Revision {revision}
            {dirty ? " - unsaved changes" : ""}.
          </Text>
        </Stack>
        <Group gap="xs">
          <Button
            variant="default"
            leftSection={<IconFileImport size={16} />}
            onClick={() => setImporting(true)}
            disabled={readOnly}
          >
            Import FetchXML
          </Button>
          <Tooltip
            label={errorCount ? `Fix the ${errorCount} error(s) first` : dirty ? "Save the filter" : "Nothing to save"}
            disabled={!readOnly && !errorCount && dirty}
          >
            <Button
              leftSection={<IconDeviceFloppy size={16} />}
              onClick={editor.save}
              loading={pending}
              disabled={readOnly || !dirty || errorCount > 0}
            >
              Save
            </Button>
          </Tooltip>
        </Group>
      </Group>

      {online ? (
        <Alert color="blue" title="Online only">
          This table is online only: its rows never reach the device, so it has no sync filter. Set it to offline on the
          table page to filter it.
        </Alert>
      ) : !canEdit ? (
        <Alert color="gray" title="Read only">
          Your role can look at filters but not change them.
        </Alert>
      ) : null}

      <Grid gap="md" type="container" breakpoints={{ xs: "30em", sm: "40em", md: "50em", lg: "70em", xl: "90em" }}>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="md">
            <Paper withBorder p="md" radius="md">
              <Stack gap="sm">
                <Select
                  label="Rows to download"
                  data={PRESETS.map((p) => ({ value: p.value, label: p.label }))}
                  value={preset}
                  onChange={(v) => {
                    const parsed = PresetSchema.safeParse(v);
                    if (parsed.success) setPreset(parsed.data);
                  }}
                  description={PRESETS.find((p) => p.value === preset)?.description}
                  readOnly={readOnly}
                  allowDeselect={false}
                  w={360}
                />
                {preset === "related" ? (
                  <MultiSelect
                    label="Through these lookups"
                    description="Empty: every lookup of the project's offline tables that points to this table."
                    data={relatedCandidates.map((c) => ({ value: `${c.table}.${c.column}`, label: c.label }))}
                    value={sources}
                    onChange={setSources}
                    readOnly={readOnly}
                    searchable
                    nothingFoundMessage="No offline table of the project has a lookup to this table"
                  />
                ) : null}
              </Stack>
            </Paper>

            <Paper withBorder p="md" radius="md">
              <Group justify="space-between" mb="sm">
                <Title order={4}>
                  {preset === "custom" || preset === "all" ? "Conditions" : "And these conditions"}
                </Title>
                <Badge variant="light">{conditionCount} condition(s)</Badge>
              </Group>
              {general.length ? (
                <Alert
                  color={general.some((p) => p.severity === "error") ? "red" : "yellow"}
                  icon={<IconAlertCircle size={16} />}
                  mb="sm"
                  role="alert"
                >
                  <List size="sm">
                    {general.map((p, i) => (
                      <List.Item key={i}>{p.message}</List.Item>
                    ))}
                  </List>
                </Alert>
              ) : null}
              <EditorContext.Provider value={context}>
                <GroupEditor group={root} table={table} depth={0} />
              </EditorContext.Provider>
            </Paper>
          </Stack>
        </Grid.Col>

        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="md">
            <Paper withBorder p="md" radius="md">
              <Text size="xs" tt="uppercase" c="dimmed" fw={600} mb={4}>
                In words
              </Text>
              <Text size="sm" data-testid="filter-sentence">
                {outputs.text}
              </Text>
            </Paper>
            <Paper withBorder p="md" radius="md">
              <Tabs defaultValue="fetchxml" keepMounted>
                <Tabs.List mb="sm">
                  <Tabs.Tab value="fetchxml">FetchXML</Tabs.Tab>
                  <Tabs.Tab value="odata">OData $filter</Tabs.Tab>
                </Tabs.List>
                <Tabs.Panel value="fetchxml">
                  <OutputBlock label="FetchXML" text={outputs.fetchXml} testId="filter-fetchxml" />
                </Tabs.Panel>
                <Tabs.Panel value="odata">
                  <OutputBlock label="OData filter" text={outputs.odata} testId="filter-odata" />
                </Tabs.Panel>
              </Tabs>
            </Paper>
            {online ? null : (
              <FootprintPanel
                connected={footprint.connected}
                environmentName={footprint.environmentName}
                projectId={projectId}
                tableName={tableName}
                syncFilter={syncFilter}
                actions={footprint.actions}
              />
            )}
          </Stack>
        </Grid.Col>
      </Grid>

      <ImportFetchXmlModal
        opened={importing}
        onClose={() => setImporting(false)}
        tableName={tableName}
        metadata={metadata}
        hasConditions={conditionCount > 0}
        onImport={(filter) => {
          setRoot(filter);
          if (preset === "all") setPreset("custom");
          notifications.show({
            color: "blue",
            message: `Imported ${countConditions(filter)} condition(s). Save to keep them.`,
          });
        }}
      />

      <ConflictDialog
        editor={editor}
        title="Another admin saved this table meanwhile"
        reloadLabel="Load their version (drop my filter)"
        overwriteLabel="Save my filter over theirs"
      />
      <LeaveGuard when={dirty} what={`the sync filter of ${tableName}`} />
    </Stack>
  );
}
