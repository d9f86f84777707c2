import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { buildSyntheticOrg, syntheticOrgInputs } from "@/bench/synthetic-org";
import { importSolutionZip } from "@/lib/metadata/import-solution";
import { importWebApi, normalizeWebApi } from "@/lib/metadata/import-webapi";
import {
  cascadeLines,
  decodeTableRows,
  encodeTableRows,
  filterColumns,
  filterTableRows,
  relationshipsOf,
  searchIndexOf,
  searchSnapshotColumns,
  tablePage,
  tableRelationships,
  type TableRowTuple,
} from "@/lib/metadata/browse";
import { NONPROFIT_ZIP, readBytes, webApiInputs } from "./real-data";

const webDoc = importWebApi(webApiInputs(), { ignoreUnrecognized: true }).document;
const rows = decodeTableRows(encodeTableRows(webDoc));

describe("tables list payload", () => {
  it("decodes to what the document says", () => {
    const contact = rows.find((r) => r.logicalName === "contact")!;
    // The Web API files carry no DisplayName for tables, only the plural: the plural leads.
    expect(contact).toMatchObject({
      displayName: "People",
      plural: "People",
      custom: false,
      isActivity: false,
      ownership: "user",
      partial: false,
      columnCount: 313,
    });
    const action = rows.find((r) => r.logicalName === "appbase_actionitem")!;
    expect(action).toMatchObject({ custom: true, isActivity: true });
    expect(rows.find((r) => r.logicalName === "queueitem")!.ownership).toBe("none");
    expect(rows.find((r) => r.logicalName === "systemuser")!.ownership).toBe("organization");
  });

  it("round-trips every combination of flags and names", () => {
    fc.assert(
      fc.property(
        fc.record({
          logicalName: fc.string({ minLength: 1 }),
          display: fc.string(),
          plural: fc.string(),
          custom: fc.boolean(),
          isActivity: fc.boolean(),
          partial: fc.boolean(),
          ownership: fc.constantFrom("user" as const, "organization" as const, "none" as const),
          n: fc.nat(5000),
        }),
        (t) => {
          const doc = {
            tables: [
              {
                logicalName: t.logicalName,
                displayName: t.display ? { "1033": t.display } : {},
                displayCollectionName: t.plural ? { "1033": t.plural } : {},
                custom: t.custom,
                isActivity: t.isActivity,
                partial: t.partial,
                ownership: t.ownership,
                columns: new Array(t.n),
              },
            ],
          } as unknown as Parameters<typeof encodeTableRows>[0];
          const [row] = decodeTableRows(JSON.parse(JSON.stringify(encodeTableRows(doc))) as TableRowTuple[]);
          expect(row).toMatchObject({
            logicalName: t.logicalName,
            // The display name, else the plural, else the logical name (lib/metadata/naming.ts).
            displayName: (t.display.trim() && t.display) || (t.plural.trim() && t.plural) || t.logicalName,
            plural: t.plural,
            custom: t.custom,
            isActivity: t.isActivity,
            partial: t.partial,
            ownership: t.ownership,
            columnCount: t.n,
          });
        },
      ),
    );
  });

  it("stays small for a 1,000-table org", () => {
    const org = normalizeWebApi(syntheticOrgInputs(buildSyntheticOrg({ tables: 1000 })));
    const bytes = Buffer.byteLength(JSON.stringify(encodeTableRows(org)));
    expect(org.tables).toHaveLength(1000);
    // ~55 bytes a table; the full documents are megabytes.
    expect(bytes).toBeLessThan(80_000);
  }, 60_000);
});

describe("filterTableRows", () => {
  it("searches logical, display and plural names, case-insensitively", () => {
    expect(filterTableRows(rows, { text: "PEOPLE" }).map((r) => r.logicalName)).toEqual(["contact"]);
    expect(filterTableRows(rows, { text: " queue" }).map((r) => r.logicalName)).toEqual(["queue", "queueitem"]);
    expect(filterTableRows(rows, { text: "xyz-none" })).toEqual([]);
  });

  it("filters by custom, activity and ownership together", () => {
    expect(filterTableRows(rows, { custom: true })).toHaveLength(10);
    expect(filterTableRows(rows, { custom: false, ownership: "organization" }).map((r) => r.logicalName)).toEqual([
      "role",
      "systemuser",
    ]);
    expect(filterTableRows(rows, { activity: true }).map((r) => r.logicalName)).toEqual(["appbase_actionitem"]);
    expect(filterTableRows(rows, { activity: true, custom: false })).toEqual([]);
  });

  it("sorts by any column both ways, ties by logical name", () => {
    const byColumns = filterTableRows(rows, { sort: "columnCount", descending: true });
    expect(byColumns[0].logicalName).toBe("contact");
    for (let i = 1; i < byColumns.length; i++)
      expect(byColumns[i - 1].columnCount).toBeGreaterThanOrEqual(byColumns[i].columnCount);
    const byName = filterTableRows(rows, {});
    expect(byName.map((r) => r.logicalName)).toEqual([...byName.map((r) => r.logicalName)].sort());
    expect(filterTableRows(rows, { descending: true })[0].logicalName).toBe("systemuser");
  });
});

