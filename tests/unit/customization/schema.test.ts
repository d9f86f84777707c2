import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { z } from "zod";
import { AppError } from "@/lib/app-error";
import {
  CreateProjectInputSchema,
  ProjectDocumentSchema,
  SaveTableConfigInputSchema,
  SetProjectRolesInputSchema,
  TableConfigSchema,
  DEFAULT_PERMISSIONS,
} from "@/lib/customization/schema";
import { parseInput } from "@/lib/parse-input";

const table = (tableName: string, extra: Record<string, unknown> = {}) => ({
  tableName,
  columns: [`${tableName}id`],
  syncMode: "offline",
  permissions: { ...DEFAULT_PERMISSIONS },
  ...extra,
});
const doc = (extra: Record<string, unknown> = {}) => ({
  name: "Field sales",
  environmentId: "env",
  snapshotId: "snap",
  ...extra,
});

/** The problems parseInput reports, as "path: message". */
function problemsOf(schema: z.ZodType, input: unknown): string[] {
  try {
    parseInput(schema, input, "project");
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("invalid");
    return (error as AppError).problems.map((p) => `${p.path}: ${p.message}`);
  }
  throw new Error("expected the input to be refused");
}

describe("ProjectDocumentSchema", () => {
  it("fills defaults and keeps sets sorted, so equal projects are equal JSON", () => {
    const parsed = ProjectDocumentSchema.parse(
      doc({
        name: "  Field sales ",
        roles: [
          { roleName: "sales manager", priority: 5 },
          { roleName: "Salesperson", priority: 10 },
        ],
        tables: [table("contact", { columns: ["lastname", "contactid", "fullname"] }), table("appbase_actionitem")],
      }),
    );
    expect(parsed.name).toBe("Field sales");
    expect(parsed.description).toBe("");
    expect(parsed.settings.limits).toEqual({
      maxRowsHard: 3_000_000,
      maxRowsAdvised: 200_000,
      maxTablesAdvised: 100,
      maxConditions: 500,
      maxLinks: 15,
      maxRelationshipsPerTable: 15,
    });
    expect(parsed.tables.map((t) => t.tableName)).toEqual(["appbase_actionitem", "contact"]);
    expect(parsed.tables[1].columns).toEqual(["contactid", "fullname", "lastname"]);
    expect(parsed.tables[1]).toMatchObject({ readOnlyColumns: [], views: [], forms: [] });
    expect(parsed.roles.map((r) => r.roleName)).toEqual(["sales manager", "Salesperson"]);
    // Parsing the output again changes nothing (the stored document is already normal).
    expect(ProjectDocumentSchema.parse(parsed)).toEqual(parsed);
  });

  it("refuses duplicate tables, naming the table and both positions", () => {
    expect(
      problemsOf(ProjectDocumentSchema, doc({ tables: [table("contact"), table("account"), table("contact")] })),
    ).toEqual(["tables[2]: Duplicate table 'contact' (also at position 0)"]);
  });

  it("refuses negative, fractional and huge priorities", () => {
    const roles = [
      { roleName: "A", priority: -1 },
      { roleName: "B", priority: 1.5 },
      { roleName: "C", priority: 1_000_001 },
      { roleName: "D", priority: "7" },
    ];
    expect(problemsOf(ProjectDocumentSchema, doc({ roles }))).toEqual([
      "roles[0].priority: Priority cannot be negative",
      "roles[1].priority: Priority must be a whole number",
      "roles[2].priority: Priority is at most 1000000",
      "roles[3].priority: Priority must be a number",
    ]);
  });

  it("refuses duplicate roles, case-insensitively", () => {
    const roles = [
      { roleName: "Salesperson", priority: 1 },
      { roleName: "SALESPERSON ", priority: 2 },
    ];
    expect(problemsOf(ProjectDocumentSchema, doc({ roles }))).toEqual([
      "roles[1]: Duplicate role 'SALESPERSON' (also at position 0)",
    ]);
  });

  it("refuses oversized and empty names and descriptions", () => {
    const problems = problemsOf(
      ProjectDocumentSchema,
      doc({
        name: "x".repeat(101),
        description: "d".repeat(2001),
        roles: [{ roleName: "r".repeat(101), priority: 1 }],
      }),
    );
    expect(problems).toEqual([
      "name: Project name has at most 100 characters",
      "description: Description has at most 2000 characters",
      "roles[0].roleName: Role name has at most 100 characters",
    ]);
    expect(problemsOf(ProjectDocumentSchema, doc({ name: "   " }))).toEqual(["name: Project name cannot be empty"]);
  });

  it("refuses names that are no logical name, unknown fields and a bad role id", () => {
    const problems = problemsOf(
      ProjectDocumentSchema,
      doc({
        owner: "me",
        roles: [{ roleName: "A", priority: 1, roleId: "not-a-guid" }],
        tables: [table("Contact", { colums: [] })],
      }),
    );
    expect(problems).toContain("owner: Unknown field 'owner'");
    expect(problems).toContain("tables[0].colums: Unknown field 'colums'");
    expect(problems).toContain("roles[0].roleId: Role id must be a GUID");
    expect(problems).toContainEqual(
      expect.stringMatching(/^tables\[0\]\.tableName: A logical name has only lowercase letters/),
    );
  });

  it("refuses the advised row limit above the hard one", () => {
    const settings = { limits: { maxRowsHard: 1000, maxRowsAdvised: 2000 } };
    expect(problemsOf(ProjectDocumentSchema, doc({ settings }))).toEqual([
      "settings.limits.maxRowsAdvised: The advised row limit cannot be above the hard row limit",
    ]);
  });

  it("turns into a JSON Schema (the bundle's published schema is generated from it)", () => {
    const schema = z.toJSONSchema(ProjectDocumentSchema) as { properties: Record<string, unknown>; required: string[] };
    expect(Object.keys(schema.properties)).toEqual([
      "name",
      "description",
      "environmentId",
      "snapshotId",
      "roles",
      "settings",
      "tables",
    ]);
    const text = JSON.stringify(schema);
    expect(text).toContain("Only narrows what Dataverse security roles grant");
    expect(text).toContain('"additionalProperties":false');
    // The write inputs too (the API's documented bodies), in both directions.
    for (const input of [CreateProjectInputSchema, SaveTableConfigInputSchema, SetProjectRolesInputSchema]) {
      expect(() => z.toJSONSchema(input, { io: "input" })).not.toThrow();
      expect(() => z.toJSONSchema(input)).not.toThrow();
    }
  });
});

