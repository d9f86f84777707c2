// Which security roles a user holds in an org: directly, through owner/access teams, and through Entra group
// teams. Used to pick the app project of a device user (issue 6) and to act as that user (CallerObjectId).
import { AppError } from "@/lib/app-error";
import type { DataverseClient } from "@/lib/dataverse/client";
import type { SecurityRole } from "@/lib/dataverse/schema";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FORMATTED = "OData.Community.Display.V1.FormattedValue";
export const ROLE_SELECT = "name,roleid,_businessunitid_value,_roletemplateid_value,_parentrootroleid_value";

type Obj = Record<string, unknown>;

export interface SystemUser {
  id: string;
  aadObjectId: string;
  fullName: string;
  disabled: boolean;
  businessUnitId?: string;
}

function checkGuid(value: string, what: string): string {
  if (!GUID.test(value)) throw new AppError("invalid", `${what} must be a GUID, got "${value}".`);
  return value.toLowerCase();
}

/** A role row of the Web API -> SecurityRole (business unit name when the formatted value was asked for). */
export function securityRoleOf(row: Obj, where: string): SecurityRole {
  const { roleid: id, name, _businessunitid_value: businessUnitId } = row;
  if (typeof id !== "string" || typeof name !== "string" || typeof businessUnitId !== "string") {
    throw new AppError("upstream", `Dataverse returned a role without roleid, name or business unit (${where}).`);
  }
  const role: SecurityRole = { id, name, businessUnitId };
  const unitName = row[`_businessunitid_value@${FORMATTED}`];
  if (typeof unitName === "string") role.businessUnitName = unitName;
  if (typeof row._roletemplateid_value === "string") role.templateId = row._roletemplateid_value;
  if (typeof row._parentrootroleid_value === "string") role.rootRoleId = row._parentrootroleid_value;
  return role;
}

export function sortRoles(roles: SecurityRole[]): SecurityRole[] {
  return roles.sort(
    (a, b) =>
      a.name.localeCompare(b.name) ||
      (a.businessUnitName ?? "").localeCompare(b.businessUnitName ?? "") ||
      a.id.localeCompare(b.id),
  );
}

/** The org's user for an Entra object id, or undefined when the org has none (never signed in, not licensed). */
export async function findSystemUser(client: DataverseClient, aadObjectId: string): Promise<SystemUser | undefined> {
  const oid = checkGuid(aadObjectId, "The Entra object id");
  let row: Obj;
  try {
    row = await client.getJson<Obj>(
      `systemusers(azureactivedirectoryobjectid=${oid})?$select=systemuserid,fullname,isdisabled,azureactivedirectoryobjectid,_businessunitid_value`,
    );
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") return undefined;
    throw error;
  }
  if (typeof row.systemuserid !== "string")
    throw new AppError("upstream", `Dataverse returned a user without systemuserid for Entra object id ${oid}.`);
  return {
    id: row.systemuserid,
    aadObjectId: oid,
    fullName: typeof row.fullname === "string" ? row.fullname : "",
    disabled: row.isdisabled === true,
    businessUnitId: typeof row._businessunitid_value === "string" ? row._businessunitid_value : undefined,
  };
}

/**
 * Every role of the user in one call: RetrieveAadUserRoles covers direct roles, team roles and Entra group
 * teams (whose members Dataverse does not list until they sign in).
 */
export async function retrieveAadUserRoles(client: DataverseClient, aadObjectId: string): Promise<SecurityRole[]> {
  const oid = checkGuid(aadObjectId, "The Entra object id");
  const rows = await client.getAllPages<Obj>(`RetrieveAadUserRoles(DirectoryObjectId=${oid})?$select=${ROLE_SELECT}`, {
    prefer: [`odata.include-annotations="${FORMATTED}"`],
  });
  return sortRoles(dedupe(rows.map((row, i) => securityRoleOf(row, `row ${i + 1} of RetrieveAadUserRoles`))));
}

/**
 * The same from the documented relationships, for an org user: systemuserroles_association plus
 * teammembership_association with teamroles_association. Misses Entra group teams the user has not yet been
 * added to as a member record.
 */
export async function userRolesByRelationships(client: DataverseClient, systemUserId: string): Promise<SecurityRole[]> {
  const id = checkGuid(systemUserId, "The systemuserid");
  const prefer = [`odata.include-annotations="${FORMATTED}"`];
  const [direct, teams] = await Promise.all([
    client.getAllPages<Obj>(`systemusers(${id})/systemuserroles_association?$select=${ROLE_SELECT}`, { prefer }),
    client.getAllPages<Obj>(
      `systemusers(${id})/teammembership_association?$select=teamid,name&$expand=teamroles_association($select=${ROLE_SELECT})`,
      { prefer },
    ),
  ]);
  const roles = direct.map((row, i) => securityRoleOf(row, `row ${i + 1} of systemuserroles_association`));
  for (const team of teams) {
    const teamRoles = Array.isArray(team.teamroles_association) ? (team.teamroles_association as Obj[]) : [];
    teamRoles.forEach((row, i) =>
      roles.push(securityRoleOf(row, `role ${i + 1} of team ${String(team.name ?? team.teamid)}`)),
    );
  }
  return sortRoles(dedupe(roles));
}

function dedupe(roles: SecurityRole[]): SecurityRole[] {
  const seen = new Map<string, SecurityRole>();
  for (const role of roles) if (!seen.has(role.id)) seen.set(role.id, role);
  return [...seen.values()];
}
