"use client";
// The header of every designer page (a table's Forms and Views lists, the form designer, the view designer): the
// link back, the title, a line of facts, a read-only badge for a role that cannot edit, and what the page adds.
import type { ReactNode } from "react";
import Link from "next/link";
import { Anchor, Badge, Group, Stack, Text, Title } from "@mantine/core";
import { IconArrowLeft } from "@tabler/icons-react";

export function DesignerHeader({
  backHref,
  backLabel,
  title,
  subtitle,
  readOnly,
  children,
}: {
  backHref: string;
  backLabel: string;
  title: string;
  subtitle: string;
  readOnly: boolean;
  /** Beside the read-only badge (the Views/Forms switch). */
  children?: ReactNode;
}) {
  return (
    <Group justify="space-between" align="flex-start">
      <Stack gap={2}>
        <Anchor component={Link} href={backHref} size="sm">
          <Group gap={4}>
            <IconArrowLeft size={14} /> {backLabel}
          </Group>
        </Anchor>
        <Title order={2}>{title}</Title>
        <Text size="sm" c="dimmed">
          {subtitle}
        </Text>
      </Stack>
      <Group gap="xs">
        {readOnly ? <Badge color="gray">Read-only: your role cannot edit</Badge> : null}
        {children}
      </Group>
    </Group>
  );
}
