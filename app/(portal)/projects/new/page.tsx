import { PageHeader } from "@/components/shell/page-header";
import { NewProjectForm } from "@/components/projects/new-project-form";
import { getDb } from "@/lib/db/client";
import { can } from "@/lib/auth/roles";
import { loadProjectChoices, loadRoleAssignments } from "@/lib/customization/data";
import { getCurrentUser } from "@/app/_server/request-context";
import { createProjectAction } from "./actions";

export const metadata = { title: "New project" };

export default async function NewProjectPage() {
  const db = getDb();
  const [user, environments, assignments] = await Promise.all([
    getCurrentUser(),
    loadProjectChoices(db),
    loadRoleAssignments(db),
  ]);
  return (
    <>
      <PageHeader
        title="New project"
        description="A project targets one metadata snapshot of an environment and is for one or more Dataverse security roles."
      />
      <NewProjectForm
        environments={environments}
        assignments={assignments}
        canManageRoles={!!user && can(user.role, "manage-environments")}
        create={createProjectAction}
      />
    </>
  );
}
