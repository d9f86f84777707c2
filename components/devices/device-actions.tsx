"use client";
// One device's actions (the states it can move to, the commands it can be sent) and cancelling a queued command,
// each after a confirmation that says what it does.
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Alert, Button, Group, Stack, Text } from "@mantine/core";
import { ActionButton } from "@/components/shell/action-button";
import { ConfirmDialog } from "@/components/shell/confirm-dialog";
import type { ActionResult } from "@/app/_server/define-action";
import { DEVICE_ACTION_WORDS, type DeviceAction, type DeviceState } from "@/lib/devices/schema";

const FOR_STATE: Record<DeviceState, DeviceAction[]> = {
  pending: ["approve", "block"],
  allowed: ["lock", "wipe", "full-sync", "block"],
  blocked: ["unblock"],
};

export function DeviceActions(props: {
  deviceRowId: string;
  state: DeviceState;
  act: (input: {
    action: DeviceAction;
    deviceIds: string[];
  }) => Promise<ActionResult<{ changed: number; skipped: number }>>;
}) {
  const router = useRouter();
  const [confirm, setConfirm] = useState<DeviceAction | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  const run = () =>
    start(async () => {
      if (!confirm) return;
      const result = await props.act({ action: confirm, deviceIds: [props.deviceRowId] });
      setConfirm(null);
      if (result.ok)
        setMessage({
          ok: true,
          text: result.data.changed
            ? `${DEVICE_ACTION_WORDS[confirm].label}: done.`
            : "Nothing to do: it is already so.",
        });
      else setMessage({ ok: false, text: result.message });
      router.refresh();
    });
  return (
    <Stack gap="xs">
      <Group gap="xs">
        {FOR_STATE[props.state].map((a) => (
          <Button
            key={a}
            size="xs"
            variant={DEVICE_ACTION_WORDS[a].danger ? "light" : "default"}
            color={DEVICE_ACTION_WORDS[a].danger ? "red" : undefined}
            onClick={() => setConfirm(a)}
          >
            {DEVICE_ACTION_WORDS[a].label}
          </Button>
        ))}
      </Group>
      {message ? (
        <Alert color={message.ok ? "teal" : "red"} role={message.ok ? "status" : "alert"} py={6}>
          {message.text}
        </Alert>
      ) : null}
      <ConfirmDialog
        opened={confirm !== null}
        onClose={() => setConfirm(null)}
        title={confirm ? `${DEVICE_ACTION_WORDS[confirm].label} this device?` : ""}
        confirmLabel={confirm ? DEVICE_ACTION_WORDS[confirm].label : ""}
        color={confirm && DEVICE_ACTION_WORDS[confirm].danger ? "red" : undefined}
        pending={pending}
        onConfirm={run}
      >
        {confirm ? <Text size="sm">{DEVICE_ACTION_WORDS[confirm].effect}</Text> : null}
      </ConfirmDialog>
    </Stack>
  );
}

export function CancelCommandButton(props: {
  commandId: string;
  cancel: (input: { commandId: string }) => Promise<ActionResult<{ cancelled: string }>>;
}) {
  const router = useRouter();
  return (
    <ActionButton
      color="red"
      run={async () => {
        const result = await props.cancel({ commandId: props.commandId });
        router.refresh();
        return result.ok ? null : result.message;
      }}
    >
      Cancel
    </ActionButton>
  );
}
