"use client";
// Deleting an environment, after a confirmation that says what goes with it. Refused (with the projects named)
// while a project is built on it.
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Alert, Button, Group, Modal, Text } from "@mantine/core";
import { IconTrash } from "@tabler/icons-react";
import { countOf } from "@/lib/format/count";

type Result = { ok: true; data: unknown } | { ok: false; message: string };

export function DeleteEnvironment({
  environmentId,
  name,
  snapshotCount,
  projectCount,
  action,
}: {
  environmentId: string;
  name: string;
  snapshotCount: number;
  projectCount: number;
  action: (input: { environmentId: string }) => Promise<Result>;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <>
      <Button variant="subtle" color="red" leftSection={<IconTrash size={16} />} onClick={() => setOpen(true)}>
        Delete environment
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={`Delete ${name}?`}>
        {projectCount > 0 ? (
          <Text size="sm">
            {projectCount === 1 ? "A project is" : `${projectCount} projects are`} built on this environment. Move{" "}
            {projectCount === 1 ? "it" : "them"} to another environment or delete {projectCount === 1 ? "it" : "them"}{" "}
            first.
          </Text>
        ) : (
          <Text size="sm">
            Its connection, its client secret and its {countOf(snapshotCount, "metadata snapshot")} are deleted. This
            cannot be undone.
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
            disabled={projectCount > 0}
            onClick={() =>
              startTransition(async () => {
                const result = await action({ environmentId });
                if (!result.ok) return setError(result.message);
                router.push("/environments");
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