describe("tablePage", () => {
  const contact = tablePage(webDoc, "contact")!;

  it("holds the table's properties", () => {
    expect(contact.properties).toMatchObject({
      entitySetName: "contacts",
      primaryIdColumn: "contactid",
      primaryNameColumn: "fullname",
      ownership: "user",
      objectTypeCode: 2,
      offlineEnabled: true,
      partial: false,
    });
    expect(contact.columns).toHaveLength(313);
  });

  it("describes columns: state/status options, datetime behavior, lengths, ranges, lookup targets", () => {
    const column = (name: string) => contact.columns.find((c) => c.logicalName === name)!;
    expect(column("statecode").options!.items).toEqual([
      { value: 0, label: "Active" },
      { value: 1, label: "Inactive" },
    ]);
    expect(column("statuscode").options!.items.map((o) => [o.label, o.state])).toEqual([
      ["Active", 0],
      ["Inactive", 1],
    ]);
    expect(column("birthdate").details).toEqual(["Behavior: Date only", "Format: Date only"]);
    expect(column("createdon")).toMatchObject({
      typeLabel: "Date and time",
      validForCreate: false,
      validForUpdate: false,
    });
    expect(column("address1_city").details).toEqual(["Max length 80"]);
    expect(column("creditlimit").details).toEqual(["Range 0 to 100,000,000,000,000", "Precision 2"]);
    expect(column("parentcustomerid")).toMatchObject({ typeLabel: "Customer", targets: ["account", "contact"] });
  });

  it("lists relationships by side and links only the tables the snapshot holds", () => {
    expect(contact.relationshipCounts).toEqual({ oneToMany: 68, manyToOne: 20, manyToMany: 4 });
    const { relationships, linkable } = tableRelationships(webDoc, "contact")!;
    expect([relationships.oneToMany.length, relationships.manyToOne.length, relationships.manyToMany.length]).toEqual([
      68, 20, 4,
    ]);
    const customer = relationships.manyToOne.find((r) => r.schemaName === "contact_customer_accounts")!;
    expect(customer).toMatchObject({
      otherTable: "account",
      lookupColumn: "parentcustomerid",
      referencedColumn: "accountid",
    });
    expect(customer.cascade).toEqual([
      "Cascade: Assign, Share, Unshare, Reparent, Delete, Merge",
      "NoCascade: Archive, RollupView",
    ]);
    expect(cascadeLines({ Delete: "RemoveLink", Assign: "NoCascade", Merge: "Cascade" })).toEqual([
      "Cascade: Merge",
      "RemoveLink: Delete",
      "NoCascade: Assign",
    ]);
    expect(linkable).toContain("systemuser");
    expect(linkable).not.toContain("account");
    expect(contact.linkable).toEqual(expect.arrayContaining(["contact", "systemuser"]));
    expect(contact.linkable).not.toContain("account");
    expect(tableRelationships(webDoc, "account")).toBeUndefined();
  });

  it("shows a self-referencing relationship on both sides", () => {
    const doc = {
      relationships: [
        {
          schemaName: "contact_master",
          kind: "one-to-many" as const,
          referencedTable: "contact",
          referencedColumn: "contactid",
          referencingTable: "contact",
          referencingColumn: "masterid",
        },
      ],
    };
    const r = relationshipsOf(doc, "contact");
    expect([r.oneToMany.length, r.manyToOne.length]).toEqual([1, 1]);
  });

  it("is undefined for a table the snapshot lacks", () => {
    expect(tablePage(webDoc, "account")).toBeUndefined();
  });

  it("marks a managed solution's system table as partial", () => {
    const doc = importSolutionZip(readBytes(NONPROFIT_ZIP), "NonprofitCore.zip");
    const partial = doc.tables.find((t) => t.partial)!;
    expect(tablePage(doc, partial.logicalName)!.properties.partial).toBe(true);
  });

  it("filters columns by name, label, type and option label", () => {
    expect(filterColumns(contact.columns, "Inactive").map((c) => c.logicalName)).toEqual(
      expect.arrayContaining(["statecode", "statuscode"]),
    );
    expect(filterColumns(contact.columns, "BIRTHDAY").map((c) => c.logicalName)).toEqual(["birthdate"]);
    expect(filterColumns(contact.columns, "")).toHaveLength(313);
  });
});

describe("searchSnapshotColumns", () => {
  it("finds a column across the org, exact matches first, and keeps one index per document", () => {
    const result = searchSnapshotColumns(webDoc, "statecode");
    expect(result.hits.length).toBe(result.total);
    expect(result.hits.filter((h) => h.match === "exact").map((h) => h.table)).toContain("contact");
    expect(result.hits[0]).toMatchObject({ column: "statecode", type: "state", match: "exact" });
    expect(searchIndexOf(webDoc)).toBe(searchIndexOf(webDoc));
    expect(searchSnapshotColumns(webDoc, "zzznothing")).toEqual({ total: 0, hits: [] });
  });

  it("caps the hits but counts them all", () => {
    const result = searchSnapshotColumns(webDoc, "a", 50);
    expect(result.hits).toHaveLength(50);
    expect(result.total).toBeGreaterThan(1000);
  });
});
