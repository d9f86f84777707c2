// Portal roles and what each may do. Pure: the one place a permission decision is made.
import { AppError } from "@/lib/app-error";
import { ROLES, type Role } from "@/lib/auth/schema";

export { ROLES, type Role };

export const PERMISSIONS = [
  "read",
  "edit",
  "publish",
  "manage-users",
  "manage-environments",
  "manage-tokens",
  "view-audit",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

// owner > editor > viewer. Editors do the configuration work, owners also run the portal itself.
const GRANTS: Record<Role, readonly Permission[]> = {
  owner: PERMISSIONS,
  editor: ["read", "edit", "publish", "view-audit"],
  viewer: ["read"],
};

const RANK: Record<Role, number> = { viewer: 1, editor: 2, owner: 3 };

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** Whether the role holds the permission. An unknown role (a corrupted row) holds nothing. */
export function can(role: string, permission: Permission): boolean {
  return isRole(role) && GRANTS[role].includes(permission);
}

/** Whether `role` is at least `minimum` in the owner > editor > viewer order. */
export function roleAtLeast(role: string, minimum: Role): boolean {
  return isRole(role) && RANK[role] >= RANK[minimum];
}

/** The permissions of a role, e.g. to hide navigation entries the user cannot open. */
export function permissionsOf(role: string): Permission[] {
  return isRole(role) ? [...GRANTS[role]] : [];
}

const PERMISSION_WORDS: Record<Permission, string> = {
  read: "view the portal",
  edit: "edit configurations",
  publish: "publish versions",
  "manage-users": "manage users",
  "manage-environments": "manage environments",
  "manage-tokens": "manage API tokens",
  "view-audit": "view the audit log",
};

/** Throws AppError("forbidden") unless the user's role holds the permission. */
export function requireRole(user: { role: string } | null | undefined, permission: Permission): void {
  if (!user) throw new AppError("unauthorized", "Sign in to continue.");
  if (!can(user.role, permission)) {
    throw new AppError("forbidden", `Your role (${user.role}) may not ${PERMISSION_WORDS[permission]}.`);
  }
}
