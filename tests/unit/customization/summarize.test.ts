import { describe, expect, it } from "vitest";
import {
  auditTableConfigSave,
  describeConflict,
  describeProjectDiff,
  describeTableConfigDiff,
  diffProjects,
  diffTableConfigs,
} from "@/lib/customization/summarize";
import type { FilterGroup } from "@/lib/filters/schema";
import { config, project, realSnapshot } from "./fixtures";

const active: FilterGroup = {
  kind: "group",
  type: "and",
  children: [{ kind: "condition", id: "c1", column: "statecode", operator: "eq", values: ["0"] }],
};

const base = () =>
  config("contact", ["contactid", "fullname", "lastname", "telephone2"], {
    views: [{ id: "active", name: "Active", columns: [{ column: "fullname" }] }],
  });

describe("audit summary of a table config save", () => {
  it("reads like the audit log's one-liner", () => {
    const before = base();
    const after = {
      ...before,
      columns: ["contactid", "fax", "fullname", "lastname"],
      syncMode: "online" as const,
      syncFilter: undefined,
      permissions: { ...before.permissions, create: false },
    };
    const audit = auditTableConfigSave(before, after);
    expect(audit.summary).toBe("contact: columns +fax -telephone2; mode offline->online; permissions create off");
    expect(audit.before).toMatchObject({
      table: "contact",
      columns: 4,
      syncMode: "offline",
      permissions: "create,read,write,delete,assign,share",
    });
    expect(audit.after).toMatchObject({ syncMode: "online", permissions: "read,write,delete,assign,share" });
    expect(audit.after?.filter).toBeUndefined();
  });

  it("says when a table is added, removed or saved unchanged", () => {
    expect(auditTableConfigSave(undefined, base()).summary).toBe("contact: table added (4 columns)");
    expect(auditTableConfigSave(base(), undefined)).toMatchObject({ summary: "contact: table removed", after: null });
    expect(auditTableConfigSave(base(), base()).summary).toBe("contact: no change");
  });
});

describe("diffTableConfigs", () => {
  it("describes filter changes by condition, ignoring the editor's ids", () => {
    const before = config("contact", ["contactid"], { syncFilter: { preset: "all", filter: active } });
    const sameMeaning = config("contact", ["contactid"], {
      syncFilter: {
        preset: "all",
        filter: { ...active, id: "root", children: [{ ...active.children[0], id: "other" }] },
      },
    });
    expect(diffTableConfigs(before, sameMeaning).change).toBe("unchanged");

    const after = config("contact", ["contactid"], {
      syncFilter: {
        preset: "mine",
        filter: {
          kind: "group",
          type: "and",
          children: [
            { kind: "condition", column: "createdon", operator: "last-x-days", values: ["30"] },
            {
              kind: "link",
              table: "account",
              from: "accountid",
              to: "parentcustomerid",
              linkType: "any",
              filter: {
                kind: "group",
                type: "and",
                children: [{ kind: "condition", column: "statecode", operator: "eq", values: ["0"] }],
              },
            },
          ],
        },
      },
    });
    const diff = diffTableConfigs(before, after);
    expect(describeTableConfigDiff(diff)).toEqual([
      "sync filter changed: rows to download: All rows -> My rows; added 'account.statecode eq 0 (through parentcustomerid [any])', 'createdon last-x-days 30'; removed 'statecode eq 0'",
    ]);
  });

  it("notices regrouping with the same conditions", () => {
    const or: FilterGroup = { ...active, type: "or" };
    const diff = diffTableConfigs(
      config("contact", ["contactid"], { syncFilter: { preset: "all", filter: active } }),
      config("contact", ["contactid"], { syncFilter: { preset: "all", filter: or } }),
    );
    expect(describeTableConfigDiff(diff)).toEqual(["sync filter changed: conditions regrouped"]);
  });

  it("names added, removed and changed views, forms and read-only columns", () => {
    const before = base();
    const after = config("contact", ["contactid", "fullname", "lastname", "telephone2"], {
      readOnlyColumns: ["lastname"],
      views: [
        { id: "active", name: "Active", columns: [{ column: "fullname" }, { column: "lastname" }] },
        { id: "mine", name: "Mine", columns: [{ column: "fullname" }] },
      ],
      forms: [{ id: "main", name: "Main" }],
    });
    expect(describeTableConfigDiff(diffTableConfigs(before, after))).toEqual([
      "now read-only: lastname",
      "views added: 'Mine'",
      "views changed: 'Active'",
      "forms added: 'Main'",
    ]);
  });
});

describe("describeConflict", () => {
  it("shows what the other admin changed and where both edits overlap", () => {
    const loaded = base();
    const theirs = {
      ...loaded,
      columns: [...loaded.columns, "fax"].sort(),
      permissions: { ...loaded.permissions, delete: false },
    };
    const mine = {
      ...loaded,
      columns: [...loaded.columns, "emailaddress1"].sort(),
      permissions: { ...loaded.permissions, delete: false, share: false },
    };
    expect(describeConflict(loaded, mine, theirs)).toEqual({
      theirChanges: ["columns added: fax", "permissions: delete off"],
      overlapping: ["permissions.delete"],
    });
  });
});

describe("diffProjects", () => {
  it("lists project and per-table changes in words", () => {
    const before = project([base(), config("queue", ["queueid", "name"])], {
      roles: [{ roleName: "Salesperson", priority: 10 }],
    });
    const after = project(
      [{ ...base(), columns: ["contactid", "fullname", "lastname"] }, config("systemuser", ["systemuserid"])],
      {
        name: "Field sales 2",
        roles: [
          { roleName: "salesperson", priority: 20 },
          { roleName: "Manager", priority: 5 },
        ],
        settings: { limits: { maxTablesAdvised: 50 } },
      },
    );
    expect(describeProjectDiff(diffProjects(before, after))).toEqual([
      "name: 'Field sales' -> 'Field sales 2'",
      "role added: 'Manager' (priority 5)",
      "role 'salesperson': priority 10 -> 20",
      "limit maxTablesAdvised: 100 -> 50",
      "contact: columns removed: telephone2",
      "queue: table removed",
      "systemuser: table added (1 column)",
    ]);
  });
});

describe("worded filter changes with the real metadata", () => {
  it("names columns and options as the admin sees them", () => {
    const before = config("contact", ["contactid"], { syncFilter: { preset: "mine" } });
    const after = config("contact", ["contactid"], {
      syncFilter: {
        preset: "mine",
        filter: {
          kind: "group",
          type: "and",
          children: [
            { kind: "condition", column: "statecode", operator: "eq", values: ["0"] },
            { kind: "condition", column: "createdon", operator: "last-x-days", values: ["30"] },
          ],
        },
      },
    });
    const lines = describeTableConfigDiff(diffTableConfigs(before, after, { metadata: realSnapshot() }));
    expect(lines).toEqual(["sync filter changed: added 'Created On is in the last 30 days', 'Status is Active'"]);
    // The audit line uses the same words.
    expect(auditTableConfigSave(before, after, { metadata: realSnapshot() }).summary).toBe(
      "contact: filter +Created On is in the last 30 days +Status is Active",
    );
  });
});
