// POST a project file: without ?apply=1 the diff against the project (nothing written) and the basis, the
// revisions it was made against; with it, the file is written as new draft revisions in one transaction and
// the same diff is returned. Send the plan's basis back as ?basis=<the basis as JSON> and a change made
// after the diff was shown is answered 409 with nothing written; without it, the revisions read at apply time count.
import { withApiToken } from "@/app/_server/with-api-token";
import { json } from "@/app/_server/route";
import { parseProjectFile } from "@/lib/bundle/project-file";
import { applyImport, parseImportBasis, planImport, resolveProject } from "@/lib/versions/import-project";
import { readTextBody } from "@/lib/versions/read-text-body";

export const dynamic = "force-dynamic";

export const POST = withApiToken<{ project: string }>(
  "projects:write",
  async (request, { db, params, actor, requestId }) => {
    const project = await resolveProject(db, decodeURIComponent(params.project));
    const file = parseProjectFile(await readTextBody(request), "project file");
    const query = new URL(request.url).searchParams;
    const basis = parseImportBasis(query.get("basis"));
    if (query.get("apply") !== "1") {
      const plan = await planImport(db, project.id, file);
      return json({ projectId: project.id, applied: false, diff: plan.diff, basis: plan.basis });
    }
    const applied = await applyImport(db, actor, project.id, file, { requestId, basis });
    return json({ projectId: project.id, applied: true, diff: applied.diff, basis: applied.basis });
  },
);
