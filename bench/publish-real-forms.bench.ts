// Publishing the 300-table bench project with real-sized forms and views (issue 15 "Performance"): every offline or
// online table with one 60-field main form (3 tabs of 2 sections, a 4-field header; fewer fields where a table has
// fewer columns a form can show) and 3 views (the default list, a filtered list, a lookup view), beside the same
// project (the same selected columns) with no forms and no views. Both are stored through the portal's writes on
// one fresh SQLite file and published with publishVersion (load, validate, build + sign, store) in interleaved A/B
// rounds (which goes first alternates); server time min and median, the stored bundle raw and gzip, load average.
import { generateKeyPairSync } from "node:crypto";
import { loadavg } from "node:os";
import { gzipSync } from "node:zlib";
import { buildSyntheticOrg, syntheticOrgTexts } from "@/bench/synthetic-org";
import { allRowsWhereUnowned, buildProject } from "@/bench/customization.bench";
import { round, type Figure } from "@/bench/measure";
import { keyIdOf } from "@/lib/bundle/sign";
import { createDbClient, type Db } from "@/lib/db/client";
import { loadProjectDocument } from "@/lib/customization/data";
import { createProject, enableTables, saveTableConfig } from "@/lib/customization/mutations";
import { normalizeTableConfig } from "@/lib/customization/locked-columns";
import { isRequiredForCreate } from "@/lib/customization/required-for-create";
import { ProjectDocumentSchema, type ProjectDocument, type TableConfig } from "@/lib/customization/schema";
import { canBeField, withForm, withView } from "@/lib/forms/designer-ops";
import { FormSchema, ViewSchema, type Form, type View } from "@/lib/forms/schema";
import { normalizeWebApi } from "@/lib/metadata/import-webapi";
import { storeSnapshot } from "@/lib/metadata/mutations";
import type { MetadataDocument, Table } from "@/lib/metadata/schema";
import { loadVersionBundle } from "@/lib/versions/data";
import { checkForPublish, publishVersion, type PublishOptions } from "@/lib/versions/mutations";
import { createTestSqlite } from "@/tests/support/test-database";

const ROUNDS = Number(process.env.BENCH_PUBLISH_ROUNDS ?? 7);
const FIELDS = 60;

/** A main form as an admin lays one out: required columns first, 3 tabs of 2 sections, a 4-field header. */
function mainForm(table: Table, selected: readonly string[]): Form {
  const required = table.columns.filter((c) => isRequiredForCreate(c, table)).map((c) => c.logicalName);
  const chosen = new Set(required);
  for (const name of selected) if (table.columns.find((c) => c.logicalName === name && canBeField(c))) chosen.add(name);
  for (const c of table.columns) if (chosen.size < FIELDS && canBeField(c)) chosen.add(c.logicalName);
  const columns = [...chosen].slice(0, Math.max(FIELDS, required.length));
  const perSection = Math.ceil(columns.length / 6);
  const tabs = [0, 1, 2].map((t) => ({
    kind: "fields" as const,
    id: `tab-${t}`,
    label: ["Summary", "Details", "More"][t],
    sections: [0, 1].map((s) => {
      const k = t * 2 + s;
      return {
        id: `sec-${k}`,
        label: `Section ${k + 1}`,
        columns: (s === 0 ? 2 : 1) as 1 | 2,
        fields: columns.slice(k * perSection, (k + 1) * perSection).map((column, i) => ({
          id: `fld-${k}-${i}`,
          column,
          ...(i % 7 === 3 ? { label: `Custom label ${k}.${i}` } : {}),
          ...(i % 11 === 5 && !required.includes(column) ? { readOnly: true } : {}),
        })),
      };
    }),
  }));
  return FormSchema.parse({
    id: "form-main",
    name: "Main form",
    kind: "main",
    header: columns.slice(0, 4).map((column, i) => ({ id: `hdr-${i}`, column })),
    tabs,
  });
}

