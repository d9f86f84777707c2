// GET: the project's current configuration as a project file, byte for byte what `syncwright export` writes.
// Editors and owners only: the file is the whole configuration, made to be imported into another project or portal.
import { withAdmin } from "@/app/_server/route";
import { getDb } from "@/lib/db/client";
import { toProjectFile } from "@/lib/bundle/project-file";
import { loadProjectDocument } from "@/lib/customization/data";
import { attachment, projectFileName } from "@/lib/versions/download-names";

export const dynamic = "force-dynamic";

export const GET = withAdmin<{ projectId: string }>("edit", async (_request, { params }) => {
  const { project } = await loadProjectDocument(getDb(), params.projectId);
  return new Response(toProjectFile(project), {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": attachment(projectFileName(project.name)),
      "cache-control": "no-store",
    },
  });
});
