"use client";
// Change your own password: the current one, the new one twice. Other sessions end; this one stays.
import { useRef, useState, useTransition } from "react";
import { Alert, Button, PasswordInput, Stack } from "@mantine/core";
import { IconAlertCircle, IconCheck } from "@tabler/icons-react";
import type { ActionResult } from "@/app/_server/define-action";
import { PASSWORD_MIN_LENGTH, type ChangePasswordInput } from "@/lib/auth/schema";

export function ChangePasswordForm(props: {
  change: (input: ChangePasswordInput) => Promise<ActionResult<{ endedSessions: number }>>;
}) {
  const form = useRef<HTMLFormElement>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, start] = useTransition();

  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const newPassword = String(data.get("newPassword") ?? "");
    setDone(null);
    if (newPassword !== String(data.get("confirm") ?? "")) {
      setFields({ confirm: "The two new passwords differ." });
      return;
    }
    start(async () => {
      setError(null);
      setFields({});
      const r = await props.change({ currentPassword: String(data.get("currentPassword") ?? ""), newPassword });
      if (r.ok) {
        form.current?.reset();
        const n = r.data.endedSessions;
        setDone(`Your password is changed.${n ? ` ${n} other session${n === 1 ? " was" : "s were"} signed out.` : ""}`);
        return;
      }
      setFields(Object.fromEntries(r.problems.map((p) => [p.path, p.message])));
      setError(r.problems.length ? "Check the highlighted fields." : r.message);
    });
  };

  return (
    <form ref={form} onSubmit={submit} noValidate>
      <Stack gap="sm" maw={420}>
        {error ? (
          <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
            {error}
          </Alert>
        ) : null}
        {done ? (
          <Alert color="teal" icon={<IconCheck size={18} />} role="status">
            {done}
          </Alert>
        ) : null}
        <PasswordInput
          name="currentPassword"
          label="Current password"
          autoComplete="current-password"
          required
          error={fields.currentPassword}
        />
        <PasswordInput
          name="newPassword"
          label="New password"
          description={`At least ${PASSWORD_MIN_LENGTH} characters. Your other sessions end.`}
          autoComplete="new-password"
          required
          error={fields.newPassword}
        />
        <PasswordInput
          name="confirm"
          label="Repeat the new password"
          autoComplete="new-password"
          required
          error={fields.confirm}
        />
        <div>
          <Button type="submit" loading={pending}>
            Change password
          </Button>
        </div>
      </Stack>
    </form>
  );
}
