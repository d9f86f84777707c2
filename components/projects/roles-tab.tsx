"use client";
// The Roles & priority tab of a project: edit the roles, saved with the project's revision.
import { useTransition } from "react";
import { useRouter } from "next/navigation";
import { Alert, Button, Group, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import type { ProjectAssignment } from "@/lib/customization/role-priority";
import { useWorkspace } from "./workspace";
import { reportFailure } from "./action-result";
import type { OverviewActions } from "./overview-actions";
import { PriorityOrder, RolesEditor } from "./roles-editor";

export function RolesTab({ actions, assignments }: { actions: OverviewActions; assignments: ProjectAssignment[] }) {
  const { ws, canManageRoles, setRolesDraft, project } = useWorkspace();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const roles = project.roles;
  const all = assignments.map((a) => (a.projectId === ws.projectId ? { ...a, roles } : a));
  function save() {
    startTransition(async () => {
      const result = await actions.setRoles({ projectId: ws.projectId, revision: ws.loaded.projectRevision, roles });
      if (reportFailure(result)) {
        notifications.show({ color: "green", message: "Roles saved." });
        setRolesDraft(undefined);
        router.refresh();
      }
    });
  }
  return (
    <Group align="flex-start" grow>
      <Stack>
        <Text size="sm" c="dimmed">
          The Dataverse security roles whose users get this project. When a user has roles of several projects, the
          highest priority wins.
        </Text>
        {!canManageRoles ? (
          <Alert color="gray">Only owners assign security roles. You see them read-only.</Alert>
        ) : null}
        <RolesEditor roles={roles} onChange={setRolesDraft} knownRoles={ws.knownRoles} disabled={!canManageRoles} />
        {canManageRoles ? (
          <Group>
            <Button onClick={save} loading={pending}>
              Save roles
            </Button>
            <Button variant="default" onClick={() => setRolesDraft(undefined)}>
              Discard
            </Button>
          </Group>
        ) : null}
      </Stack>
      <PriorityOrder assignments={all} />
    </Group>
  );
}
