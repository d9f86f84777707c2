// What a project's security role is worth against the roles its environment knows: verified (the org or an imported
// solution has it), unverified (only solutions' roles are known, and none is this one: it may still exist in the
// org), unknown (the org's own complete list lacks it: no user can get the project through it), or unchecked (the
// environment knows no roles at all). The one owner of that decision: the roles editor, project validation, the
// server's save check and the CLI ask here. Pure.
import { countOf } from "@/lib/format/count";
import { formatWhen } from "@/lib/format/when";
import type { EnvironmentRoles } from "./org-roles";
import { orgRoleNames } from "./org-roles";

/** Where the known names come from: the org's own list (complete), imported solutions (some of them), or nowhere. */
export type RoleSource = "org" | "solutions" | "none";

export interface KnownRole {
  name: string;
  /** The org's root copy's id (org roles only): what a project role picked from the list is matched by. */
  id?: string;
  /** Where the name was found: "the org", or the names of the solutions that carry it. */
  from: string[];
}

export interface KnownRoles {
  source: RoleSource;
  /** One per name (case-insensitive), sorted by name. */
  roles: KnownRole[];
  /** Every id that identifies a known role (each business unit's copy and its root), lower case. */
  ids: string[];
}

export type RoleStatus = "verified" | "unverified" | "unknown" | "unchecked";

export const NO_KNOWN_ROLES: KnownRoles = { source: "none", roles: [], ids: [] };

const byName = (a: KnownRole, b: KnownRole) => {
  const x = a.name.toLowerCase();
  const y = b.name.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
};

/**
 * The roles a project of the environment can be checked against: the org's own list when it was read (it is
 * complete, so the solutions' roles add nothing), else the roles of the imported solutions.
 */
export function knownRolesOf(roles: EnvironmentRoles): KnownRoles {
  if (roles.org) {
    const ids = new Set<string>();
    for (const role of roles.org) for (const id of [role.id, role.rootRoleId]) if (id) ids.add(id.toLowerCase());
    return {
      source: "org",
      roles: (orgRoleNames(roles.org) ?? []).map((r) => ({ name: r.name, id: r.id, from: ["the org"] })),
      ids: [...ids].sort(),
    };
  }
  const named = new Map<string, KnownRole>();
  for (const solution of roles.solutions) {
    for (const role of solution.roles) {
      const key = role.name.toLowerCase();
      const known = named.get(key) ?? { name: role.name, from: [] };
      if (!known.from.includes(solution.source)) known.from.push(solution.source);
      named.set(key, known);
    }
  }
  if (named.size === 0) return NO_KNOWN_ROLES;
  return { source: "solutions", roles: [...named.values()].sort(byName), ids: [] };
}

/** The known role a typed or picked name stands for (case-insensitive), if any. */
export function knownRoleNamed(name: string, known: KnownRoles): KnownRole | undefined {
  const key = name.trim().toLowerCase();
  return known.roles.find((r) => r.name.toLowerCase() === key);
}

/**
 * A project role against the known roles. A role with an id (picked from the org's list) is matched by it, the
 * role's own or its root's; otherwise by name, without regard to case, as the device API matches it.
 */
export function roleStatus(role: { roleName: string; roleId?: string }, known: KnownRoles): RoleStatus {
  if (known.source === "none") return "unchecked";
  const found =
    role.roleId && known.source === "org"
      ? known.ids.includes(role.roleId.toLowerCase())
      : knownRoleNamed(role.roleName, known) !== undefined;
  if (found) return "verified";
  return known.source === "org" ? "unknown" : "unverified";
}

/** One sentence under the roles editor: where the offered roles come from, or how to get some. */
export function knownRolesNote(known: KnownRoles): string {
  if (known.source === "org")
    return `Picked from the org's ${countOf(known.roles.length, "security role")}, as last read from it (refresh them on the environment's page).`;
  if (known.source === "solutions")
    return `Offered: the ${countOf(known.roles.length, "security role")} the imported solutions carry. Another name can still be typed (then Enter); it is marked unverified until the org's own roles are read.`;
  return `Type each role exactly as the org spells it, then Enter. ${NO_ROLES_HELP}`;
}

/** What to do when an environment knows no roles: said once, instead of a warning on every role. */
export const NO_ROLES_HELP =
  "The environment knows no security roles, so the project's role names are not checked (a misspelt one reaches no user). To check them, import a solution that carries its security roles, or connect the org and refresh its security roles on the environment's page.";

/** How the roles editor marks a role of that status (nothing for a verified or unchecked one). */
export function roleStatusMark(status: RoleStatus): { label: string; hint: string } | null {
  if (status === "unverified")
    return {
      label: "unverified",
      hint: "None of the imported solutions carries this role: check its spelling, or connect the org and refresh its roles.",
    };
  if (status === "unknown")
    return {
      label: "not in the org",
      hint: "The org's role list has no such role: no user gets the project through it.",
    };
  return null;
}

/** What the environment's page says of its roles: the org's list (when read) and the solutions' roles. */
export function environmentRolesSummary(environment: {
  roles: readonly unknown[] | null;
  rolesFetchedAt: Date | null;
  solutionRoles: ReadonlyArray<{ source: string; roles: ReadonlyArray<{ name: string }> }>;
}): string {
  const org =
    environment.roles && environment.rolesFetchedAt
      ? `${countOf(environment.roles.length, "security role")} read from the org ${formatWhen(environment.rolesFetchedAt)}.`
      : "Security roles not read from the org yet.";
  const solutions = environment.solutionRoles.map(
    (s) => `${s.source} defines ${countOf(s.roles.length, "role")} (${s.roles.map((r) => r.name).join(", ")}).`,
  );
  return [org, ...solutions].join(" ");
}
