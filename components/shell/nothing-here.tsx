// The not-found page: a link to a project, table, version, environment or device that does not exist (deleted since
// the link was made, or mistyped). Inside the portal's shell for a page whose loader found nothing (orNotFound), and
// on its own for an address no page answers.
import { Button, Center, Stack, Text, Title } from "@mantine/core";
import { IconMapQuestion } from "@tabler/icons-react";

export function NothingHere({ fullPage = false }: { fullPage?: boolean }) {
  return (
    <Center mih={fullPage ? "100vh" : undefined} py={fullPage ? "md" : 64} px="md">
      <Stack align="center" gap="sm">
        <IconMapQuestion size={48} stroke={1.4} aria-hidden />
        <Title order={2}>Nothing here</Title>
        <Text c="dimmed" ta="center" maw={480}>
          {fullPage
            ? "No page has this address. Check the link, or start again from your projects."
            : "This address names a project, table, version, environment or device that does not exist. It may have been deleted since the link was made."}
        </Text>
        <Button component="a" href="/projects" variant="light" mt="sm">
          Back to projects
        </Button>
      </Stack>
    </Center>
  );
}
