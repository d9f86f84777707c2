// Import a project file into this project, with the diff shown before anything is written.
import { Anchor } from "@mantine/core";
import { PageHeader } from "@/components/shell/page-header";
import { ImportForm } from "@/components/versions/import-form";
import { getDb } from "@/lib/db/client";
import { can } from "@/lib/auth/roles";
import { loadProjectDocument } from "@/lib/customization/data";
import { getCurrentUser } from "@/app/_server/request-context";
import { applyImportAction, previewImportAction } from "../actions";

export const metadata = { title: "Import a project file" };

export default async function ImportPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const user = await getCurrentUser();
  const { project } = await loadProjectDocument(getDb(), projectId);
  return (
    <>
      <PageHeader
        title={`Import into ${project.name}`}
        description={
          <>
            The file&apos;s tables, roles and settings replace this project&apos;s draft (its name, environment and
            snapshot stay).{" "}
            <Anchor href={`/projects/${projectId}/versions`} size="sm">
              Back to versions
            </Anchor>
          </>
        }
      />
      <ImportForm
        projectId={projectId}
        canEdit={!!user && can(user.role, "edit")}
        preview={previewImportAction}
        apply={applyImportAction}
      />
    </>
  );
}
