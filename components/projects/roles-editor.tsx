"use client";
// A project's security roles with their priorities, and the resulting order across projects: used by the
// Roles tab and by the New project form. The environment's known roles (lib/environments/known-roles.ts) are the
// picker's options; whether a role is verified, and what to say about it, is asked of lib.
import {
  Alert,
  Badge,
  Group,
  List,
  MultiSelect,
  NumberInput,
  Paper,
  Stack,
  TagsInput,
  Text,
  Title,
} from "@mantine/core";
import type { ProjectRole } from "@/lib/customization/schema";
import { roleOrder, priorityTies, type ProjectAssignment } from "@/lib/customization/role-priority";
import {
  knownRoleNamed,
  knownRolesNote,
  roleStatus,
  roleStatusMark,
  type KnownRoles,
} from "@/lib/environments/known-roles";

export function RolesEditor({
  roles,
  onChange,
  knownRoles,
  disabled,
}: {
  roles: ProjectRole[];
  onChange(roles: ProjectRole[]): void;
  knownRoles: KnownRoles;
  disabled?: boolean;
}) {
  const names = roles.map((r) => r.roleName);
  function setNames(next: string[]) {
    const kept = new Map(roles.map((r) => [r.roleName.toLowerCase(), r]));
    const seen = new Set<string>();
    const out: ProjectRole[] = [];
    for (const typed of next) {
      const existing = kept.get(typed.toLowerCase());
      // A typed name that is a known role's, in another case, becomes that role as the org spells it.
      const known = existing ? undefined : knownRoleNamed(typed, knownRoles);
      const role = existing ?? {
        roleName: known?.name ?? typed.trim(),
        ...(known?.id ? { roleId: known.id } : {}),
        priority: 0,
      };
      const key = role.roleName.toLowerCase();
      if (!role.roleName || seen.has(key)) continue;
      seen.add(key);
      out.push(role);
    }
    onChange(out);
  }
  const options = knownRoles.roles.map((r) => r.name);
  const note = knownRolesNote(knownRoles);
  // Mantine's dimmed description is under 4.5:1 on white (axe); this sentence is read, so it gets the text colour.
  const styles = { description: { color: "var(--mantine-color-text)" } };
  return (
    <Stack gap="xs" data-testid="roles-editor">
      {knownRoles.source === "org" ? (
        <MultiSelect
          label="Security roles"
          description={note}
          // A role saved before the org's list was read stays visible (marked below) until it is removed.
          data={[...new Set([...options, ...names])]}
          value={names}
          onChange={setNames}
          searchable
          styles={styles}
          disabled={disabled}
          nothingFoundMessage="The org has no role of that name"
        />
      ) : (
        <TagsInput
          label="Security roles"
          description={knownRoles.source === "solutions" ? note : undefined}
          placeholder={knownRoles.source === "solutions" ? "Pick or type a role" : "Type a role, then Enter"}
          data={options}
          value={names}
          onChange={setNames}
          styles={styles}
          disabled={disabled}
          clearable={false}
          comboboxProps={{ withinPortal: true }}
        />
      )}
      {knownRoles.source === "none" ? (
        <Alert color="blue" variant="light" p="xs" title="No known security roles">
          <Text size="sm">{note}</Text>
        </Alert>
      ) : null}
      {roles.map((r, index) => {
        const mark = roleStatusMark(roleStatus(r, knownRoles));
        return (
          <Group key={r.roleName} gap="xs" wrap="nowrap" data-role-row={r.roleName}>
            <Text size="sm" w={220} truncate title={r.roleName} style={{ flexShrink: 0 }}>
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
                  roles.map((x, i) =>
                    i === index ? { ...x, priority: typeof v === "number" ? v : Number(v) || 0 } : x,
                  ),
                )
              }
            />
            {mark ? (
              <Badge color={mark.label === "unverified" ? "yellow" : "red"} variant="filled" title={mark.hint}>
                {mark.label}
              </Badge>
            ) : null}
          </Group>
        );
      })}
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
