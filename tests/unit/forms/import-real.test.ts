// The forms and views importer on every real solution in ../shared/data/dataverse: counts per solution, one golden
// form, and the converted Forms and Views parse with the project's own schemas.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { importOrgForm, orgFormKind, type ImportedForm } from "@/lib/forms/import-form";
import { importOrgView, type ImportedView } from "@/lib/forms/import-view";
import type { OrgDefinitions } from "@/lib/metadata/org-definitions";
import { readOrgDefinitions } from "@/lib/metadata/read-definitions";
import { FormSchema, ViewSchema } from "@/lib/forms/schema";
import { readMetadataSource } from "@/lib/metadata/read-source";
import type { MetadataDocument } from "@/lib/metadata/schema";
import { HIGHERED_XML, NONPROFIT_ZIP, UNPACKED_DIR, WEBAPI_DIR } from "../metadata/real-data";

interface Loaded {
  metadata: MetadataDocument;
  defs: OrgDefinitions;
  forms: ImportedForm[];
  views: ImportedView[];
}

async function load(source: string): Promise<Loaded> {
  const metadata = (await readMetadataSource(source)).document;
  const defs = await readOrgDefinitions(source);
  const forms = defs.forms.filter((f) => orgFormKind(f)).map((f) => importOrgForm(f, { metadata }));
  const views = defs.views.map((v) => importOrgView(v));
  return { metadata, defs, forms, views };
}

function tally(loaded: Loaded) {
  const byKind = (items: Array<{ kind: string }>) =>
    items.reduce<Record<string, number>>((acc, i) => ({ ...acc, [i.kind]: (acc[i.kind] ?? 0) + 1 }), {});
  const sum = (key: "tabs" | "sections" | "fields" | "associatedLists" | "headerFields" | "mapTabs") =>
    loaded.forms.reduce((n, f) => n + f.counts[key], 0);
  return {
    formsInSource: loaded.defs.forms.length,
    forms: byKind(loaded.forms),
    tabs: sum("tabs"),
    sections: sum("sections"),
    fields: sum("fields"),
    associatedLists: sum("associatedLists"),
    headerFields: sum("headerFields"),
    mapTabs: sum("mapTabs"),
    formSkipped: loaded.forms.reduce((n, f) => n + f.skipped.length, 0),
    views: byKind(loaded.views),
    viewColumns: loaded.views.reduce((n, v) => n + v.columns.length, 0),
    viewsImportable: loaded.views.filter((v) => v.importable).length,
    viewsWithFilter: loaded.views.filter((v) => v.hasFilter).length,
    viewSkipped: loaded.views.reduce((n, v) => n + v.skipped.length, 0),
  };
}

const sources: Record<string, Loaded> = {};
beforeAll(async () => {
  sources.nonprofit = await load(NONPROFIT_ZIP);
  sources.highered = await load(HIGHERED_XML);
  sources.unpacked = await load(UNPACKED_DIR);
  sources.webapi = await load(WEBAPI_DIR);
}, 60_000);

describe("forms and views of every real solution", () => {
  it("Nonprofit Core (zip): 121 forms, 294 views", () => {
    expect(tally(sources.nonprofit)).toEqual({
      formsInSource: 121,
      forms: { main: 46, quickCreate: 1, quick: 38, card: 36 },
      tabs: 184,
      sections: 317,
      fields: 1023,
      associatedLists: 5,
      headerFields: 40,
      mapTabs: 0,
      formSkipped: 154,
      views: { public: 114, advancedFind: 36, associated: 36, lookup: 36, quickFind: 36, offlineTemplate: 36 },
      viewColumns: 1078,
      viewsImportable: 258,
      viewsWithFilter: 257,
      viewSkipped: 9,
    });
  });

  it("HigherEd portal (customizations.xml)", () => {
    expect(tally(sources.highered)).toEqual({
      formsInSource: 15,
      forms: { main: 14, quick: 1 },
      tabs: 17,
      sections: 27,
      fields: 92,
      associatedLists: 0,
      headerFields: 21,
      mapTabs: 0,
      formSkipped: 15,
      views: { public: 26, outlookTemplate: 1, mainWithoutSubject: 1 },
      viewColumns: 116,
      viewsImportable: 27,
      viewsWithFilter: 18,
      viewSkipped: 6,
    });
  });

  it("the unpacked folder (FormXml/ and SavedQueries/ files, each form written twice)", () => {
    expect(tally(sources.unpacked)).toEqual({
      formsInSource: 4,
      forms: { main: 2, card: 1, quick: 1 },
      tabs: 5,
      sections: 15,
      fields: 49,
      associatedLists: 0,
      headerFields: 5,
      mapTabs: 0,
      formSkipped: 9,
      views: { public: 3, advancedFind: 1, associated: 1, lookup: 1, quickFind: 1, offlineTemplate: 1 },
      viewColumns: 14,
      viewsImportable: 7,
      viewsWithFilter: 6,
      viewSkipped: 0,
    });
  });

  it("Web API JSON: the systemforms/savedqueries lists carry no formxml, so there is nothing to import", () => {
    expect(tally(sources.webapi)).toMatchObject({ formsInSource: 0, forms: {}, views: {} });
  });

  it("every converted form and view parses with the project's schemas", () => {
    for (const loaded of Object.values(sources)) {
      for (const f of loaded.forms) expect(() => FormSchema.parse(JSON.parse(JSON.stringify(f.form)))).not.toThrow();
      for (const v of loaded.views)
        if (v.view) expect(() => ViewSchema.parse(JSON.parse(JSON.stringify(v.view)))).not.toThrow();
    }
  });
});

