// POST a project file: without ?apply=1 the diff against the project (nothing written); with it, the file
// is written as new draft revisions and the same diff is returned.
import { withApiToken } from "@/app/_server/with-api-token";
import { json } from "@/app/_server/route";
import { parseProjectFile } from "@/lib/bundle/project-file";
import { applyImport, planImport, resolveProject } from "@/lib/versions/import-project";
import { readTextBody } from "@/lib/versions/read-text-body";

export const dynamic = "force-dynamic";

export const POST = withApiToken<{ project: string }>("projects:write", async (request, { db, params, actor, requestId }) => {
  const project = await resolveProject(db, decodeURIComponent(params.project));
  const file = parseProjectFile(await readTextBody(request), "project file");
  const apply = new URL(request.url).searchParams.get("apply") === "1";
  if (!apply) return json({ projectId: project.id, applied: false, diff: await planImport(db, project.id, file) });
  const { diff } = await applyImport(db, actor, project.id, file, { requestId });
  return json({ projectId: project.id, applied: true, diff });
});
