// GET: version N's signed bundle, the stored bytes devices download. Editors and owners only (as the export).
import { withAdmin } from "@/app/_server/route";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/app-error";
import { loadProjectDocument } from "@/lib/customization/data";
import { loadVersionBundle } from "@/lib/versions/data";
import { attachment, bundleFileName } from "@/lib/versions/download-names";

export const dynamic = "force-dynamic";

export const GET = withAdmin<{ projectId: string; number: string }>("edit", async (_request, { params }) => {
  const number = Number(params.number);
  if (!Number.isInteger(number) || number < 1) throw new AppError("not_found", "No such version");
  const db = getDb();
  const [{ project }, { version, bytes }] = await Promise.all([
    loadProjectDocument(db, params.projectId),
    loadVersionBundle(db, params.projectId, number),
  ]);
  return new Response(new Uint8Array(bytes), {
    headers: {
      "content-type": "application/json",
      "content-disposition": attachment(bundleFileName(project.name, version.number)),
      etag: `"${version.contentHash}"`,
      "cache-control": "no-store",
    },
  });
});
