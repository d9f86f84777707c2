// What the device API's handlers need, made once per process (default-deps.ts) or per test: the database,
// the token verifier, each environment's Web API client, the caches and the batched recorders. Its own module
// so that the HTTP surface (device-http.ts) and the handlers depend on it and not on each other.
import "server-only";
import type { Db } from "@/lib/db/client";
import type { DataverseClient } from "@/lib/dataverse/client";
import type { UserRole } from "@/lib/customization/role-priority";
import { recordDeviceSyncs } from "@/lib/versions/mutations";
import { PublishedCache } from "@/lib/versions/published-cache";
import { recordCheckIns } from "@/lib/devices/mutations";
import type { CheckInRecord } from "@/lib/devices/schema";
import type { SecurityPolicy } from "@/lib/customization/security-policy";
import { TtlCache } from "./ttl-cache";
import { BatchRecorder, SyncRecorder } from "./sync-recorder";
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
  /** Check-ins (what each device reported), written in batches. */
  checkIns: BatchRecorder<CheckInRecord>;
  /** The security policy in each version's bundle, by version id (a version never changes). */
  policies: Map<string, Promise<SecurityPolicy>>;
  /** Allowed devices (`<oid>:<device id>`) remembered for downloads, with the state generation they were read at. */
  allowedDevices: TtlCache<{ id: string; generation: number }>;
  /** Whether a user may fetch a bundle by its hash (`<oid>:<hash>`), remembered for a minute. */
  bundleAccess: TtlCache<boolean>;
  /** The most devices one user may use (SYNCWRIGHT_MAX_DEVICES_PER_USER); blocked ones do not count. */
  maxDevicesPerUser: number;
}

export const DEFAULT_MAX_DEVICES_PER_USER = 10;

/** The device API's dependencies; caches and the recorders are made fresh unless given. */
export function createDeviceApiDeps(
  base: Pick<DeviceApiDeps, "db" | "verifyToken" | "clientFor"> & Partial<DeviceApiDeps>,
): DeviceApiDeps {
  return {
    roleCache: createRoleCache(),
    published: new PublishedCache(),
    syncs: new SyncRecorder((syncs) => recordDeviceSyncs(base.db, syncs), {
      describe: (s) => ({ deviceId: s.deviceId, versionId: s.versionId, downloaded: s.downloaded }),
    }),
    checkIns: new BatchRecorder<CheckInRecord>((records) => recordCheckIns(base.db, records), {
      label: "check-ins",
      describe: (r) => ({ deviceRowId: r.deviceRowId }),
    }),
    policies: new Map(),
    bundleAccess: new TtlCache<boolean>(60_000),
    allowedDevices: new TtlCache(ALLOWED_DEVICE_TTL_MS, 100_000),
    maxDevicesPerUser: DEFAULT_MAX_DEVICES_PER_USER,
    ...base,
  };
}

export const ROLE_CACHE_TTL_MS = 5 * 60_000;
/** How long a download may rely on a device having been allowed: a block made on another instance takes this long. */
export const ALLOWED_DEVICE_TTL_MS = 5_000;

export function createRoleCache(ttlMs = ROLE_CACHE_TTL_MS): TtlCache<UserRole[]> {
  return new TtlCache<UserRole[]>(ttlMs);
}

/** Writes every download, check and check-in still waiting in memory. */
export async function flushRecorders(deps: DeviceApiDeps): Promise<void> {
  await Promise.all([deps.syncs.flush(), deps.checkIns.flush()]);
}
