"use server";
// Users screen: invite, change role, enable/disable, revoke an invitation. Owners only (manage-users).
import { z } from "zod";
import { revalidatePath } from "next/cache";
import { getDb } from "@/lib/db/client";
import { getConfig } from "@/lib/config";
import { createInvite, revokeInvite } from "@/lib/auth/invitations";
import { changeRole, setUserDisabled } from "@/lib/auth/users";
import { InviteSchema, ChangeRoleSchema } from "@/lib/auth/schema";
import { defineAction } from "@/app/_server/define-action";

export const inviteUserAction = defineAction(
  { permission: "manage-users", input: InviteSchema },
  async (input, { user, requestId }) => {
    const invite = await createInvite(getDb(), user, input, { baseUrl: getConfig().baseUrl, requestId });
    revalidatePath("/settings/users");
    return { url: invite.url, email: invite.email, role: invite.role, expiresAt: invite.expiresAt.toISOString() };
  },
);

export const changeRoleAction = defineAction(
  { permission: "manage-users", input: ChangeRoleSchema },
  async (input, { user, requestId }) => {
    await changeRole(getDb(), user, input, { requestId });
    revalidatePath("/settings/users");
    return null;
  },
);

export const setUserDisabledAction = defineAction(
  { permission: "manage-users", input: z.object({ userId: z.string().min(1), disabled: z.boolean() }) },
  async (input, { user, requestId }) => {
    await setUserDisabled(getDb(), user, input, { requestId });
    revalidatePath("/settings/users");
    return null;
  },
);

export const revokeInviteAction = defineAction(
  { permission: "manage-users", input: z.object({ inviteId: z.string().min(1) }) },
  async (input, { user, requestId }) => {
    await revokeInvite(getDb(), user, input.inviteId, { requestId });
    revalidatePath("/settings/users");
    return null;
  },
);
