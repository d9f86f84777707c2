"use server";
// Devices: approve, block, unblock, lock, wipe, force full sync (picked devices or a whole filtered selection),
// and cancelling a queued command. Each change is audited with the admin who made it.
import { revalidatePath } from "next/cache";
import { getDb } from "@/lib/db/client";
import { getConfig } from "@/lib/config";
import { defineAction } from "@/app/_server/define-action";
import { BulkDeviceActionInputSchema, CancelCommandInputSchema, DeviceActionInputSchema } from "@/lib/devices/schema";
import { applyBulkDeviceAction, applyDeviceAction, cancelCommand } from "@/lib/devices/mutations";

export const deviceAction = defineAction(
  { permission: "publish", input: DeviceActionInputSchema },
  async (input, { actor, requestId }) => {
    const result = await applyDeviceAction(getDb(), actor, input, { requestId });
    revalidatePath("/devices");
    return result;
  },
);

export const bulkDeviceAction = defineAction(
  { permission: "publish", input: BulkDeviceActionInputSchema },
  async (input, { actor, requestId }) => {
    const result = await applyBulkDeviceAction(getDb(), actor, input, getConfig().maxDevicesPerUser, { requestId });
    revalidatePath("/devices");
    return result;
  },
);

export const cancelCommandAction = defineAction(
  { permission: "publish", input: CancelCommandInputSchema },
  async (input, { actor, requestId }) => {
    await cancelCommand(getDb(), actor, input, { requestId });
    revalidatePath("/devices");
    return { cancelled: input.commandId };
  },
);
