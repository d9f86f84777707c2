"use client";
// The header of a table's Views and Forms pages: back to the table, the title, and links between the two pages.
import Link from "next/link";
import { Anchor, Badge, Group, SegmentedControl, Stack, Text, Title } from "@mantine/core";
import { useRouter } from "next/navigation";
import { IconArrowLeft } from "@tabler/icons-react";

export function TableDesignerHeader({
  projectId,
  tableName,
  tableLabel,
  page,
  subtitle,
  readOnly,
}: {
  projectId: string;
  tableName: string;
  tableLabel: string;
  page: "views" | "forms";
  subtitle: string;
  readOnly: boolean;
}) {
  const router = useRouter();
  const base = `/projects/${projectId}/tables/${tableName}`;
  return (
    <Group justify="space-between" align="flex-start">
      <Stack gap={2}>
        <Anchor component={Link} href={base} size="sm">
          <Group gap={4}>
            <IconArrowLeft size={14} /> {tableLabel}
          </Group>
        </Anchor>
        <Title order={2}>
          {page === "views" ? "Views" : "Forms"} of {tableLabel}
        </Title>
        <Text size="sm" c="dimmed">
          {subtitle}
        </Text>
      </Stack>
      <Group gap="xs">
        {readOnly ? <Badge color="gray">Read-only: your role cannot edit</Badge> : null}
        <SegmentedControl
          size="xs"
          aria-label="Designer page"
          value={page}
          onChange={(v) => router.push(`${base}/${v}`)}
          data={[
            { value: "views", label: "Views" },
            { value: "forms", label: "Forms" },
          ]}
        />
      </Group>
    </Group>
  );
}
