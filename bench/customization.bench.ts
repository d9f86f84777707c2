// App-project timings: validating a 300-table project with 10,000 selected columns (and sync filters,
// views, forms) against a ~1,000-table synthetic org, parsing the whole project document, re-target impact.
import { normalizeWebApi } from "@/lib/metadata/import-webapi";
import type { MetadataDocument } from "@/lib/metadata/schema";
import { buildSyntheticOrg, syntheticOrgInputs } from "@/bench/synthetic-org";
import {
  DEFAULT_PERMISSIONS,
  ProjectDocumentSchema,
  TableConfigSchema,
  type ProjectDocumentInput,
  type TableConfigInput,
} from "@/lib/customization/schema";
import { normalizeTableConfig } from "@/lib/customization/locked-columns";
import { validateProject } from "@/lib/customization/validate";
import { retargetImpact } from "@/lib/customization/retarget";
import { diffProjects } from "@/lib/customization/summarize";
import { isRequiredForCreate } from "@/lib/customization/required-for-create";
import { median, round, type Figure } from "@/bench/measure";

const TABLES = 300;
const COLUMNS = 10_000;

/**
 * A project as an admin would build it, in its saved (normalized) form: the primary, create-required
 * and filter columns, then lookups and the rest in metadata order, round-robin until 10,000 columns over
 * 300 tables; every third table filtered ("mine, active, created in the last 30 days"), every table with
 * a view and a form, every tenth online only.
 */
export function buildProject(snapshot: MetadataDocument): ProjectDocumentInput {
  const tables = snapshot.tables.slice(0, TABLES);
  const plans = tables.map((table, i) => {
    const has = (name: string) => table.columns.some((c) => c.logicalName === name);
    const online = i % 10 === 9;
    const filtered = !online && i % 3 === 0 && has("statecode") && has("createdon");
    const mine = filtered && has("ownerid");
    const picked = new Set<string>([table.primaryIdColumn]);
    if (table.primaryNameColumn) picked.add(table.primaryNameColumn);
    for (const c of table.columns) if (isRequiredForCreate(c, table)) picked.add(c.logicalName);
    if (filtered) ["statecode", "createdon", ...(mine ? ["ownerid"] : [])].forEach((c) => picked.add(c));
    // Columns an admin can pick: readable, not a lookup's companion; lookups first.
    const queue = table.columns
      .filter((c) => c.validForRead && !c.attributeOf && !picked.has(c.logicalName))
      .sort((a, b) => Number(b.type === "lookup") - Number(a.type === "lookup"))
      .map((c) => c.logicalName);
    return { table, online, filtered, mine, picked, queue };
  });
  let total = plans.reduce((n, p) => n + p.picked.size, 0);
  for (let progressed = true; total < COLUMNS && progressed;) {
    progressed = false;
    for (const plan of plans) {
      if (total >= COLUMNS) break;
      const next = plan.queue.shift();
      if (!next) continue;
      plan.picked.add(next);
      total++;
      progressed = true;
    }
  }
  const configs: TableConfigInput[] = plans.map(({ table, online, filtered, mine, picked }) => {
    const columns = [...picked];
    const config = TableConfigSchema.parse({
      tableName: table.logicalName,
      columns,
      syncMode: online ? "online" : "offline",
      ...(online
        ? {}
        : {
            syncFilter: filtered
              ? {
                  preset: mine ? "mine" : "all",
                  filter: {
                    kind: "group",
                    type: "and",
                    children: [
                      { kind: "condition", column: "statecode", operator: "eq", values: ["0"] },
                      { kind: "condition", column: "createdon", operator: "last-x-days", values: ["30"] },
                    ],
                  },
                }
              : { preset: "all" },
          }),
      permissions: { ...DEFAULT_PERMISSIONS },
      readOnlyColumns: columns.slice(2, 4).filter(
        (c) =>
          !isRequiredForCreate(
            table.columns.find((x) => x.logicalName === c)!,
            table,
          ),
      ),
      views: [
        {
          id: "main-list",
          name: "Main list",
          columns: columns.slice(0, 5).map((column) => ({ column })),
          sort: [{ column: columns[1] ?? columns[0], descending: false }],
        },
      ],
      forms: [
        {
          id: "main",
          name: "Main",
          tabs: [
            {
              kind: "fields",
              id: "general",
              label: "General",
              sections: [
                {
                  id: "details",
                  label: "Details",
                  fields: columns.slice(0, 10).map((column, i) => ({ id: `f${i}`, column })),
                },
              ],
            },
          ],
        },
      ],
    });
    return normalizeTableConfig(config, table);
  });
  return {
    name: "Bench project",
    environmentId: "env",
    snapshotId: "snap",
    roles: [{ roleName: "Salesperson", priority: 10 }],
    tables: configs,
  };
}

