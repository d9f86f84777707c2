"use server";
// The sync-filter page: list the org's users to count as, and preview the footprint on demand. Saving goes
// through the table page's saveTableConfigAction.
import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { SyncFilterSchema } from "@/lib/filters/schema";
import {
  listOrgUsers,
  previewProjectFootprint,
  previewTableFootprint,
  projectFootprint,
} from "@/lib/customization/footprint-data";
import { defineAction } from "@/app/_server/define-action";

const ProjectInput = z.strictObject({ projectId: z.string().min(1).max(100) });

export const listPreviewUsersAction = defineAction({ permission: "read", input: ProjectInput }, async (input) =>
  listOrgUsers(getDb(), input.projectId),
);

const PreviewInput = z.strictObject({
  projectId: z.string().min(1).max(100),
  tableName: z.string().min(1).max(128),
  syncFilter: SyncFilterSchema.optional(),
  callerObjectId: z.guid("The user must be an Entra object id (GUID)").nullable().optional(),
});

export const previewFootprintAction = defineAction({ permission: "read", input: PreviewInput }, async (input) => {
  const db = getDb();
  const count = await previewTableFootprint(db, input);
  const project = await projectFootprint(db, input.projectId, input.callerObjectId ?? null, {
    [input.tableName]: input.syncFilter,
  });
  return { count, project: { totals: project.totals, uncounted: project.uncounted } };
});

const ProjectPreviewInput = z.strictObject({
  projectId: z.string().min(1).max(100),
  callerObjectId: z.guid("The user must be an Entra object id (GUID)").nullable().optional(),
});

export const previewProjectFootprintAction = defineAction(
  { permission: "read", input: ProjectPreviewInput },
  async (input) => {
    const result = await previewProjectFootprint(getDb(), input.projectId, input.callerObjectId ?? null);
    return { totals: result.totals, uncounted: result.uncounted };
  },
);
