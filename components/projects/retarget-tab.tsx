"use client";
// The Re-target tab of a project: move it to another snapshot of its environment after seeing what changes.
import { snapshotChoiceLabel } from "@/lib/metadata/snapshot-name";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Alert, Badge, Button, Group, Paper, Select, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconArrowRight } from "@tabler/icons-react";
import type { RetargetImpact } from "@/lib/customization/retarget";
import { useWorkspace } from "./workspace";
import { reportFailure } from "./action-result";
import type { OverviewActions } from "./overview-actions";

export function RetargetTab({ actions }: { actions: OverviewActions }) {
  const { ws, canEdit } = useWorkspace();
  const router = useRouter();
  const [snapshotId, setSnapshotId] = useState<string | null>(null);
  const [impact, setImpact] = useState<RetargetImpact | null>(null);
  const [pending, startTransition] = useTransition();
  const others = ws.snapshots.filter((s) => s.id !== ws.snapshot.id);
  const label = snapshotChoiceLabel;

  function preview(id: string | null) {
    setSnapshotId(id);
    setImpact(null);
    if (!id) return;
    startTransition(async () => {
      const result = await actions.previewRetarget({ projectId: ws.projectId, snapshotId: id });
      if (reportFailure(result, "No preview")) setImpact(result.data);
    });
  }
  function accept() {
    if (!snapshotId) return;
    startTransition(async () => {
      const result = await actions.retarget({
        projectId: ws.projectId,
        revision: ws.loaded.projectRevision,
        snapshotId,
      });
      if (reportFailure(result, "Not re-targeted")) {
        notifications.show({ color: "green", message: `Re-targeted: ${result.data.summary}` });
        setImpact(null);
        setSnapshotId(null);
        router.refresh();
      }
    });
  }
  return (
    <Stack maw={760}>
      <Text size="sm">
        Validated against <b>{label(ws.snapshot)}</b> of environment <b>{ws.environment.name}</b>.
      </Text>
      {others.length === 0 ? (
        <Alert color="gray">
          This environment has no other snapshot. Import the org&apos;s metadata again under Environments to get a newer
          one.
        </Alert>
      ) : (
        <Select
          label="Re-target to snapshot"
          placeholder="Pick a snapshot to see what changes for this project"
          data={others.map((s) => ({ value: s.id, label: label(s) }))}
          value={snapshotId}
          onChange={preview}
          clearable
        />
      )}
      {pending && !impact ? (
        <Text size="sm" c="dimmed">
          Comparing…
        </Text>
      ) : null}
      {impact ? (
        <Paper withBorder p="md" data-testid="retarget-impact">
          <Title order={5} mb="xs">
            {impact.summary}
          </Title>
          <Stack gap={4}>
            {impact.changes.map((c, i) => (
              <Group key={i} gap="xs" wrap="nowrap" align="flex-start">
                <Badge
                  size="sm"
                  color={c.severity === "error" ? "red" : c.severity === "warning" ? "yellow" : "blue"}
                  w={70}
                >
                  {c.severity}
                </Badge>
                <Text size="sm">{c.message}</Text>
              </Group>
            ))}
          </Stack>
          {canEdit ? (
            <Group mt="md">
              <Button onClick={accept} loading={pending} rightSection={<IconArrowRight size={16} />}>
                Accept and re-target
              </Button>
              <Button variant="default" onClick={() => preview(null)}>
                Cancel
              </Button>
            </Group>
          ) : null}
        </Paper>
      ) : null}
    </Stack>
  );
}
