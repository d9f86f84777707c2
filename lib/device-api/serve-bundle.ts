// GET /api/client/v1/bundles/<sha256>: a version's bundle at its immutable, content-addressed URL. The
// bytes behind an address never change, so any proxy or CDN may keep them for a year.
import "server-only";
import { AppError } from "@/lib/app-error";
import { findBundleByHash } from "@/lib/versions/data";
import type { DeviceApiDeps } from "./deps";
import { etagMatches } from "./etag";
import { bundleCache } from "./bundle-cache";
import type { DeviceReply, DeviceRequest } from "./device-http";

const HASH = /^[0-9a-f]{64}$/;
export const IMMUTABLE = "public, max-age=31536000, immutable";

export async function serveBundle(request: DeviceRequest, deps: DeviceApiDeps, hash: string): Promise<DeviceReply> {
  await deps.verifyToken(request.header("authorization"));
  if (!HASH.test(hash))
    throw new AppError("not_found", "A bundle address is the 64 lowercase hex digits of its SHA-256.");
  const headers = { etag: `"${hash}"`, "cache-control": IMMUTABLE };
  // The address is the hash of the bytes: a matching If-None-Match needs no database read at all.
  if (etagMatches(request.header("if-none-match"), hash)) return { status: 304, headers };
  let bytes = bundleCache.get(hash);
  if (!bytes) {
    const bundle = await findBundleByHash(deps.db, hash);
    if (!bundle) throw new AppError("not_found", `No bundle has the hash ${hash}.`);
    bytes = bundle.bytes;
    bundleCache.set(hash, bytes);
  }
  return {
    status: 200,
    headers: { ...headers, "content-type": "application/json", "content-length": String(bytes.length) },
    body: bytes,
  };
}
