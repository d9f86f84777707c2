// Reads of environments: the settings screens show, whether an environment can reach its org, and its org's
// security roles. The client secret's cipher is never selected here: that it is set is asked of the database.
import "server-only";
import { AppError } from "@/lib/app-error";
import type { Db } from "@/lib/db/client";
import type { SecurityRole } from "@/lib/dataverse/schema";
import { parseEnvironmentRoles, type SolutionRoles } from "@/lib/environments/org-roles";
import { knownRolesOf, type KnownRoles } from "@/lib/environments/known-roles";

/** An environment as the server hands it to screens: the secret cipher never leaves lib/. */
export interface EnvironmentView {
  id: string;
  name: string;
  orgUrl: string | null;
  tenantId: string | null;
  clientId: string | null;
  hasSecret: boolean;
  /** Whether it has everything a live read of its org needs (see missingConnectionSettings). */
  connected: boolean;
  /** The org's roles as last read from it, or null when never read. */
  roles: SecurityRole[] | null;
  rolesFetchedAt: Date | null;
  /** The roles imported solutions define, per solution. */
  solutionRoles: SolutionRoles[];
  /** What a project's roles are checked against (the org's list, else the solutions' roles). */
  knownRoles: KnownRoles;
  revision: number;
  createdAt: Date;
  updatedAt: Date;
  snapshotCount: number;
  projectCount: number;
}

/** What an environment still lacks to reach its org, in the words the screens and errors use. */
export function missingConnectionSettings(environment: {
  orgUrl: string | null;
  tenantId: string | null;
  clientId: string | null;
  hasSecret: boolean;
}): string[] {
  return [
    !environment.orgUrl && "org URL",
    !environment.tenantId && "tenant id",
    !environment.clientId && "client id",
    !environment.hasSecret && "client secret",
  ].filter((m): m is string => Boolean(m));
}

const ENVIRONMENT_SELECT = {
  id: true,
  name: true,
  orgUrl: true,
  tenantId: true,
  clientId: true,
  rolesJson: true,
  rolesFetchedAt: true,
  revision: true,
  createdAt: true,
  updatedAt: true,
  _count: { select: { snapshots: true, projects: true } },
} as const;

type EnvironmentRow = {
  id: string;
  name: string;
  orgUrl: string | null;
  tenantId: string | null;
  clientId: string | null;
  rolesJson: string | null;
  rolesFetchedAt: Date | null;
  revision: number;
  createdAt: Date;
  updatedAt: Date;
  _count: { snapshots: number; projects: number };
};

/** The ids among `ids` whose client secret is set, without reading a cipher. */
async function idsWithSecret(db: Db, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.environment.findMany({
    where: { id: { in: ids }, AND: [{ secretCipher: { not: null } }, { secretCipher: { not: "" } }] },
    select: { id: true },
  });
  return new Set(rows.map((r) => r.id));
}

function toView(row: EnvironmentRow, hasSecret: boolean): EnvironmentView {
  const { rolesJson, _count, ...rest } = row;
  const stored = parseEnvironmentRoles(rolesJson);
  return {
    ...rest,
    hasSecret,
    connected: missingConnectionSettings({ ...row, hasSecret }).length === 0,
    roles: stored.org,
    solutionRoles: stored.solutions,
    knownRoles: knownRolesOf(stored),
    snapshotCount: _count.snapshots,
    projectCount: _count.projects,
  };
}

/** One environment, never with its secret. Throws not_found for an unknown id. */
export async function loadEnvironment(db: Db, environmentId: string): Promise<EnvironmentView> {
  const [row, withSecret] = await Promise.all([
    db.environment.findUnique({ where: { id: environmentId }, select: ENVIRONMENT_SELECT }),
    idsWithSecret(db, [environmentId]),
  ]);
  if (!row) throw new AppError("not_found", `There is no environment ${environmentId}.`);
  return toView(row, withSecret.has(row.id));
}

/** Every environment by name, never with secrets. */
export async function listEnvironments(db: Db): Promise<EnvironmentView[]> {
  const rows = await db.environment.findMany({ select: ENVIRONMENT_SELECT, orderBy: { name: "asc" } });
  const withSecret = await idsWithSecret(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => toView(row, withSecret.has(row.id)));
}

/** What a project of the environment has its roles checked against (nothing known for an unknown id). */
export async function loadKnownRoles(db: Db, environmentId: string): Promise<KnownRoles> {
  const row = await db.environment.findUnique({ where: { id: environmentId }, select: { rolesJson: true } });
  return knownRolesOf(parseEnvironmentRoles(row?.rolesJson ?? null));
}
