import { Anchor, Badge, Code, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { PageHeader } from "@/components/shell/page-header";
import { getCurrentUser } from "@/app/_server/request-context";
import { deviceApiSetup, getConfig } from "@/lib/config";
import { DeviceApiBanner } from "@/components/devices/device-api-banner";
import { DeviceTokenTester } from "@/components/devices/device-token-tester";
import { testDeviceTokenAction } from "./actions";
import { can } from "@/lib/auth/roles";
import { serverSigningKeys } from "@/lib/versions/server-signer";

export const metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = (await getCurrentUser())!;
  const config = getConfig();
  const signing = serverSigningKeys();
  return (
    <>
      <PageHeader title="Settings" description="Your account and, for owners, the portal's users and integrations." />
      <DeviceApiBanner setup={deviceApiSetup()} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Paper withBorder p="lg">
          <Title order={4} mb="sm">
            Your account
          </Title>
          <Stack gap={6}>
            <Text>{user.name}</Text>
            <Text c="dimmed" size="sm">
              {user.email}
            </Text>
            <Group gap="xs">
              <Text size="sm">Role</Text>
              <Badge variant="light">{user.role}</Badge>
            </Group>
          </Stack>
        </Paper>
        <Paper withBorder p="lg">
          <Title order={4} mb="sm">
            Sign-in
          </Title>
          <Text size="sm">
            {config.entra
              ? `Microsoft Entra ID is configured (tenant ${config.entra.tenantId}); local accounts remain available.`
              : "Local accounts. Configure Microsoft Entra ID with the ENTRA_* environment variables (see the README)."}
          </Text>
        </Paper>
        {can(user.role, "manage-users") ? (
          <Paper withBorder p="lg">
            <Title order={4} mb="sm">
              Users
            </Title>
            <Text size="sm" mb="sm">
              Invite people, change their roles, disable accounts.
            </Text>
            <Anchor href="/settings/users">Manage users</Anchor>
          </Paper>
        ) : null}
        {can(user.role, "manage-tokens") ? (
          <Paper withBorder p="lg">
            <Title order={4} mb="sm">
              API tokens
            </Title>
            <Text size="sm" mb="sm">
              Tokens for the syncwright command line and CI pipelines: scoped, shown once, revocable.
            </Text>
            <Anchor href="/settings/tokens">Manage API tokens</Anchor>
          </Paper>
        ) : null}
        <Paper withBorder p="lg" style={{ gridColumn: "1 / -1" }}>
          <Title order={4} mb="sm">
            Bundle signing key
          </Title>
          <Text size="sm" mb="xs">
            Devices and <Code>syncwright verify --public-key</Code> check every bundle&apos;s Ed25519 signature with
            this public key (key id <Code>{signing.keyId}</Code>,{" "}
            {signing.source === "environment"
              ? "from SYNCWRIGHT_SIGNING_PRIVATE_KEY"
              : "generated into the data folder"}
            ). It is also served at{" "}
            <Anchor href="/.well-known/syncwright-signing-key">/.well-known/syncwright-signing-key</Anchor>.
          </Text>
          <Code block>{signing.publicKeyPem.trim()}</Code>
        </Paper>
      </SimpleGrid>
      {can(user.role, "manage-environments") && deviceApiSetup().configured ? (
        <Stack mt="lg">
          <DeviceTokenTester test={testDeviceTokenAction} />
        </Stack>
      ) : null}
    </>
  );
}
