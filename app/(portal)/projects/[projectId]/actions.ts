"use server";
// Project overview: enable and remove tables, security roles (owners), name/description/limits, re-target.
import { z } from "zod";
import { revalidatePath } from "next/cache";
import { getDb } from "@/lib/db/client";
import {
  AcknowledgeWarningInputSchema,
  WithdrawAcknowledgementInputSchema,
  EnableTablesInputSchema,
  RemoveTableInputSchema,
  RetargetProjectInputSchema,
  SetProjectRolesInputSchema,
  UpdateProjectInputSchema,
} from "@/lib/customization/schema";
import {
  acknowledgeWarning,
  withdrawAcknowledgement,
  enableTables,
  removeTable,
  retargetProject,
  setProjectRoles,
  updateProject,
} from "@/lib/customization/mutations";
import { previewRetarget } from "@/lib/customization/data";
import { publicationsChanged } from "@/lib/versions/published-cache";
import { defineAction } from "@/app/_server/define-action";

const refresh = (projectId: string) => revalidatePath(`/projects/${projectId}`, "layout");

export const enableTablesAction = defineAction(
  { permission: "edit", input: EnableTablesInputSchema },
  async (input, { actor, requestId }) => {
    const result = await enableTables(getDb(), actor, input, { requestId });
    refresh(input.projectId);
    return result;
  },
);

export const removeTableAction = defineAction(
  { permission: "edit", input: RemoveTableInputSchema },
  async (input, { actor, requestId }) => {
    await removeTable(getDb(), actor, input, { requestId });
    refresh(input.projectId);
    return null;
  },
);

// Which security roles get the project is an owner's decision, like the environments the roles come from.
export const setProjectRolesAction = defineAction(
  { permission: "manage-environments", input: SetProjectRolesInputSchema },
  async (input, { actor, requestId }) => {
    const result = await setProjectRoles(getDb(), actor, input, {
      requestId,
      onAssignmentsChanged: publicationsChanged,
    });
    refresh(input.projectId);
    return result;
  },
);

export const updateProjectAction = defineAction(
  { permission: "edit", input: UpdateProjectInputSchema },
  async (input, { actor, requestId }) => {
    const result = await updateProject(getDb(), actor, input, { requestId });
    refresh(input.projectId);
    return result;
  },
);

export const previewRetargetAction = defineAction(
  { permission: "read", input: z.strictObject({ projectId: z.string().min(1), snapshotId: z.string().min(1) }) },
  async (input) => previewRetarget(getDb(), input.projectId, input.snapshotId),
);

export const retargetProjectAction = defineAction(
  { permission: "edit", input: RetargetProjectInputSchema },
  async (input, { actor, requestId }) => {
    const result = await retargetProject(getDb(), actor, input, { requestId });
    refresh(input.projectId);
    return { revision: result.revision, summary: result.impact.summary };
  },
);

// An editor sets a warning aside as intended (with a note), or takes that back; both are stored in the project.
export const acknowledgeWarningAction = defineAction(
  { permission: "edit", input: AcknowledgeWarningInputSchema },
  async (input, { actor, requestId }) => {
    const result = await acknowledgeWarning(getDb(), actor, input, { requestId });
    refresh(input.projectId);
    return result;
  },
);

export const withdrawAcknowledgementAction = defineAction(
  { permission: "edit", input: WithdrawAcknowledgementInputSchema },
  async (input, { actor, requestId }) => {
    const result = await withdrawAcknowledgement(getDb(), actor, input, { requestId });
    refresh(input.projectId);
    return result;
  },
);