describe("TableConfigSchema", () => {
  it("refuses duplicate columns, views and forms by name, and repeated ids inside a form", () => {
    const input = table("contact", {
      columns: ["contactid", "fax", "fax"],
      views: [
        { id: "a", name: "Active", columns: [{ column: "fullname" }] },
        { id: "b", name: "active", columns: [{ column: "fullname" }] },
      ],
      forms: [
        {
          id: "main",
          name: "Main",
          tabs: [
            { kind: "fields", id: "general", label: "General", sections: [] },
            { kind: "fields", id: "general", label: "General" },
          ],
        },
      ],
    });
    expect(problemsOf(TableConfigSchema, input)).toEqual([
      "columns[2]: Duplicate column 'fax' (also at position 1)",
      "views[1]: Duplicate view name 'active' (also at position 0)",
      "forms[0].tabs[1].id: Duplicate id 'general' in the form (also at tabs[0].id)",
    ]);
  });

  it("refuses a sync filter on an online-only table", () => {
    expect(
      problemsOf(TableConfigSchema, table("contact", { syncMode: "online", syncFilter: { preset: "mine" } })),
    ).toEqual([
      "syncFilter: An online-only table has no sync filter: remove the filter or set the sync mode to offline",
    ]);
  });

  it("needs every permission spelled out", () => {
    expect(problemsOf(TableConfigSchema, table("contact", { permissions: { read: true } }))).toEqual([
      "permissions.create: Invalid input: expected boolean, received undefined",
      "permissions.write: Invalid input: expected boolean, received undefined",
      "permissions.delete: Invalid input: expected boolean, received undefined",
      "permissions.assign: Invalid input: expected boolean, received undefined",
      "permissions.share: Invalid input: expected boolean, received undefined",
    ]);
  });

  it("stores any selection as the same sorted set (property)", () => {
    const name = fc.stringMatching(/^[a-z_][a-z0-9_]{0,12}$/);
    fc.assert(
      fc.property(fc.uniqueArray(name, { maxLength: 30 }), (columns) => {
        const a = TableConfigSchema.parse(table("contact", { columns }));
        const b = TableConfigSchema.parse(table("contact", { columns: [...columns].reverse() }));
        expect(JSON.stringify(a)).toBe(JSON.stringify(b));
        expect(a.columns).toEqual([...new Set(columns)].sort());
      }),
      { numRuns: 200 },
    );
  });
});

describe("write inputs", () => {
  it("name the field of a bad save", () => {
    expect(problemsOf(SaveTableConfigInputSchema, { projectId: "p1", revision: 0, config: table("contact") })).toEqual([
      "revision: Revision starts at 1",
    ]);
    expect(problemsOf(SaveTableConfigInputSchema, { projectId: "", revision: 1 })).toEqual([
      "projectId: Project id is required",
      "config: Invalid input: expected object, received undefined",
    ]);
  });

  it("accept a project creation with roles and refuse duplicate roles", () => {
    const created = CreateProjectInputSchema.parse({
      name: "P",
      environmentId: "e",
      snapshotId: "s",
      roles: [{ roleName: "A", priority: 0 }],
    });
    expect(created.roles).toEqual([{ roleName: "A", priority: 0 }]);
    expect(
      problemsOf(SetProjectRolesInputSchema, {
        projectId: "p",
        revision: 3,
        roles: [
          { roleName: "a", priority: 1 },
          { roleName: "A", priority: 1 },
        ],
      }),
    ).toEqual(["roles[1]: Duplicate role 'A' (also at position 0)"]);
  });

  it("says how many problems there are in the message", () => {
    expect(() =>
      parseInput(ProjectDocumentSchema, doc({ name: "", roles: [{ roleName: "", priority: -1 }] }), "project file"),
    ).toThrow("Invalid project file: name: Project name cannot be empty (and 2 more)");
  });
});
