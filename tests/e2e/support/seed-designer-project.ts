// Seeds a project with contact and annotation (notes, related to contact) enabled offline on a snapshot of the real
// Web API files, for the form and view designer spec. Prints {"projectId"} as JSON. With SEED_BENCH_FORMS=1 it also
// saves a 150-field, 8-tab main form and a 10-field one-tab form (for the designer bench) and prints their ids.
import { getDb } from "@/lib/db/client";
import { saveTableConfig } from "@/lib/customization/mutations";
import { loadTableConfig } from "@/lib/customization/data";
import { addTab, canBeField, insertField, newForm, withForm } from "@/lib/forms/designer-ops";
import type { Form } from "@/lib/forms/schema";
import type { Table } from "@/lib/metadata/schema";
import { SEED_ACTOR, environmentWithSnapshot, offlineProject, readRealWebApi } from "./seed-project";

/** A main form of `fields` fields of `table` over `tabs` tabs of two sections each, filled in order. */
function benchForm(table: Table, name: string, tabs: number, fields: number): Form {
  const start = newForm([]);
  if (!start.ok) throw new Error(start.reason);
  let form: Form = { ...start.value, name, tabs: [] };
  for (let t = 0; t < tabs; t++) {
    const added = addTab(form, { kind: "fields" }, `Tab ${t + 1}`);
    if (!added.ok) throw new Error(added.reason);
    form = added.value.form;
    const tab = form.tabs.at(-1)!;
    if (tab.kind !== "fields") throw new Error("not a fields tab");
    form = {
      ...form,
      tabs: form.tabs.map((x) =>
        x.id === tab.id
          ? { ...tab, sections: [...tab.sections, { ...tab.sections[0], id: `${tab.sections[0].id}b`, label: "More" }] }
          : x,
      ),
    };
  }
  const columns = table.columns.filter(canBeField).slice(0, fields);
  const sections = form.tabs.flatMap((t) => (t.kind === "fields" ? t.sections.map((s) => s.id) : []));
  columns.forEach((column, i) => {
    const inserted = insertField(form, sections[Math.floor((i * sections.length) / columns.length)], 999, column);
    if (!inserted.ok) throw new Error(inserted.reason);
    form = inserted.value.form;
  });
  return form;
}

const actor = SEED_ACTOR;
const db = getDb();
const document = await readRealWebApi();
const at = await environmentWithSnapshot(db, actor, process.env.SEED_ENVIRONMENT_NAME ?? "E2E designer org", document);
const id = await offlineProject(db, actor, at, {
  name: process.env.SEED_PROJECT_NAME ?? "E2E designer project",
  tables: ["contact", "annotation"],
});
let forms: { big: string; small: string } | undefined;
if (process.env.SEED_BENCH_FORMS === "1") {
  const contact = document.tables.find((t) => t.logicalName === "contact")!;
  const big = benchForm(contact, "Bench 150 fields", 8, 150);
  const small = benchForm(contact, "Bench 10 fields", 1, 10);
  const loaded = await loadTableConfig(db, id, "contact");
  const config = withForm(withForm(loaded.config, big), small);
  await saveTableConfig(db, actor, { projectId: id, tableName: "contact", revision: loaded.revision, config });
  forms = { big: big.id, small: small.id };
}
process.stdout.write(JSON.stringify({ projectId: id, ...(forms ? { forms } : {}) }) + "\n");
await db.$disconnect();