describe("what comes across", () => {
  it("subgrids become associated-list tabs named after their relationship, with the subgrid's view", () => {
    const lists = sources.nonprofit.forms.flatMap((f) => f.form.tabs.filter((t) => t.kind === "associated"));
    expect(lists.length).toBe(5);
    const names = new Set(sources.nonprofit.metadata.relationships.map((r) => r.schemaName));
    // Four are the solution's own relationships; contact_customer_accounts is a system one a managed export omits.
    expect(lists.map((l) => l.kind === "associated" && [l.relationship, names.has(l.relationship)])).toEqual([
      ["contact_customer_accounts", false],
      ["msnfp_award_awardversion_AwardId", true],
      ["msnfp_award_disbursement_AwardId", true],
      ["msnfp_award_report_Award", true],
      ["msnfp_msnfp_membership_msnfp_membershipcategory", true],
    ]);
    expect(lists[1]).toEqual({
      kind: "associated",
      id: "69205023-2ccc-4eea-c65e-e338ba27b027",
      label: "Award Versions (Award)",
      table: "msnfp_awardversion",
      relationship: "msnfp_award_awardversion_AwardId",
      view: "1a27f9aa-7f59-4d2e-bc66-69bebfce0059",
      allowCreate: false,
    });
  });

  it("a lookup field keeps the picker view the form names (DefaultViewId), by the view's id", () => {
    const fields = sources.nonprofit.forms.flatMap((f) =>
      f.form.tabs.flatMap((t) => (t.kind === "fields" ? t.sections.flatMap((s) => s.fields) : [])),
    );
    const withView = fields.filter((f) => f.lookupView);
    expect(withView.length).toBe(8);
    expect(withView[0]).toMatchObject({ lookupView: "a2d479c5-53e3-4c69-addd-802327e67a0d" });
  });

  it("a Quick Find view keeps its fixed conditions as the filter and leaves its {0} search conditions out", () => {
    const quick = sources.nonprofit.views.find((v) => v.name === "Quick Find Active Awards")!;
    expect(quick).toMatchObject({ kind: "quickFind", quickFind: true, hasFilter: true, importable: true });
    expect(quick.view!.filter).toEqual({
      kind: "group",
      type: "and",
      children: [{ kind: "condition", column: "statecode", operator: "eq", values: ["0"] }],
    });
    expect(JSON.stringify(quick.view)).not.toContain("{0}");
  });

  it("columns of linked tables are listed as skipped, not shown", () => {
    const skipped = sources.nonprofit.views.flatMap((v) => v.skipped);
    expect(skipped.some((s) => /^column '[a-z_0-9]+\.[a-z_0-9]+' of a linked table/.test(s.what))).toBe(true);
  });

  it("web resources, timelines, scripts and spacers are listed with where they were", () => {
    const person = sources.unpacked.forms.find((f) => f.name === "Person - Core")!;
    expect(person.skipped).toContainEqual({
      what: "timeline (notes and activities) 'notescontrol'",
      where: "tab 'Summary' > section 'SOCIAL PANE'",
    });
    expect(person.skipped.some((s) => s.what.startsWith("script library") && s.where === "form")).toBe(true);
  });

  it("card and quick view forms are listed but cannot be imported", () => {
    const card = sources.unpacked.forms.find((f) => f.kind === "card")!;
    expect(card.importable).toBe(false);
    expect(card.notImportableReason).toMatch(/card form/);
  });
});

const GOLDEN = path.join(import.meta.dirname, "__golden__", "contact-person-core.json");

describe("golden: contact's main form 'Person - Core' (unpacked solution)", () => {
  it("converts to the committed Form and skipped list", () => {
    const person = sources.unpacked.forms.find((f) => f.table === "contact" && f.kind === "main")!;
    const actual = JSON.stringify({ form: person.form, skipped: person.skipped }, null, 2) + "\n";
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(GOLDEN, actual);
    expect(actual).toBe(readFileSync(GOLDEN, "utf8"));
  });
});
