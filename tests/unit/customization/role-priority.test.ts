import { describe, expect, it } from "vitest";
import { pickProject, priorityTies, roleOrder, type ProjectAssignment } from "@/lib/customization/role-priority";

const projects: ProjectAssignment[] = [
  {
    projectId: "p1",
    projectName: "Field sales",
    roles: [
      { roleName: "Salesperson", priority: 10 },
      { roleName: "Sales Manager", priority: 20 },
    ],
  },
  {
    projectId: "p2",
    projectName: "Service",
    roles: [{ roleName: "Technician", priority: 15, roleId: "6A3C0A5E-1111-4D2B-9C3A-000000000001" }],
  },
  { projectId: "p3", projectName: "Audit", roles: [{ roleName: "Auditor", priority: 10 }] },
];

describe("role priority", () => {
  it("lists every assignment, highest priority first, ties by project name", () => {
    expect(roleOrder(projects).map((e) => `${e.priority} ${e.projectName}/${e.roleName}`)).toEqual([
      "20 Field sales/Sales Manager",
      "15 Service/Technician",
      "10 Audit/Auditor",
      "10 Field sales/Salesperson",
    ]);
  });

  it("picks the highest priority project among the user's roles (names case-insensitive)", () => {
    expect(pickProject(projects, [{ name: "salesperson" }])).toMatchObject({
      projectName: "Field sales",
      roleName: "Salesperson",
      priority: 10,
    });
    // Technician is assigned by id: a role that only shares the name (another org's, a look-alike) does not match.
    expect(pickProject(projects, [{ name: "Technician", id: "9999" }])).toBeUndefined();
    // The copy of Technician in another business unit has its own id and matches through its root id.
    const pick = pickProject(projects, [
      { name: "salesperson" },
      { name: "Technician", id: "0000", rootId: "6a3c0a5e-1111-4d2b-9c3a-000000000001" },
    ]);
    expect(pick).toMatchObject({ projectName: "Service", priority: 15, tiedWith: [] });
    expect(pickProject(projects, [{ name: "Nobody" }])).toBeUndefined();
  });

  it("says when the pick was a tie", () => {
    expect(pickProject(projects, [{ name: "Salesperson" }, { name: "Auditor" }])).toMatchObject({
      projectName: "Audit",
      tiedWith: ["Field sales"],
    });
    expect(priorityTies(projects)).toEqual([
      {
        priority: 10,
        projects: ["Audit", "Field sales"],
        roles: ["Auditor", "Salesperson"],
        message:
          "Projects 'Audit', 'Field sales' share priority 10 (roles 'Auditor', 'Salesperson'): a user with roles of both gets 'Audit' only because of its name; give one a higher priority",
      },
    ]);
  });
});
