// Every page of one project sits in its workspace: the project and its snapshot loaded once, the
// validation panel beside the page.
import { getDb } from "@/lib/db/client";
import { can } from "@/lib/auth/roles";
import { loadProjectWorkspace } from "@/lib/customization/data";
import { getCurrentUser } from "@/app/_server/request-context";
import { ProjectWorkspaceFrame } from "@/components/projects/workspace";
import { acknowledgeWarningAction, withdrawAcknowledgementAction } from "./actions";
import { orNotFound } from "@/app/_server/page-data";

export default async function ProjectLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ projectId: string }>;
}) {
  const { projectId } = await params;
  const user = await getCurrentUser();
  const ws = await orNotFound(loadProjectWorkspace(getDb(), projectId));
  return (
    <ProjectWorkspaceFrame
      ws={ws}
      canEdit={!!user && can(user.role, "edit")}
      canManageRoles={!!user && can(user.role, "manage-environments")}
      acknowledgeActions={{ acknowledge: acknowledgeWarningAction, withdraw: withdrawAcknowledgementAction }}
    >
      {children}
    </ProjectWorkspaceFrame>
  );
}
