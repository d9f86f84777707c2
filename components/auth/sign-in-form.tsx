"use client";
// Email and password sign-in for local accounts, and the Microsoft button when Entra ID is configured.
import { useState } from "react";
import { Alert, Button, Divider, PasswordInput, Stack, TextInput, Anchor, Collapse } from "@mantine/core";
import { IconAlertCircle, IconBrandWindows } from "@tabler/icons-react";
import { postJson } from "@/components/auth/post-json";

export function SignInForm({
  next,
  entraEnabled,
  initialError,
  email,
}: {
  next: string;
  entraEnabled: boolean;
  initialError?: string;
  email?: string;
}) {
  const [error, setError] = useState<string | undefined>(initialError);
  const [busy, setBusy] = useState(false);
  const [showLocal, setShowLocal] = useState(!entraEnabled);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    const result = await postJson("/auth/sign-in", { email: data.get("email"), password: data.get("password") });
    if (result.ok) {
      window.location.assign(next);
      return;
    }
    setBusy(false);
    setError(result.message);
  }

  return (
    <Stack gap="md">
      {error ? (
        <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert" title="Not signed in">
          {error}
        </Alert>
      ) : null}
      {entraEnabled ? (
        <Button
          component="a"
          href={`/auth/entra/start?next=${encodeURIComponent(next)}`}
          leftSection={<IconBrandWindows size={18} />}
          size="md"
        >
          Sign in with Microsoft
        </Button>
      ) : null}
      {entraEnabled ? (
        <Divider
          label={
            <Anchor component="button" type="button" size="xs" onClick={() => setShowLocal((v) => !v)}>
              {showLocal ? "Hide local account sign-in" : "Sign in with a local account"}
            </Anchor>
          }
        />
      ) : null}
      <Collapse expanded={showLocal}>
        <form onSubmit={onSubmit} noValidate>
          <Stack gap="sm">
            <TextInput
              name="email"
              type="email"
              label="Email"
              autoComplete="username"
              required
              defaultValue={email}
              autoFocus={!entraEnabled && !email}
            />
            <PasswordInput
              name="password"
              label="Password"
              autoComplete="current-password"
              required
              autoFocus={Boolean(email)}
            />
            <Button type="submit" loading={busy} fullWidth mt="xs">
              Sign in
            </Button>
          </Stack>
        </form>
      </Collapse>
    </Stack>
  );
}
