"use server";
// New environment screen: create one (owners only, manage-environments).
import { revalidatePath } from "next/cache";
import { getDb } from "@/lib/db/client";
import { createEnvironment } from "@/lib/environments/mutations";
import { CreateEnvironmentSchema } from "@/lib/environments/schema";
import { defineAction } from "@/app/_server/define-action";

export const createEnvironmentAction = defineAction(
  { permission: "manage-environments", input: CreateEnvironmentSchema },
  async (input, { actor, requestId }) => {
    const environment = await createEnvironment(getDb(), actor, input, { requestId });
    revalidatePath("/environments");
    return { id: environment.id };
  },
);
