"use client";
// A delete button and its confirmation: the dialog says what goes (or why it cannot), the delete runs the server
// action, shows its refusal in the dialog, and opens `then` once it is done. Environments and snapshots use it.
import { useState, useTransition, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@mantine/core";
import { IconTrash } from "@tabler/icons-react";
import type { ActionResult } from "@/components/projects/action-result";
import { ConfirmDialog } from "@/components/shell/confirm-dialog";

export function ConfirmDelete({
  label,
  title,
  blocked,
  run,
  then,
  children,
}: {
  /** The button's text, e.g. "Delete snapshot". */
  label: string;
  title: string;
  /** The delete is refused up front (the dialog says why). */
  blocked: boolean;
  run: () => Promise<ActionResult<unknown>>;
  /** Where to go once deleted. */
  then: string;
  /** What the dialog says. */
  children: ReactNode;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <>
      <Button variant="subtle" color="red" leftSection={<IconTrash size={16} />} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <ConfirmDialog
        opened={open}
        onClose={() => setOpen(false)}
        title={title}
        confirmLabel="Delete"
        color="red"
        pending={pending}
        disabled={blocked}
        error={error}
        onConfirm={() =>
          startTransition(async () => {
            const result = await run();
            if (!result.ok) return setError(result.message);
            router.push(then);
          })
        }
      >
        {children}
      </ConfirmDialog>
    </>
  );
}
