"use client";
// The connection of an environment: name, org URL, tenant and app registration. Creating also takes the client
// secret; editing shows only whether one is set, and replaces it on its own (it is never sent back here).
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Alert, Button, Group, Paper, PasswordInput, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconDeviceFloppy, IconKey, IconPlus } from "@tabler/icons-react";

type Problems = Array<{ path: string; message: string }>;
type Result<T> = { ok: true; data: T } | { ok: false; code: string; message: string; problems: Problems };

interface Fields {
  name: string;
  orgUrl: string;
  tenantId: string;
  clientId: string;
}

export interface EnvironmentFormProps {
  initial?: Fields & { environmentId: string; revision: number; hasSecret: boolean };
  actions: {
    create?: (input: Fields & { clientSecret: string }) => Promise<Result<{ id: string }>>;
    update?: (input: Fields & { environmentId: string; revision: number }) => Promise<Result<{ revision: number }>>;
    replaceSecret?: (input: { environmentId: string; clientSecret: string }) => Promise<Result<{ revision: number }>>;
  };
}

const EMPTY: Fields = { name: "", orgUrl: "", tenantId: "", clientId: "" };

function byField(problems: Problems): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of problems) out[p.path] ??= p.message;
  return out;
}

export function EnvironmentForm({ initial, actions }: EnvironmentFormProps) {
  const router = useRouter();
  const editing = initial !== undefined;
  const [fields, setFields] = useState<Fields>(
    initial
      ? { name: initial.name, orgUrl: initial.orgUrl, tenantId: initial.tenantId, clientId: initial.clientId }
      : EMPTY,
  );
  const [secret, setSecret] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [replacing, setReplacing] = useState(false);
  const [pending, startTransition] = useTransition();
  const [secretPending, startSecretTransition] = useTransition();

  const set = (key: keyof Fields) => (event: React.ChangeEvent<HTMLInputElement>) => {
    const value = event.currentTarget.value;
    setFields((f) => ({ ...f, [key]: value }));
  };

  function fail(result: { code: string; message: string; problems: Problems }) {
    const map = byField(result.problems);
    setErrors(map);
    // Field problems show under their fields; anything else (a conflict, a server error) above the form.
    setFormError(Object.keys(map).length > 0 && result.code === "invalid" ? null : result.message);
  }

  function submit(event: React.FormEvent) {
    event.preventDefault();
    startTransition(async () => {
      if (editing && actions.update) {
        const result = await actions.update({
          ...fields,
          environmentId: initial.environmentId,
          revision: initial.revision,
        });
        if (!result.ok) return fail(result);
        setErrors({});
        setFormError(null);
        notifications.show({ color: "green", message: "Environment saved." });
        router.refresh();
      } else if (actions.create) {
        const result = await actions.create({ ...fields, clientSecret: secret });
        if (!result.ok) return fail(result);
        router.push(`/environments/${encodeURIComponent(result.data.id)}`);
      }
    });
  }

  function saveSecret() {
    if (!initial || !actions.replaceSecret) return;
    startSecretTransition(async () => {
      const result = await actions.replaceSecret!({ environmentId: initial.environmentId, clientSecret: secret });
      if (!result.ok) {
        setErrors((e) => ({
          ...e,
          clientSecret: result.problems.find((p) => p.path === "clientSecret")?.message ?? result.message,
        }));
        return;
      }
      setSecret("");
      setReplacing(false);
      setErrors((e) => ({ ...e, clientSecret: "" }));
      notifications.show({ color: "green", message: "Client secret replaced." });
      router.refresh();
    });
  }

  return (
    <Paper withBorder p="lg">
      <Title order={4} mb={4}>
        Connection
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        Only a name is needed to import files. To read the org itself, add its URL and an app registration (an
        application user in the org with a security role that can read metadata).
      </Text>
      {formError ? (
        <Alert color="red" mb="md" title="Not saved" role="alert">
          {formError}
        </Alert>
      ) : null}
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Name"
              placeholder="Contoso production"
              required
              value={fields.name}
              onChange={set("name")}
              error={errors.name}
              maxLength={100}
            />
            <TextInput
              label="Org URL"
              placeholder="https://contoso.crm.dynamics.com"
              value={fields.orgUrl}
              onChange={set("orgUrl")}
              error={errors.orgUrl}
              autoComplete="off"
            />
            <TextInput
              label="Directory (tenant) id"
              placeholder="00000000-0000-0000-0000-000000000000"
              value={fields.tenantId}
              onChange={set("tenantId")}
              error={errors.tenantId}
              autoComplete="off"
            />
            <TextInput
              label="Application (client) id"
              placeholder="00000000-0000-0000-0000-000000000000"
              value={fields.clientId}
              onChange={set("clientId")}
              error={errors.clientId}
              autoComplete="off"
            />
          </SimpleGrid>
          {!editing ? (
            <PasswordInput
              label="Client secret"
              description="Stored encrypted; nobody can read it back, only replace it."
              value={secret}
              onChange={(e) => setSecret(e.currentTarget.value)}
              error={errors.clientSecret}
              autoComplete="new-password"
              maw={480}
            />
          ) : null}
          <Group>
            <Button
              type="submit"
              loading={pending}
              leftSection={editing ? <IconDeviceFloppy size={16} /> : <IconPlus size={16} />}
            >
              {editing ? "Save connection" : "Create environment"}
            </Button>
          </Group>
        </Stack>
      </form>

      {editing ? (
        <Stack gap="xs" mt="lg">
          <Text size="sm" fw={500}>
            Client secret
          </Text>
          {!replacing ? (
            <Group gap="xs">
              <Text size="sm" c="dimmed" data-testid="secret-state">
                {initial.hasSecret ? "secret set" : "no secret set"}
              </Text>
              <Text size="sm" c="dimmed" aria-hidden>
                ·
              </Text>
              <Button
                variant="subtle"
                size="compact-sm"
                leftSection={<IconKey size={14} />}
                onClick={() => setReplacing(true)}
              >
                {initial.hasSecret ? "replace" : "set"}
              </Button>
            </Group>
          ) : (
            <Group align="flex-start">
              <PasswordInput
                aria-label="New client secret"
                placeholder="New client secret"
                value={secret}
                onChange={(e) => setSecret(e.currentTarget.value)}
                error={errors.clientSecret || undefined}
                autoComplete="new-password"
                w={360}
                data-autofocus
              />
              <Button onClick={saveSecret} loading={secretPending}>
                Save secret
              </Button>
              <Button
                variant="default"
                onClick={() => {
                  setReplacing(false);
                  setSecret("");
                }}
              >
                Cancel
              </Button>
            </Group>
          )}
        </Stack>
      ) : null}
    </Paper>
  );
}
