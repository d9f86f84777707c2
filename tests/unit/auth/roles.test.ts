import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/app-error";
import { PERMISSIONS, can, permissionsOf, requireRole, roleAtLeast, type Permission } from "@/lib/auth/roles";

// The whole matrix, written out so that a change to a grant shows up here as a deliberate edit.
const MATRIX: Record<string, Record<Permission, boolean>> = {
  owner: {
    read: true,
    edit: true,
    publish: true,
    "manage-users": true,
    "manage-environments": true,
    "manage-tokens": true,
    "view-audit": true,
  },
  editor: {
    read: true,
    edit: true,
    publish: true,
    "manage-users": false,
    "manage-environments": false,
    "manage-tokens": false,
    "view-audit": true,
  },
  viewer: {
    read: true,
    edit: false,
    publish: false,
    "manage-users": false,
    "manage-environments": false,
    "manage-tokens": false,
    "view-audit": false,
  },
};

describe("portal roles", () => {
  for (const [role, grants] of Object.entries(MATRIX)) {
    for (const permission of PERMISSIONS) {
      it(`${role} ${grants[permission] ? "may" : "may not"} ${permission}`, () => {
        expect(can(role, permission)).toBe(grants[permission]);
      });
    }
  }

  it("grants nothing to an unknown role", () => {
    for (const permission of PERMISSIONS) expect(can("admin", permission)).toBe(false);
    expect(permissionsOf("")).toEqual([]);
  });

  it("orders owner > editor > viewer", () => {
    expect(roleAtLeast("owner", "editor")).toBe(true);
    expect(roleAtLeast("editor", "editor")).toBe(true);
    expect(roleAtLeast("viewer", "editor")).toBe(false);
    expect(roleAtLeast("editor", "owner")).toBe(false);
    expect(roleAtLeast("nobody", "viewer")).toBe(false);
    // Higher roles hold every permission of lower ones.
    expect(permissionsOf("editor").every((p) => can("owner", p))).toBe(true);
    expect(permissionsOf("viewer").every((p) => can("editor", p))).toBe(true);
  });

  it("requireRole throws forbidden with a message naming the role, and unauthorized without a user", () => {
    expect(() => requireRole({ role: "owner" }, "manage-users")).not.toThrow();
    try {
      requireRole({ role: "viewer" }, "publish");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("forbidden");
      expect((error as AppError).message).toBe("Your role (viewer) may not publish versions.");
    }
    expect(() => requireRole(null, "read")).toThrow(expect.objectContaining({ code: "unauthorized" }));
  });
});
