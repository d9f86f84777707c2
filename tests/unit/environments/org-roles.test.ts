// The org's security roles are written and read back in one place: what is written reads back the same, anything
// else stored there reads as "never read" (null), and the names offered to a project are one per role name.
import { describe, expect, it } from "vitest";
import { orgRoleNames, parseOrgRoles, serializeOrgRoles } from "@/lib/environments/org-roles";
import type { SecurityRole } from "@/lib/dataverse/schema";

const root = { id: "r-1", name: "Salesperson", businessUnitId: "bu-root", rootRoleId: "r-1" };
const child = { id: "r-2", name: "Salesperson", businessUnitId: "bu-east", rootRoleId: "r-1" };
const custom = { id: "c-1", name: "field technician", businessUnitId: "bu-east" };

describe("org roles", () => {
  it("read back what was written", () => {
    const roles: SecurityRole[] = [child, root, custom];
    expect(parseOrgRoles(serializeOrgRoles(roles))).toEqual(roles);
  });

  it("read anything else as never read", () => {
    for (const text of [null, "", "not json", "{}", '[{"id":1}]']) expect(parseOrgRoles(text)).toBeNull();
  });

  it("offer one name per role, with the root business unit's id, sorted without regard to case", () => {
    expect(orgRoleNames([child, custom, root])).toEqual([
      { name: "field technician", id: "c-1" },
      { name: "Salesperson", id: "r-1" },
    ]);
    expect(orgRoleNames(null)).toBeNull();
  });
});
