// The centred card the public screens (sign-in, setup, invitation) share.
import { Center, Paper, Stack, Text, Title, Group } from "@mantine/core";
import { IconRefresh } from "@tabler/icons-react";

export function AuthCard({
  title,
  subtitle,
  children,
}: {
  title: string;
  subtitle?: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <Center mih="100vh" p="md" bg="var(--mantine-color-body)">
      <Stack w="100%" maw={420} gap="lg">
        <Group gap={8} justify="center">
          <IconRefresh size={26} stroke={2.2} color="var(--mantine-primary-color-filled)" aria-hidden />
          <Text fw={700} size="xl">
            Syncwright
          </Text>
        </Group>
        <Paper withBorder shadow="sm" p="xl" radius="md">
          <Stack gap="md">
            <div>
              <Title order={3}>{title}</Title>
              {subtitle ? (
                <Text c="dimmed" size="sm" mt={4}>
                  {subtitle}
                </Text>
              ) : null}
            </div>
            {children}
          </Stack>
        </Paper>
      </Stack>
    </Center>
  );
}
