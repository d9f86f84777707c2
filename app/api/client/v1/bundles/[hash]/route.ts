// A version's bundle at its immutable content-addressed URL (see lib/device-api/serve-bundle.ts).
// The production server answers this path in front of Next (lib/device-api/node-front.ts) with the same handler.
import { withDevice } from "@/app/_server/with-device";
import { serveBundle } from "@/lib/device-api/serve-bundle";

export const dynamic = "force-dynamic";

export const GET = withDevice<{ hash: string }>((request, deps, params) => serveBundle(request, deps, params.hash));
