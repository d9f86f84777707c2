// Differences between two metadata documents (snapshots): tables, columns, relationships and global option
// sets added, removed or changed. Pure; the result is plain data for the CLI, the API and the browser.
import type { Column, MetadataDocument, OptionSet, Relationship, Table } from "@/lib/metadata/schema";
import { tableLabel } from "@/lib/metadata/naming";

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface ColumnChange {
  column: string;
  changes: FieldChange[];
}

export interface TableChange {
  table: string;
  /** Table-level properties that changed (display name, ownership, primary name, partial...). */
  changes: FieldChange[];
  columnsAdded: string[];
  columnsRemoved: string[];
  columnsChanged: ColumnChange[];
}

export interface SnapshotDiff {
  identical: boolean;
  tablesAdded: string[];
  tablesRemoved: string[];
  tablesChanged: TableChange[];
  relationshipsAdded: string[];
  relationshipsRemoved: string[];
  relationshipsChanged: string[];
  optionSetsAdded: string[];
  optionSetsRemoved: string[];
  optionSetsChanged: string[];
  counts: {
    tablesAdded: number;
    tablesRemoved: number;
    tablesChanged: number;
    columnsAdded: number;
    columnsRemoved: number;
    columnsChanged: number;
  };
}

const TABLE_FIELDS = [
  "schemaName",
  "displayName",
  "displayCollectionName",
  "entitySetName",
  "primaryIdColumn",
  "primaryNameColumn",
  "ownership",
  "isActivity",
  "isIntersect",
  "custom",
  "objectTypeCode",
  "offlineEnabled",
  "partial",
] as const satisfies ReadonlyArray<keyof Table>;

const COLUMN_FIELDS = [
  "type",
  "requiredLevel",
  "maxLength",
  "minValue",
  "maxValue",
  "precision",
  "dateTimeBehavior",
  "dateTimeFormat",
  "validForRead",
  "validForCreate",
  "validForUpdate",
  "secured",
  "custom",
  "displayName",
  "schemaName",
  "attributeOf",
] as const satisfies ReadonlyArray<keyof Column>;

/** Structural equality for the JSON-like values of the model (key order ignored). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => same(item, b[i]));
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function fieldChanges<T extends object>(before: T, after: T, fields: ReadonlyArray<keyof T>): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of fields) {
    if (!same(before[field], after[field]))
      changes.push({ field: String(field), before: before[field], after: after[field] });
  }
  return changes;
}

/** Options compared by value: added, removed, relabeled or moved to another state. */
function optionChanges(before: OptionSet | undefined, after: OptionSet | undefined): FieldChange[] {
  if (!before && !after) return [];
  const changes: FieldChange[] = [];
  if (before?.name !== after?.name || before?.global !== after?.global) {
    changes.push({
      field: "optionSet",
      before: before ? { name: before.name, global: before.global } : undefined,
      after: after ? { name: after.name, global: after.global } : undefined,
    });
  }
  const a = new Map((before?.options ?? []).map((o) => [o.value, o]));
  const b = new Map((after?.options ?? []).map((o) => [o.value, o]));
  const added = [...b.keys()].filter((v) => !a.has(v));
  const removed = [...a.keys()].filter((v) => !b.has(v));
  const changed = [...a.keys()].filter((v) => b.has(v) && !same(a.get(v), b.get(v)));
  if (added.length) changes.push({ field: "optionsAdded", before: undefined, after: added.map((v) => b.get(v)) });
  if (removed.length) changes.push({ field: "optionsRemoved", before: removed.map((v) => a.get(v)), after: undefined });
  if (changed.length)
    changes.push({
      field: "optionsChanged",
      before: changed.map((v) => a.get(v)),
      after: changed.map((v) => b.get(v)),
    });
  return changes;
}

function columnChanges(before: Column, after: Column): FieldChange[] {
  const changes = fieldChanges(before, after, COLUMN_FIELDS);
  const targetsBefore = [...(before.targets ?? [])].sort();
  const targetsAfter = [...(after.targets ?? [])].sort();
  if (!same(targetsBefore, targetsAfter))
    changes.push({ field: "targets", before: before.targets, after: after.targets });
  changes.push(...optionChanges(before.optionSet, after.optionSet));
  return changes;
}

function byName<T>(items: T[], key: (item: T) => string): Map<string, T> {
  return new Map(items.map((item) => [key(item), item]));
}

const sorted = (names: Iterable<string>) => [...names].sort();

