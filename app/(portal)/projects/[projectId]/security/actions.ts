"use server";
// The project's security policy: saved against the project revision the admin loaded, audited.
import { revalidatePath } from "next/cache";
import { getDb } from "@/lib/db/client";
import { defineAction } from "@/app/_server/define-action";
import { SaveSecurityPolicyInputSchema } from "@/lib/devices/schema";
import { saveSecurityPolicy } from "@/lib/devices/mutations";

export const saveSecurityPolicyAction = defineAction(
  { permission: "edit", input: SaveSecurityPolicyInputSchema },
  async (input, { actor, requestId }) => {
    const result = await saveSecurityPolicy(getDb(), actor, input, { requestId });
    revalidatePath(`/projects/${input.projectId}/security`);
    return result;
  },
);
