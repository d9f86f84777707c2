"use client";
// A snapshot's name as the page title, renamed in place by an editor: the name goes with the revision seen, so a
// rename made meanwhile by someone else comes back as a conflict instead of being overwritten.
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { ActionIcon, Alert, Button, Group, TextInput, Title, Tooltip } from "@mantine/core";
import { IconPencil } from "@tabler/icons-react";
import { SNAPSHOT_NAME_MAX } from "@/lib/metadata/snapshot-name";

type Result = { ok: true; data: unknown } | { ok: false; message: string; problems?: Array<{ message: string }> };

export function SnapshotName({
  snapshotId,
  name,
  revision,
  canRename,
  action,
}: {
  snapshotId: string;
  name: string;
  revision: number;
  canRename: boolean;
  action: (input: { snapshotId: string; revision: number; name: string }) => Promise<Result>;
}) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(name);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  if (!editing)
    return (
      <Group gap="xs" wrap="nowrap" align="center">
        <Title order={2} data-testid="snapshot-name" style={{ overflowWrap: "anywhere" }}>
          {name}
        </Title>
        {canRename ? (
          <Tooltip label="Rename">
            <ActionIcon
              variant="subtle"
              aria-label="Rename snapshot"
              onClick={() => {
                setDraft(name);
                setError(null);
                setEditing(true);
              }}
            >
              <IconPencil size={18} />
            </ActionIcon>
          </Tooltip>
        ) : null}
      </Group>
    );

  const save = () =>
    startTransition(async () => {
      const result = await action({ snapshotId, revision, name: draft });
      if (!result.ok) return setError(result.problems?.[0]?.message ?? result.message);
      setEditing(false);
      router.refresh();
    });

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <Group gap="xs" align="flex-start" wrap="wrap">
        <TextInput
          label="Snapshot name"
          value={draft}
          onChange={(e) => setDraft(e.currentTarget.value)}
          maxLength={SNAPSHOT_NAME_MAX}
          w={520}
          maw="100%"
          data-autofocus
          autoFocus
          error={error}
          onKeyDown={(e) => {
            if (e.key === "Escape") setEditing(false);
          }}
        />
        <Group gap="xs" mt={25}>
          <Button type="submit" loading={pending} disabled={draft.trim() === ""}>
            Save name
          </Button>
          <Button variant="default" onClick={() => setEditing(false)}>
            Cancel
          </Button>
        </Group>
      </Group>
      {error && error.includes("Reload") ? (
        <Alert color="yellow" mt="xs" role="alert">
          {error}
        </Alert>
      ) : null}
    </form>
  );
}
