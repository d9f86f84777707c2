"use server";
// Settings: an owner tests a device access token (reads only: nothing is written, so nothing is audited; the
// token is never logged or returned).
import { defineAction } from "@/app/_server/define-action";
import { AppError } from "@/lib/app-error";
import { deviceApiSetup } from "@/lib/config";
import { defaultDeviceDeps } from "@/lib/device-api/default-deps";
import { DeviceTokenTestInputSchema, testDeviceToken } from "@/lib/device-api/test-token";

export const testDeviceTokenAction = defineAction(
  { permission: "manage-environments", input: DeviceTokenTestInputSchema },
  async (input) => {
    const setup = deviceApiSetup();
    if (!setup.configured)
      throw new AppError(
        "unavailable",
        `The device API is not configured: set ${setup.missing.map((m) => m.name).join(" and ")} and restart the portal; every device gets 503 until then.`,
      );
    return testDeviceToken(defaultDeviceDeps(), input);
  },
);
