// POST a project file to create a new project from it (?name= to rename, ?environment= to place it): the
// project and all its tables in one transaction, so a refused table leaves no project behind.
import { withApiToken } from "@/app/_server/with-api-token";
import { json } from "@/app/_server/route";
import { parseProjectFile } from "@/lib/bundle/project-file";
import { importAsNew } from "@/lib/versions/import-project";
import { readTextBody } from "@/lib/versions/read-text-body";

export const dynamic = "force-dynamic";

export const POST = withApiToken("projects:write", async (request, { db, actor, requestId }) => {
  const file = parseProjectFile(await readTextBody(request), "project file");
  const query = new URL(request.url).searchParams;
  const { id } = await importAsNew(
    db,
    actor,
    file,
    { name: query.get("name") ?? undefined, environmentId: query.get("environment") ?? undefined },
    { requestId },
  );
  return json({ projectId: id, applied: true }, { status: 201 });
});
