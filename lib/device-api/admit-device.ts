// Which devices get anything: the device headers every device request carries, the security policy of the version
// a device would get (read once per version from its bundle), and the device's state: a device seen for the first
// time is registered (pending when its project's policy blocks new devices; refused past the per-user limit), and
// a pending or blocked device gets 403 with a machine-readable reason.
import "server-only";
import { AppError } from "@/lib/app-error";
import { parseClientVersion } from "@/lib/versions/client-version";
import { contentOfVersion, loadBundleBytes } from "@/lib/versions/data";
import { deviceStateGeneration, findDeviceGate, registerDevice, type DeviceGate } from "@/lib/devices/mutations";
import { DEVICE_REFUSALS } from "@/lib/devices/schema";
import { DEFAULT_SECURITY_POLICY, type SecurityPolicy } from "@/lib/customization/security-policy";
import type { DeviceIdentity } from "./verify-token";
import type { DeviceApiDeps } from "./deps";
import type { DeviceRequest } from "./device-http";
import { bundleCache } from "./bundle-cache";

const DEVICE_ID = /^[\x21-\x7e]{1,200}$/;
const APP_VERSION_TEXT = /^[\x20-\x7e]{1,50}$/;

/** X-Device-Id and X-App-Version, or a 400 problem naming the header. */
export function deviceHeaders(request: DeviceRequest): {
  deviceId: string;
  appVersionText: string;
  appVersion: readonly number[];
} {
  const deviceId = (request.header("x-device-id") ?? "").trim();
  if (!DEVICE_ID.test(deviceId))
    throw new AppError("invalid", "Send the device's id in the X-Device-Id header (1-200 visible ASCII characters).", {
      problems: [{ path: "X-Device-Id", message: "is required" }],
    });
  const appVersionText = (request.header("x-app-version") ?? "").trim();
  // Stored as sent (the Devices page shows it): printable ASCII only, as a version's text is.
  const appVersion = APP_VERSION_TEXT.test(appVersionText) ? parseClientVersion(appVersionText) : undefined;
  if (!appVersion)
    throw new AppError(
      "invalid",
      `Send the app's version in the X-App-Version header, such as 1.4.2${appVersionText ? ` (got '${appVersionText.slice(0, 40).replace(/[^\x20-\x7e]/g, "?")}')` : ""}.`,
      { problems: [{ path: "X-App-Version", message: "must be a version such as 1.4.2" }] },
    );
  return { deviceId, appVersionText, appVersion };
}

/** The refusal of a user none of whose roles is assigned to a published project. */
export function noProjectError(): AppError {
  return new AppError(
    "not_found",
    "None of your security roles is assigned to a published app project. Ask your administrator to assign one of your roles to a project.",
  );
}

/** The security policy a version's bundle carries (kept per version: its bytes never change). */
export function policyOfVersion(deps: DeviceApiDeps, versionId: string, bundleHash: string): Promise<SecurityPolicy> {
  let policy = deps.policies.get(versionId);
  if (!policy) {
    policy = (async () => {
      const bytes = bundleCache.get(bundleHash) ?? (await loadBundleBytes(deps.db, versionId));
      if (!bytes) return DEFAULT_SECURITY_POLICY;
      return contentOfVersion(bytes).content.settings.security;
    })();
    policy.catch(() => deps.policies.delete(versionId));
    if (deps.policies.size > 10_000) deps.policies.clear();
    deps.policies.set(versionId, policy);
  }
  return policy;
}

/**
 * The policy that decides whether a device new to the portal is let in: the project's as published now (its newest
 * version's), not the one of the version the device's app can run. An old app, or one too old for every version, is
 * judged by the same rule as every other new device.
 */
export async function admissionPolicy(deps: DeviceApiDeps, projectId: string): Promise<SecurityPolicy | null> {
  const newest = await deps.published.newestVersion(deps.db, projectId);
  return newest ? policyOfVersion(deps, newest.id, newest.bundleHash) : null;
}

/**
 * The device's row, registered on first sight in the state the project's policy gives new devices. A device is
 * registered only with a project: one whose user has none is refused (404, as its download is) and stays unknown,
 * so that it cannot be let in before a project that blocks new devices is assigned to its user. A device already
 * registered is answered without one (a wipe queued for it must still reach it after its user lost the role).
 */
export async function deviceGate(
  deps: DeviceApiDeps,
  identity: DeviceIdentity,
  device: { deviceId: string; appVersionText: string },
  project: { projectId: string; policy: SecurityPolicy } | null,
): Promise<DeviceGate> {
  const known = await findDeviceGate(deps.db, device.deviceId, identity.oid);
  if (known) return known;
  if (!project) throw noProjectError();
  return registerDevice(
    deps.db,
    {
      deviceId: device.deviceId,
      userOid: identity.oid,
      userName: identity.name,
      appVersion: device.appVersionText,
      projectId: project.projectId,
      state: project.policy.blockNewDevices ? "pending" : "allowed",
    },
    deps.maxDevicesPerUser,
  );
}

/**
 * For a download: refuses a device that may not have anything (403 with the reason), registering it on first
 * sight. An allowed device is remembered for seconds (ALLOWED_DEVICE_TTL_MS; at once forgotten when an admin
 * changes a state in this process), so a device's downloads cost no database read. Check-ins always read, since
 * they also pick up commands.
 */
export async function admitDownload(
  deps: DeviceApiDeps,
  identity: DeviceIdentity,
  device: { deviceId: string; appVersionText: string },
  project: { projectId: string; policy: SecurityPolicy },
): Promise<void> {
  const key = `${identity.oid}:${device.deviceId}`;
  const generation = deviceStateGeneration();
  const known = deps.allowedDevices.get(key);
  if (known && known.generation === generation) return;
  const gate = await deviceGate(deps, identity, device, project);
  refuseUnlessAllowed(gate);
  deps.allowedDevices.set(key, { id: gate.id, generation });
}

/**
 * For a bundle fetched by hash that names its device: refuses it when it is pending or blocked (a device the
 * portal has not seen is not registered here). Allowed devices are remembered as for downloads.
 */
export async function refuseKnownDevice(deps: DeviceApiDeps, oid: string, deviceId: string): Promise<void> {
  const key = `${oid}:${deviceId}`;
  const generation = deviceStateGeneration();
  const known = deps.allowedDevices.get(key);
  if (known && known.generation === generation) return;
  const gate = await findDeviceGate(deps.db, deviceId, oid);
  if (!gate) return;
  refuseUnlessAllowed(gate);
  deps.allowedDevices.set(key, { id: gate.id, generation });
}

/** 403 with the reason for a device that may not have anything. */
export function refuseUnlessAllowed(gate: DeviceGate): void {
  if (gate.state === "pending")
    throw new AppError("forbidden", DEVICE_REFUSALS.device_pending_approval, { reason: "device_pending_approval" });
  if (gate.state === "blocked")
    throw new AppError("forbidden", DEVICE_REFUSALS.device_blocked, { reason: "device_blocked" });
}
