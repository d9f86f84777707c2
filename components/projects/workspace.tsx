"use client";
// The project screens' frame: holds the loaded project and the admin's unsaved edits, re-validates the
// whole project in the browser after every edit, and shows the validation panel beside every project page.
import { createContext, useCallback, useContext, useMemo, useState } from "react";
import {
  Anchor,
  Badge,
  Box,
  Group,
  Paper,
  ScrollArea,
  SegmentedControl,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from "@mantine/core";
import { IconAlertCircle, IconAlertTriangle, IconCircleCheck, IconInfoCircle } from "@tabler/icons-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { validateProject, type Severity, type ValidationIssue } from "@/lib/customization/validate";
import type { ProjectDocument, ProjectRole, ProjectSettings, TableConfig } from "@/lib/customization/schema";
import type { ProjectWorkspace } from "@/lib/customization/data";
import type { MetadataDocument } from "@/lib/metadata/schema";
import { showsDraftValidation } from "@/lib/customization/workspace-scope";

export interface WorkspaceValue {
  ws: ProjectWorkspace;
  canEdit: boolean;
  canManageRoles: boolean;
  /** The project as saved plus the unsaved edits of this browser. */
  project: ProjectDocument;
  issues: ValidationIssue[];
  setTableDraft(table: string, config: TableConfig | undefined): void;
  setRolesDraft(roles: ProjectRole[] | undefined): void;
  setSettingsDraft(settings: ProjectSettings | undefined): void;
  /** A page that holds more of the snapshot (the filter editor: every related table) lends it to validation. */
  setExtraMetadata(metadata: MetadataDocument | undefined): void;
}

/** The workspace's metadata plus tables and relationships a page lent it, each once. */
function withExtraMetadata(base: MetadataDocument, extra: MetadataDocument | undefined): MetadataDocument {
  if (!extra) return base;
  const tables = new Map(base.tables.map((t) => [t.logicalName, t]));
  for (const t of extra.tables) if (!tables.has(t.logicalName)) tables.set(t.logicalName, t);
  const relationships = new Map(base.relationships.map((r) => [r.schemaName, r]));
  for (const r of extra.relationships) if (!relationships.has(r.schemaName)) relationships.set(r.schemaName, r);
  return { ...base, tables: [...tables.values()], relationships: [...relationships.values()] };
}

const WorkspaceContext = createContext<WorkspaceValue | null>(null);

export function useWorkspace(): WorkspaceValue {
  const value = useContext(WorkspaceContext);
  if (!value) throw new Error("useWorkspace outside ProjectWorkspaceFrame");
  return value;
}

/** Where an issue's path ("tables/contact/columns/fax") leads in the portal. */
export function issueHref(projectId: string, path: string): string {
  const base = `/projects/${projectId}`;
  const parts = path.split("/");
  if (parts[0] === "tables" && parts[1]) {
    const table = `${base}/tables/${parts[1]}`;
    if (parts[2] === "syncFilter") return `${table}/filter`;
    // Views and forms open in their designers, at the element the issue is about.
    if ((parts[2] === "forms" || parts[2] === "views") && parts[3]) {
      return `${table}/${parts[2]}/${parts[3]}${parts[4] ? `#${parts[4]}` : ""}`;
    }
    if (parts[2] === "forms" || parts[2] === "views") return `${table}/${parts[2]}`;
    if (parts.length > 2) return `${table}#${parts.slice(2, 4).join("-")}`;
    return table;
  }
  if (parts[0] === "roles") return `${base}?tab=roles`;
  if (parts[0] === "settings") return `${base}?tab=settings`;
  return `${base}?tab=tables`;
}

const SEVERITY: Record<Severity, { color: string; icon: React.ReactNode; label: string }> = {
  error: { color: "red", icon: <IconAlertCircle size={14} />, label: "Errors" },
  warning: { color: "yellow", icon: <IconAlertTriangle size={14} />, label: "Warnings" },
  info: { color: "blue", icon: <IconInfoCircle size={14} />, label: "Notes" },
};

/**
 * A jump to another page goes through the router; a jump within this page (#columns-fax) is a plain
 * link, so the browser fires hashchange and the page can reveal the column.
 */
function IssueLink({ href, children }: { href: string; children: React.ReactNode }) {
  const pathname = usePathname();
  const samePage = href.includes("#") && href.split("#")[0] === pathname;
  return samePage ? (
    <Anchor href={href} size="xs" fw={600}>
      {children}
    </Anchor>
  ) : (
    <Anchor component={Link} href={href} size="xs" fw={600}>
      {children}
    </Anchor>
  );
}

export function ValidationPanel({ projectId, issues }: { projectId: string; issues: ValidationIssue[] }) {
  const [shown, setShown] = useState<"all" | Severity>("all");
  const counts = { error: 0, warning: 0, info: 0 };
  for (const i of issues) counts[i.severity]++;
  const visible = shown === "all" ? issues : issues.filter((i) => i.severity === shown);
  return (
    <Paper withBorder p="md" radius="md" component="aside" aria-label="Validation" data-testid="validation-panel">
      <Group justify="space-between" mb="xs">
        <Title order={5}>Validation</Title>
        <Group gap={4}>
          {(Object.keys(SEVERITY) as Severity[]).map((s) => (
            <Badge
              key={s}
              color={SEVERITY[s].color}
              variant={counts[s] ? "filled" : "light"}
              leftSection={SEVERITY[s].icon}
              aria-label={`${counts[s]} ${SEVERITY[s].label.toLowerCase()}`}
            >
              {counts[s]}
            </Badge>
          ))}
        </Group>
      </Group>
      <Text size="xs" c="dimmed" mb="xs">
        {counts.error ? "Errors block publishing; warnings and notes do not." : "Nothing blocks publishing."} Updates as
        you edit.
      </Text>
      <SegmentedControl
        size="xs"
        fullWidth
        value={shown}
        onChange={(v) => setShown(v as typeof shown)}
        data={[
          { value: "all", label: `All ${issues.length}` },
          { value: "error", label: `Errors ${counts.error}` },
          { value: "warning", label: `Warnings ${counts.warning}` },
          { value: "info", label: `Notes ${counts.info}` },
        ]}
        mb="sm"
        aria-label="Show issues of severity"
      />
      {visible.length === 0 ? (
        <Group gap="xs" py="md" justify="center">
          <ThemeIcon color="green" variant="light" radius="xl">
            <IconCircleCheck size={16} />
          </ThemeIcon>
          <Text size="sm" c="dimmed">
            {issues.length === 0 ? "No problems found." : "None of this severity."}
          </Text>
        </Group>
      ) : (
        <ScrollArea.Autosize mah="calc(100vh - 260px)" type="auto" offsetScrollbars>
          <Stack gap="xs" component="ul" style={{ listStyle: "none", padding: 0, margin: 0 }}>
            {visible.slice(0, 500).map((issue) => (
              <Box component="li" key={issue.id} data-severity={issue.severity}>
                <Group gap={6} wrap="nowrap" align="flex-start">
                  <ThemeIcon
                    size="sm"
                    color={SEVERITY[issue.severity].color}
                    variant="light"
                    mt={2}
                    aria-label={issue.severity}
                  >
                    {SEVERITY[issue.severity].icon}
                  </ThemeIcon>
                  <Box style={{ minWidth: 0 }}>
                    <IssueLink href={issueHref(projectId, issue.path)}>
                      {issue.table ? `${issue.table}${issue.column ? `.${issue.column}` : ""}` : issue.path}
                    </IssueLink>
                    <Text size="xs" style={{ overflowWrap: "anywhere" }}>
                      {issue.message}
                    </Text>
                  </Box>
                </Group>
              </Box>
            ))}
            {visible.length > 500 ? (
              <Text size="xs" c="dimmed">
                and {visible.length - 500} more
              </Text>
            ) : null}
          </Stack>
        </ScrollArea.Autosize>
      )}
    </Paper>
  );
}

export function ProjectWorkspaceFrame({
  ws,
  canEdit,
  canManageRoles,
  children,
}: {
  ws: ProjectWorkspace;
  canEdit: boolean;
  canManageRoles: boolean;
  children: React.ReactNode;
}) {
  const [tableDrafts, setTableDrafts] = useState<Record<string, TableConfig>>({});
  const [rolesDraft, setRolesDraft] = useState<ProjectRole[]>();
  const [settingsDraft, setSettingsDraft] = useState<ProjectSettings>();
  const [extraMetadata, setExtraMetadata] = useState<MetadataDocument>();
  const saved = ws.loaded.project;

  const project = useMemo<ProjectDocument>(() => {
    const hasDrafts = Object.keys(tableDrafts).length > 0;
    return {
      ...saved,
      roles: rolesDraft ?? saved.roles,
      settings: settingsDraft ?? saved.settings,
      tables: hasDrafts ? saved.tables.map((t) => tableDrafts[t.tableName] ?? t) : saved.tables,
    };
  }, [saved, tableDrafts, rolesDraft, settingsDraft]);

  const metadata = useMemo(() => withExtraMetadata(ws.metadata, extraMetadata), [ws.metadata, extraMetadata]);
  const issues = useMemo(
    () => validateProject(project, metadata, { knownRoles: ws.knownRoles }),
    [project, metadata, ws.knownRoles],
  );

  const setTableDraft = useCallback((table: string, config: TableConfig | undefined) => {
    setTableDrafts((drafts) => {
      const next = { ...drafts };
      if (config) next[table] = config;
      else delete next[table];
      return next;
    });
  }, []);

  const value = useMemo<WorkspaceValue>(
    () => ({
      ws,
      canEdit,
      canManageRoles,
      project,
      issues,
      setTableDraft,
      setRolesDraft,
      setSettingsDraft,
      setExtraMetadata,
    }),
    [ws, canEdit, canManageRoles, project, issues, setTableDraft],
  );

  // A published version's page shows what the version recorded, not the draft's validation.
  const withPanel = showsDraftValidation(usePathname() ?? "");

  return (
    <WorkspaceContext.Provider value={value}>
      {withPanel ? (
        <Box
          style={{
            display: "grid",
            gridTemplateColumns: "minmax(0, 1fr) 340px",
            gap: "var(--mantine-spacing-lg)",
            alignItems: "start",
          }}
        >
          <Box style={{ minWidth: 0 }}>{children}</Box>
          <Box style={{ position: "sticky", top: 72 }}>
            <ValidationPanel projectId={ws.projectId} issues={issues} />
          </Box>
        </Box>
      ) : (
        <Box style={{ minWidth: 0 }}>{children}</Box>
      )}
    </WorkspaceContext.Provider>
  );
}
