// POST { notes?, minClientVersion? }: publishes the project's current configuration as its next version.
import { z } from "zod";
import { withApiToken } from "@/app/_server/with-api-token";
import { json, readBody } from "@/app/_server/route";
import { publishVersion } from "@/lib/versions/mutations";
import { resolveProject } from "@/lib/versions/import-project";
import { serverSigningKeys } from "@/lib/versions/server-signer";
import { ClientVersionSchema } from "@/lib/versions/client-version";

export const dynamic = "force-dynamic";

const Body = z.strictObject({
  notes: z.string().max(2000).default(""),
  minClientVersion: ClientVersionSchema.optional(),
});

export const POST = withApiToken<{ project: string }>("publish", async (request, { db, params, actor, requestId }) => {
  const project = await resolveProject(db, decodeURIComponent(params.project));
  const body = request.headers.get("content-length") === "0" ? Body.parse({}) : await readBody(request, Body);
  const result = await publishVersion(
    db,
    actor,
    { projectId: project.id, notes: body.notes, minClientVersion: body.minClientVersion },
    { signer: serverSigningKeys(), requestId },
  );
  return json({ projectId: project.id, ...result }, { status: 201 });
});
