// The designer's decisions on the real contact table: inserting, moving within and across sections and tabs,
// removing, the locks Dataverse's requirements put on "required", limits, duplicates with fresh ids, views.
import { describe, expect, it } from "vitest";
import { config as tableConfig, realSnapshot, tableOf } from "../customization/fixtures";
import { FormSchema, TableViewsSchema, ViewSchema, type Form } from "@/lib/forms/schema";
import {
  newlySelectedNote,
  addHeaderField,
  addSection,
  addSortLevel,
  addTab,
  addViewColumn,
  changeTabKind,
  coordinatePairs,
  duplicateForm,
  duplicateView,
  findElement,
  insertField,
  moveField,
  moveFieldToTab,
  moveSection,
  moveSortLevel,
  moveViewColumn,
  newForm,
  newView,
  nudgeField,
  removeElement,
  removeViewColumn,
  setColumnWidth,
  setDefaultView,
  setViewKind,
  uniqueName,
  updateField,
  withForm,
  type Edit,
} from "@/lib/forms/designer-ops";
import { applyDrop } from "@/lib/forms/designer-drop";
import { record, redo, startHistory, undo } from "@/lib/forms/edit-history";

const contact = tableOf(realSnapshot(), "contact");
const col = (name: string) => contact.columns.find((c) => c.logicalName === name)!;

function ok<T>(edit: Edit<T>): T {
  if (!edit.ok) throw new Error(`refused: ${edit.reason}`);
  return edit.value;
}

/** A main form with tab General (section General: lastname, firstname, emailaddress1) and tab Details (one empty section). */
function sample(): { form: Form; general: string; details: string; detailsSection: string } {
  let form = ok(newForm([]));
  const general = form.tabs[0].id;
  const section = (form.tabs[0] as Extract<Form["tabs"][number], { kind: "fields" }>).sections[0].id;
  for (const name of ["lastname", "firstname", "emailaddress1"])
    form = ok(insertField(form, section, 99, col(name))).form;
  const added = ok(addTab(form, { kind: "fields" }, "Details"));
  form = added.form;
  const details = added.id;
  const detailsSection = (form.tabs[1] as Extract<Form["tabs"][number], { kind: "fields" }>).sections[0].id;
  return { form, general, details, detailsSection };
}

const columnsOf = (form: Form, sectionId: string) => {
  const at = findElement(form, sectionId);
  if (at?.kind !== "section") throw new Error("no section");
  return at.section.fields.map((f) => f.column);
};

