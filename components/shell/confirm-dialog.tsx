"use client";
// The confirmation before a server action that changes something a person cannot simply undo (delete, roll back,
// lock or wipe a device): what it does, the action's refusal when it was refused, Cancel and the confirming button,
// busy while the action runs. Its owner opens and closes it and runs the action.
import type { ReactNode } from "react";
import { Alert, Button, Group, Modal, Stack, type MantineColor } from "@mantine/core";

export function ConfirmDialog({
  opened,
  onClose,
  title,
  children,
  confirmLabel,
  color,
  onConfirm,
  pending = false,
  disabled = false,
  error = null,
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  /** What the action does, in the dialog's words. */
  children: ReactNode;
  confirmLabel: ReactNode;
  color?: MantineColor;
  onConfirm: () => void;
  /** The action is running: the confirming button shows it. */
  pending?: boolean;
  /** The action is refused up front (the dialog's text says why). */
  disabled?: boolean;
  /** The action's refusal, shown above the buttons. */
  error?: string | null;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={title}>
      <Stack gap="sm">
        {children}
        {error ? (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        ) : null}
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color={color} loading={pending} disabled={disabled} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
