import { describe, expect, it } from "vitest";
import { lockedColumns, newTableConfig, normalizeTableConfig } from "@/lib/customization/locked-columns";
import { config, realSnapshot, tableOf } from "./fixtures";

const contact = () => tableOf(realSnapshot(), "contact");

const reasonsOf = (locked: Map<string, Array<{ text: string }>>) =>
  Object.fromEntries([...locked].map(([column, reasons]) => [column, reasons.map((r) => r.text)]));

describe("lockedColumns on the real contact table", () => {
  it("locks the primary id and name, and says why", () => {
    const locked = lockedColumns(config("contact", []), contact());
    expect(reasonsOf(locked)).toEqual({
      contactid: ["the table's primary id: always on the device"],
      fullname: ["the table's primary name: always on the device"],
    });
  });

  it("locks what the sync filter uses on this table: preset, conditions, link 'to' columns, not the linked table's", () => {
    const cfg = config("contact", ["contactid"], {
      syncFilter: {
        preset: "mine",
        filter: {
          kind: "group",
          type: "and",
          children: [
            { kind: "condition", column: "statecode", operator: "eq", values: ["0"] },
            {
              kind: "group",
              type: "or",
              children: [{ kind: "condition", column: "createdon", operator: "last-x-days", values: ["30"] }],
            },
            {
              kind: "link",
              table: "account",
              from: "accountid",
              to: "parentcustomerid",
              linkType: "any",
              filter: {
                kind: "group",
                type: "and",
                children: [{ kind: "condition", column: "revenue", operator: "gt", values: ["5"] }],
              },
            },
          ],
        },
      },
    });
    const locked = lockedColumns(cfg, contact());
    expect([...locked.keys()].sort()).toEqual([
      "contactid",
      "createdon",
      "fullname",
      "ownerid",
      "parentcustomerid",
      "statecode",
    ]);
    expect(locked.get("ownerid")?.[0]).toMatchObject({
      kind: "sync-filter",
      text: "read by the sync filter's preset 'mine'",
      path: "tables/contact/syncFilter",
    });
    expect(locked.has("revenue")).toBe(false);
    expect(locked.has("accountid")).toBe(false);
  });

  it("ignores the filter of an online-only table (it has none that counts)", () => {
    const cfg = {
      ...config("contact", ["contactid"], { syncMode: "online" }),
      syncFilter: { preset: "mine" as const },
    };
    expect(lockedColumns(cfg, contact()).has("ownerid")).toBe(false);
  });

  it("locks columns of views (columns, sort, filter) and forms, naming each", () => {
    const cfg = config("contact", ["contactid"], {
      views: [
        {
          id: "view-active",
          name: "Active contacts",
          columns: [{ column: "fullname" }, { column: "emailaddress1" }],
          sort: [{ column: "lastname", descending: false }],
          filter: {
            kind: "group",
            type: "and",
            children: [{ kind: "condition", column: "statecode", operator: "eq", values: ["0"] }],
          },
        },
      ],
      forms: [
        {
          id: "form-main",
          name: "Main",
          tabs: [
            {
              kind: "fields",
              id: "tab-general",
              label: "General",
              sections: [
                {
                  id: "sec-phone",
                  label: "Phone",
                  fields: [{ id: "fld-phone", column: "telephone1", required: true }],
                },
              ],
            },
          ],
        },
      ],
    });
    const locked = reasonsOf(lockedColumns(cfg, contact()));
    expect(locked.fullname).toEqual([
      "the table's primary name: always on the device",
      "shown in view 'Active contacts'",
    ]);
    expect(locked.emailaddress1).toEqual(["shown in view 'Active contacts'"]);
    expect(locked.lastname).toEqual(["sorts view 'Active contacts'"]);
    expect(locked.statecode).toEqual(["used by the filter of view 'Active contacts'"]);
    expect(locked.telephone1).toEqual(["a field of form 'Main'"]);
    expect(lockedColumns(cfg, contact()).get("telephone1")?.[0].path).toBe("tables/contact/forms/form-main");
    expect(lockedColumns(cfg, contact()).get("emailaddress1")?.[0].path).toBe("tables/contact/views/view-active");
  });

  it("locks a lookup that another table's 'related rows only' filter follows", () => {
    const actionItems = config("appbase_actionitem", ["activityid"], {
      syncFilter: { preset: "related", related: { sources: [{ table: "contact", column: "parentcustomerid" }] } },
    });
    const locked = lockedColumns(config("contact", ["contactid"]), contact(), [actionItems]);
    expect(locked.get("parentcustomerid")).toEqual([
      {
        kind: "related-source",
        text: "the sync filter of 'appbase_actionitem' (related rows only) follows it",
        path: "tables/appbase_actionitem/syncFilter",
      },
    ]);
  });
});

describe("normalizeTableConfig and newTableConfig", () => {
  it("adds locked columns, drops read-only marks of unselected columns, makes 'all rows' explicit", () => {
    const cfg = config("contact", ["lastname"], {
      readOnlyColumns: ["lastname", "fax"],
      views: [{ id: "v", name: "V", columns: [{ column: "emailaddress1" }] }],
    });
    const normal = normalizeTableConfig(cfg, contact());
    expect(normal.columns).toEqual(["contactid", "emailaddress1", "fullname", "lastname"]);
    expect(normal.readOnlyColumns).toEqual(["lastname"]);
    expect(normal.syncFilter).toEqual({ preset: "all" });
    expect(normalizeTableConfig(normal, contact())).toEqual(normal);
  });

  it("drops the filter of an online-only table", () => {
    const cfg = {
      ...config("contact", ["contactid"], { syncMode: "online" }),
      syncFilter: { preset: "mine" as const },
    };
    expect(normalizeTableConfig(cfg, contact()).syncFilter).toBeUndefined();
  });

  it("starts a real table with its primary columns and what Dataverse requires on create", () => {
    expect(newTableConfig(contact()).columns).toEqual(["contactid", "fullname", "lastname"]);
    const actionItem = newTableConfig(tableOf(realSnapshot(), "appbase_actionitem"), "online");
    expect(actionItem.columns).toEqual(["activityid", "subject"]);
    expect(actionItem.syncFilter).toBeUndefined();
    // System-required booleans and choices get defaults from Dataverse: not added.
    expect(newTableConfig(tableOf(realSnapshot(), "annotation")).columns).toEqual(["annotationid", "subject"]);
    expect(newTableConfig(tableOf(realSnapshot(), "queue")).columns).toEqual(["name", "queueid"]);
    expect(actionItem.permissions).toEqual({
      create: true,
      read: true,
      write: true,
      delete: true,
      assign: true,
      share: true,
    });
  });
});
