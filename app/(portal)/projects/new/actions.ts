"use server";
// New project: editors create projects; assigning security roles in the same step needs an owner.
import { getDb } from "@/lib/db/client";
import { requireRole } from "@/lib/auth/roles";
import { CreateProjectInputSchema } from "@/lib/customization/schema";
import { createProject } from "@/lib/customization/mutations";
import { defineAction } from "@/app/_server/define-action";

export const createProjectAction = defineAction(
  { permission: "edit", input: CreateProjectInputSchema },
  async (input, { user, actor, requestId }) => {
    if (input.roles.length > 0) requireRole(user, "manage-environments");
    return createProject(getDb(), actor, input, { requestId });
  },
);
