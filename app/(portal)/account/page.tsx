// Your account: who you are, and changing your password (the current one is required; other sessions end).
import { Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { PageHeader } from "@/components/shell/page-header";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { getCurrentUser } from "@/app/_server/request-context";
import { getDb } from "@/lib/db/client";
import { loadAccount } from "@/lib/auth/account";
import { changePasswordAction } from "./actions";

export const metadata = { title: "Account" };

export default async function AccountPage() {
  const user = (await getCurrentUser())!;
  const account = await loadAccount(getDb(), { id: user.id, sessionId: user.sessionId });
  return (
    <>
      <PageHeader title="Account" description="Your sign-in and password." />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Paper withBorder p="lg">
          <Title order={4} mb="sm">
            You
          </Title>
          <Stack gap={6}>
            <Text>{account.name}</Text>
            <Text c="dimmed" size="sm">
              {account.email}
            </Text>
            <Group gap="xs">
              <Text size="sm">Role</Text>
              <Badge variant="light">{account.role}</Badge>
            </Group>
            <Text size="sm">
              Signs in with{" "}
              {[account.hasPassword ? "a password" : null, account.entraLinked ? "Microsoft" : null]
                .filter(Boolean)
                .join(" and ") || "nothing yet"}
              .
            </Text>
            <Text size="sm" c="dimmed">
              {account.otherSessions === 0
                ? "No other open sessions."
                : `${account.otherSessions} other open session${account.otherSessions === 1 ? "" : "s"} (another browser or device).`}
            </Text>
          </Stack>
        </Paper>
        <Paper withBorder p="lg">
          <Title order={4} mb="sm">
            Change your password
          </Title>
          {account.hasPassword ? (
            <ChangePasswordForm change={changePasswordAction} />
          ) : (
            <Text size="sm">
              Your account signs in with Microsoft and has no portal password; change your password with Microsoft.
            </Text>
          )}
        </Paper>
      </SimpleGrid>
    </>
  );
}
