"use client";
// "What will this download?": on demand (never while typing), counts the filter's rows in the live org as a
// chosen user, shows the estimated size, when it was counted, and the project's totals against its limits.
import { useEffect, useState, useTransition } from "react";
import { Alert, Button, Group, Paper, Select, Stack, Text, Title } from "@mantine/core";
import { IconGauge, IconPlugConnectedX } from "@tabler/icons-react";
import type { SyncFilter } from "@/lib/filters/schema";
import { formatBytes } from "@/lib/filters/row-size";
import type { CachedCount, OrgUser, ProjectFootprint } from "@/lib/customization/footprint-data";
import type { ActionResult } from "@/components/projects/action-result";
import { countOf } from "@/lib/format/count";

/** A table's count as the preview answers it. */
export type FootprintCount = CachedCount;

/** The project's totals as the previews answer them. */
export type FootprintProject = Pick<ProjectFootprint, "totals" | "uncounted">;

export interface FootprintActions {
  users(input: { projectId: string }): Promise<ActionResult<OrgUser[]>>;
  preview(input: {
    projectId: string;
    tableName: string;
    syncFilter?: SyncFilter;
    callerObjectId?: string | null;
  }): Promise<ActionResult<{ count: FootprintCount; project: FootprintProject }>>;
  /** Counts every offline table with its saved filter. */
  previewProject(input: { projectId: string; callerObjectId?: string | null }): Promise<ActionResult<FootprintProject>>;
}

/** "just now", "5 minutes ago", "3 hours ago", "2 days ago". */
export function ago(iso: string, now: number): string {
  const minutes = Math.floor((now - Date.parse(iso)) / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${countOf(minutes, "minute")} ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${countOf(hours, "hour")} ago`;
  const days = Math.floor(hours / 24);
  return `${countOf(days, "day")} ago`;
}

export function FootprintPanel({
  connected,
  environmentName,
  projectId,
  tableName,
  syncFilter,
  actions,
}: {
  connected: boolean;
  environmentName: string;
  projectId: string;
  tableName: string;
  syncFilter: SyncFilter;
  actions: FootprintActions;
}) {
  const [users, setUsers] = useState<Array<{ value: string; label: string }> | null>(null);
  const [user, setUser] = useState<string | null>(null);
  const [result, setResult] = useState<{ count: FootprintCount; project: FootprintProject; filterKey: string } | null>(
    null,
  );
  const [projectResult, setProjectResult] = useState<FootprintProject | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const [now, setNow] = useState(() => Date.now());
  const filterKey = JSON.stringify(syncFilter);

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);

  if (!connected) {
    return (
      <Paper withBorder p="md" radius="md">
        <Group gap="xs" mb={4}>
          <IconPlugConnectedX size={18} aria-hidden />
          <Title order={4}>Footprint</Title>
        </Group>
        <Text size="sm" c="dimmed">
          Connect the environment to preview row counts. {environmentName} has metadata only, so Syncwright cannot ask
          the org how many rows this filter returns.
        </Text>
      </Paper>
    );
  }

  const loadUsers = () => {
    if (users) return;
    start(async () => {
      const r = await actions.users({ projectId });
      if (r.ok) setUsers(r.data.map((u) => ({ value: u.objectId, label: u.name })));
      else setError(r.message);
    });
  };

  const preview = () => {
    setError(null);
    start(async () => {
      const r = await actions.preview({ projectId, tableName, syncFilter, callerObjectId: user });
      if (r.ok) {
        setResult({ ...r.data, filterKey });
        setProjectResult(r.data.project);
        setNow(Date.now());
      } else setError(r.message);
    });
  };

  const previewProject = () => {
    setError(null);
    start(async () => {
      const r = await actions.previewProject({ projectId, callerObjectId: user });
      if (r.ok) setProjectResult(r.data);
      else setError(r.message);
    });
  };

  const stale = result && result.filterKey !== filterKey;
  const fmt = (n: number) => n.toLocaleString("en-US");
  return (
    <Paper withBorder p="md" radius="md" aria-busy={pending}>
      <Stack gap="xs">
        <Group gap="xs">
          <IconGauge size={18} aria-hidden />
          <Title order={4}>Footprint</Title>
        </Group>
        <Select
          label="Count as"
          description="The user whose rows the filter returns (my rows, my team's rows)"
          placeholder="The application user"
          data={users ?? []}
          value={user}
          onChange={setUser}
          onDropdownOpen={loadUsers}
          onFocus={loadUsers}
          searchable
          clearable
          nothingFoundMessage={users ? "No user matches" : "Loading users..."}
        />
        <Group gap="xs" grow>
          <Button onClick={preview} loading={pending} leftSection={<IconGauge size={16} />}>
            Preview
          </Button>
          <Button variant="light" onClick={previewProject} loading={pending}>
            Count every table
          </Button>
        </Group>
        {error ? (
          <Alert color="red" title="Could not count">
            {error}
          </Alert>
        ) : null}
        {result ? (
          <Stack gap={4} data-testid="footprint-result" opacity={stale ? 0.6 : 1}>
            <Text size="xl" fw={700}>
              {result.count.exact ? "" : "more than "}
              {fmt(result.count.rows)} rows
            </Text>
            <Text size="sm">
              about {formatBytes(result.count.bytes)} ({fmt(result.count.rowBytes)} bytes per row from the selected
              columns)
            </Text>
            <Text size="xs" c="dimmed">
              counted {ago(result.count.countedAt, now)}
              {result.count.method === "paging" ? " by paging (over 50,000 rows)" : ""}
              {stale ? " - the filter changed since: preview again" : ""}
            </Text>
          </Stack>
        ) : (
          <Text size="xs" c="dimmed">
            Counting runs in the org and may take a few seconds; editing goes on meanwhile.
          </Text>
        )}
        {projectResult ? (
          <Alert
            color={
              projectResult.totals.level === "error"
                ? "red"
                : projectResult.totals.level === "warning"
                  ? "yellow"
                  : "green"
            }
            title="Whole project"
          >
            <Text size="sm">{projectResult.totals.message}</Text>
            <Text size="xs" c="dimmed" mt={4}>
              about {formatBytes(projectResult.totals.bytes)} in all
            </Text>
            {projectResult.uncounted.length ? (
              <Text size="xs" c="dimmed" mt={4}>
                Not counted yet for this user: {projectResult.uncounted.join(", ")}
              </Text>
            ) : null}
          </Alert>
        ) : null}
      </Stack>
    </Paper>
  );
}
