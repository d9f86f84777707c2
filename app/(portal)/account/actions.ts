"use server";
// The account page's one action: change your own password (any signed-in user).
import { revalidatePath } from "next/cache";
import { getDb } from "@/lib/db/client";
import { defineAction } from "@/app/_server/define-action";
import { ChangePasswordSchema } from "@/lib/auth/schema";
import { changeOwnPassword } from "@/lib/auth/recovery";

export const changePasswordAction = defineAction(
  { permission: "read", input: ChangePasswordSchema },
  async (input, { user, requestId }) => {
    const result = await changeOwnPassword(getDb(), { id: user.id, sessionId: user.sessionId }, input, { requestId });
    revalidatePath("/account");
    return result;
  },
);
