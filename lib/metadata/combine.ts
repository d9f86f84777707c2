// One snapshot from several sources: a managed solution holds its custom tables whole but only fragments of the
// system tables it extends; a Web API export (or another solution) completes them. Pure.
//
// The rules, applied one source at a time in the order the admin added them:
// - a table only one side has is taken whole;
// - a table both have keeps the definition of the more complete side (a complete table over a partial one; when
//   both are complete or both partial, the later source, which is the newer export), and gains the columns only
//   the other side has; its labels are merged the same way (the kept side's language wins, the other's fill in);
// - a column both have keeps the kept side's definition, except that options the kept side does not resolve (a
//   global option set it only names) are taken from the other side;
// - the result is partial only when both sides were;
// - relationships and global option sets are merged by name: the later source wins, except that a global option
//   set with options beats one that is only named.
// Every table records its origin: the source whose definition it kept, and which columns came from which other one.
import { finishDocument } from "@/lib/metadata/finish-document";
import type { OrgDefinitions } from "@/lib/metadata/org-definitions";
import type {
  Column,
  MetadataDocument,
  OptionSet,
  ProvenanceSource,
  Relationship,
  SnapshotProvenance,
  Table,
  TableOrigin,
} from "@/lib/metadata/schema";
import { summarizeDocument } from "@/lib/metadata/summarize";
import { describeSource, sourceKindLabel } from "@/lib/metadata/snapshot-name";
import { countOf } from "@/lib/format/count";

export type SingleSourceKind = ProvenanceSource["kind"];

/** The provenance of a snapshot of one source: every table from source 0. */
export function singleSourceProvenance(
  kind: SingleSourceKind,
  name: string,
  doc: MetadataDocument,
): SnapshotProvenance {
  const counts = summarizeDocument(doc);
  return {
    sources: [{ kind, name, tables: counts.tables, columns: counts.columns }],
    tables: doc.tables.map((t) => ({ table: t.logicalName, from: 0 })),
  };
}

export interface CombineReport {
  /** Tables only the added source had. */
  tablesAdded: string[];
  /** Tables both had that gained columns (or their whole definition) from the added source. */
  tablesCompleted: string[];
  /** Columns the added source contributed to tables the snapshot already had. */
  columnsAdded: number;
}

export interface CombineResult {
  document: MetadataDocument;
  provenance: SnapshotProvenance;
  report: CombineReport;
}

/** Column name -> source index, for one table of the base. */
function columnSources(table: Table, origin: TableOrigin | undefined): Map<string, number> {
  const from = origin?.from ?? 0;
  const out = new Map<string, number>();
  for (const column of table.columns) out.set(column.logicalName, from);
  for (const part of origin?.completedBy ?? []) for (const name of part.columns) out.set(name, part.source);
  return out;
}

const hasOptions = (set: OptionSet | undefined): boolean => !!set && !set.unresolved && set.options.length > 0;

function mergeColumn(kept: Column, other: Column): Column {
  if (!hasOptions(kept.optionSet) && hasOptions(other.optionSet)) return { ...kept, optionSet: other.optionSet };
  return kept;
}

/** The two definitions of one table: which is kept (true: the added one). */
function addedWins(base: Table, added: Table): boolean {
  if (base.partial !== added.partial) return base.partial;
  return true;
}

function mergeTable(
  base: Table,
  baseOrigin: TableOrigin | undefined,
  added: Table,
  addedIndex: number,
): { table: Table; origin: TableOrigin; columnsAdded: number } {
  const sources = columnSources(base, baseOrigin);
  const takeAdded = addedWins(base, added);
  const [kept, other] = takeAdded ? [added, base] : [base, added];
  const keptFrom = takeAdded ? addedIndex : (baseOrigin?.from ?? 0);
  const otherByName = new Map(other.columns.map((c) => [c.logicalName, c]));
  const keptNames = new Set(kept.columns.map((c) => c.logicalName));
  const columns: Column[] = kept.columns.map((c) => {
    const twin = otherByName.get(c.logicalName);
    return twin ? mergeColumn(c, twin) : c;
  });
  const sourceOf = (name: string): number => (takeAdded ? addedIndex : (sources.get(name) ?? keptFrom));
  const extraSource = (name: string): number => (takeAdded ? (sources.get(name) ?? 0) : addedIndex);
  const byColumnSource = new Map<number, string[]>();
  const note = (source: number, name: string) => {
    if (source === keptFrom) return;
    const list = byColumnSource.get(source) ?? [];
    list.push(name);
    byColumnSource.set(source, list);
  };
  for (const c of kept.columns) note(sourceOf(c.logicalName), c.logicalName);
  let columnsAdded = 0;
  for (const c of other.columns) {
    if (keptNames.has(c.logicalName)) continue;
    columns.push(c);
    note(extraSource(c.logicalName), c.logicalName);
  }
  // What the added source brought to this table: the columns the base did not have.
  const baseNames = new Set(base.columns.map((c) => c.logicalName));
  for (const c of added.columns) if (!baseNames.has(c.logicalName)) columnsAdded += 1;
  const table: Table = {
    ...other,
    ...Object.fromEntries(Object.entries(kept).filter(([, v]) => v !== undefined)),
    displayName: { ...other.displayName, ...kept.displayName },
    displayCollectionName: { ...other.displayCollectionName, ...kept.displayCollectionName },
    primaryIdColumn: kept.primaryIdColumn || other.primaryIdColumn,
    partial: base.partial && added.partial,
    columns,
  } as Table;
  const completedBy = [...byColumnSource.entries()]
    .sort(([a], [b]) => a - b)
    .map(([source, names]) => ({ source, columns: names.sort() }));
  return {
    table,
    origin:
      completedBy.length > 0
        ? { table: base.logicalName, from: keptFrom, completedBy }
        : { table: base.logicalName, from: keptFrom },
    columnsAdded,
  };
}

