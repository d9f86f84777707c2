// GET: the project file (canonical JSON) of a project, by id or name.
import { withApiToken } from "@/app/_server/with-api-token";
import { toProjectFile } from "@/lib/bundle/project-file";
import { loadProjectDocument } from "@/lib/customization/data";
import { resolveProject } from "@/lib/versions/import-project";

export const dynamic = "force-dynamic";

export const GET = withApiToken<{ project: string }>("projects:read", async (_request, { db, params }) => {
  const project = await resolveProject(db, decodeURIComponent(params.project));
  const { project: doc } = await loadProjectDocument(db, project.id);
  return new Response(toProjectFile(doc), {
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  });
});
