"use client";
// The project screens' frame: holds the loaded project and the admin's unsaved edits, re-validates the
// whole project in the browser after every edit, and shows the validation panel beside every project page.
import { createContext, useCallback, useContext, useMemo, useState } from "react";
import { useLocalStorage } from "@mantine/hooks";
import { Box } from "@mantine/core";
import { usePathname } from "next/navigation";
import { validateProject, type ValidationIssue } from "@/lib/customization/validate";
import { columnNameIn, nameText, tableNameIn } from "@/lib/metadata/naming";
import { ValidationPanel, type AcknowledgeActions } from "./validation-panel";
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

export { issueHref, ValidationPanel } from "./validation-panel";

/** Whether the admin hid the validation panel, kept in this browser across pages and visits. */
const PANEL_COLLAPSED_KEY = "syncwright.validationPanel.collapsed";

function usePanelCollapsed(): [boolean, (collapsed: boolean) => void] {
  // Read after hydration, so the server's render (panel shown) and the browser's first render agree.
  const [collapsed, setCollapsed] = useLocalStorage<boolean>({
    key: PANEL_COLLAPSED_KEY,
    defaultValue: false,
    getInitialValueInEffect: true,
  });
  return [collapsed, setCollapsed];
}

export function ProjectWorkspaceFrame({
  ws,
  canEdit,
  canManageRoles,
  acknowledgeActions,
  children,
}: {
  ws: ProjectWorkspace;
  canEdit: boolean;
  canManageRoles: boolean;
  /** Given to editors: the panel lets them acknowledge warnings. */
  acknowledgeActions?: AcknowledgeActions;
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
  const [collapsed, setCollapsed] = usePanelCollapsed();
  const tableLabel = useCallback((table: string) => nameText(tableNameIn(metadata, table)), [metadata]);
  const columnLabel = useCallback(
    (table: string, column: string) => nameText(columnNameIn(metadata, table, column)),
    [metadata],
  );

  return (
    <WorkspaceContext.Provider value={value}>
      {withPanel ? (
        <Box
          style={{
            display: "grid",
            gridTemplateColumns: collapsed ? "minmax(0, 1fr) auto" : "minmax(0, 1fr) 360px",
            gap: "var(--mantine-spacing-lg)",
            alignItems: "start",
          }}
        >
          <Box style={{ minWidth: 0 }}>{children}</Box>
          <Box style={{ position: "sticky", top: 72 }}>
            <ValidationPanel
              projectId={ws.projectId}
              issues={issues}
              acknowledgements={saved.settings.acknowledgements}
              tableLabel={tableLabel}
              columnLabel={columnLabel}
              revision={ws.loaded.projectRevision}
              actions={canEdit ? acknowledgeActions : undefined}
              collapsed={collapsed}
              onCollapsedChange={setCollapsed}
            />
          </Box>
        </Box>
      ) : (
        <Box style={{ minWidth: 0 }}>{children}</Box>
      )}
    </WorkspaceContext.Provider>
  );
}
