// Business units, security roles, users and teams of the stand-in org, and the Web API rows made from them
// (roles, businessunits, systemusers, teams), as the projects and publish work needs them.
import { createHash } from "node:crypto";

export interface StandinBusinessUnit {
  id: string;
  name: string;
  parentId?: string;
}

export interface StandinRole {
  id: string;
  name: string;
  businessUnitId: string;
  /** Set for roles made from a system role template; undefined for custom roles (as in Dataverse). */
  templateId?: string;
  /** The root business unit's copy of the role (the role itself in the root unit). */
  parentRootRoleId: string;
  parentRoleId?: string;
}

export interface StandinUser {
  id: string;
  /** Entra object id (azureactivedirectoryobjectid). */
  aadObjectId: string;
  fullName: string;
  domainName: string;
  businessUnitId: string;
  disabled?: boolean;
  /** Roles assigned directly (systemuserroles_association). */
  roleIds: string[];
  /** Entra groups the user belongs to (for Entra group teams). */
  groupIds?: string[];
}

export interface StandinTeam {
  id: string;
  name: string;
  /** 0 owner, 1 access, 2 Entra security group, 3 Entra Office group. */
  teamType: 0 | 1 | 2 | 3;
  businessUnitId: string;
  /** For Entra group teams: the group's object id. */
  aadObjectId?: string;
  memberIds: string[];
  roleIds: string[];
}

export interface StandinDirectory {
  businessUnits: StandinBusinessUnit[];
  roles: StandinRole[];
  users: StandinUser[];
  teams: StandinTeam[];
}