/**
 * buildProject asks for "my rows" on every third table, also on tables that have no owner (an error the rules
 * rightly report); this asks for all rows there, so the project passes validation as a publish or CI needs.
 */
export function allRowsWhereUnowned(project: ProjectDocumentInput, snapshot: MetadataDocument): ProjectDocumentInput {
  const ownership = new Map(snapshot.tables.map((t) => [t.logicalName, t.ownership]));
  return {
    ...project,
    tables: project.tables?.map((t) =>
      t.syncFilter?.preset === "mine" && ownership.get(t.tableName) !== "user"
        ? { ...t, syncFilter: { ...t.syncFilter, preset: "all" } }
        : t,
    ),
  };
}

export async function run(): Promise<Figure[]> {
  const org = buildSyntheticOrg({ tables: 1000 });
  const snapshot = normalizeWebApi(syntheticOrgInputs(org));
  const input = buildProject(snapshot);
  const project = ProjectDocumentSchema.parse(input);
  const columns = project.tables.reduce((n, t) => n + t.columns.length, 0);
  const shape = { tables: project.tables.length, columns, snapshotTables: snapshot.tables.length };
  const figures: Figure[] = [];

  // Cold: the first validation of a snapshot object builds its lookup maps (the editor pays this once
  // per snapshot). Fresh copies are made before the clock starts.
  const copies = [structuredClone(snapshot), structuredClone(snapshot), structuredClone(snapshot)];
  const cold = median(3, () => validateProject(project, copies.pop()!) as unknown);
  let issues = 0;
  validateProject(project, snapshot);
  const warm = median(9, () => {
    issues = validateProject(project, snapshot).length;
  });
  figures.push({ name: "validate project, warm (maps cached)", value: round(warm), unit: "ms", ...shape, issues });
  figures.push({ name: "validate project, cold (maps built)", value: round(cold), unit: "ms", ...shape });

  const json = JSON.stringify(input);
  const parse = median(9, () => ProjectDocumentSchema.parse(JSON.parse(json)) as unknown);
  figures.push({
    name: "parse project document (JSON.parse + zod)",
    value: round(parse),
    unit: "ms",
    bytes: json.length,
    ...shape,
  });
  const zodOnly = median(9, () => ProjectDocumentSchema.parse(input) as unknown);
  figures.push({ name: "parse project document (zod only)", value: round(zodOnly), unit: "ms", ...shape });

  // Re-target against a copy where every third table lost a selected column.
  const next = structuredClone(snapshot);
  project.tables.forEach((t, i) => {
    if (i % 3 !== 0) return;
    const table = next.tables.find((x) => x.logicalName === t.tableName);
    const drop = t.columns[t.columns.length - 1];
    if (table) table.columns = table.columns.filter((c) => c.logicalName !== drop);
  });
  let changes = 0;
  retargetImpact(project, snapshot, next);
  const retarget = median(5, () => {
    changes = retargetImpact(project, snapshot, next).changes.length;
  });
  figures.push({ name: "re-target impact", value: round(retarget), unit: "ms", ...shape, changes });

  const changed = ProjectDocumentSchema.parse({
    ...input,
    tables: input.tables!.map((t, i) => (i % 2 ? { ...t, columns: t.columns!.slice(0, -1) } : t)),
  });
  const diff = median(5, () => diffProjects(project, changed) as unknown);
  figures.push({ name: "diff two project versions", value: round(diff), unit: "ms", ...shape });
  return figures;
}
