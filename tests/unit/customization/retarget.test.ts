import { describe, expect, it } from "vitest";
import { retargetImpact } from "@/lib/customization/retarget";
import { cloneSnapshot, columnOf, config, project, realSnapshot, tableOf } from "./fixtures";

const statusFilter = {
  preset: "all" as const,
  filter: {
    kind: "group" as const,
    type: "and" as const,
    children: [
      { kind: "condition" as const, column: "statuscode", operator: "in" as const, values: ["1", "2"] },
      { kind: "condition" as const, column: "gendercode", operator: "eq" as const, values: ["2"] },
    ],
  },
};

function fieldProject() {
  return project([
    config(
      "contact",
      ["contactid", "fullname", "lastname", "fax", "telephone1", "parentcustomerid", "statuscode", "gendercode"],
      { syncFilter: statusFilter },
    ),
    config("appbase_actionitem", ["activityid", "subject"], { syncMode: "online" }),
    config("queue", ["queueid", "name"]),
  ]);
}

describe("retargetImpact between the real snapshot and a newer one", () => {
  it("says nothing changes when the snapshot is the same", () => {
    const impact = retargetImpact(fieldProject(), realSnapshot(), cloneSnapshot(realSnapshot()));
    expect(impact).toEqual({
      changes: [],
      errors: 0,
      summary: "Nothing in this project changes with the new snapshot",
    });
  });

  it("lists what changes for this project only, worded for the dialog", () => {
    const next = cloneSnapshot(realSnapshot());
    const contact = tableOf(next, "contact");
    // The org removed fax and a table, retyped telephone1, made firstname business-required,
    // added a required column, and dropped the option 'Inactive' (2) of statuscode.
    contact.columns = contact.columns.filter((c) => c.logicalName !== "fax" && c.logicalName !== "pager");
    columnOf(next, "contact", "telephone1").type = "memo";
    columnOf(next, "contact", "firstname").requiredLevel = "ApplicationRequired";
    columnOf(next, "contact", "lastname").requiredLevel = "None";
    contact.columns.push({
      ...columnOf(next, "contact", "firstname"),
      logicalName: "new_region",
      displayName: { "1033": "Region" },
    });
    const status = columnOf(next, "contact", "statuscode");
    status.optionSet = { ...status.optionSet!, options: status.optionSet!.options.filter((o) => o.value !== 2) };
    columnOf(next, "contact", "parentcustomerid").targets = ["contact"];
    next.tables = next.tables.filter((t) => t.logicalName !== "queue");
    // A change the project does not use: not listed.
    columnOf(next, "contact", "birthdate").type = "string";

    const impact = retargetImpact(fieldProject(), realSnapshot(), next);
    expect(impact.changes.map((c) => `${c.severity} ${c.kind} ${c.table}.${c.column ?? ""}`)).toEqual([
      "error column_removed contact.fax",
      "error column_now_required contact.firstname",
      "error new_required_column contact.new_region",
      "error option_removed contact.statuscode",
      "error table_removed queue.",
      "warning column_type_changed contact.telephone1",
      "info column_no_longer_required contact.lastname",
      "info lookup_target_removed contact.parentcustomerid",
    ]);
    expect(impact.errors).toBe(5);
    expect(impact.summary).toBe("8 changes for this project (5 need a fix before publishing)");
    const byKind = Object.fromEntries(impact.changes.map((c) => [c.kind, c]));
    expect(byKind.column_type_changed.message).toBe(
      "Column 'Business Phone' (telephone1) of 'contact' changes type from string to memo: check the filters and forms that use it",
    );
    expect(byKind.option_removed.message).toBe(
      "Option 'Inactive' (2) of 'Status Reason' (statuscode) is gone from the new snapshot, and the sync filter of 'contact' compares with it: change the condition",
    );
    expect(byKind.option_removed.path).toBe("tables/contact/syncFilter");
    expect(byKind.column_now_required.message).toContain("select it or turn off create");
    expect(byKind.table_removed.path).toBe("tables/queue");
  });

  it("does not count required-level changes when the table does not permit create", () => {
    const next = cloneSnapshot(realSnapshot());
    columnOf(next, "contact", "firstname").requiredLevel = "ApplicationRequired";
    const p = project([
      config("contact", ["contactid", "fullname", "lastname"], {
        permissions: { create: false, read: true, write: true, delete: false, assign: false, share: false },
      }),
    ]);
    expect(retargetImpact(p, realSnapshot(), next).changes).toEqual([]);
  });

  it("finds option values used in a view filter and inside a link to another table", () => {
    const next = cloneSnapshot(realSnapshot());
    const state = columnOf(next, "appbase_actionitem", "statecode");
    state.optionSet = { ...state.optionSet!, options: state.optionSet!.options.filter((o) => o.value !== 1) };
    const p = project([
      config("contact", ["contactid", "fullname", "lastname"], {
        syncFilter: {
          preset: "all",
          filter: {
            kind: "group",
            type: "and",
            children: [
              {
                kind: "link",
                table: "appbase_actionitem",
                from: "regardingobjectid",
                to: "contactid",
                linkType: "any",
                filter: {
                  kind: "group",
                  type: "and",
                  children: [{ kind: "condition", column: "statecode", operator: "eq", values: ["1"] }],
                },
              },
            ],
          },
        },
      }),
      config("appbase_actionitem", ["activityid", "subject", "statecode"], {
        syncMode: "online",
        views: [
          {
            id: "open",
            name: "Open",
            columns: [{ column: "subject" }],
            filter: {
              kind: "group",
              type: "and",
              children: [{ kind: "condition", column: "statecode", operator: "ne", values: ["1"] }],
            },
          },
        ],
      }),
    ]);
    const changes = retargetImpact(p, realSnapshot(), next).changes;
    expect(changes.map((c) => c.path)).toEqual(["tables/appbase_actionitem/views/open", "tables/contact/syncFilter"]);
    expect(changes[1].message).toContain("on 'appbase_actionitem'");
  });
});
