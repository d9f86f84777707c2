// An environment's security roles are written and read back in one place: the org's list and the solutions' roles
// read back as written, text from before solutions' roles were kept (a bare array) reads as the org's list, anything
// else as nothing known; the names offered to a project are one per role name. Whether a project's role is verified
// is decided once (known-roles.ts): by the org's list when read (by id, the role's own or its root's, else by name),
// else by the solutions' roles (by name, any case); unknown only against the org's complete list.
import { describe, expect, it } from "vitest";
import {
  NO_ROLES,
  orgRoleNames,
  parseEnvironmentRoles,
  parseOrgRoles,
  serializeEnvironmentRoles,
  withOrgRoles,
  withSolutionRoles,
} from "@/lib/environments/org-roles";
import { environmentRolesSummary, knownRolesNote, knownRolesOf, roleStatus } from "@/lib/environments/known-roles";
import type { SecurityRole } from "@/lib/dataverse/schema";

const root = { id: "r-1", name: "Salesperson", businessUnitId: "bu-root", rootRoleId: "r-1" };
const child = { id: "r-2", name: "Salesperson", businessUnitId: "bu-east", rootRoleId: "r-1" };
const custom = { id: "c-1", name: "field technician", businessUnitId: "bu-east" };
const fieldService = {
  source: "FieldService_managed.zip",
  importedAt: "2026-12-01T10:00:00.000Z",
  roles: [{ name: "Field Technician", id: "f-1" }, { name: "Dispatcher" }],
};

describe("environment roles", () => {
  it("read back what was written", () => {
    const roles = withSolutionRoles(withOrgRoles(NO_ROLES, [child, root, custom]), fieldService);
    expect(parseEnvironmentRoles(serializeEnvironmentRoles(roles))).toEqual(roles);
    expect(serializeEnvironmentRoles(NO_ROLES)).toBeNull();
  });

  it("read the org's list stored before solutions' roles were kept; anything else as nothing known", () => {
    const roles: SecurityRole[] = [child, root, custom];
    expect(parseEnvironmentRoles(JSON.stringify(roles))).toEqual({ org: roles, solutions: [] });
    expect(parseOrgRoles(JSON.stringify(roles))).toEqual(roles);
    for (const text of [null, "", "not json", "{}", '[{"id":1}]', '{"org":[],"solutions":"x"}'])
      expect(parseEnvironmentRoles(text)).toEqual(NO_ROLES);
  });

  it("a solution imported again replaces its roles; one that carries none any more drops its entry", () => {
    const once = withSolutionRoles(NO_ROLES, fieldService);
    const again = withSolutionRoles(once, { ...fieldService, roles: [{ name: "Dispatcher" }] });
    expect(again.solutions).toEqual([{ ...fieldService, roles: [{ name: "Dispatcher" }] }]);
    expect(withSolutionRoles(again, { ...fieldService, roles: [] }).solutions).toEqual([]);
  });

  it("offer one name per role, with the root business unit's id, sorted without regard to case", () => {
    expect(orgRoleNames([child, custom, root])).toEqual([
      { name: "field technician", id: "c-1" },
      { name: "Salesperson", id: "r-1" },
    ]);
    expect(orgRoleNames(null)).toBeNull();
  });
});

describe("known roles", () => {
  it("the org's list, when read, is what roles are checked against: by id when the role has one, else by name", () => {
    const known = knownRolesOf(withSolutionRoles(withOrgRoles(NO_ROLES, [child, root, custom]), fieldService));
    expect(known.source).toBe("org");
    expect(known.roles.map((r) => r.name)).toEqual(["field technician", "Salesperson"]);
    expect(roleStatus({ roleName: "SALESPERSON" }, known)).toBe("verified");
    expect(roleStatus({ roleName: "Renamed", roleId: "R-2" }, known)).toBe("verified");
    expect(roleStatus({ roleName: "Salesperson", roleId: "gone" }, known)).toBe("unknown");
    // Complete: a role only a solution names is not in the org.
    expect(roleStatus({ roleName: "Dispatcher" }, known)).toBe("unknown");
    expect(knownRolesNote(known)).toMatch(/org's 2 security roles/);
  });

  it("without the org's list, the solutions' roles: a role they lack is unverified, not unknown", () => {
    const known = knownRolesOf(withSolutionRoles(NO_ROLES, fieldService));
    expect(known.source).toBe("solutions");
    expect(known.roles).toEqual([
      { name: "Dispatcher", from: ["FieldService_managed.zip"] },
      { name: "Field Technician", from: ["FieldService_managed.zip"] },
    ]);
    expect(roleStatus({ roleName: "field technician" }, known)).toBe("verified");
    expect(roleStatus({ roleName: "Feild Technician" }, known)).toBe("unverified");
    expect(knownRolesNote(known)).toMatch(/2 security roles the imported solutions carry.*unverified/);
  });

  it("nothing known: every role is unchecked, and the note says how to get roles", () => {
    const known = knownRolesOf(NO_ROLES);
    expect(known.source).toBe("none");
    expect(roleStatus({ roleName: "Anything" }, known)).toBe("unchecked");
    expect(knownRolesNote(known)).toMatch(/import a solution that carries its security roles, or connect the org/);
  });
});

describe("the environment page's summary", () => {
  it("names the org's list when read and each solution's roles", () => {
    expect(environmentRolesSummary({ roles: null, rolesFetchedAt: null, solutionRoles: [] })).toBe(
      "Security roles not read from the org yet.",
    );
    expect(
      environmentRolesSummary({
        roles: [root, child],
        rolesFetchedAt: new Date("2026-12-06T22:36:00Z"),
        solutionRoles: [fieldService],
      }),
    ).toBe(
      "2 security roles read from the org 2026-12-06 22:36 UTC. FieldService_managed.zip defines 2 roles (Field Technician, Dispatcher).",
    );
  });
});
