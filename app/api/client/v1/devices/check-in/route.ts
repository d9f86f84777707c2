// A device's check-in: its report in, its state, policy version and commands out (lib/device-api/serve-check-in.ts).
// Its entry in the device route table (lib/device-api/routes.ts); the production server answers it in front of Next.
import { withDevice } from "@/app/_server/with-device";

export const dynamic = "force-dynamic";

export const POST = withDevice("/api/client/v1/devices/check-in", "POST");
