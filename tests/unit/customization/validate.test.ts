import { describe, expect, it } from "vitest";
import { validateProject, type ValidationIssue } from "@/lib/customization/validate";
import type { MetadataDocument } from "@/lib/metadata/schema";
import { config, nonprofitSnapshot, project, realSnapshot, syntheticTable } from "./fixtures";
import { knownRolesOf } from "@/lib/environments/known-roles";

const codes = (issues: ValidationIssue[]) =>
  issues.map((i) => `${i.severity} ${i.code} ${i.table ?? ""}.${i.column ?? ""}`);
const find = (issues: ValidationIssue[], code: string, column?: string) =>
  issues.find((i) => i.code === code && (column === undefined || i.column === column));

/** contact (offline) + appbase_actionitem (online only), as the issue's walkthrough sets them up. */
function walkthrough() {
  return project([
    config("contact", [
      "contactid",
      "fullname",
      "lastname",
      "firstname",
      "emailaddress1",
      "parentcustomerid",
      "ownerid",
    ]),
    config("appbase_actionitem", ["activityid", "subject", "regardingobjectid", "customers"], { syncMode: "online" }),
  ]);
}

describe("validateProject on the real metadata", () => {
  it("passes the walkthrough project with no error", () => {
    const issues = validateProject(walkthrough(), realSnapshot());
    expect(issues.filter((i) => i.severity === "error")).toEqual([]);
    // contact.parentcustomerid can point to account (missing) or contact (present): a note, not a warning.
    expect(find(issues, "lookup_target_not_in_project", "parentcustomerid")).toMatchObject({
      severity: "info",
      table: "contact",
    });
    // System lookups (owner, created by...) get one note per missing target table, not one per column.
    const system = issues.filter((i) => i.code === "lookup_target_not_in_project" && i.path === "tables");
    expect(system.map((i) => i.message)).toEqual([
      "'systemuser' is not in the project: the system lookups that point to it (ownerid on 1 table: contact.ownerid) show a name, but the systemuser row cannot be opened offline; add systemuser to open them",
      "'team' is not in the project: the system lookups that point to it (ownerid on 1 table: contact.ownerid) show a name, but the team row cannot be opened offline; add team to open them",
    ]);
    expect(system.every((i) => i.severity === "info")).toBe(true);
  });

  it("warns about a lookup whose only target (account) is not in the project", () => {
    const p = project([config("contact", ["contactid", "fullname", "lastname", "msa_managingpartnerid"])]);
    const issue = find(validateProject(p, realSnapshot()), "lookup_target_not_in_project", "msa_managingpartnerid");
    expect(issue).toMatchObject({
      severity: "warning",
      table: "contact",
      path: "tables/contact/columns/msa_managingpartnerid",
    });
    expect(issue?.message).toContain("'account'");
    expect(issue?.message).toContain("cannot be opened offline");
  });

  it("errors when create is permitted on contact without lastname (ApplicationRequired), and not when create is off", () => {
    const withCreate = project([config("contact", ["contactid", "fullname"])]);
    const issue = find(validateProject(withCreate, realSnapshot()), "required_column_not_selected");
    expect(issue).toMatchObject({
      severity: "error",
      table: "contact",
      column: "lastname",
      path: "tables/contact/columns/lastname",
    });
    expect(issue?.message).toBe(
      "Dataverse requires 'Last Name' (lastname) to create a 'People' (contact) row and it is not selected, so rows created on the device would lack a value the org requires (business required; Dataverse's forms enforce it, its API does not): select it or turn off create",
    );
    // (The real response has no table DisplayName, so the logical name is shown.) ownerid and contactid are SystemRequired too, but Dataverse fills them: no issue for them.
    expect(
      validateProject(withCreate, realSnapshot()).filter((i) => i.code === "required_column_not_selected"),
    ).toHaveLength(1);

    const noCreate = project([
      config("contact", ["contactid", "fullname"], {
        permissions: { create: false, read: true, write: true, delete: true, assign: true, share: true },
      }),
    ]);
    expect(find(validateProject(noCreate, realSnapshot()), "required_column_not_selected")).toBeUndefined();
  });

  it("says the server refuses a create without a system-required column (systemuser), but not for defaults", () => {
    const p = project([
      config("systemuser", [
        "systemuserid",
        "fullname",
        "firstname",
        "lastname",
        "internalemailaddress",
        "businessunitid",
        "userlicensetype",
      ]),
    ]);
    const missing = validateProject(p, realSnapshot()).filter((i) => i.code === "required_column_not_selected");
    expect(missing.map((i) => i.column)).toEqual(["domainname", "invitestatuscode"]);
    expect(missing[0].message).toContain("so the server would refuse rows created on the device");
    // invitestatuscode is business required (ApplicationRequired): the API would accept the row.
    expect(missing[1].message).toContain("business required");
    // accessmode, caltype... are system-required choices with platform defaults: not listed.
  });

  it("errors when a column required on create is read-only on the device", () => {
    const p = project([
      config("appbase_actionitem", ["activityid", "subject"], { syncMode: "online", readOnlyColumns: ["subject"] }),
    ]);
    expect(find(validateProject(p, realSnapshot()), "required_column_read_only", "subject")).toMatchObject({
      severity: "error",
      path: "tables/appbase_actionitem/readOnlyColumns/subject",
    });
  });

  it("says an offline table's lookup to an online-only table needs a connection", () => {
    const p = project([
      config("contact", ["contactid", "fullname", "lastname"], { syncMode: "online" }),
      config("appbase_actionitem", ["activityid", "subject", "customers"]),
    ]);
    const issues = validateProject(p, realSnapshot());
    expect(find(issues, "lookup_target_online_only", "customers")).toMatchObject({
      severity: "info",
      table: "appbase_actionitem",
    });
    expect(find(issues, "lookup_target_online_only", "customers")?.message).toContain("needs a connection");
    // Dataverse says appbase_actionitem is not enabled for mobile offline.
    expect(find(issues, "table_not_offline_enabled")).toMatchObject({
      severity: "warning",
      table: "appbase_actionitem",
    });
  });

  it("reports tables and columns missing from the snapshot (after re-targeting), with the UI path", () => {
    const p = project([
      config("account", ["accountid", "name"]),
      config("contact", ["contactid", "fullname", "lastname", "faxx"], { readOnlyColumns: ["faxx"] }),
    ]);
    const issues = validateProject(p, realSnapshot());
    expect(find(issues, "table_missing")).toMatchObject({
      severity: "error",
      table: "account",
      path: "tables/account",
    });
    expect(find(issues, "column_missing", "faxx")).toMatchObject({
      severity: "error",
      table: "contact",
      path: "tables/contact/columns/faxx",
    });
    // Nothing else is said about a missing table (its columns cannot be checked).
    expect(issues.filter((i) => i.table === "account")).toHaveLength(1);
  });

  it("reports a column used by a view or filter that is not selected, or not in the snapshot", () => {
    const p = project([
      config("contact", ["contactid", "fullname", "lastname"], {
        views: [
          {
            id: "mine",
            name: "Mine",
            columns: [{ column: "fullname" }, { column: "emailaddress1" }, { column: "nosuchcolumn" }],
          },
        ],
        syncFilter: {
          preset: "all",
          filter: {
            kind: "group",
            type: "and",
            children: [{ kind: "condition", column: "statecode", operator: "eq", values: ["0"] }],
          },
        },
      }),
    ]);
    const issues = validateProject(p, realSnapshot());
    expect(find(issues, "used_column_not_selected", "emailaddress1")?.message).toBe(
      "'Email' (emailaddress1) of 'People' (contact) is shown in view 'Mine', but not selected: select it (saving the table adds it)",
    );
    expect(find(issues, "used_column_not_selected", "statecode")?.message).toContain("used by the sync filter");
    expect(find(issues, "column_missing", "nosuchcolumn")).toMatchObject({
      severity: "error",
      path: "tables/contact/views/mine",
    });
  });

  it("errors on read-only columns that are not selected and on write without read", () => {
    const p = project([
      config("contact", ["contactid", "fullname", "lastname"], {
        readOnlyColumns: ["telephone1"],
        permissions: { create: false, read: false, write: true, delete: true, assign: false, share: false },
      }),
    ]);
    const issues = validateProject(p, realSnapshot());
    expect(find(issues, "readonly_column_not_selected", "telephone1")).toMatchObject({
      severity: "error",
      path: "tables/contact/readOnlyColumns/telephone1",
    });
    expect(find(issues, "permission_needs_read")?.message).toBe(
      "'People' (contact) permits write, delete but not read: a user cannot change rows they cannot see; permit read or turn those off",
    );
  });

  it("warns about a column Dataverse does not let anyone read", () => {
    const p = project([config("contact", ["contactid", "fullname", "lastname", "isprivate"])]);
    expect(find(validateProject(p, realSnapshot()), "column_not_readable", "isprivate")).toMatchObject({
      severity: "warning",
    });
  });

  it("applies the configurable limits: tables advised, relationships per table, rows from estimates", () => {
    const readOnly = { create: false, read: true, write: false, delete: false, assign: false, share: false };
    const tables = [
      config("contact", [
        "contactid",
        "fullname",
        "lastname",
        "parentcustomerid",
        "masterid",
        "parentcontactid",
        "preferredsystemuserid",
        "createdby",
        "modifiedby",
        "ownerid",
      ]),
      config("systemuser", ["systemuserid", "fullname"], { permissions: readOnly }),
      config("queue", ["queueid", "name"], { permissions: readOnly }),
    ];
    const limits = { maxTablesAdvised: 3, maxRelationshipsPerTable: 2, maxRowsAdvised: 1000, maxRowsHard: 5000 };
    const p = project(tables, { settings: { limits } });
    const issues = validateProject(p, realSnapshot(), { estimates: { contact: 900, systemuser: 200 } });
    expect(find(issues, "too_many_tables")).toMatchObject({ severity: "warning", path: "tables" });
    // contact: parentcustomerid, masterid, parentcontactid (self-lookups, once each) and preferredsystemuserid = 4;
    // created by / modified by / owner are system lookups and do not count.
    // systemuser: preferredsystemuserid of contact + the queue-systemuser many-to-many = 2 (not over 2).
    expect(issues.filter((i) => i.code === "too_many_relationships").map((i) => i.message)).toEqual([
      "'People' (contact) has 4 relationships to other tables of the project; a mobile client takes at most 2 per table: remove lookup columns or tables",
    ]);
    const tighter = project(tables, { settings: { limits: { ...limits, maxRelationshipsPerTable: 1 } } });
    expect(
      validateProject(tighter, realSnapshot())
        .filter((i) => i.code === "too_many_relationships")
        .map((i) => i.table),
    ).toEqual(["contact", "systemuser"]);
    expect(find(issues, "rows_over_advised")?.message).toBe(
      "1,100 rows estimated over 2 offline tables (1 without an estimate): fewer than 1,000 are advised for a fast first sync; narrow the sync filters of the largest tables",
    );
    const over = validateProject(p, realSnapshot(), { estimates: { contact: 4000, queue: 1001, systemuser: 0 } });
    expect(find(over, "rows_over_hard_limit")).toMatchObject({
      severity: "error",
      path: "settings/limits/maxRowsHard",
    });
    expect(find(over, "rows_over_advised")).toBeUndefined();
    // Online-only tables never reach the device: their rows do not count.
    const online = project([tables[0], { ...tables[1], syncMode: "online" as const }], { settings: { limits } });
    expect(
      find(
        validateProject(online, realSnapshot(), { estimates: { contact: 10, systemuser: 1_000_000 } }),
        "rows_over_hard_limit",
      ),
    ).toBeUndefined();
  });

  it("checks the project's roles against the connected org's roles", () => {
    const p = project([config("contact", ["contactid", "fullname", "lastname"])], {
      roles: [
        { roleName: "Salesperson", priority: 10 },
        { roleName: "Field Agent", priority: 5 },
      ],
    });
    const issues = validateProject(p, realSnapshot(), {
      knownRoles: knownRolesOf({
        org: [
          { id: "r-1", name: "salesperson", businessUnitId: "bu" },
          { id: "r-2", name: "System Administrator", businessUnitId: "bu" },
        ],
        solutions: [],
      }),
    });
    expect(issues.filter((i) => i.code === "role_unknown").map((i) => i.path)).toEqual(["roles/Field%20Agent"]);
    expect(issues.find((i) => i.code === "role_unknown")?.severity).toBe("error");
  });

  it("warns of a role the imported solutions do not carry (unverified), never of one they carry", () => {
    const p = project([config("contact", ["contactid", "fullname", "lastname"])], {
      roles: [
        { roleName: "field technician", priority: 10 },
        { roleName: "Feild Technician", priority: 5 },
      ],
    });
    const knownRoles = knownRolesOf({
      org: null,
      solutions: [
        { source: "FieldService.zip", importedAt: "2026-12-01T00:00:00Z", roles: [{ name: "Field Technician" }] },
      ],
    });
    const issues = validateProject(p, realSnapshot(), { knownRoles }).filter((i) => i.path.startsWith("roles"));
    expect(issues.map((i) => `${i.severity} ${i.code} ${i.path}`)).toEqual([
      "warning role_unverified roles/Feild%20Technician",
    ]);
    expect(issues[0].message).toMatch(/unverified: none of the imported solutions carries it/);
  });

  it("says once that roles are not checked when the environment knows none, instead of a warning a role", () => {
    const p = project([config("contact", ["contactid", "fullname", "lastname"])], {
      roles: [
        { roleName: "Salesperson", priority: 10 },
        { roleName: "Field Agent", priority: 5 },
      ],
    });
    const issues = validateProject(p, realSnapshot(), { knownRoles: knownRolesOf({ org: null, solutions: [] }) });
    const roleIssues = issues.filter((i) => i.path.startsWith("roles"));
    expect(roleIssues.map((i) => `${i.severity} ${i.code} ${i.path}`)).toEqual(["info roles_unchecked roles"]);
    expect(roleIssues[0].message).toMatch(/import a solution that carries its security roles, or connect the org/);
    // A project without roles hears only that it has none.
    const none = validateProject(project([], { roles: [] }), realSnapshot(), {
      knownRoles: knownRolesOf({ org: null, solutions: [] }),
    });
    expect(none.filter((i) => i.path.startsWith("roles")).map((i) => i.code)).toEqual(["no_roles"]);
  });

  it("gives every issue a unique, stable id and a fixed order (errors first)", () => {
    const p = project([
      config("account", ["accountid"]),
      config("contact", ["contactid", "fullname", "faxx", "msa_managingpartnerid", "parentcustomerid"]),
    ]);
    const first = validateProject(p, realSnapshot());
    const again = validateProject(structuredClone(p), realSnapshot());
    expect(again).toEqual(first);
    expect(new Set(first.map((i) => i.id)).size).toBe(first.length);
    const ranks = first.map((i) => ({ error: 0, warning: 1, info: 2 })[i.severity]);
    expect([...ranks].sort()).toEqual(ranks);
    expect(codes(first).slice(0, 3)).toEqual([
      "error table_missing account.",
      "error column_missing contact.faxx",
      "error required_column_not_selected contact.lastname",
    ]);
  });

  it("says so when the project has no table and no role", () => {
    const issues = validateProject(project([], { roles: [] }), realSnapshot());
    expect(codes(issues)).toEqual(["warning no_tables .", "info no_roles ."]);
  });
});

