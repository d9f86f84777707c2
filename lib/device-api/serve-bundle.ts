// GET /api/client/v1/bundles/<sha256>: a version's bundle at its immutable, content-addressed URL, only to a user
// entitled to a project that published it (one of their security roles is assigned to it; the answer is
// remembered for a minute). The bytes behind an address never change, but who may read them depends on the
// token, so the answer is `private`: the device keeps it for a year, a shared cache (CDN, proxy) never does.
import "server-only";
import { AppError } from "@/lib/app-error";
import { pickProject } from "@/lib/customization/role-priority";
import { findBundleByHash, findBundlePublisher } from "@/lib/versions/data";
import type { DeviceApiDeps } from "./deps";
import { etagMatches } from "./etag";
import { bundleCache } from "./bundle-cache";
import type { DeviceReply, DeviceRequest } from "./device-http";
import { rolesOf } from "./serve-customization";
import { refuseKnownDevice } from "./admit-device";

const HASH = /^[0-9a-f]{64}$/;
export const IMMUTABLE = "private, max-age=31536000, immutable";

/** Whether one of the user's roles is assigned to the project that published the bundle. */
async function entitled(deps: DeviceApiDeps, oid: string, hash: string): Promise<boolean> {
  const key = `${oid}:${hash}`;
  const known = deps.bundleAccess.get(key);
  if (known !== undefined) return known;
  const publisher = await findBundlePublisher(deps.db, hash);
  const ok = publisher
    ? pickProject([publisher], await rolesOf(deps, publisher.environmentId, oid)) !== undefined
    : false;
  deps.bundleAccess.set(key, ok);
  return ok;
}

export async function serveBundle(request: DeviceRequest, deps: DeviceApiDeps, hash: string): Promise<DeviceReply> {
  const identity = await deps.verifyToken(request.header("authorization"));
  const notFound = () =>
    new AppError("not_found", `No bundle with the hash ${HASH.test(hash) ? hash : "given"} is published for you.`);
  if (!HASH.test(hash))
    throw new AppError("not_found", "A bundle address is the 64 lowercase hex digits of its SHA-256.");
  // The same answer for a bundle that does not exist and one the user may not read: an address reveals nothing.
  if (!(await entitled(deps, identity.oid, hash))) throw notFound();
  // A device that names itself must be allowed (a pending or blocked one gets nothing here either).
  const deviceId = request.header("x-device-id")?.trim();
  if (deviceId) await refuseKnownDevice(deps, identity.oid, deviceId);
  const headers = { etag: `"${hash}"`, "cache-control": IMMUTABLE, vary: "Authorization" };
  // The address is the hash of the bytes: a matching If-None-Match needs no bundle read at all.
  if (etagMatches(request.header("if-none-match"), hash)) return { status: 304, headers };
  let bytes = bundleCache.get(hash);
  if (!bytes) {
    const bundle = await findBundleByHash(deps.db, hash);
    if (!bundle) throw notFound();
    bytes = bundle.bytes;
    bundleCache.set(hash, bytes);
  }
  return {
    status: 200,
    headers: { "content-type": "application/json", "content-length": String(bytes.length), ...headers },
    body: bytes,
  };
}
