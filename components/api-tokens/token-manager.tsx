"use client";
// Settings > API tokens: create a scoped token (its text is shown once), list with each token's standing
// (active, limited or suspended by its user's current role), re-assign to another owner or editor, revoke.
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Paper,
  Select,
  Stack,
  Table,
  TableScrollContainer,
  TableTbody,
  TableTd,
  TableTh,
  TableThead,
  TableTr,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { IconKey } from "@tabler/icons-react";
import { EmptyState } from "@/components/shell/empty-state";
import type { ActionResult } from "@/app/_server/define-action";
import { API_TOKEN_SCOPES, SCOPE_LABELS, type ApiTokenScope } from "@/lib/api-tokens/schema";
import { formatWhen } from "@/lib/format/when";
import type { ApiTokenListItem, TokenAssignee } from "@/lib/api-tokens/data";

/** A token as the page hands it over: dates as ISO text, the user it acts for reduced to what is shown. */
export type TokenRow = Omit<ApiTokenListItem, "createdAt" | "lastUsedAt" | "revokedAt" | "actsFor"> & {
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  actsFor: { id: string; email: string; role: string } | null;
};

const STATUS_COLOR: Record<TokenRow["status"], string> = {
  active: "teal",
  limited: "yellow",
  suspended: "red",
  revoked: "gray",
};

const when = (iso: string | null) => (iso ? formatWhen(iso) : "never");

export function TokenManager(props: {
  tokens: TokenRow[];
  create: (input: {
    name: string;
    scopes: ApiTokenScope[];
  }) => Promise<ActionResult<{ token: string; prefix: string }>>;
  revoke: (input: { id: string }) => Promise<ActionResult<null>>;
  reassign: (input: { id: string; userId: string }) => Promise<ActionResult<null>>;
  assignees: TokenAssignee[];
}) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<ApiTokenScope[]>(["projects:read"]);
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  const create = () =>
    start(async () => {
      setError(null);
      const r = await props.create({ name, scopes });
      if (r.ok) {
        setCreated(r.data.token);
        setName("");
        router.refresh();
      } else setError(r.problems.length ? r.problems.map((p) => `${p.path}: ${p.message}`).join("; ") : r.message);
    });
  const reassign = (id: string, userId: string | null) =>
    userId &&
    start(async () => {
      setError(null);
      const r = await props.reassign({ id, userId });
      if (!r.ok) setError(r.message);
      router.refresh();
    });
  const revoke = (id: string) =>
    start(async () => {
      const r = await props.revoke({ id });
      if (!r.ok) setError(r.message);
      router.refresh();
    });

  return (
    <Stack gap="lg">
      <Paper withBorder p="lg">
        <Title order={4} mb="sm">
          Create a token
        </Title>
        <Stack gap="sm" maw={520}>
          <TextInput
            label="Name"
            description="Where it is used, e.g. 'CI: contoso-config repo'."
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            maxLength={100}
          />
          <Checkbox.Group label="Scopes" value={scopes} onChange={(v) => setScopes(v as ApiTokenScope[])}>
            <Stack gap={6} mt={6}>
              {API_TOKEN_SCOPES.map((s) => (
                <Checkbox key={s} value={s} label={`${s}: ${SCOPE_LABELS[s]}`} />
              ))}
            </Stack>
          </Checkbox.Group>
          {error ? (
            <Text c="red" size="sm" role="alert">
              {error}
            </Text>
          ) : null}
          <Group>
            <Button onClick={create} loading={pending} disabled={!name.trim() || scopes.length === 0}>
              Create token
            </Button>
          </Group>
        </Stack>
        {created ? (
          <Alert color="teal" mt="md" title="Copy the token now: it is shown only once">
            <Group gap="sm" wrap="nowrap">
              <Code style={{ wordBreak: "break-all" }}>{created}</Code>
              <CopyButton value={created}>
                {({ copied, copy }) => (
                  <Button size="xs" variant="light" onClick={copy}>
                    {copied ? "Copied" : "Copy"}
                  </Button>
                )}
              </CopyButton>
            </Group>
            <Text size="sm" mt="xs">
              Use it as <Code>SYNCWRIGHT_TOKEN</Code> or <Code>--token</Code> with{" "}
              <Code>syncwright export|import|publish|pull</Code>.
            </Text>
          </Alert>
        ) : null}
      </Paper>
      <Title order={4}>Tokens</Title>
      {props.tokens.length === 0 ? (
        <EmptyState icon={<IconKey size={24} />} title="No API tokens yet">
          Create a token for a CI pipeline or a consultant&apos;s machine. Only its hash is stored.
        </EmptyState>
      ) : (
        <Paper withBorder>
          <TableScrollContainer minWidth={1080}>
            <Table verticalSpacing="sm">
              <TableThead>
                <TableTr>
                  <TableTh>Name</TableTh>
                  <TableTh>Token</TableTh>
                  <TableTh>Scopes</TableTh>
                  <TableTh>Acts as</TableTh>
                  <TableTh>Status</TableTh>
                  <TableTh>Last used</TableTh>
                  <TableTh />
                </TableTr>
              </TableThead>
              <TableTbody>
                {props.tokens.map((t) => (
                  <TableTr key={t.id}>
                    <TableTd>{t.name}</TableTd>
                    <TableTd>
                      <Code>swt_{t.prefix}_…</Code>
                    </TableTd>
                    <TableTd miw={130}>
                      <Group gap={4}>
                        {t.scopes.map((s) => (
                          <Badge key={s} size="sm" variant="light">
                            {s}
                          </Badge>
                        ))}
                      </Group>
                    </TableTd>
                    <TableTd>
                      <Text size="sm">{t.actsFor ? t.actsFor.email : "a deleted user"}</Text>
                      <Text size="xs" c="dimmed">
                        {t.actsFor ? `${t.actsFor.role}, ` : ""}created {when(t.createdAt)}
                      </Text>
                    </TableTd>
                    <TableTd miw={170} maw={240}>
                      <Badge color={STATUS_COLOR[t.status]} variant="light">
                        {t.status}
                      </Badge>
                      {t.statusReason ? (
                        <Text size="xs" c="dimmed" mt={4}>
                          {t.statusReason}
                        </Text>
                      ) : null}
                    </TableTd>
                    <TableTd>{when(t.lastUsedAt)}</TableTd>
                    <TableTd>
                      {t.revokedAt ? null : (
                        <Stack gap={6} align="flex-start">
                          <Select
                            size="xs"
                            w={190}
                            aria-label={`Re-assign ${t.name} to`}
                            placeholder="Re-assign to…"
                            data={props.assignees
                              .filter((a) => a.id !== t.actsFor?.id)
                              .map((a) => ({ value: a.id, label: `${a.email} (${a.role})` }))}
                            value={null}
                            onChange={(userId) => reassign(t.id, userId)}
                            disabled={pending}
                            nothingFoundMessage="No other owner or editor"
                            searchable
                          />
                          <Button
                            size="xs"
                            color="red"
                            variant="light"
                            onClick={() => revoke(t.id)}
                            disabled={pending}
                            aria-label={`Revoke ${t.name}`}
                          >
                            Revoke
                          </Button>
                        </Stack>
                      )}
                    </TableTd>
                  </TableTr>
                ))}
              </TableTbody>
            </Table>
          </TableScrollContainer>
        </Paper>
      )}
    </Stack>
  );
}
