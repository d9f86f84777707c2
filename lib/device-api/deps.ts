// What the device API's handlers need, made once per process (default-deps.ts) or per test: the database,
// the token verifier, each environment's Web API client, the caches and the batched recorders. Its own module
// so that the HTTP surface (device-http.ts) and the handlers depend on it and not on each other.
import "server-only";
import type { Db } from "@/lib/db/client";
import type { DataverseClient } from "@/lib/dataverse/client";
import type { UserRole } from "@/lib/customization/role-priority";
import { recordDeviceSyncs } from "@/lib/versions/mutations";
import { PublishedCache } from "@/lib/versions/published-cache";
import { TtlCache } from "./ttl-cache";
import { SyncRecorder } from "./sync-recorder";
import type { TokenVerifier } from "./verify-token";

export interface DeviceApiDeps {
  db: Db;
  verifyToken: TokenVerifier;
  /** The Web API client of an environment (its app registration). */
  clientFor: (environmentId: string) => Promise<DataverseClient>;
  /** Roles per (environment, user). */
  roleCache: TtlCache<UserRole[]>;
  /** Published projects and their versions, kept for seconds. */
  published: PublishedCache;
  /** Downloads and checks, written in batches. */
  syncs: SyncRecorder;
}

/** The device API's dependencies; caches and the recorders are made fresh unless given. */
export function createDeviceApiDeps(
  base: Pick<DeviceApiDeps, "db" | "verifyToken" | "clientFor"> & Partial<DeviceApiDeps>,
): DeviceApiDeps {
  return {
    roleCache: createRoleCache(),
    published: new PublishedCache(),
    syncs: new SyncRecorder((syncs) => recordDeviceSyncs(base.db, syncs)),
    ...base,
  };
}

export const ROLE_CACHE_TTL_MS = 5 * 60_000;

export function createRoleCache(ttlMs = ROLE_CACHE_TTL_MS): TtlCache<UserRole[]> {
  return new TtlCache<UserRole[]>(ttlMs);
}
