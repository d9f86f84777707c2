"use client";
// A project's security roles with their priorities, and the resulting order across projects: used by the
// Roles tab and by the New project form.
import { Alert, Group, List, MultiSelect, NumberInput, Paper, Stack, TagsInput, Text, Title } from "@mantine/core";
import type { ProjectRole } from "@/lib/customization/schema";
import { roleOrder, priorityTies, type ProjectAssignment } from "@/lib/customization/role-priority";

export function RolesEditor({
  roles,
  onChange,
  orgRoles,
  disabled,
}: {
  roles: ProjectRole[];
  onChange(roles: ProjectRole[]): void;
  orgRoles: Array<{ name: string; id: string }> | null;
  disabled?: boolean;
}) {
  const names = roles.map((r) => r.roleName);
  function setNames(next: string[]) {
    const kept = new Map(roles.map((r) => [r.roleName.toLowerCase(), r]));
    onChange(
      next.map((name) => {
        const existing = kept.get(name.toLowerCase());
        if (existing) return existing;
        const org = orgRoles?.find((o) => o.name === name);
        return { roleName: name, ...(org ? { roleId: org.id } : {}), priority: 0 };
      }),
    );
  }
  return (
    <Stack gap="xs">
      {orgRoles ? (
        <MultiSelect
          label="Security roles"
          description="Picked from the connected org's roles."
          data={orgRoles.map((r) => r.name)}
          value={names}
          onChange={setNames}
          searchable
          disabled={disabled}
          nothingFoundMessage="The org has no role of that name"
        />
      ) : (
        <TagsInput
          label="Security roles"
          description="The environment is not connected: type each Dataverse security role's name exactly as the org spells it, then Enter."
          value={names}
          onChange={setNames}
          disabled={disabled}
        />
      )}
      {roles.map((r, index) => (
        <Group key={r.roleName} gap="xs">
          <Text size="sm" w={220} truncate>
            {r.roleName}
          </Text>
          <NumberInput
            aria-label={`Priority of ${r.roleName}`}
            value={r.priority}
            min={0}
            max={1_000_000}
            allowNegative={false}
            allowDecimal={false}
            w={140}
            disabled={disabled}
            onChange={(v) =>
              onChange(
                roles.map((x, i) => (i === index ? { ...x, priority: typeof v === "number" ? v : Number(v) || 0 } : x)),
              )
            }
          />
        </Group>
      ))}
    </Stack>
  );
}

export function PriorityOrder({ assignments }: { assignments: ProjectAssignment[] }) {
  const order = roleOrder(assignments);
  const ties = priorityTies(assignments);
  return (
    <Paper withBorder p="sm">
      <Title order={6} mb={4}>
        Resulting order
      </Title>
      <Text size="xs" c="dimmed" mb="xs">
        A user whose roles match several projects gets the first one in this list.
      </Text>
      {order.length === 0 ? (
        <Text size="sm" c="dimmed">
          No role is assigned to any project yet.
        </Text>
      ) : (
        <List type="ordered" size="sm" spacing={2} aria-label="Resulting priority order">
          {order.map((e) => (
            <List.Item key={`${e.projectId}:${e.roleName}`}>
              {e.priority} · {e.roleName} → <b>{e.projectName}</b>
            </List.Item>
          ))}
        </List>
      )}
      {ties.map((t) => (
        <Alert key={t.priority} color="yellow" mt="xs" p="xs">
          <Text size="xs">{t.message}</Text>
        </Alert>
      ))}
    </Paper>
  );
}
