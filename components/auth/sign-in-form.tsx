"use client";
// Email and password sign-in for local accounts, and the Microsoft button when Entra ID is configured.
import { useEffect, useState } from "react";
import { Alert, Button, Divider, PasswordInput, Stack, TextInput, Anchor, Collapse } from "@mantine/core";
import { IconAlertCircle, IconBrandWindows } from "@tabler/icons-react";
import { postJson } from "@/components/auth/post-json";
import { describeWait } from "@/lib/auth/throttle-policy";

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
  // When the portal asked to wait: the time the next attempt may be made, counted down on the button.
  const [waitUntil, setWaitUntil] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (waitUntil === null) return;
    const timer = setInterval(() => {
      const t = Date.now();
      setNow(t);
      if (t >= waitUntil) setWaitUntil(null);
    }, 1000);
    return () => clearInterval(timer);
  }, [waitUntil]);
  const secondsLeft = waitUntil === null ? 0 : Math.max(0, Math.ceil((waitUntil - now) / 1000));

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
    if (result.retryAfterSeconds) {
      const t = Date.now();
      setNow(t);
      setWaitUntil(t + result.retryAfterSeconds * 1000);
    }
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
            <Button type="submit" loading={busy} fullWidth mt="xs" disabled={secondsLeft > 0}>
              {secondsLeft > 0 ? `Sign in (wait ${describeWait(secondsLeft)})` : "Sign in"}
            </Button>
          </Stack>
        </form>
      </Collapse>
    </Stack>
  );
}