/** A stable GUID from a name, so tests and fixtures can refer to the same ids on every run. */
export function guidFor(name: string): string {
  const h = createHash("sha1").update(`syncwright-standin:${name}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const TEMPLATE_ROLES = ["System Administrator", "System Customizer", "Basic User", "Salesperson", "Delegate"];
/**
 * Role template ids are the same in every org. These two are the ones real solutions refer to (form display
 * conditions and app role maps in ../shared/data/dataverse/); the others are made up.
 */
export const REAL_ROLE_TEMPLATES: Readonly<Record<string, string>> = {
  "System Administrator": "627090ff-40a3-4053-8790-584edc5be201",
  "System Customizer": "119f245c-3cc8-4b62-b31c-d1a046ced15d",
};
const CUSTOM_ROLES = ["Field Technician", "Sales Manager (Mobile)"];

/** The role of that name in that business unit of the default directory. */
export function roleId(name: string, businessUnit: string): string {
  return guidFor(`role:${name}@${businessUnit}`);
}

/**
 * Three business units, seven roles copied into each (21 roles: enough for several pages), and users who get
 * their roles directly, through an owner team, through an Entra group team, or not at all.
 */
export function defaultDirectory(): StandinDirectory {
  const units = ["Contoso", "Contoso Sales", "Contoso Field Service"];
  const businessUnits: StandinBusinessUnit[] = units.map((name, i) => ({
    id: guidFor(`bu:${name}`),
    name,
    parentId: i === 0 ? undefined : guidFor(`bu:${units[0]}`),
  }));
  const roles: StandinRole[] = [];
  for (const name of [...TEMPLATE_ROLES, ...CUSTOM_ROLES]) {
    for (const unit of businessUnits) {
      roles.push({
        id: roleId(name, unit.name),
        name,
        businessUnitId: unit.id,
        templateId: TEMPLATE_ROLES.includes(name)
          ? (REAL_ROLE_TEMPLATES[name] ?? guidFor(`template:${name}`))
          : undefined,
        parentRootRoleId: roleId(name, units[0]),
        parentRoleId: unit.parentId ? roleId(name, units[0]) : undefined,
      });
    }
  }
  const bu = (name: string) => guidFor(`bu:${name}`);
  const user = (
    key: string,
    fullName: string,
    unit: string,
    roleNames: string[],
    extra: Partial<StandinUser> = {},
  ): StandinUser => ({
    id: guidFor(`user:${key}`),
    aadObjectId: guidFor(`aad:${key}`),
    fullName,
    domainName: `${key}@contoso.example`,
    businessUnitId: bu(unit),
    roleIds: roleNames.map((r) => roleId(r, unit)),
    ...extra,
  });
  const users = [
    user("admin", "Ada Admin", "Contoso", ["System Administrator"]),
    user("alex", "Alex Seller", "Contoso Sales", ["Salesperson", "Basic User"]),
    user("bea", "Bea Fixer", "Contoso Field Service", ["Basic User"]),
    user("chen", "Chen Mobile", "Contoso Sales", [], { groupIds: [guidFor("group:mobile-sales")] }),
    user("dana", "Dana Nobody", "Contoso Sales", []),
    user("eve", "Eve Former", "Contoso Sales", ["Salesperson"], { disabled: true }),
  ];
  const teams: StandinTeam[] = [
    {
      id: guidFor("team:field-crew"),
      name: "Field Crew",
      teamType: 0,
      businessUnitId: bu("Contoso Field Service"),
      memberIds: [guidFor("user:bea")],
      roleIds: [roleId("Field Technician", "Contoso Field Service")],
    },
    {
      id: guidFor("team:mobile-sales"),
      name: "Mobile Sales (Entra group)",
      teamType: 2,
      businessUnitId: bu("Contoso Sales"),
      aadObjectId: guidFor("group:mobile-sales"),
      memberIds: [],
      roleIds: [roleId("Sales Manager (Mobile)", "Contoso Sales")],
    },
    {
      id: guidFor("team:contoso-sales-default"),
      name: "Contoso Sales",
      teamType: 0,
      businessUnitId: bu("Contoso Sales"),
      memberIds: [guidFor("user:alex"), guidFor("user:chen"), guidFor("user:dana"), guidFor("user:eve")],
      roleIds: [],
    },
  ];
  return { businessUnits, roles, users, teams };
}

/** Roles a user holds directly, through team membership, and through Entra group teams (RetrieveAadUserRoles). */
export function effectiveRoleIds(directory: StandinDirectory, aadObjectId: string): string[] {
  const user = directory.users.find((u) => u.aadObjectId === aadObjectId.toLowerCase());
  const ids = new Set(user?.roleIds ?? []);
  for (const team of directory.teams) {
    const member = user ? team.memberIds.includes(user.id) : false;
    const viaGroup = team.aadObjectId !== undefined && (user?.groupIds ?? []).includes(team.aadObjectId);
    if (member || viaGroup) team.roleIds.forEach((id) => ids.add(id));
  }
  return [...ids];
}

type Row = Record<string, unknown>;

function lookup(row: Row, name: string, id: string | undefined, target: string, formatted?: string): void {
  row[`_${name}_value`] = id ?? null;
  if (id === undefined) return;
  if (formatted !== undefined) row[`_${name}_value@OData.Community.Display.V1.FormattedValue`] = formatted;
  row[`_${name}_value@Microsoft.Dynamics.CRM.associatednavigationproperty`] = name;
  row[`_${name}_value@Microsoft.Dynamics.CRM.lookuplogicalname`] = target;
}

const etag = (id: string) => `W/"${parseInt(id.slice(0, 7), 16)}"`;

export function roleRow(directory: StandinDirectory, role: StandinRole): Row {
  const unit = directory.businessUnits.find((b) => b.id === role.businessUnitId);
  const row: Row = {
    "@odata.etag": etag(role.id),
    roleid: role.id,
    name: role.name,
    ismanaged: role.templateId !== undefined,
  };
  lookup(row, "businessunitid", role.businessUnitId, "businessunit", unit?.name);
  lookup(row, "roletemplateid", role.templateId, "roletemplate");
  lookup(row, "parentrootroleid", role.parentRootRoleId, "role", role.name);
  lookup(row, "parentroleid", role.parentRoleId, "role", role.parentRoleId ? role.name : undefined);
  return row;
}

export function businessUnitRow(unit: StandinBusinessUnit, directory: StandinDirectory): Row {
  const parent = directory.businessUnits.find((b) => b.id === unit.parentId);
  const row: Row = { "@odata.etag": etag(unit.id), businessunitid: unit.id, name: unit.name };
  lookup(row, "parentbusinessunitid", unit.parentId, "businessunit", parent?.name);
  return row;
}

export function userRow(user: StandinUser, directory: StandinDirectory): Row {
  const unit = directory.businessUnits.find((b) => b.id === user.businessUnitId);
  const row: Row = {
    "@odata.etag": etag(user.id),
    systemuserid: user.id,
    azureactivedirectoryobjectid: user.aadObjectId,
    fullname: user.fullName,
    domainname: user.domainName,
    internalemailaddress: user.domainName,
    isdisabled: user.disabled === true,
    "isdisabled@OData.Community.Display.V1.FormattedValue": user.disabled ? "Disabled" : "Enabled",
    accessmode: 0,
  };
  lookup(row, "businessunitid", user.businessUnitId, "businessunit", unit?.name);
  return row;
}

export function teamRow(team: StandinTeam, directory: StandinDirectory): Row {
  const unit = directory.businessUnits.find((b) => b.id === team.businessUnitId);
  const typeNames = ["Owner", "Access", "Security Group", "Office Group"];
  const row: Row = {
    "@odata.etag": etag(team.id),
    teamid: team.id,
    name: team.name,
    teamtype: team.teamType,
    "teamtype@OData.Community.Display.V1.FormattedValue": typeNames[team.teamType],
    azureactivedirectoryobjectid: team.aadObjectId ?? null,
    isdefault: false,
  };
  lookup(row, "businessunitid", team.businessUnitId, "businessunit", unit?.name);
  return row;
}
