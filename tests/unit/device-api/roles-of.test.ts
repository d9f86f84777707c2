// A device user's roles per environment: an environment without its org connection (file-only) resolves no roles,
// so its published projects are passed over instead of refusing every device; a connected org that fails still fails.
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/app-error";
import { rolesOf } from "@/lib/device-api/serve-customization";
import { TtlCache } from "@/lib/device-api/ttl-cache";
import type { DeviceApiDeps } from "@/lib/device-api/deps";
import type { UserRole } from "@/lib/customization/role-priority";

function depsWhoseOrg(fails: AppError): DeviceApiDeps {
  // Only what rolesOf reads: the role cache and the org client, which here cannot be made.
  return {
    roleCache: new TtlCache<UserRole[]>(60_000),
    clientFor: () => Promise.reject(fails),
  } as unknown as DeviceApiDeps;
}

describe("rolesOf", () => {
  it("gives no roles in an environment that cannot reach its org (not connected)", async () => {
    const deps = depsWhoseOrg(new AppError("invalid", "File org cannot reach its org yet: set its org URL first."));
    await expect(rolesOf(deps, "env-file-only", "oid-1")).resolves.toEqual([]);
  });

  it("still fails when a connected org cannot be asked (a device must not get another project meanwhile)", async () => {
    const deps = depsWhoseOrg(new AppError("unavailable", "The org did not answer."));
    await expect(rolesOf(deps, "env-connected", "oid-1")).rejects.toThrow("The org did not answer.");
  });
});
