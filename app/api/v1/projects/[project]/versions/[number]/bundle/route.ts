// GET: the signed bundle of version N (or "latest") of a project, as stored.
import { withApiToken } from "@/app/_server/with-api-token";
import { AppError } from "@/lib/app-error";
import { listVersionNumbers, loadVersionBundle } from "@/lib/versions/data";
import { resolveProject } from "@/lib/versions/import-project";

export const dynamic = "force-dynamic";

export const GET = withApiToken<{ project: string; number: string }>(
  "projects:read",
  async (_request, { db, params }) => {
    const project = await resolveProject(db, decodeURIComponent(params.project));
    let number: number;
    if (params.number === "latest") {
      const [newest] = await listVersionNumbers(db, project.id);
      if (newest === undefined)
        throw new AppError("not_found", `Project '${project.name}' has no published version yet`);
      number = newest;
    } else {
      number = Number(params.number);
      if (!Number.isInteger(number) || number < 1)
        throw new AppError("invalid", "The version must be a number such as 3, or 'latest'", {
          problems: [{ path: "number", message: "must be a whole number or 'latest'" }],
        });
    }
    const { version, bytes } = await loadVersionBundle(db, project.id, number);
    return new Response(new Uint8Array(bytes), {
      headers: {
        "content-type": "application/json",
        etag: `"${version.contentHash}"`,
        "x-syncwright-version": String(version.number),
        "cache-control": "no-store",
      },
    });
  },
);
