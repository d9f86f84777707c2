"use server";
// API tokens screen: create (the token text is returned once), revoke, re-assign. Owners only (manage-tokens).
import { revalidatePath } from "next/cache";
import { getDb } from "@/lib/db/client";
import { defineAction } from "@/app/_server/define-action";
import {
  CreateApiTokenInputSchema,
  ReassignApiTokenInputSchema,
  RevokeApiTokenInputSchema,
} from "@/lib/api-tokens/schema";
import { createApiToken, reassignApiToken, revokeApiToken } from "@/lib/api-tokens/mutations";

export const createTokenAction = defineAction(
  { permission: "manage-tokens", input: CreateApiTokenInputSchema },
  async (input, { actor, requestId }) => {
    const created = await createApiToken(getDb(), actor, input, { requestId });
    revalidatePath("/settings/tokens");
    return { token: created.token, prefix: created.prefix };
  },
);

export const revokeTokenAction = defineAction(
  { permission: "manage-tokens", input: RevokeApiTokenInputSchema },
  async (input, { actor, requestId }) => {
    await revokeApiToken(getDb(), actor, input, { requestId });
    revalidatePath("/settings/tokens");
    return null;
  },
);

export const reassignTokenAction = defineAction(
  { permission: "manage-tokens", input: ReassignApiTokenInputSchema },
  async (input, { actor, requestId }) => {
    await reassignApiToken(getDb(), actor, input, { requestId });
    revalidatePath("/settings/tokens");
    return null;
  },
);
