"use client";
// Owners manage who works in the portal: invite by email with a role, change roles, disable, revoke invitations.
import { useState, useTransition } from "react";
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  CopyButton,
  Group,
  Paper,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
  Code,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconCheck, IconCopy, IconTrash, IconUserPlus } from "@tabler/icons-react";
import { formatWhen } from "@/lib/format/when";

type Result =
  { ok: true; data: unknown } | { ok: false; message: string; problems: Array<{ path: string; message: string }> };

export interface UsersScreenProps {
  currentUserId: string;
  users: Array<{
    id: string;
    name: string;
    email: string;
    role: string;
    disabled: boolean;
    entraLinked: boolean;
    hasPassword: boolean;
  }>;
  invites: Array<{ id: string; email: string; role: string; expiresAt: string }>;
  actions: {
    invite: (input: { email: string; role: "owner" | "editor" | "viewer" }) => Promise<Result>;
    changeRole: (input: { userId: string; role: "owner" | "editor" | "viewer" }) => Promise<Result>;
    setDisabled: (input: { userId: string; disabled: boolean }) => Promise<Result>;
    revokeInvite: (input: { inviteId: string }) => Promise<Result>;
  };
}

const ROLE_OPTIONS = [
  { value: "viewer", label: "Viewer: sees everything, changes nothing" },
  { value: "editor", label: "Editor: configures and publishes projects" },
  { value: "owner", label: "Owner: also users, environments, tokens" },
];

export function UsersScreen({ currentUserId, users, invites, actions }: UsersScreenProps) {
  const [pending, startTransition] = useTransition();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<"owner" | "editor" | "viewer">("editor");
  const [emailError, setEmailError] = useState<string>();
  const [link, setLink] = useState<{ url: string; email: string } | null>(null);

  function report(result: Result, success: string) {
    if (result.ok) notifications.show({ color: "green", message: success });
    else notifications.show({ color: "red", title: "Not saved", message: result.message });
  }

  function invite(event: React.FormEvent) {
    event.preventDefault();
    startTransition(async () => {
      const result = await actions.invite({ email, role });
      if (result.ok) {
        const data = result.data as { url: string; email: string };
        setLink({ url: data.url, email: data.email });
        setEmail("");
        setEmailError(undefined);
      } else {
        setEmailError(result.problems.find((p) => p.path === "email")?.message ?? result.message);
      }
    });
  }

  return (
    <Stack gap="xl">
      <Paper withBorder p="lg">
        <Title order={4} mb="sm">
          Invite someone
        </Title>
        <form onSubmit={invite}>
          <Group align="flex-start">
            <TextInput
              label="Work email"
              placeholder="name@contoso.com"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={emailError}
              required
              w={300}
            />
            <Select
              label="Role"
              data={ROLE_OPTIONS}
              value={role}
              onChange={(v) => v && setRole(v as typeof role)}
              allowDeselect={false}
              w={340}
            />
            <Button type="submit" mt={25} loading={pending} leftSection={<IconUserPlus size={16} />}>
              Create invitation
            </Button>
          </Group>
        </form>
        {link ? (
          <Alert color="green" mt="md" title={`Invitation for ${link.email}`}>
            <Text size="sm" mb={6}>
              Send this link to them; it works once and expires in 7 days. People who sign in with Microsoft can also
              just sign in with this email.
            </Text>
            <Group gap="xs" wrap="nowrap">
              <Code style={{ wordBreak: "break-all" }} data-testid="invite-link">
                {link.url}
              </Code>
              <CopyButton value={link.url}>
                {({ copied, copy }) => (
                  <Tooltip label={copied ? "Copied" : "Copy link"}>
                    <ActionIcon variant="light" onClick={copy} aria-label="Copy invitation link">
                      {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                    </ActionIcon>
                  </Tooltip>
                )}
              </CopyButton>
            </Group>
          </Alert>
        ) : null}
      </Paper>

      <div>
        <Title order={4} mb="sm">
          Users
        </Title>
        <Table verticalSpacing="sm" aria-label="Users">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Email</Table.Th>
              <Table.Th>Sign-in</Table.Th>
              <Table.Th w={180}>Role</Table.Th>
              <Table.Th w={110}>Enabled</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {users.map((u) => (
              <Table.Tr key={u.id}>
                <Table.Td>
                  {u.name}{" "}
                  {u.id === currentUserId ? (
                    <Badge size="xs" variant="outline">
                      you
                    </Badge>
                  ) : null}
                </Table.Td>
                <Table.Td>{u.email}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {u.hasPassword ? (
                      <Badge size="sm" variant="light" color="gray">
                        password
                      </Badge>
                    ) : null}
                    {u.entraLinked ? (
                      <Badge size="sm" variant="light">
                        Microsoft
                      </Badge>
                    ) : null}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Select
                    aria-label={`Role of ${u.email}`}
                    data={["owner", "editor", "viewer"]}
                    value={u.role}
                    allowDeselect={false}
                    disabled={pending}
                    onChange={(v) =>
                      v &&
                      startTransition(async () =>
                        report(
                          await actions.changeRole({ userId: u.id, role: v as typeof role }),
                          `${u.email} is now ${v}.`,
                        ),
                      )
                    }
                  />
                </Table.Td>
                <Table.Td>
                  <Switch
                    aria-label={`${u.disabled ? "Enable" : "Disable"} ${u.email}`}
                    checked={!u.disabled}
                    disabled={pending}
                    onChange={(e) => {
                      const disabled = !e.currentTarget.checked;
                      startTransition(async () =>
                        report(
                          await actions.setDisabled({ userId: u.id, disabled }),
                          `${u.email} is ${disabled ? "disabled" : "enabled"}.`,
                        ),
                      );
                    }}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>

      <div>
        <Title order={4} mb="sm">
          Open invitations
        </Title>
        {invites.length === 0 ? (
          <Text c="dimmed" size="sm">
            No open invitations.
          </Text>
        ) : (
          <Table verticalSpacing="xs" aria-label="Open invitations">
            <Table.Tbody>
              {invites.map((i) => (
                <Table.Tr key={i.id}>
                  <Table.Td>{i.email}</Table.Td>
                  <Table.Td>
                    <Badge variant="light">{i.role}</Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed">
                      expires {formatWhen(i.expiresAt)}
                    </Text>
                  </Table.Td>
                  <Table.Td w={50}>
                    <Tooltip label="Revoke invitation">
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Revoke invitation for ${i.email}`}
                        onClick={() =>
                          startTransition(async () =>
                            report(await actions.revokeInvite({ inviteId: i.id }), "Invitation revoked."),
                          )
                        }
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Tooltip>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </div>
    </Stack>
  );
}
