import { describe, expect, it } from "vitest";
import { diffBundles } from "@/lib/bundle/diff";
import { describeProjectDiff, diffProjects } from "@/lib/customization/summarize";
import { ProjectDocumentSchema, type ProjectDocument } from "@/lib/customization/schema";
import { fieldSales, realSnapshot } from "./fixtures";

/** The example change: a filter on Status, column fax dropped, Email required on the Main form. */
function edited(before: ProjectDocument): ProjectDocument {
  const doc = structuredClone(before);
  const contact = doc.tables.find((t) => t.tableName === "contact")!;
  contact.syncFilter = {
    preset: "all",
    filter: {
      kind: "group",
      type: "and",
      children: [{ kind: "condition", column: "statecode", operator: "eq", values: ["0"] }],
    },
  };
  contact.columns = contact.columns.filter((c) => c !== "fax");
  const general = contact.forms[0].tabs[0];
  if (general.kind === "fields") general.sections[0].fields[1].required = true;
  return ProjectDocumentSchema.parse(doc);
}

describe("diffBundles", () => {
  it("words each table's changes in one sentence, fields and conditions by display name", () => {
    const before = fieldSales();
    const diff = diffBundles(before, edited(before), { metadata: realSnapshot() });
    expect(diff.lines).toEqual([
      "contact: columns removed: fax; sync filter changed: added 'Status is Active'; form 'Main': field 'Email' now required",
    ]);
    expect(diff.tables).toEqual([expect.objectContaining({ table: "contact", change: "changed" })]);
  });

  it("uses the portal's shared wording for everything but the inside of forms and views", () => {
    const before = fieldSales();
    const after = edited(before);
    const shared = describeProjectDiff(diffProjects(before, after));
    const ours = diffBundles(before, after).tables[0].changes;
    expect(ours.slice(0, 2)).toEqual(shared.slice(0, 2).map((l) => l.replace(/^contact: /, "")));
    expect(ours[2]).toBe("form 'Main': field 'emailaddress1' now required");
  });

  it("words views, forms, tables, roles and permissions", () => {
    const before = fieldSales();
    const doc = structuredClone(before);
    const contact = doc.tables.find((t) => t.tableName === "contact")!;
    contact.views[0] = {
      ...contact.views[0],
      columns: [
        { column: "fullname", width: 150 },
        { column: "fax", width: 150 },
      ],
      sort: [{ column: "fullname", descending: true }],
    };
    contact.forms[0].tabs.push({
      kind: "fields",
      id: "tab-details",
      label: "Details",
      sections: [
        {
          id: "sec-more",
          label: "More",
          showLabel: true,
          columns: 1,
          fields: [{ id: "fld-fax", column: "fax", readOnly: true, required: false, hidden: false }],
        },
      ],
    });
    const general = contact.forms[0].tabs[0];
    if (general.kind === "fields")
      general.sections[0].fields = [
        { id: "fld-fullname", column: "fullname", required: false, readOnly: false, hidden: false },
      ];
    contact.permissions.delete = false;
    doc.tables = doc.tables.filter((t) => t.tableName !== "annotation");
    doc.roles.push({ roleName: "Field Service", priority: 5 });
    const diff = diffBundles(before, ProjectDocumentSchema.parse(doc), { metadata: realSnapshot() });
    expect(diff.lines).toEqual([
      "role added: 'Field Service' (priority 5)",
      "annotation: table removed",
      "contact: permissions: delete off; view 'Active contacts': columns added: 'Fax', columns removed: 'Email', sorted by 'Full Name' descending; " +
        "form 'Main': tab 'Details' added, field 'Full Name' no longer required, field 'Fax' added, field 'Email' removed, field 'Last Name' removed",
    ]);
    expect(diffBundles(before, fieldSales())).toMatchObject({ same: true, lines: [] });
  });
});