function views(table: Table, selected: readonly string[]): View[] {
  const readable = selected.filter((c) => table.columns.some((x) => x.logicalName === c && x.validForRead));
  const first =
    table.primaryNameColumn && readable.includes(table.primaryNameColumn) ? table.primaryNameColumn : readable[0];
  const cols = [first, ...readable.filter((c) => c !== first)];
  const has = (name: string) => table.columns.some((c) => c.logicalName === name);
  return [
    {
      id: "view-all",
      name: "All rows",
      kind: "list",
      isDefault: true,
      columns: cols.slice(0, 6).map((column, i) => ({ column, width: i === 0 ? 200 : 120 })),
      sort: cols.slice(0, 2).map((column, i) => ({ column, descending: i === 1 })),
    },
    {
      id: "view-active",
      name: "Active rows",
      kind: "list",
      isDefault: false,
      columns: cols.slice(0, 5).map((column) => ({ column, width: 150 })),
      sort: [{ column: cols[0], descending: false }],
      ...(has("statecode")
        ? {
            filter: {
              kind: "group",
              type: "and",
              children: [{ kind: "condition", column: "statecode", operator: "eq", values: ["0"] }],
            },
          }
        : {}),
    },
    {
      id: "view-lookup",
      name: "Lookup",
      kind: "lookup",
      isDefault: true,
      columns: cols.slice(0, 3).map((column) => ({ column, width: 150 })),
      sort: [{ column: cols[0], descending: false }],
    },
  ].map((v) => ViewSchema.parse(v));
}

/** The bench project with forms and views, and the same one (same columns) without them. */
function projects(snapshot: MetadataDocument): { withForms: ProjectDocument; baseline: ProjectDocument } {
  const base = ProjectDocumentSchema.parse(allRowsWhereUnowned(buildProject(snapshot), snapshot));
  const byName = new Map(snapshot.tables.map((t) => [t.logicalName, t]));
  const tables: TableConfig[] = base.tables.map((config) => {
    const table = byName.get(config.tableName)!;
    let next: TableConfig = { ...config, views: [], forms: [] };
    next = withForm(next, mainForm(table, config.columns));
    for (const view of views(table, next.columns)) next = withView(next, view);
    return normalizeTableConfig(next, table);
  });
  const withForms = ProjectDocumentSchema.parse({ ...base, tables });
  const baseline = ProjectDocumentSchema.parse({
    ...base,
    name: "Bench project without forms",
    tables: tables.map((t) => ({ ...t, views: [], forms: [] })),
  });
  return { withForms, baseline };
}

async function store(
  db: Db,
  actor: { id: string; label: string },
  snapshotId: string,
  envId: string,
  p: ProjectDocument,
) {
  const { id } = await createProject(db, actor, {
    name: p.name,
    description: "",
    environmentId: envId,
    snapshotId,
    roles: p.roles,
    settings: p.settings,
  });
  await enableTables(db, actor, { projectId: id, tableNames: p.tables.map((t) => t.tableName), syncMode: "offline" });
  for (const config of p.tables)
    await saveTableConfig(db, actor, { projectId: id, tableName: config.tableName, revision: 1, config });
  return id;
}

const shape = (p: ProjectDocument) => ({
  tables: p.tables.length,
  columns: p.tables.reduce((n, t) => n + t.columns.length, 0),
  forms: p.tables.reduce((n, t) => n + t.forms.length, 0),
  fields: p.tables.reduce(
    (n, t) =>
      n +
      t.forms.reduce(
        (m, f) =>
          m +
          f.tabs.reduce(
            (k, tab) => k + (tab.kind === "fields" ? tab.sections.reduce((j, s) => j + s.fields.length, 0) : 0),
            0,
          ),
        0,
      ),
    0,
  ),
  views: p.tables.reduce((n, t) => n + t.views.length, 0),
  /** Forms with the full 60 fields; the others are on tables with fewer columns a form can show. */
  formsWith60Fields: p.tables.filter((t) =>
    t.forms.some(
      (f) =>
        f.tabs.reduce(
          (k, tab) => k + (tab.kind === "fields" ? tab.sections.reduce((j, s) => j + s.fields.length, 0) : 0),
          0,
        ) >= FIELDS,
    ),
  ).length,
});

