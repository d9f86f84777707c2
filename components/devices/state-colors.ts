// The badge colour of each device state, for server and client components alike.
import type { DeviceState } from "@/lib/devices/schema";

export const STATE_COLORS: Record<DeviceState, string> = { pending: "yellow", allowed: "teal", blocked: "red" };
