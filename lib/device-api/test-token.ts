// An owner's test of a device access token from Settings: the token checked exactly as the device API checks it
// (the same verifier and settings), the user's roles resolved the same way, and what a device of that user would
// get (project and version), or the exact refusal with the status a device would see. Reads only; the token is
// never stored, logged or echoed back.
import "server-only";
import { z } from "zod";
import { AppError, HTTP_STATUS, isAppError, type AppErrorCode } from "@/lib/app-error";
import { ClientVersionSchema, parseClientVersion } from "@/lib/versions/client-version";
import type { DeviceApiDeps } from "./deps";
import { noProjectError } from "./admit-device";
import { noVersionError, projectForUser, rolesOf } from "./serve-customization";

export const DeviceTokenTestInputSchema = z.strictObject({
  token: z
    .string()
    .trim()
    .min(1, "Paste a device user's access token")
    .max(20_000, "An access token is at most 20,000 characters")
    // Accepted with or without the "Bearer " a device sends in its header.
    .transform((t) => t.replace(/^Bearer\s+/i, "")),
  appVersion: z.union([ClientVersionSchema, z.literal("")]).optional(),
});
export type DeviceTokenTestInput = z.input<typeof DeviceTokenTestInputSchema>;

export interface DeviceTokenTestUser {
  oid: string;
  name: string | null;
  tenantId: string | null;
}

export type DeviceTokenTest =
  | {
      ok: true;
      user: DeviceTokenTestUser;
      /** The user's security roles in each environment that has a published project. */
      roles: Array<{ environmentId: string; roles: string[] }>;
      project: { id: string; name: string; roleName: string; priority: number };
      version: { number: number; minClientVersion: string };
    }
  | {
      ok: false;
      /** What a device would get: the HTTP status and the problem's message. */
      status: number;
      code: string;
      message: string;
      /** Where the check stopped: the token itself, the roles lookup, or picking a project and version. */
      stage: "token" | "roles" | "project" | "version";
      user?: DeviceTokenTestUser;
      roles?: Array<{ environmentId: string; roles: string[] }>;
    };

/** A version no app is too old for: without an app version, the newest version of the project. */
const ANY_APP = "999999.0.0";

export async function testDeviceToken(deps: DeviceApiDeps, input: DeviceTokenTestInput): Promise<DeviceTokenTest> {
  const data = DeviceTokenTestInputSchema.parse(input);
  const refusal = (thrown: unknown, stage: "token" | "roles" | "project" | "version", extra = {}) => {
    const error = asAppError(thrown);
    if (!error) throw thrown;
    return { ok: false as const, status: error.status, code: error.code, message: error.message, stage, ...extra };
  };

  let user: DeviceTokenTestUser;
  try {
    user = await deps.verifyToken(`Bearer ${data.token}`);
  } catch (error) {
    return refusal(error, "token");
  }

  const projects = await deps.published.projects(deps.db);
  const environments = [...new Set(projects.map((p) => p.environmentId))];
  const roles: Array<{ environmentId: string; roles: string[] }> = [];
  let pick: Awaited<ReturnType<typeof projectForUser>>;
  try {
    for (const environmentId of environments)
      roles.push({ environmentId, roles: (await rolesOf(deps, environmentId, user.oid)).map((r) => r.name) });
    pick = await projectForUser(deps, user.oid, projects);
  } catch (error) {
    return refusal(error, "roles", { user, roles });
  }
  if (!pick) return refusal(noProjectError(), "project", { user, roles });

  const appVersionText = data.appVersion || ANY_APP;
  const version = await deps.published.compatibleVersion(deps.db, pick.projectId, [
    ...(parseClientVersion(appVersionText) ?? []),
  ]);
  if (!version) return refusal(noVersionError(pick.projectName, appVersionText), "version", { user, roles });
  return {
    ok: true,
    user,
    roles,
    project: { id: pick.projectId, name: pick.projectName, roleName: pick.roleName, priority: pick.priority },
    version: { number: version.number, minClientVersion: version.minClientVersion },
  };
}

/**
 * The AppError a device-API step threw. The running server's device API dependencies are made by its node:http
 * front (lib/device-api/node-front.ts), which loads its own copy of lib/: its AppError is the same class from
 * another module instance, so `instanceof` alone would take a refusal for a crash.
 */
function asAppError(error: unknown): AppError | undefined {
  if (isAppError(error)) return error;
  const e = error as { constructor?: { name?: string }; code?: unknown; message?: unknown } | null;
  if (e?.constructor?.name === "AppError" && typeof e.code === "string" && e.code in HTTP_STATUS)
    return new AppError(e.code as AppErrorCode, String(e.message), { cause: error });
  return undefined;
}