export async function run(): Promise<Figure[]> {
  const org = buildSyntheticOrg({ tables: 300 });
  const snapshot = normalizeWebApi(
    syntheticOrgTexts(org).map((t) => ({ name: t.name, json: JSON.parse(t.text) as unknown })),
  );
  const { withForms, baseline } = projects(snapshot);
  const sqlite = await createTestSqlite();
  const db = createDbClient(sqlite.url);
  try {
    const user = await db.user.create({ data: { email: "bench@example.com", name: "Bench", role: "owner" } });
    const actor = { id: user.id, label: "Bench <bench@example.com>" };
    const env = await db.environment.create({ data: { name: "Bench org" } });
    const stored = await storeSnapshot(db, actor, {
      environmentId: env.id,
      source: "webapi-json",
      sourceName: "synthetic 300-table org",
      document: snapshot,
    });
    const ids = {
      baseline: await store(db, actor, stored.snapshot.id, env.id, baseline),
      forms: await store(db, actor, stored.snapshot.id, env.id, withForms),
    };
    for (const [which, id] of Object.entries(ids)) {
      const check = await checkForPublish(db, (await loadProjectDocument(db, id)).project);
      if (check.errors.length > 0)
        throw new Error(
          `The ${which} project does not validate: ${check.errors
            .slice(0, 5)
            .map((e) => e.message)
            .join("; ")}`,
        );
    }
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    const options: PublishOptions = { signer: { privateKey, keyId: keyIdOf(publicKey) } };
    const publish = async (projectId: string) => {
      const start = performance.now();
      const version = await publishVersion(db, actor, { projectId, notes: "" }, options);
      return { ms: performance.now() - start, number: version.number };
    };
    // One warm-up each (code compiled, snapshot cached), then A/B rounds, the order alternating.
    await publish(ids.baseline);
    await publish(ids.forms);
    const times = { baseline: [] as number[], forms: [] as number[] };
    const last = { baseline: 0, forms: 0 };
    for (let i = 0; i < ROUNDS; i++) {
      const order: Array<keyof typeof ids> = i % 2 === 0 ? ["baseline", "forms"] : ["forms", "baseline"];
      for (const which of order) {
        const run = await publish(ids[which]);
        times[which].push(run.ms);
        last[which] = run.number;
      }
    }
    const load = loadavg().map((n) => round(n, 2));
    const figures: Figure[] = [];
    for (const which of ["baseline", "forms"] as const) {
      const sorted = [...times[which]].sort((a, b) => a - b);
      const label =
        which === "forms"
          ? "with a 60-field main form and 3 views per table"
          : "same project without forms or views (baseline)";
      const s = shape(which === "forms" ? withForms : baseline);
      const { bytes } = await loadVersionBundle(db, ids[which], last[which]);
      figures.push({
        name: `publish server time, 300 tables ${label}, median`,
        value: round(sorted[Math.floor(sorted.length / 2)]),
        unit: "ms",
        min: round(sorted[0]),
        max: round(sorted[sorted.length - 1]),
        rounds: ROUNDS,
        interleaved: true,
        loadAverage: load,
        ...s,
      });
      figures.push({ name: `bundle size raw, 300 tables ${label}`, value: bytes.length, unit: "bytes", ...s });
      figures.push({
        name: `bundle size gzip, 300 tables ${label}`,
        value: gzipSync(bytes).length,
        unit: "bytes",
        ...s,
      });
    }
    return figures;
  } finally {
    await db.$disconnect();
    await sqlite.cleanup();
  }
}
