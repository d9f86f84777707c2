// The importer's rules on small FormXml / savedquery texts written the way Dataverse writes them: the admin's
// language, header limits, hidden and read-only fields, subgrids without a relationship, Quick Find templates.
import { describe, expect, it } from "vitest";
import { importOrgForm } from "@/lib/forms/import-form";
import { importOrgView, withoutQuickFindFilters } from "@/lib/forms/import-view";
import type { OrgFormDefinition, OrgViewDefinition } from "@/lib/metadata/org-definitions";
import type { MetadataDocument } from "@/lib/metadata/schema";

const labels = (en: string, de?: string) =>
  `<labels><label description="${en}" languagecode="1033" />${de ? `<label description="${de}" languagecode="1031" />` : ""}</labels>`;

const cell = (id: string, column: string, extra = "", label = "") =>
  `<cell id="{${id}}">${labels(label)}<control id="${column}" classid="{4273EDBD-AC1D-40d3-9FB2-095C621B552D}" datafieldname="${column}" ${extra}/></cell>`;

function form(body: string, header = "", type = 2): OrgFormDefinition {
  return {
    table: "account",
    id: "aaaaaaaa-0000-0000-0000-000000000001",
    names: { "1033": "Account", "1031": "Firma" },
    name: "Account",
    type,
    active: true,
    formXml: `<form>${header ? `<header id="{h}" columns="1111"><rows><row>${header}</row></rows></header>` : ""}<tabs>${body}</tabs></form>`,
  };
}

const tab = (inner: string, attrs = "") =>
  `<tab id="{11111111-0000-0000-0000-000000000001}" name="general" ${attrs}>${labels("General", "Allgemein")}<columns><column width="100%"><sections>${inner}</sections></column></columns></tab>`;
const section = (cells: string, attrs = 'columns="11"') =>
  `<section id="{22222222-0000-0000-0000-000000000001}" name="s1" ${attrs}>${labels("Details", "Einzelheiten")}<rows><row>${cells}</row></rows></section>`;

