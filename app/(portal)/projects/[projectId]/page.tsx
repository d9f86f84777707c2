import { Anchor, Badge, Button, Group } from "@mantine/core";
import { PageHeader } from "@/components/shell/page-header";
import { ProjectOverview } from "@/components/projects/project-overview";
import { getDb } from "@/lib/db/client";
import { loadProjectDocument, loadRoleAssignments } from "@/lib/customization/data";
import {
  enableTablesAction,
  previewRetargetAction,
  removeTableAction,
  retargetProjectAction,
  setProjectRolesAction,
  updateProjectAction,
} from "./actions";
import { countOf } from "@/lib/format/count";

export const metadata = { title: "Project" };

export default async function ProjectPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const db = getDb();
  const [{ project }, assignments] = await Promise.all([loadProjectDocument(db, projectId), loadRoleAssignments(db)]);
  return (
    <>
      <PageHeader
        title={project.name}
        description={
          <>
            {project.description || "No description."}{" "}
            <Anchor href="/projects" size="sm">
              All projects
            </Anchor>
          </>
        }
        actions={
          <Group gap="xs">
            <Badge variant="light">{countOf(project.tables.length, "table")}</Badge>
            <Badge variant="light" color="gray">
              {countOf(project.roles.length, "role")}
            </Badge>
            <Button component="a" href={`/projects/${projectId}/security`} variant="light" size="xs">
              Security policy
            </Button>
            <Button component="a" href={`/projects/${projectId}/versions`} variant="light" size="xs">
              Versions &amp; publish
            </Button>
          </Group>
        }
      />
      <ProjectOverview
        assignments={assignments}
        actions={{
          enableTables: enableTablesAction,
          removeTable: removeTableAction,
          setRoles: setProjectRolesAction,
          updateProject: updateProjectAction,
          previewRetarget: previewRetargetAction,
          retarget: retargetProjectAction,
        }}
      />
    </>
  );
}
