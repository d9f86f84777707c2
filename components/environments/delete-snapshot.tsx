"use client";
// Deleting a snapshot nothing uses, after a confirmation. While a project or a published version uses it, the
// button is off and the page says which ones (the server checks again when asked, in the delete's transaction).
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Alert, Button, Group, List, Modal, Text } from "@mantine/core";
import { IconTrash } from "@tabler/icons-react";
import type { SnapshotUsage } from "@/lib/metadata/data";

type Result = { ok: true; data: unknown } | { ok: false; message: string };

export function DeleteSnapshot({
  snapshotId,
  name,
  environmentPath,
  usage,
  action,
}: {
  snapshotId: string;
  name: string;
  environmentPath: string;
  usage: SnapshotUsage;
  action: (input: { snapshotId: string }) => Promise<Result>;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const used = usage.projects.length > 0 || usage.versions.length > 0;
  return (
    <>
      <Button variant="subtle" color="red" leftSection={<IconTrash size={16} />} onClick={() => setOpen(true)}>
        Delete snapshot
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title="Delete this snapshot?">
        {used ? (
          <>
            <Text size="sm">This snapshot is in use and cannot be deleted. It is used by:</Text>
            <List size="sm" mt="xs" data-testid="snapshot-usage">
              {usage.projects.map((p) => (
                <List.Item key={p.id}>
                  project <a href={`/projects/${encodeURIComponent(p.id)}`}>{p.name}</a>
                </List.Item>
              ))}
              {usage.versions.map((v) => (
                <List.Item key={`${v.projectId}/${v.number}`}>
                  published version{" "}
                  <a href={`/projects/${encodeURIComponent(v.projectId)}/versions/${v.number}`}>
                    {v.projectName} v{v.number}
                  </a>
                </List.Item>
              ))}
            </List>
          </>
        ) : (
          <Text size="sm" style={{ overflowWrap: "anywhere" }}>
            &quot;{name}&quot; and the forms and views kept with it are deleted. No project or published version uses
            it. This cannot be undone.
          </Text>
        )}
        {error ? (
          <Alert color="red" mt="sm" role="alert">
            {error}
          </Alert>
        ) : null}
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button
            color="red"
            loading={pending}
            disabled={used}
            onClick={() =>
              startTransition(async () => {
                const result = await action({ snapshotId });
                if (!result.ok) return setError(result.message);
                router.push(environmentPath);
              })
            }
          >
            Delete
          </Button>
        </Group>
      </Modal>
    </>
  );
}
