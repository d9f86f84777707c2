"use client";
// Import from a live org: test the connection, refresh the org's security roles, and start an import that
// runs on the server while this panel polls its progress (tables done / total).
import { useEffect, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Alert, Button, Group, Progress, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconCloudDownload, IconPlugConnected, IconShieldLock } from "@tabler/icons-react";
import { countOf } from "@/lib/format/count";

type Result<T> =
  | { ok: true; data: T }
  | { ok: false; code: string; message: string; problems: Array<{ path: string; message: string }> };

interface JobState {
  id: string;
  status: "running" | "done" | "failed";
  done: number;
  total: number;
  message: string | null;
}

export interface LiveOrgPanelProps {
  environmentId: string;
  ready: boolean;
  /** What is missing before the org can be read, when not ready. */
  missing: string[];
  rolesSummary: string;
  initialJob: JobState | null;
  actions: {
    testConnection: (input: { environmentId: string }) => Promise<Result<{ orgUrl: string; userId: string }>>;
    refreshRoles: (input: { environmentId: string }) => Promise<Result<{ count: number }>>;
    startImport: (input: { environmentId: string }) => Promise<Result<{ jobId: string }>>;
  };
}

const POLL_MS = 700;

export function LiveOrgPanel({ environmentId, ready, missing, rolesSummary, initialJob, actions }: LiveOrgPanelProps) {
  const router = useRouter();
  const [job, setJob] = useState<JobState | null>(initialJob);
  const [checking, startCheck] = useTransition();
  const [refreshing, startRefresh] = useTransition();
  const [starting, startStart] = useTransition();
  const [problem, setProblem] = useState<string | null>(null);

  // The job being watched; polling runs while it is set.
  const [watching, setWatching] = useState<string | null>(initialJob?.status === "running" ? initialJob.id : null);

  useEffect(() => {
    if (!watching) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const response = await fetch(
          `/api/environments/${encodeURIComponent(environmentId)}/import-jobs/${encodeURIComponent(watching)}`,
          { cache: "no-store" },
        );
        if (response.ok && !stopped) {
          const next = (await response.json()) as JobState;
          setJob(next);
          if (next.status !== "running") {
            setWatching(null);
            router.refresh();
            return;
          }
        }
      } catch {
        // A missed poll is retried on the next tick.
      }
      if (!stopped) timer = setTimeout(() => void tick(), POLL_MS);
    };
    timer = setTimeout(() => void tick(), POLL_MS);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [watching, environmentId, router]);

  const running = job?.status === "running";
  const percent = job && job.total > 0 ? Math.round((job.done / job.total) * 100) : 0;

  return (
    <Stack gap="sm">
      {!ready ? (
        <Text size="sm" c="dimmed">
          To read the org directly, set its {missing.join(", ")} under Connection.
        </Text>
      ) : (
        <Text size="sm" c="dimmed">
          Reads every table&apos;s columns, relationships and option sets through the Web API, a few tables at a time,
          well inside Dataverse&apos;s service protection limits.
        </Text>
      )}
      <Group>
        <Button
          leftSection={<IconCloudDownload size={16} />}
          disabled={!ready || running}
          loading={starting}
          onClick={() =>
            startStart(async () => {
              setProblem(null);
              const result = await actions.startImport({ environmentId });
              if (!result.ok) return setProblem(result.message);
              setJob({ id: result.data.jobId, status: "running", done: 0, total: 0, message: null });
              setWatching(result.data.jobId);
            })
          }
        >
          Import from org
        </Button>
        <Button
          variant="default"
          leftSection={<IconPlugConnected size={16} />}
          disabled={!ready}
          loading={checking}
          onClick={() =>
            startCheck(async () => {
              setProblem(null);
              const result = await actions.testConnection({ environmentId });
              if (!result.ok) return setProblem(result.message);
              notifications.show({
                color: "green",
                title: "Connected",
                message: `${result.data.orgUrl} answered as application user ${result.data.userId}.`,
              });
            })
          }
        >
          Test connection
        </Button>
        <Button
          variant="default"
          leftSection={<IconShieldLock size={16} />}
          disabled={!ready}
          loading={refreshing}
          onClick={() =>
            startRefresh(async () => {
              setProblem(null);
              const result = await actions.refreshRoles({ environmentId });
              if (!result.ok) return setProblem(result.message);
              notifications.show({ color: "green", message: `Read ${result.data.count} security roles.` });
              router.refresh();
            })
          }
        >
          Refresh security roles
        </Button>
      </Group>
      <Text size="xs" c="dimmed">
        {rolesSummary}
      </Text>
      {problem ? (
        <Alert color="red" title="The org did not answer as expected" role="alert">
          {problem}
        </Alert>
      ) : null}
      {job ? (
        <Stack gap={4} aria-live="polite">
          {running ? (
            <>
              <Progress
                value={job.total > 0 ? percent : 100}
                animated
                striped={job.total === 0}
                aria-label="Import progress"
              />
              <Text size="sm" data-testid="import-progress">
                {job.total > 0 ? `${job.done} of ${countOf(job.total, "table")} done` : "Reading the table list..."}
              </Text>
            </>
          ) : job.status === "done" ? (
            <Alert color="green" title="Import finished">
              {job.message}
            </Alert>
          ) : (
            <Alert color="red" title="Import failed" role="alert">
              {job.message}
            </Alert>
          )}
        </Stack>
      ) : null}
    </Stack>
  );
}
