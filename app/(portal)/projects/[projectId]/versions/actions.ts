"use server";
// Versions screens: publish, roll back, and import a project file (preview the diff, then apply).
import { z } from "zod";
import { revalidatePath } from "next/cache";
import { getDb } from "@/lib/db/client";
import { defineAction } from "@/app/_server/define-action";
import { parseProjectFile } from "@/lib/bundle/project-file";
import { PortalPublishInputSchema, RollbackInputSchema } from "@/lib/versions/schema";
import { publishFromPortal, rollbackToVersion } from "@/lib/versions/mutations";
import { applyImport, ImportBasisSchema, planImport } from "@/lib/versions/import-project";
import { serverSigningKeys } from "@/lib/versions/server-signer";
import { MAX_PROJECT_FILE_BYTES } from "@/lib/versions/read-text-body";

const ImportInput = z.strictObject({
  projectId: z.string().min(1).max(64),
  text: z.string().min(1, "Choose a project file").max(MAX_PROJECT_FILE_BYTES, "The file is too large"),
  // The revisions the preview was made against: a change made after the admin saw it is a conflict.
  basis: ImportBasisSchema.optional(),
});

export const publishAction = defineAction(
  { permission: "publish", input: PortalPublishInputSchema },
  async (input, { actor, requestId }) => {
    const outcome = await publishFromPortal(getDb(), actor, input, { signer: serverSigningKeys(), requestId });
    if (outcome.ok) revalidatePath(`/projects/${input.projectId}/versions`);
    return outcome;
  },
);

export const rollbackAction = defineAction(
  { permission: "publish", input: RollbackInputSchema },
  async (input, { actor, requestId }) => {
    const result = await rollbackToVersion(getDb(), actor, input, { signer: serverSigningKeys(), requestId });
    revalidatePath(`/projects/${input.projectId}/versions`);
    return { number: result.number, from: result.from };
  },
);

export const previewImportAction = defineAction({ permission: "edit", input: ImportInput }, async (input) => {
  const file = parseProjectFile(input.text, "project file");
  const { diff, basis } = await planImport(getDb(), input.projectId, file);
  return { lines: diff.lines, same: diff.same, basis };
});

export const applyImportAction = defineAction(
  { permission: "edit", input: ImportInput },
  async (input, { actor, requestId }) => {
    const file = parseProjectFile(input.text, "project file");
    const { diff } = await applyImport(getDb(), actor, input.projectId, file, { requestId, basis: input.basis });
    revalidatePath(`/projects/${input.projectId}`);
    return { changes: diff.lines.length };
  },
);
