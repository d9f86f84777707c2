"use client";
// One project: its enabled tables, security roles and priorities, settings (limits) and re-targeting,
// as tabs. Viewers see the same, without the buttons that change anything.
import { snapshotChoiceLabel } from "@/lib/metadata/snapshot-name";
import { useRouter, useSearchParams } from "next/navigation";
import { Tabs, Text } from "@mantine/core";
import type { ProjectAssignment } from "@/lib/customization/role-priority";
import { useWorkspace } from "./workspace";
import type { OverviewActions } from "./overview-actions";
import { TablesTab } from "./tables-tab";
import { RolesTab } from "./roles-tab";
import { SettingsTab } from "./settings-tab";
import { RetargetTab } from "./retarget-tab";

const TABS = ["tables", "roles", "settings", "retarget"] as const;
type Tab = (typeof TABS)[number];

export function ProjectOverview({
  actions,
  assignments,
}: {
  actions: OverviewActions;
  assignments: ProjectAssignment[];
}) {
  const params = useSearchParams();
  const router = useRouter();
  const { ws } = useWorkspace();
  const requested = params.get("tab") as Tab | null;
  const tab: Tab = requested && TABS.includes(requested) ? requested : "tables";
  return (
    <>
      <Text size="sm" c="dimmed" mb="sm">
        Environment <b>{ws.environment.name}</b> · snapshot <b>{snapshotChoiceLabel(ws.snapshot)}</b>
      </Text>
      <Tabs
        value={tab}
        onChange={(v) => router.replace(`/projects/${ws.projectId}?tab=${v ?? "tables"}`, { scroll: false })}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="tables">Tables ({ws.loaded.project.tables.length})</Tabs.Tab>
          <Tabs.Tab value="roles">Roles &amp; priority ({ws.loaded.project.roles.length})</Tabs.Tab>
          <Tabs.Tab value="settings">Settings</Tabs.Tab>
          <Tabs.Tab value="retarget">Re-target</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="tables">
          <TablesTab actions={actions} />
        </Tabs.Panel>
        <Tabs.Panel value="roles">
          <RolesTab actions={actions} assignments={assignments} />
        </Tabs.Panel>
        <Tabs.Panel value="settings">
          <SettingsTab actions={actions} />
        </Tabs.Panel>
        <Tabs.Panel value="retarget">
          <RetargetTab actions={actions} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
