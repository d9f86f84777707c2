// The org's security roles as an environment stores them (the rolesJson column): the one place that writes the
// text and the one that reads it back. Pure, so screens and the CLI could use it too.
import { SecurityRoleSchema, type SecurityRole } from "@/lib/dataverse/schema";

/** The stored text of the roles just read from the org. */
export function serializeOrgRoles(roles: readonly SecurityRole[]): string {
  return JSON.stringify(roles);
}

/** The org's security roles of an environment, or null when it was never connected (names are typed then). */
export function parseOrgRoles(rolesJson: string | null): SecurityRole[] | null {
  if (!rolesJson) return null;
  try {
    const parsed = SecurityRoleSchema.array().safeParse(JSON.parse(rolesJson));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Distinct role names of the org (one per name: each business unit has its own copy), with the root copy's id. */
export function orgRoleNames(roles: readonly SecurityRole[] | null): Array<{ name: string; id: string }> | null {
  if (!roles) return null;
  const byName = new Map<string, { name: string; id: string }>();
  for (const role of roles) {
    const key = role.name.toLowerCase();
    const id = role.rootRoleId ?? role.id;
    if (!byName.has(key) || role.id === id) byName.set(key, { name: role.name, id });
  }
  return [...byName.values()].sort((a, b) => {
    const x = a.name.toLowerCase();
    const y = b.name.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  });
}
