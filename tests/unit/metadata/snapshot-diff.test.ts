import { describe, expect, it } from "vitest";
import { contentHash, contentHashReference } from "@/lib/metadata/content-hash";
import { importSolutionFolder, importSolutionZip } from "@/lib/metadata/import-solution";
import { importWebApi, normalizeWebApi } from "@/lib/metadata/import-webapi";
import type { MetadataDocument } from "@/lib/metadata/schema";
import { diffSnapshots } from "@/lib/metadata/snapshot-diff";
import { NONPROFIT_ZIP, readBytes, unpackedFiles, webApiInputs } from "./real-data";

const base = normalizeWebApi(webApiInputs("contact").concat(webApiInputs("appbase_actionitem")));

function edited(edit: (doc: MetadataDocument) => void): MetadataDocument {
  const copy = structuredClone(base);
  edit(copy);
  return copy;
}

describe("diffSnapshots", () => {
  it("finds nothing between a document and itself", () => {
    const diff = diffSnapshots(base, structuredClone(base));
    expect(diff.identical).toBe(true);
    expect(diff.tablesChanged).toEqual([]);
  });

  it("reports tables added and removed, with their columns counted", () => {
    const withoutContact = edited((doc) => {
      doc.tables = doc.tables.filter((t) => t.logicalName !== "contact");
    });
    const removed = diffSnapshots(base, withoutContact);
    expect(removed.tablesRemoved).toEqual(["contact"]);
    expect(removed.counts.columnsRemoved).toBe(313);
    const added = diffSnapshots(withoutContact, base);
    expect(added.tablesAdded).toEqual(["contact"]);
    expect(added.counts.columnsAdded).toBe(313);
    expect(added.identical).toBe(false);
  });

  it("reports column changes: type, required level, max length, options, targets", () => {
    const after = edited((doc) => {
      const contact = doc.tables.find((t) => t.logicalName === "contact")!;
      const email = contact.columns.find((c) => c.logicalName === "emailaddress1")!;
      email.maxLength = 200;
      email.requiredLevel = "ApplicationRequired";
      const status = contact.columns.find((c) => c.logicalName === "statuscode")!;
      status.optionSet!.options.push({ value: 100000000, labels: { "1033": "Archived" }, state: 1 });
      status.optionSet!.options[0].labels = { "1033": "Open" };
      const account = contact.columns.find((c) => c.logicalName === "accountid")!;
      account.targets = ["account", "msnfp_household"];
      const description = contact.columns.find((c) => c.logicalName === "description")!;
      description.type = "string";
      contact.columns = contact.columns.filter((c) => c.logicalName !== "fax");
      contact.columns.push({ ...email, logicalName: "new_region", schemaName: "new_Region", custom: true });
      contact.displayName = { "1033": "Person" };
    });
    const diff = diffSnapshots(base, after);
    expect(diff.tablesChanged).toHaveLength(1);
    const change = diff.tablesChanged[0];
    expect(change.table).toBe("contact");
    expect(change.changes).toEqual([{ field: "displayName", before: {}, after: { "1033": "Person" } }]);
    expect(change.columnsAdded).toEqual(["new_region"]);
    expect(change.columnsRemoved).toEqual(["fax"]);
    const byColumn = Object.fromEntries(change.columnsChanged.map((c) => [c.column, c.changes]));
    expect(Object.keys(byColumn).sort()).toEqual(["accountid", "description", "emailaddress1", "statuscode"]);
    expect(byColumn.emailaddress1).toEqual([
      { field: "requiredLevel", before: "None", after: "ApplicationRequired" },
      { field: "maxLength", before: 100, after: 200 },
    ]);
    expect(byColumn.description).toEqual([{ field: "type", before: "memo", after: "string" }]);
    expect(byColumn.accountid).toEqual([
      { field: "targets", before: ["account"], after: ["account", "msnfp_household"] },
    ]);
    expect(byColumn.statuscode.map((c) => c.field)).toEqual(["optionsAdded", "optionsChanged"]);
    expect(byColumn.statuscode[0].after).toEqual([{ value: 100000000, labels: { "1033": "Archived" }, state: 1 }]);
  });

  it("reports relationships added and removed", () => {
    const after = edited((doc) => {
      doc.relationships = doc.relationships.filter((r) => r.schemaName !== "contact_customer_contacts");
      doc.relationships.push({
        schemaName: "new_contact_region",
        kind: "one-to-many",
        referencedTable: "new_region",
        referencingTable: "contact",
        referencingColumn: "new_region",
      });
    });
    const diff = diffSnapshots(base, after);
    expect(diff.relationshipsRemoved).toEqual(["contact_customer_contacts"]);
    expect(diff.relationshipsAdded).toEqual(["new_contact_region"]);
  });

  it("compares a solution with the org's response for the same table", () => {
    const solution = importSolutionFolder(unpackedFiles(), "solution-unpacked");
    const org = importWebApi(webApiInputs("appbase_actionitem")).document;
    const diff = diffSnapshots(solution, org);
    expect(diff.tablesRemoved).toEqual(["contact"]);
    const action = diff.tablesChanged.find((t) => t.table === "appbase_actionitem")!;
    expect(action.columnsRemoved).toEqual(["appbase_category"]);
    expect(action.columnsAdded).toHaveLength(39);
  });
});

describe("contentHash", () => {
  it("is the SHA-256 of the canonicalize package's output (RFC 8785)", () => {
    expect(contentHash(base)).toBe(contentHashReference(base));
    const zip = importSolutionZip(readBytes(NONPROFIT_ZIP), "NonprofitCore.zip");
    expect(contentHash(zip)).toBe(contentHashReference(zip));
    expect(contentHash(base)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("recognizes the same content imported again, whatever the key order", () => {
    const again = normalizeWebApi(webApiInputs("appbase_actionitem").concat(webApiInputs("contact")));
    expect(contentHash(again)).toBe(contentHash(base));
    const reordered = JSON.parse(
      JSON.stringify(base, (_key, value) =>
        value && typeof value === "object" && !Array.isArray(value)
          ? Object.fromEntries(Object.entries(value).reverse())
          : value,
      ),
    ) as MetadataDocument;
    expect(contentHash(reordered)).toBe(contentHash(base));
  });

  it("changes when any label changes", () => {
    const after = edited((doc) => {
      doc.tables[0].columns[0].displayName = { "1033": "Changed" };
    });
    expect(contentHash(after)).not.toBe(contentHash(base));
  });
});
