"use client";
// Creates an account from a one-time link: the owner during setup, or an invited user; or, without the name,
// sets a new password from a reset link.
import { useState } from "react";
import { Alert, Button, PasswordInput, Stack, TextInput } from "@mantine/core";
import { IconAlertCircle } from "@tabler/icons-react";
import { postJson } from "@/components/auth/post-json";

export function AccountForm({
  endpoint,
  token,
  email,
  submitLabel,
  withName = true,
}: {
  endpoint: string;
  token: string;
  email?: string;
  submitLabel: string;
  /** Asks for the person's name (a new account); false for a password reset. */
  withName?: boolean;
}) {
  const [error, setError] = useState<string>();
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const password = String(data.get("password") ?? "");
    if (password !== String(data.get("confirm") ?? "")) {
      setFields({ confirm: "The two passwords differ." });
      return;
    }
    setBusy(true);
    setError(undefined);
    setFields({});
    const result = await postJson(endpoint, {
      token,
      ...(withName ? { name: data.get("name") } : {}),
      email: email ?? data.get("email"),
      password,
    });
    if (result.ok) {
      window.location.assign(String(result.body.redirect ?? "/"));
      return;
    }
    setBusy(false);
    // Field problems show under their fields; the alert only points at them.
    setError(Object.keys(result.fields).length ? "Check the highlighted fields." : result.message);
    setFields(result.fields);
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        {error ? (
          <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
            {error}
          </Alert>
        ) : null}
        {withName ? (
          <TextInput name="name" label="Your name" autoComplete="name" required error={fields.name} autoFocus />
        ) : null}
        {email ? (
          <TextInput label="Email" value={email} readOnly />
        ) : (
          <TextInput name="email" type="email" label="Email" autoComplete="username" required error={fields.email} />
        )}
        <PasswordInput
          name="password"
          label="Password"
          description="At least 12 characters."
          autoComplete="new-password"
          required
          error={fields.password}
        />
        <PasswordInput
          name="confirm"
          label="Repeat the password"
          autoComplete="new-password"
          required
          error={fields.confirm}
        />
        <Button type="submit" loading={busy} fullWidth mt="xs">
          {submitLabel}
        </Button>
      </Stack>
    </form>
  );
}
