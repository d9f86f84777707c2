import { Button } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { PageHeader } from "@/components/shell/page-header";
import { ProjectList } from "@/components/projects/project-list";
import { getDb } from "@/lib/db/client";
import { can } from "@/lib/auth/roles";
import { listProjects } from "@/lib/customization/data";
import { getCurrentUser } from "@/app/_server/request-context";
import { cloneProjectAction } from "./actions";

export const metadata = { title: "Projects" };

export default async function ProjectsPage() {
  const [user, projects] = await Promise.all([getCurrentUser(), listProjects(getDb())]);
  const canEdit = !!user && can(user.role, "edit");
  return (
    <>
      <PageHeader
        title="Projects"
        description="An app project says which tables and columns mobile users get, which rows, and what they may do with them."
        actions={
          canEdit ? (
            <Button component="a" href="/projects/new" leftSection={<IconPlus size={16} />}>
              New project
            </Button>
          ) : null
        }
      />
      <ProjectList
        canEdit={canEdit}
        clone={cloneProjectAction}
        projects={projects.map((p) => ({
          ...p,
          snapshot: { ...p.snapshot, createdAt: p.snapshot.createdAt.toISOString() },
          updatedAt: p.updatedAt.toISOString(),
        }))}
      />
    </>
  );
}
