// Which app project a user gets when their security roles match several: the highest priority wins.
// The portal shows the resulting order and the ties; the device API picks with the same function.
import type { ProjectRole } from "./schema";

export interface ProjectAssignment {
  projectId: string;
  projectName: string;
  roles: readonly ProjectRole[];
}

export interface RoleOrderEntry {
  projectId: string;
  projectName: string;
  roleName: string;
  roleId?: string;
  priority: number;
}

/** A security role a user holds, as the org reports it. */
export interface UserRole {
  name: string;
  id?: string;
  /**
   * The root role's id: the same role is copied into every business unit with its own id, and
   * `_parentrootroleid_value` names the original (see DATAVERSE.md).
   */
  rootId?: string;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function compareEntries(a: RoleOrderEntry, b: RoleOrderEntry): number {
  return (
    b.priority - a.priority ||
    byText(a.projectName, b.projectName) ||
    byText(a.projectId, b.projectId) ||
    byText(a.roleName.toLowerCase(), b.roleName.toLowerCase())
  );
}

/** Every role assignment of every project, highest priority first (ties by project name): the order the portal shows. */
export function roleOrder(projects: readonly ProjectAssignment[]): RoleOrderEntry[] {
  const entries: RoleOrderEntry[] = [];
  for (const p of projects) {
    for (const r of p.roles) {
      entries.push({
        projectId: p.projectId,
        projectName: p.projectName,
        roleName: r.roleName,
        ...(r.roleId ? { roleId: r.roleId } : {}),
        priority: r.priority,
      });
    }
  }
  return entries.sort(compareEntries);
}

/** A project role matches a user role by id (the role's own or its root's) when it has one, else by name (case-insensitive). */
export function roleMatches(role: ProjectRole, user: UserRole): boolean {
  if (role.roleId) {
    const id = role.roleId.toLowerCase();
    return user.id?.toLowerCase() === id || user.rootId?.toLowerCase() === id;
  }
  return role.roleName.toLowerCase() === user.name.toLowerCase();
}

export interface ProjectPick extends RoleOrderEntry {
  /** Other projects that matched with the same priority; the pick among them is by project name, which the admin should not rely on. */
  tiedWith: string[];
}

/** The project a user with `userRoles` gets, or undefined when none of their roles is assigned. */
export function pickProject(
  projects: readonly ProjectAssignment[],
  userRoles: readonly UserRole[],
): ProjectPick | undefined {
  const matching = projects.map((p) => ({
    ...p,
    roles: p.roles.filter((r) => userRoles.some((u) => roleMatches(r, u))),
  }));
  const matches = roleOrder(matching);
  const best = matches[0];
  if (!best) return undefined;
  const tiedWith = [
    ...new Set(
      matches.filter((m) => m.priority === best.priority && m.projectId !== best.projectId).map((m) => m.projectName),
    ),
  ];
  return { ...best, tiedWith };
}

export interface PriorityTie {
  priority: number;
  projects: string[];
  roles: string[];
  message: string;
}

/**
 * Different projects assigned with the same priority: a user holding roles of both gets the one whose
 * name sorts first, which is rarely meant. One entry per priority value shared by several projects.
 */
export function priorityTies(projects: readonly ProjectAssignment[]): PriorityTie[] {
  const byPriority = new Map<number, RoleOrderEntry[]>();
  for (const entry of roleOrder(projects)) {
    const list = byPriority.get(entry.priority) ?? [];
    list.push(entry);
    byPriority.set(entry.priority, list);
  }
  const ties: PriorityTie[] = [];
  for (const [priority, entries] of byPriority) {
    const names = [...new Set(entries.map((e) => e.projectName))];
    if (names.length < 2) continue;
    const roles = [...new Set(entries.map((e) => e.roleName))];
    ties.push({
      priority,
      projects: names,
      roles,
      message: `Projects ${names.map((n) => `'${n}'`).join(", ")} share priority ${priority} (roles ${roles.map((r) => `'${r}'`).join(", ")}): a user with roles of both gets '${names[0]}' only because of its name; give one a higher priority`,
    });
  }
  return ties;
}
