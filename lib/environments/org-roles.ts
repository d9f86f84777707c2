// The security roles an environment knows, as it stores them (the rolesJson column): the org's own list read
// through the Web API, and the roles imported solutions carry. The one place that writes the text and the one that
// reads it back; ./known-roles.ts decides what a project's role is worth against them. Pure, so screens and the CLI
// could use it too.
import { z } from "zod";
import { SecurityRoleSchema, type SecurityRole } from "@/lib/dataverse/schema";

/** A security role a solution defines (customizations.xml `<Roles>`, or an unpacked solution's `Roles/*.xml`). */
export const SolutionRoleSchema = z.object({
  name: z.string().min(1),
  /** The role's id in the solution, when it gives one. */
  id: z.string().optional(),
});
export type SolutionRole = z.infer<typeof SolutionRoleSchema>;

/** The roles of one imported solution, under the name it was imported as (a file or folder name). */
export const SolutionRolesSchema = z.object({
  source: z.string().min(1),
  importedAt: z.string(),
  roles: z.array(SolutionRoleSchema),
});
export type SolutionRoles = z.infer<typeof SolutionRolesSchema>;

export const EnvironmentRolesSchema = z.object({
  /** The org's complete list as last read from it (every business unit's copy), or null when never read. */
  org: z.array(SecurityRoleSchema).nullable(),
  /** Roles found in imported solutions, one entry per solution name (a re-import replaces its entry). */
  solutions: z.array(SolutionRolesSchema),
});
export type EnvironmentRoles = z.infer<typeof EnvironmentRolesSchema>;

export const NO_ROLES: EnvironmentRoles = Object.freeze({ org: null, solutions: [] }) as EnvironmentRoles;

/** The stored text of an environment's roles. */
export function serializeEnvironmentRoles(roles: EnvironmentRoles): string | null {
  if (roles.org === null && roles.solutions.length === 0) return null;
  return JSON.stringify(EnvironmentRolesSchema.parse(roles));
}

/**
 * An environment's roles from the stored text. Text written before solutions' roles were kept (a bare array of
 * the org's roles) reads as the org's list; anything unreadable reads as nothing known.
 */
export function parseEnvironmentRoles(rolesJson: string | null): EnvironmentRoles {
  if (!rolesJson) return NO_ROLES;
  let json: unknown;
  try {
    json = JSON.parse(rolesJson);
  } catch {
    return NO_ROLES;
  }
  if (Array.isArray(json)) {
    const legacy = SecurityRoleSchema.array().safeParse(json);
    return legacy.success ? { org: legacy.data, solutions: [] } : NO_ROLES;
  }
  const parsed = EnvironmentRolesSchema.safeParse(json);
  return parsed.success ? parsed.data : NO_ROLES;
}

/** The same roles with the org's list replaced by one just read. */
export function withOrgRoles(current: EnvironmentRoles, org: readonly SecurityRole[]): EnvironmentRoles {
  return { ...current, org: [...org] };
}

/**
 * The same roles with one solution's roles recorded: a solution imported again under the same name replaces its
 * entry; a solution that carries no role leaves nothing behind (an earlier entry of that name is dropped).
 */
export function withSolutionRoles(current: EnvironmentRoles, entry: SolutionRoles): EnvironmentRoles {
  const others = current.solutions.filter((s) => s.source !== entry.source);
  const solutions = entry.roles.length > 0 ? [...others, entry] : others;
  solutions.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  return { ...current, solutions };
}

/** The org's security roles of an environment, or null when they were never read from the org. */
export function parseOrgRoles(rolesJson: string | null): SecurityRole[] | null {
  return parseEnvironmentRoles(rolesJson).org;
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
