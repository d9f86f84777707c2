// The device download: the customization of the signed-in device user's app project (see lib/device-api).
import { withDevice } from "@/app/_server/with-device";
import { serveCustomization } from "@/lib/device-api/serve-customization";

export const dynamic = "force-dynamic";

export const GET = withDevice((request, deps) => serveCustomization(request, deps));
