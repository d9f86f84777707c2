// A version's bundle at its immutable content-addressed URL (see lib/device-api/serve-bundle.ts).
// Its entry in the device route table (lib/device-api/routes.ts); the production server answers it in front of Next.
import { withDevice } from "@/app/_server/with-device";

export const dynamic = "force-dynamic";

export const GET = withDevice("/api/client/v1/bundles/[hash]", "GET");
