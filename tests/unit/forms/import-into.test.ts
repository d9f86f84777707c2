// Placing an imported org form or view in a table's config: on the real contact main form and action item views of
// the unpacked solution, imported twice (a name and ids of its own the second time, the org source kept), the columns they read
// selected, the default view of a kind only when there is none, and the per-table limits.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { config as tableConfig, realSnapshot } from "../customization/fixtures";
import { TableConfigSchema } from "@/lib/customization/schema";
import { importOrgForm } from "@/lib/forms/import-form";
import { importOrgView } from "@/lib/forms/import-view";
import { placeImportedForm, placeImportedView } from "@/lib/forms/import-into";
import { readOrgDefinitions } from "@/lib/metadata/read-definitions";
import { MAX_FORMS_PER_TABLE, type Form, type View } from "@/lib/forms/schema";
import { formFields } from "@/lib/forms/walk";

let form: Form;
let views: View[];

beforeAll(async () => {
  const defs = await readOrgDefinitions(path.resolve(process.cwd(), "../shared/data/dataverse/solution-unpacked"));
  const main = defs.forms.find((f) => f.table === "contact" && f.name === "Person - Core")!;
  form = importOrgForm(main, { metadata: realSnapshot() }).form;
  views = defs.views
    .filter((v) => v.table === "appbase_actionitem")
    .map((v) => importOrgView(v).view)
    .filter((v): v is View => !!v);
});

describe("placeImportedForm", () => {
  it("adds the form with its org id and selects every column it reads", () => {
    const start = tableConfig("contact", ["fullname"]);
    const placed = placeImportedForm(start, form);
    if (!placed.ok) throw new Error(placed.reason);
    expect(placed.value.placed).toEqual(form);
    expect(placed.value.config.forms).toEqual([form]);
    for (const { field } of formFields(form)) expect(placed.value.config.columns).toContain(field.column);
    expect(TableConfigSchema.parse(placed.value.config)).toEqual(placed.value.config);
  });

  it("imports the same form again under a name and ids of its own, keeping where it came from", () => {
    const once = placeImportedForm(tableConfig("contact", ["fullname"]), form);
    if (!once.ok) throw new Error(once.reason);
    const twice = placeImportedForm(once.value.config, form);
    if (!twice.ok) throw new Error(twice.reason);
    const second = twice.value.placed;
    expect(second.name).toBe("Person - Core 2");
    expect(second.id).not.toBe(form.id);
    expect(second.source).toEqual(form.source);
    expect(formFields(second).map((p) => p.field.column)).toEqual(formFields(form).map((p) => p.field.column));
    expect(TableConfigSchema.parse(twice.value.config).forms).toHaveLength(2);
  });

  it("refuses past the per-table limit, saying what to do", () => {
    const full = tableConfig("contact", ["fullname"], {
      forms: Array.from({ length: MAX_FORMS_PER_TABLE }, (_, i) => ({ ...form, id: `f${i}`, name: `F ${i}` })),
    });
    expect(placeImportedForm(full, form)).toEqual({ ok: false, reason: expect.stringMatching(/delete one/) });
  });
});

describe("placeImportedView", () => {
  it("makes the first imported view of a kind its default, the next ones not, and dedupes ids and names", () => {
    expect(views.length).toBeGreaterThan(0);
    const view = views[0];
    const first = placeImportedView(tableConfig("appbase_actionitem", ["subject"]), view);
    if (!first.ok) throw new Error(first.reason);
    expect(first.value.placed).toMatchObject({ id: view.id, name: view.name, isDefault: true });
    for (const c of view.columns) expect(first.value.config.columns).toContain(c.column);
    const again = placeImportedView(first.value.config, view);
    if (!again.ok) throw new Error(again.reason);
    expect(again.value.placed).toMatchObject({ name: `${view.name} 2`, isDefault: false, source: view.source });
    expect(again.value.placed.id).not.toBe(view.id);
    expect(TableConfigSchema.parse(again.value.config).views).toHaveLength(2);
  });
});