describe("validateProject on hand-made metadata", () => {
  it("counts a many-to-many only when both tables are in the project", () => {
    const snapshot: MetadataDocument = {
      format: "webapi-json",
      tables: [syntheticTable("a", []), syntheticTable("b", []), syntheticTable("c", [])],
      relationships: [
        { schemaName: "a_b", kind: "many-to-many", table1: "a", table2: "b", intersectTable: "a_b" },
        { schemaName: "a_c", kind: "many-to-many", table1: "a", table2: "c", intersectTable: "a_c" },
      ],
      globalOptionSets: {},
    };
    const p = project([config("a", ["aid", "name"]), config("b", ["bid", "name"])], {
      settings: { limits: { maxRelationshipsPerTable: 1 } },
    });
    expect(find(validateProject(p, snapshot), "too_many_relationships")).toBeUndefined();
    const p2 = project([config("a", ["aid", "name"]), config("b", ["bid", "name"]), config("c", ["cid", "name"])], {
      settings: { limits: { maxRelationshipsPerTable: 1 } },
    });
    expect(
      validateProject(p2, snapshot)
        .filter((i) => i.code === "too_many_relationships")
        .map((i) => i.table),
    ).toEqual(["a"]);
  });
});

describe("validateProject with the sync filters (lib/filters/validate.ts)", () => {
  const cond = (column: string, operator: string, values: string[] = []) => ({
    kind: "condition" as const,
    column,
    operator: operator as "eq",
    values,
  });

  it("reports a filter's unknown column and misfit operator once, at the condition", () => {
    const p = project([
      config("contact", ["contactid", "fullname", "lastname", "statecode"], {
        syncFilter: {
          preset: "all",
          filter: {
            kind: "group",
            type: "and",
            children: [cond("nosuch", "eq", ["1"]), cond("statecode", "like", ["%a%"])],
          },
        },
      }),
    ]);
    const issues = validateProject(p, realSnapshot());
    const filter = issues.filter((i) => i.code === "filter_sync");
    expect(filter.map((i) => [i.severity, i.path])).toEqual([
      ["error", "tables/contact/syncFilter/filter.children[0]"],
      ["error", "tables/contact/syncFilter/filter.children[1]"],
    ]);
    expect(filter[1].message).toContain("like");
    // The unknown column is not reported a second time as a missing selected column.
    expect(issues.filter((i) => i.column === "nosuch")).toHaveLength(1);
  });

  it("applies the project's condition limit to each filter", () => {
    const p = project(
      [
        config("contact", ["contactid", "fullname", "lastname", "statecode"], {
          syncFilter: {
            preset: "all",
            filter: {
              kind: "group",
              type: "or",
              children: [cond("statecode", "eq", ["0"]), cond("statecode", "eq", ["1"])],
            },
          },
        }),
      ],
      { settings: { limits: { maxConditions: 1 } } },
    );
    expect(validateProject(p, realSnapshot()).find((i) => i.code === "filter_sync")?.message).toContain("2 conditions");
  });

  it("checks a view's filter and names the view in the path", () => {
    const p = project([
      config("contact", ["contactid", "fullname", "lastname", "birthdate"], {
        views: [
          {
            id: "born",
            name: "Born",
            columns: [{ column: "fullname" }],
            filter: { kind: "group", type: "and", children: [cond("birthdate", "on", ["not a date"])] },
          },
        ],
      }),
    ]);
    const issue = validateProject(p, realSnapshot()).find((i) => i.code === "filter_view");
    expect(issue).toMatchObject({
      severity: "error",
      table: "contact",
      path: "tables/contact/views/born/filter.children[0].values[0]",
    });
  });

  it("reports across tables: related rows only from an online-only table never arrive", () => {
    // Contacts that action items are regarding, while action items stay online only.
    const p = project([
      config("contact", ["contactid", "fullname", "lastname"], {
        syncFilter: {
          preset: "related",
          related: { sources: [{ table: "appbase_actionitem", column: "regardingobjectid" }] },
        },
      }),
      config("appbase_actionitem", ["activityid", "subject", "regardingobjectid"], { syncMode: "online" }),
    ]);
    const issues = validateProject(p, realSnapshot()).filter((i) => i.code.startsWith("filter_"));
    expect(issues.map((i) => [i.code, i.severity, i.table, i.path])).toEqual([
      ["filter_consistency", "error", "contact", "tables/contact/syncFilter/filter.related.sources[0]"],
    ]);
    expect(issues[0].message).toContain("online only");
    // Made offline, the same project is consistent.
    const fixed = project([p.tables[1], { ...p.tables[0], syncMode: "offline" as const }]);
    expect(validateProject(fixed, realSnapshot()).filter((i) => i.code === "filter_consistency")).toEqual([]);
  });

  it("keeps ids unique when the same problem text appears at two conditions", () => {
    const p = project([
      config("contact", ["contactid", "fullname", "lastname"], {
        syncFilter: {
          preset: "all",
          filter: { kind: "group", type: "and", children: [cond("nosuch", "eq", ["1"]), cond("nosuch", "eq", ["1"])] },
        },
      }),
    ]);
    const issues = validateProject(p, realSnapshot()).filter((i) => i.code === "filter_sync");
    expect(issues).toHaveLength(2);
    expect(new Set(issues.map((i) => i.id)).size).toBe(2);
  });
});

describe("validateProject on a managed solution's partial tables (Nonprofit Core)", () => {
  it("warns instead of failing for columns a partial table does not list", () => {
    const p = project([
      config("account", ["accountid", "name", "msnfp_accounttype"]),
      config("msnfp_award", [
        "msnfp_awardid",
        "msnfp_name",
        "msnfp_recipient",
        "msnfp_fiscalsponsorid",
        "nosuchcolumn",
      ]),
    ]);
    const issues = validateProject(p, nonprofitSnapshot());
    expect(issues.filter((i) => i.table === "account").map((i) => `${i.severity} ${i.code} ${i.column}`)).toEqual([
      "warning column_unverified accountid",
      "warning column_unverified name",
    ]);
    // A full table of the solution is checked strictly.
    expect(find(issues, "column_missing", "nosuchcolumn")).toMatchObject({ severity: "error", table: "msnfp_award" });
    // msnfp_recipient (customer: account or contact) has account in the project: only a note about contact.
    expect(find(issues, "lookup_target_not_in_project", "msnfp_recipient")).toMatchObject({ severity: "info" });
    expect(find(issues, "lookup_target_not_in_project", "msnfp_fiscalsponsorid")).toBeUndefined();
  });
});
