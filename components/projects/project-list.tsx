"use client";
// The projects list: what each targets, how big it is, who gets it; clone under a new name.
import { useState, useTransition } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { ActionIcon, Anchor, Badge, Button, Group, Modal, Stack, Table, Text, TextInput, Tooltip } from "@mantine/core";
import { IconApps, IconCopy } from "@tabler/icons-react";
import { EmptyState } from "@/components/shell/empty-state";
import type { ProjectRole } from "@/lib/customization/schema";
import { type ActionResult } from "./action-result";
import { formatWhen } from "@/lib/format/when";

export interface ProjectRow {
  id: string;
  name: string;
  description: string;
  environment: { id: string; name: string };
  snapshot: { id: string; name: string; sourceName: string; createdAt: string };
  tableCount: number;
  roles: ProjectRole[];
}

export function ProjectList({
  projects,
  canEdit,
  clone,
}: {
  projects: ProjectRow[];
  canEdit: boolean;
  clone(input: { projectId: string; name: string }): Promise<ActionResult<{ id: string }>>;
}) {
  const router = useRouter();
  const [cloning, setCloning] = useState<ProjectRow | null>(null);
  const [name, setName] = useState("");
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();

  if (projects.length === 0) {
    return (
      <EmptyState
        icon={<IconApps size={24} />}
        title="No projects yet"
        action={
          canEdit ? (
            <Button component="a" href="/projects/new">
              New project
            </Button>
          ) : undefined
        }
      >
        A project targets an environment&apos;s metadata snapshot. Import metadata under Environments first, then create
        a project here.
      </EmptyState>
    );
  }

  function submit(event: React.FormEvent) {
    event.preventDefault();
    if (!cloning) return;
    startTransition(async () => {
      const result = await clone({ projectId: cloning.id, name });
      if (result.ok) {
        setCloning(null);
        router.push(`/projects/${result.data.id}`);
      } else {
        setError(result.problems.find((p) => p.path === "name")?.message ?? result.message);
      }
    });
  }

  return (
    <>
      <Table verticalSpacing="sm" highlightOnHover aria-label="Projects">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Environment</Table.Th>
            <Table.Th>Snapshot</Table.Th>
            <Table.Th>Tables</Table.Th>
            <Table.Th>Roles</Table.Th>
            <Table.Th w={50} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {projects.map((p) => (
            <Table.Tr key={p.id}>
              <Table.Td>
                <Anchor component={Link} href={`/projects/${p.id}`} fw={600}>
                  {p.name}
                </Anchor>
                {p.description ? (
                  <Text size="xs" c="dimmed" lineClamp={2} maw={420}>
                    {p.description}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>{p.environment.name}</Table.Td>
              <Table.Td>
                <Text size="sm">{p.snapshot.name}</Text>
                {p.snapshot.name.includes(formatWhen(p.snapshot.createdAt)) ? null : (
                  <Text size="xs" c="dimmed">
                    {formatWhen(p.snapshot.createdAt)}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{p.tableCount}</Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {p.roles.length === 0 ? (
                    <Text size="xs" c="dimmed">
                      none
                    </Text>
                  ) : (
                    p.roles.map((r) => (
                      <Badge key={r.roleName} variant="light" size="sm">
                        {r.roleName} · {r.priority}
                      </Badge>
                    ))
                  )}
                </Group>
              </Table.Td>
              <Table.Td>
                {canEdit ? (
                  <Tooltip label={`Clone ${p.name}`}>
                    <ActionIcon
                      variant="subtle"
                      aria-label={`Clone ${p.name}`}
                      onClick={() => {
                        setCloning(p);
                        setName(`${p.name} (copy)`);
                        setError(undefined);
                      }}
                    >
                      <IconCopy size={16} />
                    </ActionIcon>
                  </Tooltip>
                ) : null}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Modal opened={!!cloning} onClose={() => setCloning(null)} title={`Clone ${cloning?.name ?? ""}`}>
        <form onSubmit={submit}>
          <Stack>
            <Text size="sm" c="dimmed">
              The copy gets the same environment, snapshot, roles, settings and every table config.
            </Text>
            <TextInput
              label="Name of the copy"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={error}
              required
              maxLength={100}
              data-autofocus
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setCloning(null)}>
                Cancel
              </Button>
              <Button type="submit" loading={pending}>
                Clone
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