describe("forms", () => {
  it("a new form parses and has one tab with one section", () => {
    const form = ok(newForm([]));
    expect(FormSchema.parse(form)).toEqual(form);
    expect(form.name).toBe("Main form");
    expect(ok(newForm([form])).name).toBe("Main form 2");
    expect(ok(newForm([form], "quickCreate")).name).toBe("Quick create form");
  });

  it("inserts fields in place and refuses a column already on the form, saying where", () => {
    const { form } = sample();
    const section = form.tabs[0].kind === "fields" ? form.tabs[0].sections[0] : undefined;
    expect(section?.fields.map((f) => f.column)).toEqual(["lastname", "firstname", "emailaddress1"]);
    const again = insertField(form, section!.id, 0, col("firstname"));
    expect(again).toEqual({ ok: false, reason: "First Name is already on the form (tab General, section General)." });
    const telephone = ok(insertField(form, section!.id, 1, col("telephone1")));
    expect(columnsOf(telephone.form, section!.id)).toEqual(["lastname", "telephone1", "firstname", "emailaddress1"]);
  });

  it("a column Dataverse requires comes in required and cannot be made optional", () => {
    const { form } = sample();
    const last = form.tabs[0].kind === "fields" ? form.tabs[0].sections[0].fields[0] : undefined;
    expect(last?.required).toBe(true);
    const refused = updateField(form, last!.id, { required: false }, col("lastname"));
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.reason).toMatch(/business required/);
    const email = form.tabs[0].kind === "fields" ? form.tabs[0].sections[0].fields[2] : undefined;
    expect(email?.required).toBe(false);
    const required = ok(updateField(form, email!.id, { required: true, label: "Mail" }, col("emailaddress1")));
    expect(findElement(required, email!.id)).toMatchObject({ field: { required: true, label: "Mail" } });
    const cleared = ok(updateField(required, email!.id, { label: undefined }, col("emailaddress1")));
    expect(findElement(cleared, email!.id)).not.toHaveProperty("field.label");
  });

  it("moves a field within a section like arrayMove, across sections and across tabs", () => {
    const { form, general, details, detailsSection } = sample();
    const section = (form.tabs[0] as Extract<Form["tabs"][number], { kind: "fields" }>).sections[0];
    const [lastname, firstname, email] = section.fields.map((f) => f.id);
    expect(columnsOf(ok(moveField(form, lastname, section.id, 2)), section.id)).toEqual([
      "firstname",
      "emailaddress1",
      "lastname",
    ]);
    expect(columnsOf(ok(moveField(form, email, section.id, 0)), section.id)).toEqual([
      "emailaddress1",
      "lastname",
      "firstname",
    ]);
    const across = ok(moveField(form, firstname, detailsSection, 0));
    expect(columnsOf(across, section.id)).toEqual(["lastname", "emailaddress1"]);
    expect(columnsOf(across, detailsSection)).toEqual(["firstname"]);
    const toTab = ok(moveFieldToTab(across, email, details));
    expect(columnsOf(toTab, detailsSection)).toEqual(["firstname", "emailaddress1"]);
    // The field keeps its id (rules point at it) and its properties.
    expect(findElement(toTab, email)).toMatchObject({ kind: "field", tab: { id: details } });
    expect(ok(moveFieldToTab(toTab, email, general))).toBeDefined();
    expect(nudgeField(form, lastname, -1).ok).toBe(false);
    expect(columnsOf(ok(nudgeField(form, lastname, 1)), section.id)).toEqual([
      "firstname",
      "lastname",
      "emailaddress1",
    ]);
  });

  it("moving to a tab without sections adds one; a list or map tab takes no fields", () => {
    const { form } = sample();
    const field = (form.tabs[0] as Extract<Form["tabs"][number], { kind: "fields" }>).sections[0].fields[0].id;
    const bare = ok(addTab(form, { kind: "fields" }));
    const emptied = ok(
      removeElement(bare.form, (bare.form.tabs[2] as { sections: Array<{ id: string }> }).sections[0].id),
    );
    const moved = ok(moveFieldToTab(emptied, field, bare.id));
    expect(findElement(moved, field)).toMatchObject({
      kind: "field",
      tab: { id: bare.id },
      section: { label: "Section" },
    });
    const [pair] = coordinatePairs(contact);
    expect(pair).toEqual({ latitude: "address1_latitude", longitude: "address1_longitude" });
    const map = ok(addTab(form, { kind: "map", ...pair }));
    const refused = moveFieldToTab(map.form, field, map.id);
    expect(refused).toEqual({ ok: false, reason: "Tab Map shows a map: a field cannot go there." });
    expect(FormSchema.safeParse(map.form).success).toBe(true);
    expect(ok(changeTabKind(map.form, map.id, { kind: "fields" })).tabs.at(-1)).toMatchObject({
      kind: "fields",
      id: map.id,
    });
  });

  it("moves sections across tabs and removes tabs, sections and fields", () => {
    const { form, details } = sample();
    const section = (form.tabs[0] as Extract<Form["tabs"][number], { kind: "fields" }>).sections[0];
    const moved = ok(moveSection(form, section.id, details, 1));
    expect(findElement(moved, section.id)).toMatchObject({ kind: "section", tab: { id: details }, sectionIndex: 1 });
    const withTwo = ok(addSection(form, details));
    expect(findElement(withTwo.form, withTwo.id)).toMatchObject({ section: { label: "Section" } });
    const noField = ok(removeElement(form, section.fields[1].id));
    expect(columnsOf(noField, section.id)).toEqual(["lastname", "emailaddress1"]);
    const noTab = ok(removeElement(form, details));
    expect(noTab.tabs).toHaveLength(1);
    expect(removeElement(noTab, details).ok).toBe(false);
  });

  it("a drop says what happened in plain words", () => {
    const { form, detailsSection } = sample();
    const section = (form.tabs[0] as Extract<Form["tabs"][number], { kind: "fields" }>).sections[0];
    const email = section.fields[2].id;
    const moved = ok(
      applyDrop(form, { type: "field", id: email }, { type: "field", id: section.fields[0].id }, contact, col),
    );
    expect(moved.message).toBe("Moved field Email to section General, position 1");
    const other = ok(
      applyDrop(form, { type: "field", id: email }, { type: "section-end", id: detailsSection }, contact, col),
    );
    expect(other.message).toBe("Moved field Email to section General of tab Details, position 1");
    const added = ok(
      applyDrop(
        form,
        { type: "column", column: "telephone1" },
        { type: "field", id: section.fields[1].id },
        contact,
        col,
      ),
    );
    expect(added.message).toBe("Added field Business Phone to section General, position 2");
    expect(
      applyDrop(form, { type: "column", column: "lastname" }, { type: "section-end", id: detailsSection }, contact, col)
        .ok,
    ).toBe(false);
  });

  it("a tab dropped on a tab takes its place, announced with its position from the model", () => {
    const { form, details } = sample();
    const general = form.tabs[0].id;
    const moved = ok(applyDrop(form, { type: "tab", id: details }, { type: "tab", id: general }, contact, col));
    expect(moved.form.tabs.map((t) => t.id)).toEqual([details, general]);
    expect(moved.message).toBe("Moved tab Details to position 1 of 2");
    const stays = ok(applyDrop(form, { type: "tab", id: details }, { type: "tab", id: details }, contact, col));
    expect(stays.form).toBe(form);
    expect(stays.message).toBe("Tab Details stays at position 2 of 2");
    const section = (form.tabs[0] as Extract<Form["tabs"][number], { kind: "fields" }>).sections[0];
    expect(
      applyDrop(form, { type: "tab", id: details }, { type: "field", id: section.fields[0].id }, contact, col).ok,
    ).toBe(false);
    expect(
      applyDrop(form, { type: "field", id: section.fields[0].id }, { type: "tab", id: details }, contact, col).ok,
    ).toBe(false);
  });

  it("the header holds at most 4 distinct fields", () => {
    let form = ok(newForm([]));
    for (const name of ["lastname", "firstname", "emailaddress1", "telephone1"])
      form = ok(addHeaderField(form, col(name)));
    expect(addHeaderField(form, col("jobtitle"))).toEqual({
      ok: false,
      reason: "The header shows at most 4 fields: remove one first.",
    });
    expect(addHeaderField(ok(removeElement(form, form.header[0].id)), col("firstname")).ok).toBe(false);
  });

  it("a duplicate has fresh ids everywhere, its own name, and parses beside the original", () => {
    const { form } = sample();
    const copy = ok(duplicateForm([form], form.id));
    expect(copy.name).toBe("Main form (copy)");
    const ids = (f: Form) => [
      f.id,
      ...f.tabs.map((t) => t.id),
      ...f.tabs.flatMap((t) =>
        t.kind === "fields" ? t.sections.flatMap((s) => [s.id, ...s.fields.map((x) => x.id)]) : [],
      ),
    ];
    const shared = ids(copy).filter((id) => ids(form).includes(id));
    expect(shared).toEqual([]);
    expect(ids(copy)).toHaveLength(ids(form).length);
    const config = tableConfig("contact", ["lastname"], { forms: [form, copy] });
    expect(config.forms).toHaveLength(2);
  });

  it("withForm selects the columns the form reads, once", () => {
    const { form } = sample();
    const config = tableConfig("contact", ["lastname"]);
    const next = withForm(config, form);
    expect(next.columns).toEqual(["emailaddress1", "firstname", "lastname"]);
    expect(withForm(next, form).forms).toHaveLength(1);
  });

  it("undo and redo walk back and forth through at most 50 edits", () => {
    let h = startHistory(0);
    for (let i = 1; i <= 60; i++) h = record(h, i);
    expect(h.past).toHaveLength(50);
    for (let i = 0; i < 55; i++) h = undo(h);
    expect(h.present).toBe(10);
    h = redo(redo(h));
    expect(h.present).toBe(12);
    h = record(h, 99);
    expect(h.future).toEqual([]);
  });

  it("uniqueName counts up, ignoring case", () => {
    expect(uniqueName("View", ["view", "View 2"])).toBe("View 3");
  });
});

