// A page that cannot show what was asked for (not allowed, not found): what happened, why, and the way back to the
// projects. Full-page for one outside the shell, centred in the content area for one inside it.
import type { ReactNode } from "react";
import { Button, Center, Stack, Text, Title } from "@mantine/core";

export function DeadEnd({
  icon,
  title,
  children,
  fullPage = false,
}: {
  icon: ReactNode;
  title: string;
  children: ReactNode;
  fullPage?: boolean;
}) {
  return (
    <Center mih={fullPage ? "100vh" : undefined} py={fullPage ? "md" : 64} px="md">
      <Stack align="center" gap="sm">
        {icon}
        <Title order={2}>{title}</Title>
        <Text c="dimmed" ta="center" maw={480}>
          {children}
        </Text>
        <Button component="a" href="/projects" variant="light" mt="sm">
          Back to projects
        </Button>
      </Stack>
    </Center>
  );
}
