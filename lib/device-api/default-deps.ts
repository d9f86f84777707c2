// The device API's dependencies in a running portal, made once per process from the configuration: the token
// verifier, the database, each environment's Web API client, the caches and the download recorder.
import "server-only";
import { AppError } from "@/lib/app-error";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { clientForEnvironment } from "@/lib/environments/dataverse-clients";
import { createDeviceApiDeps, flushRecorders, type DeviceApiDeps } from "./deps";
import { createTokenVerifier } from "./verify-token";

// On globalThis: Next bundles each route separately, and the production server's node:http front shares them too.
const globalForDevice = globalThis as typeof globalThis & { __syncwrightDeviceDeps?: DeviceApiDeps };

export function defaultDeviceDeps(): DeviceApiDeps {
  if (globalForDevice.__syncwrightDeviceDeps) return globalForDevice.__syncwrightDeviceDeps;
  const config = getConfig();
  if (!config.deviceTokens) {
    throw new AppError(
      "unavailable",
      "The device API is not configured: set DEVICE_TOKEN_TENANT_ID and DEVICE_TOKEN_AUDIENCE on the server.",
    );
  }
  const db = getDb();
  globalForDevice.__syncwrightDeviceDeps = createDeviceApiDeps({
    db,
    verifyToken: createTokenVerifier(config.deviceTokens),
    clientFor: (environmentId) => clientForEnvironment(db, environmentId),
    maxDevicesPerUser: config.maxDevicesPerUser,
  });
  return globalForDevice.__syncwrightDeviceDeps;
}

/** Writes the downloads, checks and check-ins still waiting in memory (on shutdown). */
export async function flushDeviceApi(): Promise<void> {
  const deps = globalForDevice.__syncwrightDeviceDeps;
  if (deps) await flushRecorders(deps);
}