export function diffSnapshots(before: MetadataDocument, after: MetadataDocument): SnapshotDiff {
  const tablesA = byName(before.tables, (t) => t.logicalName);
  const tablesB = byName(after.tables, (t) => t.logicalName);
  const tablesAdded = sorted([...tablesB.keys()].filter((name) => !tablesA.has(name)));
  const tablesRemoved = sorted([...tablesA.keys()].filter((name) => !tablesB.has(name)));
  const tablesChanged: TableChange[] = [];
  let columnsAdded = 0;
  let columnsRemoved = 0;
  let columnsChanged = 0;
  for (const name of sorted(tablesA.keys())) {
    const a = tablesA.get(name)!;
    const b = tablesB.get(name);
    if (!b) continue;
    const colsA = byName(a.columns, (c) => c.logicalName);
    const colsB = byName(b.columns, (c) => c.logicalName);
    const change: TableChange = {
      table: name,
      changes: fieldChanges(a, b, TABLE_FIELDS),
      columnsAdded: sorted([...colsB.keys()].filter((c) => !colsA.has(c))),
      columnsRemoved: sorted([...colsA.keys()].filter((c) => !colsB.has(c))),
      columnsChanged: [],
    };
    for (const column of sorted(colsA.keys())) {
      const other = colsB.get(column);
      if (!other) continue;
      const changes = columnChanges(colsA.get(column)!, other);
      if (changes.length) change.columnsChanged.push({ column, changes });
    }
    if (
      change.changes.length ||
      change.columnsAdded.length ||
      change.columnsRemoved.length ||
      change.columnsChanged.length
    ) {
      tablesChanged.push(change);
      columnsAdded += change.columnsAdded.length;
      columnsRemoved += change.columnsRemoved.length;
      columnsChanged += change.columnsChanged.length;
    }
  }
  for (const name of tablesAdded) columnsAdded += tablesB.get(name)!.columns.length;
  for (const name of tablesRemoved) columnsRemoved += tablesA.get(name)!.columns.length;

  const relA = byName(before.relationships, (r: Relationship) => r.schemaName);
  const relB = byName(after.relationships, (r: Relationship) => r.schemaName);
  const relationshipsAdded = sorted([...relB.keys()].filter((n) => !relA.has(n)));
  const relationshipsRemoved = sorted([...relA.keys()].filter((n) => !relB.has(n)));
  const relationshipsChanged = sorted([...relA.keys()].filter((n) => relB.has(n) && !same(relA.get(n), relB.get(n))));

  const osA = before.globalOptionSets;
  const osB = after.globalOptionSets;
  const optionSetsAdded = sorted(Object.keys(osB).filter((n) => !(n in osA)));
  const optionSetsRemoved = sorted(Object.keys(osA).filter((n) => !(n in osB)));
  const optionSetsChanged = sorted(Object.keys(osA).filter((n) => n in osB && !same(osA[n], osB[n])));

  const identical =
    tablesAdded.length +
      tablesRemoved.length +
      tablesChanged.length +
      relationshipsAdded.length +
      relationshipsRemoved.length +
      relationshipsChanged.length +
      optionSetsAdded.length +
      optionSetsRemoved.length +
      optionSetsChanged.length ===
    0;
  return {
    identical,
    tablesAdded,
    tablesRemoved,
    tablesChanged,
    relationshipsAdded,
    relationshipsRemoved,
    relationshipsChanged,
    optionSetsAdded,
    optionSetsRemoved,
    optionSetsChanged,
    counts: {
      tablesAdded: tablesAdded.length,
      tablesRemoved: tablesRemoved.length,
      tablesChanged: tablesChanged.length,
      columnsAdded,
      columnsRemoved,
      columnsChanged,
    },
  };
}

/**
 * The display names of the tables a diff names (the newer snapshot's, else the older one's), for the screens that
 * show it: logical name -> label, only where the label is not the logical name itself.
 */
export function diffTableLabels(
  before: MetadataDocument,
  after: MetadataDocument,
  diff: SnapshotDiff,
): Record<string, string> {
  const tables = new Map([...before.tables, ...after.tables].map((t) => [t.logicalName, t]));
  const labels: Record<string, string> = {};
  for (const name of [...diff.tablesAdded, ...diff.tablesRemoved, ...diff.tablesChanged.map((t) => t.table)]) {
    const label = tableLabel(tables.get(name), name);
    if (label !== name) labels[name] = label;
  }
  return labels;
}
