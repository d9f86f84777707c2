"use client";
// Creating a project: name, description, environment and snapshot, security roles with priorities
// (picked from the org when connected, typed otherwise), and the resulting priority order across projects.
import { snapshotChoiceLabel } from "@/lib/metadata/snapshot-name";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Alert, Anchor, Button, Group, Paper, Select, Stack, Text, TextInput, Textarea } from "@mantine/core";
import { IconServer } from "@tabler/icons-react";
import { EmptyState } from "@/components/shell/empty-state";
import type { ProjectRole } from "@/lib/customization/schema";
import type { ProjectAssignment } from "@/lib/customization/role-priority";
import type { EnvironmentChoice } from "@/lib/customization/data";
import { NO_KNOWN_ROLES } from "@/lib/environments/known-roles";
import { PriorityOrder, RolesEditor } from "./roles-editor";
import { type ActionResult } from "./action-result";

interface CreateInput {
  name: string;
  description: string;
  environmentId: string;
  snapshotId: string;
  roles: ProjectRole[];
}

export function NewProjectForm({
  environments,
  assignments,
  canManageRoles,
  create,
}: {
  environments: EnvironmentChoice[];
  assignments: ProjectAssignment[];
  canManageRoles: boolean;
  create(input: CreateInput): Promise<ActionResult<{ id: string }>>;
}) {
  const router = useRouter();
  const usable = environments.filter((e) => e.snapshots.length > 0);
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [environmentId, setEnvironmentId] = useState<string | null>(usable[0]?.id ?? null);
  const environment = usable.find((e) => e.id === environmentId);
  const [snapshotId, setSnapshotId] = useState<string | null>(usable[0]?.snapshots[0]?.id ?? null);
  const [roles, setRoles] = useState<ProjectRole[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string>();
  const [pending, startTransition] = useTransition();

  if (usable.length === 0) {
    return (
      <EmptyState
        icon={<IconServer size={24} />}
        title="No metadata to build on"
        action={<Anchor href="/environments">Go to Environments</Anchor>}
      >
        A project is validated against a metadata snapshot. Add an environment and import its metadata first (owners
        can).
      </EmptyState>
    );
  }

  function submit(event: React.FormEvent) {
    event.preventDefault();
    startTransition(async () => {
      const result = await create({
        name,
        description,
        environmentId: environmentId ?? "",
        snapshotId: snapshotId ?? "",
        roles,
      });
      if (result.ok) {
        router.push(`/projects/${result.data.id}`);
        return;
      }
      setErrors(
        Object.fromEntries(result.problems.map((p) => [p.path.replace(/^roles\[\d+\]\..*$/, "roles"), p.message])),
      );
      setMessage(result.message);
    });
  }

  const label = snapshotChoiceLabel;
  const preview = [...assignments, { projectId: "(new)", projectName: name.trim() || "(this project)", roles }];

  return (
    <form onSubmit={submit} noValidate>
      <Group align="flex-start" gap="xl" wrap="wrap">
        <Stack w={520}>
          <TextInput
            label="Name"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name}
            maxLength={100}
            data-autofocus
          />
          <Textarea
            label="Description"
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            autosize
            minRows={2}
            error={errors.description}
          />
          <Select
            label="Environment"
            required
            data={usable.map((e) => ({ value: e.id, label: e.name }))}
            value={environmentId}
            allowDeselect={false}
            error={errors.environmentId}
            onChange={(id) => {
              setEnvironmentId(id);
              setSnapshotId(usable.find((e) => e.id === id)?.snapshots[0]?.id ?? null);
              setRoles([]);
            }}
          />
          <Select
            label="Metadata snapshot"
            description="The project is validated against it; re-target to a newer one later."
            required
            data={(environment?.snapshots ?? []).map((s) => ({ value: s.id, label: label(s) }))}
            value={snapshotId}
            allowDeselect={false}
            error={errors.snapshotId}
            onChange={setSnapshotId}
          />
          {canManageRoles ? (
            <RolesEditor roles={roles} onChange={setRoles} knownRoles={environment?.knownRoles ?? NO_KNOWN_ROLES} />
          ) : (
            <Alert color="gray">
              Only owners assign security roles: an owner adds them under the project&apos;s Roles &amp; priority tab.
            </Alert>
          )}
          {errors.roles ? (
            <Text c="red" size="sm">
              {errors.roles}
            </Text>
          ) : null}
          {message && Object.keys(errors).length === 0 ? <Alert color="red">{message}</Alert> : null}
          <Group>
            <Button type="submit" loading={pending}>
              Create project
            </Button>
            <Button variant="default" component="a" href="/projects">
              Cancel
            </Button>
          </Group>
        </Stack>
        <Paper w={360} p={0}>
          <PriorityOrder assignments={preview} />
        </Paper>
      </Group>
    </form>
  );
}
