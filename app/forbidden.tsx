import { Button, Center, Stack, Text, Title } from "@mantine/core";
import { IconLock } from "@tabler/icons-react";

export const metadata = { title: "Not allowed" };

export default function Forbidden() {
  return (
    <Center mih="100vh" p="md">
      <Stack align="center" gap="sm">
        <IconLock size={48} stroke={1.4} />
        <Title order={2}>You cannot open this page</Title>
        <Text c="dimmed" ta="center" maw={460}>
          Your portal role does not include it. An owner of this portal can change your role in Settings.
        </Text>
        <Button component="a" href="/projects" variant="light" mt="sm">
          Back to projects
        </Button>
      </Stack>
    </Center>
  );
}
