"use server";
// Projects list: clone a project under a new name.
import { revalidatePath } from "next/cache";
import { getDb } from "@/lib/db/client";
import { CloneProjectInputSchema } from "@/lib/customization/schema";
import { cloneProject } from "@/lib/customization/mutations";
import { defineAction } from "@/app/_server/define-action";

export const cloneProjectAction = defineAction(
  { permission: "edit", input: CloneProjectInputSchema },
  async (input, { actor, requestId }) => {
    const result = await cloneProject(getDb(), actor, input, { requestId });
    revalidatePath("/projects");
    return result;
  },
);
