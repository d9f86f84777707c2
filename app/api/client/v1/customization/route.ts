// The device download: the customization of the signed-in device user's app project (see lib/device-api).
// Its entry in the device route table (lib/device-api/routes.ts); the production server answers it in front of Next.
import { withDevice } from "@/app/_server/with-device";

export const dynamic = "force-dynamic";

export const GET = withDevice("/api/client/v1/customization", "GET");
