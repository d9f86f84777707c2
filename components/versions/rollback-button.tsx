"use client";
// Rollback: publishes an older version's content again as a new version, after a confirmation.
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Button, Text } from "@mantine/core";
import type { ActionResult } from "@/app/_server/define-action";
import { ConfirmDialog } from "@/components/shell/confirm-dialog";

export function RollbackButton(props: {
  projectId: string;
  number: number;
  latest: number;
  rollback: (input: { projectId: string; number: number }) => Promise<ActionResult<{ number: number; from: number }>>;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const confirm = () =>
    start(async () => {
      const r = await props.rollback({ projectId: props.projectId, number: props.number });
      if (r.ok) {
        setOpen(false);
        router.push(`/projects/${props.projectId}/versions/${r.data.number}`);
        router.refresh();
      } else setError(r.message);
    });
  return (
    <>
      <Button size="xs" variant="light" color="orange" onClick={() => setOpen(true)}>
        Roll back to v{props.number}
      </Button>
      <ConfirmDialog
        opened={open}
        onClose={() => setOpen(false)}
        title={`Roll back to version ${props.number}?`}
        confirmLabel={`Publish as version ${props.latest + 1}`}
        color="orange"
        onConfirm={confirm}
        pending={pending}
        error={error}
      >
        <Text size="sm">
          This publishes the content of version {props.number} as version {props.latest + 1}. Devices get it on their
          next sync. Versions 1–{props.latest} stay as they are; the project&apos;s draft is not changed.
        </Text>
      </ConfirmDialog>
    </>
  );
}
