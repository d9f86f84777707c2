import { describe, expect, it } from "vitest";
import { validateProject } from "@/lib/customization/validate";
import type { TableConfigInput } from "@/lib/customization/schema";
import type { FormInput } from "@/lib/forms/schema";
import { config, project, realSnapshot } from "@/tests/unit/customization/fixtures";

const CONTACT_COLUMNS = [
  "contactid",
  "fullname",
  "lastname",
  "emailaddress1",
  "parentcustomerid",
  "address1_latitude",
  "address1_longitude",
  "description",
  "preferredcontactmethodcode",
];

function mainForm(fields: FormInput["tabs"], rest: Partial<FormInput> = {}): FormInput {
  return { id: "main", name: "Main", kind: "main", tabs: fields, ...rest };
}

const fieldsTab = (id: string, fields: Array<{ id: string; column: string; [k: string]: unknown }>) => ({
  kind: "fields" as const,
  id,
  label: "General",
  sections: [{ id: `${id}-s`, label: "Section", fields }],
});

type OtherTable = Partial<TableConfigInput> & { tableName: string; columns: string[] };

function issuesOf(contact: Partial<TableConfigInput>, others: OtherTable[] = []) {
  const tables = [config("contact", CONTACT_COLUMNS, contact), ...others.map((o) => config(o.tableName, o.columns, o))];
  return validateProject(project(tables), realSnapshot()).filter(
    (i) => i.code.startsWith("form_") || i.code.startsWith("view_") || i.code === "table_no_main_form",
  );
}

const lastname = { id: "f-last", column: "lastname" };

describe("forms validation on the real contact table", () => {
  it("accepts a main form that holds every column Dataverse requires for create", () => {
    expect(issuesOf({ forms: [mainForm([fieldsTab("t1", [lastname])])] })).toEqual([]);
  });

  it("requires the columns Dataverse needs for create on main and quick-create forms, only when create is permitted", () => {
    const forms = [
      mainForm([fieldsTab("t1", [{ id: "f1", column: "fullname" }])]),
      { id: "qc", name: "Quick", kind: "quickCreate" as const, tabs: [fieldsTab("t2", [lastname])] },
    ];
    const issues = issuesOf({ forms });
    expect(issues.map((i) => [i.code, i.path, i.column])).toEqual([
      ["form_required_column_missing", "tables/contact/forms/main", "lastname"],
    ]);
    expect(issues[0].message).toContain("'Last Name' (lastname)");
    expect(issues[0].severity).toBe("error");
    const noCreate = issuesOf({
      forms,
      permissions: { create: false, read: true, write: true, delete: true, assign: true, share: true },
    });
    expect(noCreate).toEqual([]);
  });

  it("refuses a hidden required field, at the field", () => {
    const issues = issuesOf({
      forms: [
        mainForm([
          fieldsTab("t1", [
            { ...lastname, hidden: true },
            { id: "f2", column: "description", required: true, hidden: true },
          ]),
        ]),
      ],
    });
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ["form_hidden_required", "tables/contact/forms/main/f-last"],
      ["form_hidden_required", "tables/contact/forms/main/f2"],
    ]);
  });

  it("checks a lookup's picker view belongs to a target table of the project, and only lookups have one", () => {
    const account: OtherTable = {
      tableName: "account",
      columns: ["accountid"],
      views: [{ id: "acc-lookup", name: "Account lookup", kind: "lookup", columns: [{ column: "accountid" }] }],
    };
    const good = issuesOf(
      {
        forms: [
          mainForm([
            fieldsTab("t1", [lastname, { id: "f-parent", column: "parentcustomerid", lookupView: "acc-lookup" }]),
          ]),
        ],
      },
      // account is not in the real snapshot: its own table error is not a forms issue
      [account],
    );
    expect(good).toEqual([]);
    const bad = issuesOf({
      forms: [
        mainForm([
          fieldsTab("t1", [
            lastname,
            { id: "f-parent", column: "parentcustomerid", lookupView: "nope" },
            { id: "f-mail", column: "emailaddress1", lookupView: "acc-lookup" },
          ]),
        ]),
      ],
    });
    expect(bad.map((i) => [i.code, i.path])).toEqual([
      ["form_field_not_lookup", "tables/contact/forms/main/f-mail"],
      ["form_lookup_view_invalid", "tables/contact/forms/main/f-parent"],
    ]);
  });

  it("checks an associated list: the relationship, its table in the project, online-only, its view", () => {
    const tab = (id: string, rest: Record<string, unknown>) => ({
      kind: "associated" as const,
      id,
      label: `Notes ${id}`,
      table: "annotation",
      relationship: "Contact_Annotation",
      ...rest,
    });
    const forms = [
      mainForm([
        fieldsTab("t1", [lastname]),
        tab("a1", {}),
        tab("a2", { relationship: "contact_master_contact" }),
        tab("a3", { view: "missing-view" }),
      ]),
    ];
    const notInProject = issuesOf({ forms });
    expect(notInProject.map((i) => [i.code, i.path])).toEqual([
      ["form_associated_table_not_in_project", "tables/contact/forms/main/a1"],
      ["form_associated_relationship_missing", "tables/contact/forms/main/a2"],
      ["form_associated_table_not_in_project", "tables/contact/forms/main/a3"],
    ]);
    const online = issuesOf({ forms }, [{ tableName: "annotation", columns: ["annotationid"], syncMode: "online" }]);
    expect(online.map((i) => [i.code, i.severity, i.path])).toEqual([
      ["form_associated_relationship_missing", "error", "tables/contact/forms/main/a2"],
      ["form_associated_view_invalid", "error", "tables/contact/forms/main/a3"],
      ["form_associated_table_online_only", "warning", "tables/contact/forms/main/a1"],
      ["form_associated_table_online_only", "warning", "tables/contact/forms/main/a3"],
    ]);
  });

  it("checks a map tab reads number columns", () => {
    const map = (latitude: string) => ({
      kind: "map" as const,
      id: `m-${latitude}`,
      label: "Map",
      latitude,
      longitude: "address1_longitude",
    });
    const issues = issuesOf({
      forms: [mainForm([fieldsTab("t1", [lastname]), map("address1_latitude"), map("description")])],
    });
    expect(issues.map((i) => [i.code, i.column])).toEqual([["form_map_column_invalid", "description"]]);
  });

  it("warns about an empty form and forms without a main form", () => {
    const issues = issuesOf({
      permissions: { create: false, read: true, write: true, delete: true, assign: true, share: true },
      forms: [{ id: "qc", name: "Quick", kind: "quickCreate", tabs: [] }],
    });
    expect(issues.map((i) => [i.code, i.severity])).toEqual([
      ["table_no_main_form", "warning"],
      ["form_empty", "warning"],
    ]);
  });

  it("checks a view's row style reads a choice column and its options", () => {
    const view = (column: string, values: number[]) => ({
      id: `v-${column}`,
      name: `By ${column}`,
      columns: [{ column: "fullname" }],
      rowStyle: { column, options: values.map((value) => ({ value, color: "red" as const })) },
    });
    const issues = issuesOf({ views: [view("preferredcontactmethodcode", [1, 999]), view("description", [])] });
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ["view_row_style_invalid", "tables/contact/views/v-description"],
      ["view_row_style_invalid", "tables/contact/views/v-preferredcontactmethodcode"],
    ]);
    expect(issues[1].message).toContain("option value 999");
  });
});
