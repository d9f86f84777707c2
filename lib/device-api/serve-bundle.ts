// GET /api/client/v1/bundles/<sha256>: a version's bundle at its immutable, content-addressed URL. The
// bytes behind an address never change, so any proxy or CDN may keep them for a year.
import "server-only";
import { AppError } from "@/lib/app-error";
import { findBundleByHash } from "@/lib/versions/data";
import type { DeviceApiDeps } from "./serve-customization";
import { etagMatches } from "./etag";
import { bundleCache } from "./bundle-cache";

const HASH = /^[0-9a-f]{64}$/;
export const IMMUTABLE = "public, max-age=31536000, immutable";

export async function serveBundle(request: Request, deps: DeviceApiDeps, hash: string): Promise<Response> {
  await deps.verifyToken(request.headers.get("authorization"));
  if (!HASH.test(hash)) throw new AppError("not_found", "A bundle address is the 64 lowercase hex digits of its SHA-256.");
  const headers = { etag: `"${hash}"`, "cache-control": IMMUTABLE };
  // The address is the hash of the bytes: a matching If-None-Match needs no database read at all.
  if (etagMatches(request.headers.get("if-none-match"), hash)) {
    return new Response(null, { status: 304, headers });
  }
  let bytes = bundleCache.get(hash);
  if (!bytes) {
    const bundle = await findBundleByHash(deps.db, hash);
    if (!bundle) throw new AppError("not_found", `No bundle has the hash ${hash}.`);
    bytes = bundle.bytes;
    bundleCache.set(hash, bytes);
  }
  return new Response(new Uint8Array(bytes), { status: 200, headers: { ...headers, "content-type": "application/json", "content-length": String(bytes.length) } });
}