function mergeGlobals(base: Record<string, OptionSet>, added: Record<string, OptionSet>): Record<string, OptionSet> {
  const out: Record<string, OptionSet> = { ...base };
  for (const [name, set] of Object.entries(added)) {
    const known = out[name];
    if (!known || hasOptions(set) || !hasOptions(known)) out[name] = set;
  }
  return out;
}

/**
 * Combines a snapshot (its document and provenance) with one more source. The base is not changed; the result is
 * a new document in the canonical order, ready to be hashed and stored as a new snapshot.
 */
export function combineDocuments(
  base: { document: MetadataDocument; provenance: SnapshotProvenance },
  added: { document: MetadataDocument; kind: SingleSourceKind; name: string },
): CombineResult {
  const addedIndex = base.provenance.sources.length;
  const origins = new Map(base.provenance.tables.map((o) => [o.table, o]));
  const addedTables = new Map(added.document.tables.map((t) => [t.logicalName, t]));
  const tables: Table[] = [];
  const tableOrigins: TableOrigin[] = [];
  const report: CombineReport = { tablesAdded: [], tablesCompleted: [], columnsAdded: 0 };
  for (const table of base.document.tables) {
    const origin = origins.get(table.logicalName);
    const twin = addedTables.get(table.logicalName);
    if (!twin) {
      tables.push(table);
      tableOrigins.push(origin ?? { table: table.logicalName, from: 0 });
      continue;
    }
    addedTables.delete(table.logicalName);
    const merged = mergeTable(table, origin, twin, addedIndex);
    tables.push(merged.table);
    tableOrigins.push(merged.origin);
    report.columnsAdded += merged.columnsAdded;
    if (merged.columnsAdded > 0 || (table.partial && !twin.partial)) report.tablesCompleted.push(table.logicalName);
  }
  for (const table of addedTables.values()) {
    tables.push(table);
    tableOrigins.push({ table: table.logicalName, from: addedIndex });
    report.tablesAdded.push(table.logicalName);
  }
  // Relationships: the added source's replace the base's of the same schema name (finishDocument keeps the first).
  const relationships: Relationship[] = [...added.document.relationships, ...base.document.relationships];
  // finishDocument sorts in place and resolves option sets onto columns: give it copies of what it may touch.
  const document = finishDocument(
    "combined",
    tables.map((t) => ({ ...t, columns: t.columns.map((c) => ({ ...c })) })),
    relationships,
    mergeGlobals(base.document.globalOptionSets, added.document.globalOptionSets),
  );
  const counts = summarizeDocument(added.document);
  tableOrigins.sort((a, b) => (a.table < b.table ? -1 : a.table > b.table ? 1 : 0));
  report.tablesAdded.sort();
  report.tablesCompleted.sort();
  return {
    document,
    provenance: {
      sources: [
        ...base.provenance.sources,
        { kind: added.kind, name: added.name, tables: counts.tables, columns: counts.columns },
      ],
      tables: tableOrigins,
    },
    report,
  };
}

/** The org's forms and views of both: by table and id, the added source's definition replaces the base's. */
export function combineOrgDefinitions(base: OrgDefinitions, added: OrgDefinitions): OrgDefinitions {
  const key = (d: { table: string; id: string }) => `${d.table}\u0000${d.id}`;
  const forms = new Map(base.forms.map((f) => [key(f), f]));
  for (const f of added.forms) forms.set(key(f), f);
  const views = new Map(base.views.map((v) => [key(v), v]));
  for (const v of added.views) views.set(key(v), v);
  return { forms: [...forms.values()], views: [...views.values()] };
}

/** One row of the snapshot page's "where each table came from" list. */
export interface TableOriginRow {
  table: string;
  /** "1. Solution NonprofitCore" */
  from: string;
  /** "12 columns from 2. Web API JSON", empty when the table came whole from one source. */
  completedBy: string[];
}

export interface ProvenanceView {
  sources: Array<{ label: string; kind: string; name: string; tables: number; columns: number; tablesKept: number }>;
  tables: TableOriginRow[];
}

/** A combined snapshot's sources and per-table origins, in words, for the snapshot page. */
export function describeProvenance(provenance: SnapshotProvenance): ProvenanceView {
  const labelOf = (index: number) => {
    const source = provenance.sources[index];
    return source ? `${index + 1}. ${describeSource(source.kind, source.name)}` : `source ${index + 1}`;
  };
  const kept = new Map<number, number>();
  for (const origin of provenance.tables) kept.set(origin.from, (kept.get(origin.from) ?? 0) + 1);
  return {
    sources: provenance.sources.map((s, i) => ({
      label: labelOf(i),
      kind: sourceKindLabel(s.kind),
      name: s.name,
      tables: s.tables,
      columns: s.columns,
      tablesKept: kept.get(i) ?? 0,
    })),
    tables: provenance.tables.map((origin) => ({
      table: origin.table,
      from: labelOf(origin.from),
      completedBy: (origin.completedBy ?? []).map(
        (part) => `${countOf(part.columns.length, "column")} from ${labelOf(part.source)}`,
      ),
    })),
  };
}