describe("views", () => {
  const selected = ["emailaddress1", "fullname", "lastname", "telephone1"];

  it("a new view lists the primary name, sorted by it, and is the default when none is", () => {
    const view = ok(newView([], contact, selected));
    expect(ViewSchema.parse(view)).toEqual(view);
    expect(view).toMatchObject({
      name: "New view",
      isDefault: true,
      columns: [{ column: "fullname" }],
      sort: [{ column: "fullname" }],
    });
    const second = ok(newView([view], contact, selected));
    expect(second).toMatchObject({ name: "New view 2", isDefault: false });
    expect(newView([], contact, []).ok).toBe(false);
  });

  it("columns: add, move, width within bounds, never fewer than one", () => {
    let view = ok(newView([], contact, selected));
    view = ok(addViewColumn(view, "emailaddress1"));
    view = ok(addViewColumn(view, "telephone1", 0));
    expect(view.columns.map((c) => c.column)).toEqual(["telephone1", "fullname", "emailaddress1"]);
    expect(addViewColumn(view, "fullname").ok).toBe(false);
    view = ok(moveViewColumn(view, "telephone1", 2));
    expect(view.columns.map((c) => c.column)).toEqual(["fullname", "emailaddress1", "telephone1"]);
    expect(setColumnWidth(view, "fullname", 5).columns[0].width).toBe(20);
    expect(setColumnWidth(view, "fullname", 99999).columns[0].width).toBe(2000);
    const single = ok(newView([], contact, selected));
    expect(removeViewColumn(single, "fullname").ok).toBe(false);
  });

  it("sort levels: several, distinct, reorderable", () => {
    let view = ok(newView([], contact, selected));
    view = ok(addSortLevel(view, "lastname", true));
    expect(addSortLevel(view, "lastname").ok).toBe(false);
    expect(view.sort).toEqual([
      { column: "fullname", descending: false },
      { column: "lastname", descending: true },
    ]);
    expect(moveSortLevel(view, 1, -1).sort[0].column).toBe("lastname");
  });

  it("one default per kind; duplicating never copies the default", () => {
    const a = ok(newView([], contact, selected));
    const b = ok(duplicateView([a], a.id));
    expect(b).toMatchObject({ name: "New view (copy)", isDefault: false });
    const both = setDefaultView([a, b], b.id);
    expect(both.map((v) => v.isDefault)).toEqual([false, true]);
    expect(TableViewsSchema.safeParse(both).success).toBe(true);
    const lookup = setViewKind(both, a.id, "lookup");
    expect(lookup[0]).toMatchObject({ kind: "lookup", isDefault: false });
    expect(setViewKind(setDefaultView(lookup, a.id), b.id, "lookup").map((v) => v.isDefault)).toEqual([true, false]);
  });
});

describe("the save bar's note on columns a save selects", () => {
  it("names them by display name with the logical name, and says nothing when there are none", () => {
    expect(newlySelectedNote(["emailaddress1", "jobtitle"], contact)).toBe(
      "Saving also selects Email (emailaddress1), Job Title (jobtitle) for the device.",
    );
    expect(newlySelectedNote(["new_unknown"], contact)).toBe("Saving also selects new_unknown for the device.");
    expect(newlySelectedNote([], contact)).toBeUndefined();
  });
});
