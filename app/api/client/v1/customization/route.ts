// The device download: the customization of the signed-in device user's app project (see lib/device-api).
// The production server answers this path in front of Next (lib/device-api/node-front.ts) with the same handler.
import { withDevice } from "@/app/_server/with-device";
import { serveCustomization } from "@/lib/device-api/serve-customization";

export const dynamic = "force-dynamic";

export const GET = withDevice(serveCustomization);
