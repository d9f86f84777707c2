"use server";
// One table of a project: save its config with the revision the admin loaded. A conflict is an expected
// outcome here (another admin saved first), so it comes back as data for the conflict dialog.
import { getDb } from "@/lib/db/client";
import { isAppError } from "@/lib/app-error";
import { SaveTableConfigRequestSchema, saveTableConfig } from "@/lib/customization/mutations";
import type { RevisionedSaveOutcome, TableConflictDetails } from "@/lib/customization/save-conflict";
import type { TableConfig } from "@/lib/customization/schema";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/app/_server/define-action";

export const saveTableConfigAction = defineAction(
  { permission: "edit", input: SaveTableConfigRequestSchema },
  async (input, { actor, requestId }): Promise<RevisionedSaveOutcome<TableConfig>> => {
    try {
      const result = await saveTableConfig(getDb(), actor, input, { requestId });
      revalidatePath(`/projects/${input.projectId}`, "layout");
      return { saved: true, revision: result.revision, config: result.config };
    } catch (error) {
      if (isAppError(error) && error.code === "conflict" && error.details)
        return { saved: false, conflict: error.details as TableConflictDetails };
      throw error;
    }
  },
);