describe("FormXml import", () => {
  it("takes names and labels in the admin's language, falling back to English", () => {
    const def = form(tab(section(cell("33333333-0000-0000-0000-000000000001", "name", "", "Firmenname"))));
    const de = importOrgForm(def, { languageCode: 1031 });
    expect(de.form.name).toBe("Firma");
    expect(de.form.tabs[0]).toMatchObject({ label: "Allgemein", sections: [{ label: "Einzelheiten", columns: 2 }] });
    const fr = importOrgForm(def, { languageCode: 1036 });
    expect(fr.form.name).toBe("Account");
    expect(fr.form.tabs[0].label).toBe("General");
  });

  it("keeps at most four header fields and names the ones cut", () => {
    const header = ["a1", "a2", "a3", "a4", "a5"]
      .map((c, i) => cell(`44444444-0000-0000-0000-00000000000${i}`, c))
      .join("");
    const result = importOrgForm(form(tab(section(cell("33333333-0000-0000-0000-000000000001", "name"))), header));
    expect(result.form.header.map((h) => h.column)).toEqual(["a1", "a2", "a3", "a4"]);
    expect(result.skipped).toContainEqual({ what: "header field 'a5' (a header holds at most 4)", where: "header" });
  });

  it("reads disabled as read-only and hidden tabs, sections and cells as hidden fields", () => {
    const body =
      tab(section(cell("33333333-0000-0000-0000-000000000001", "name", 'disabled="true"'))) +
      `<tab id="{11111111-0000-0000-0000-000000000002}" visible="false">${labels("Hidden")}<columns><column><sections>` +
      `<section id="{22222222-0000-0000-0000-000000000002}">${labels("S")}<rows><row>${cell("33333333-0000-0000-0000-000000000002", "fax")}</row></rows></section>` +
      `</sections></column></columns></tab>`;
    const result = importOrgForm(form(body));
    const fields = result.form.tabs.flatMap((t) => (t.kind === "fields" ? t.sections.flatMap((s) => s.fields) : []));
    expect(fields.map((f) => [f.column, f.readOnly, f.hidden])).toEqual([
      ["name", true, false],
      ["fax", false, true],
    ]);
  });

  it("matches a subgrid without RelationshipName to the one relationship between the tables, else lists it", () => {
    const subgrid = (id: string, target: string) =>
      `<cell id="{${id}}">${labels("Related")}<control id="grid" classid="{E7A81278-8635-4d9e-8D4D-59480B391C5B}"><parameters><TargetEntityType>${target}</TargetEntityType><ViewId>{00000000-0000-0000-00AA-000010001210}</ViewId></parameters></control></cell>`;
    const metadata = {
      format: "solution",
      tables: [],
      relationships: [
        {
          schemaName: "contact_customer_accounts",
          kind: "one-to-many",
          referencedTable: "account",
          referencingTable: "contact",
        },
      ],
      globalOptionSets: {},
    } as unknown as MetadataDocument;
    const body = tab(
      section(
        cell("33333333-0000-0000-0000-000000000001", "name") +
          subgrid("55555555-0000-0000-0000-000000000001", "contact") +
          subgrid("55555555-0000-0000-0000-000000000002", "lead"),
      ),
    );
    const result = importOrgForm(form(body), { metadata });
    expect(result.form.tabs.map((t) => t.kind)).toEqual(["fields", "associated"]);
    expect(result.form.tabs[1]).toMatchObject({
      table: "contact",
      relationship: "contact_customer_accounts",
      view: "00000000-0000-0000-00aa-000010001210",
    });
    expect(result.skipped).toContainEqual({
      what: "subgrid 'Related': shows all 'lead' rows; no relationship links 'account' to 'lead'",
      where: "tab 'General' > section 'Details'",
    });
  });

  it("keeps a field whose control a PCF control replaces, and names the PCF control", () => {
    const def = form(
      tab(
        section(
          `<cell id="{33333333-0000-0000-0000-000000000001}">${labels("")}<control id="name" classid="{4273EDBD-AC1D-40d3-9FB2-095C621B552D}" datafieldname="name" uniqueid="{66666666-0000-0000-0000-000000000001}" /></cell>`,
        ),
      ),
    );
    def.formXml = def.formXml.replace(
      "</tabs>",
      `</tabs><controlDescriptions><controlDescription forControl="{66666666-0000-0000-0000-000000000001}"><customControl id="{4273EDBD-AC1D-40d3-9FB2-095C621B552D}"><parameters><datafieldname>name</datafieldname></parameters></customControl><customControl formFactor="2" name="MscrmControls.FieldControls.TextBoxControl"><parameters><value type="SingleLine.Text">name</value></parameters></customControl></controlDescription></controlDescriptions>`,
    );
    const result = importOrgForm(def);
    expect(result.counts.fields).toBe(1);
    expect(result.skipped).toEqual([
      {
        what: "custom control (PCF) 'MscrmControls.FieldControls.TextBoxControl' on field 'name'",
        where: "tab 'General' > section 'Details'",
      },
    ]);
  });

  it("lists a form whose FormXml is broken as not importable, with the reason", () => {
    const def = { ...form(""), formXml: "<form><tabs><tab></tabs></form>" };
    const result = importOrgForm(def);
    expect(result).toMatchObject({ importable: false, counts: { tabs: 0, fields: 0 } });
    expect(result.notImportableReason).toMatch(/^a form whose FormXml cannot be read \(line 1: /);
  });

  it("imports a quick create form as quickCreate", () => {
    const result = importOrgForm(form(tab(section(cell("33333333-0000-0000-0000-000000000001", "name"))), "", 7));
    expect(result).toMatchObject({ kind: "quickCreate", importable: true, form: { kind: "quickCreate" } });
  });
});

describe("savedquery import", () => {
  const view = (queryType: number, fetchXml: string, layout: string): OrgViewDefinition => ({
    table: "account",
    id: "bbbbbbbb-0000-0000-0000-000000000001",
    names: { "1033": "Accounts" },
    name: "Accounts",
    queryType,
    isDefault: true,
    fetchXml,
    layoutXml: `<grid name="resultset"><row name="result" id="accountid">${layout}</row></grid>`,
  });

  it("removes Quick Find search templates, nested filters and all, and nothing else", () => {
    const fetch = `<fetch><entity name="account"><filter type="and"><condition attribute="statecode" operator="eq" value="0" /></filter><filter type="or" isquickfindfields="1"><condition attribute="name" operator="like" value="{0}" /><filter type="and"><condition attribute="accountnumber" operator="like" value="{0}" /></filter></filter></entity></fetch>`;
    expect(withoutQuickFindFilters(fetch)).toBe(
      `<fetch><entity name="account"><filter type="and"><condition attribute="statecode" operator="eq" value="0" /></filter></entity></fetch>`,
    );
    const result = importOrgView(view(4, fetch, `<cell name="name" width="300" />`));
    expect(result).toMatchObject({ kind: "quickFind", quickFind: true, hasFilter: true, importable: true });
    expect(result.view?.kind).toBe("list");
  });

  it("takes columns with widths (clamped), sort levels, and lists linked columns and unreadable filters", () => {
    const fetch = `<fetch><entity name="account"><order attribute="name" descending="false" /><order attribute="createdon" descending="true" /><filter><condition attribute="name" valueof="accountnumber" operator="eq" /></filter><link-entity name="contact" from="contactid" to="primarycontactid" alias="a_1" link-type="outer"><attribute name="fullname" /></link-entity></entity></fetch>`;
    const result = importOrgView(
      view(
        64,
        fetch,
        `<cell name="name" width="5000" /><cell name="a_1.fullname" width="100" /><cell name="createdon" />`,
      ),
    );
    expect(result.view).toMatchObject({
      kind: "lookup",
      isDefault: false,
      columns: [
        { column: "name", width: 2000 },
        { column: "createdon", width: 150 },
      ],
      sort: [
        { column: "name", descending: false },
        { column: "createdon", descending: true },
      ],
    });
    expect(result.view?.filter).toBeUndefined();
    expect(result.skipped.map((s) => s.what)).toEqual([
      "column 'a_1.fullname' of a linked table (a view shows the table's own columns)",
      expect.stringMatching(/^filter \(.*valueof/),
    ]);
  });

  it("a view without a layout is listed but cannot be imported", () => {
    const result = importOrgView({ ...view(16, "<fetch><entity name='account' /></fetch>", ""), layoutXml: "" });
    expect(result).toMatchObject({ kind: "offlineFilters", importable: false, view: null });
  });
});
