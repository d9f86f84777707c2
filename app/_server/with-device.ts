// The device API's one wrapper: the dependencies (token verifier from the configuration, the database, each
// environment's Web API client, the role cache), a request id, and errors as problem+json (401 with
// WWW-Authenticate). Free of Next's request APIs so tests can serve it from a plain node:http server.
import "server-only";
import { randomUUID } from "node:crypto";
import { AppError } from "@/lib/app-error";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { clientForEnvironment } from "@/lib/environments/dataverse-clients";
import { createDeviceApiDeps, type DeviceApiDeps } from "@/lib/device-api/serve-customization";
import { createTokenVerifier } from "@/lib/device-api/verify-token";
import { logger } from "@/lib/logger";
import { problemResponse } from "@/app/_server/problem";

type Params = Record<string, string | string[]>;
export type DeviceHandler<P extends Params> = (request: Request, deps: DeviceApiDeps, params: P) => Promise<Response>;

const globalForDevice = globalThis as typeof globalThis & { __syncwrightDeviceDeps?: DeviceApiDeps };

/** The process's device API dependencies, made once from the configuration. */
export function defaultDeviceDeps(): DeviceApiDeps {
  if (globalForDevice.__syncwrightDeviceDeps) return globalForDevice.__syncwrightDeviceDeps;
  const config = getConfig();
  if (!config.deviceTokens) {
    throw new AppError("unavailable", "The device API is not configured: set DEVICE_TOKEN_TENANT_ID and DEVICE_TOKEN_AUDIENCE on the server.");
  }
  const db = getDb();
  globalForDevice.__syncwrightDeviceDeps = createDeviceApiDeps({
    db,
    verifyToken: createTokenVerifier(config.deviceTokens),
    clientFor: (environmentId) => clientForEnvironment(db, environmentId),
  });
  return globalForDevice.__syncwrightDeviceDeps;
}

export function withDevice<P extends Params = Params>(handler: DeviceHandler<P>, depsOf: () => DeviceApiDeps = defaultDeviceDeps) {
  return async (request: Request, args?: { params: Promise<Params> }): Promise<Response> => {
    const requestId = request.headers.get("x-request-id") ?? randomUUID();
    try {
      // No credentials at all is 401 whatever the configuration: the caller must authenticate first.
      if (!/^Bearer\s+\S/i.test(request.headers.get("authorization") ?? "")) {
        throw new AppError("unauthorized", "Send the user's Entra ID access token as Authorization: Bearer <token>.");
      }
      const params = ((await args?.params) ?? {}) as P;
      return await handler(request, depsOf(), params);
    } catch (error) {
      if (error instanceof AppError && error.code === "unauthorized") {
        logger.info({ requestId, reason: error.message }, "device token refused");
        return problemResponse(error, requestId, { "www-authenticate": `Bearer error="invalid_token"`, "x-request-id": requestId });
      }
      // The device API does not pass the page proxy (proxy.ts), so it names the request id itself.
      return problemResponse(error, requestId, { "x-request-id": requestId });
    }
  };
}
