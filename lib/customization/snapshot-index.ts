// Lookup maps over a metadata snapshot, built once per snapshot object and reused (validation runs on
// every edit, so it must not rebuild maps or scan arrays per column).
import type { Column, MetadataDocument, Relationship, Table } from "@/lib/metadata/schema";

export interface TableIndex {
  table: Table;
  columns: Map<string, Column>;
}

export interface SnapshotIndex {
  tables: Map<string, TableIndex>;
  /** Many-to-many relationships by each of their two tables. */
  manyToManyByTable: Map<string, Relationship[]>;
}

const cache = new WeakMap<MetadataDocument, SnapshotIndex>();

export function indexSnapshot(snapshot: MetadataDocument): SnapshotIndex {
  const cached = cache.get(snapshot);
  if (cached) return cached;
  const tables = new Map<string, TableIndex>();
  for (const table of snapshot.tables) {
    const columns = new Map<string, Column>();
    for (const column of table.columns) columns.set(column.logicalName, column);
    tables.set(table.logicalName, { table, columns });
  }
  const manyToManyByTable = new Map<string, Relationship[]>();
  for (const rel of snapshot.relationships) {
    if (rel.kind !== "many-to-many") continue;
    for (const side of new Set([rel.table1, rel.table2])) {
      if (!side) continue;
      const list = manyToManyByTable.get(side) ?? [];
      list.push(rel);
      manyToManyByTable.set(side, list);
    }
  }
  const index = { tables, manyToManyByTable };
  cache.set(snapshot, index);
  return index;
}

/** Column types whose value points at rows of other tables (their `targets`). */
export const LOOKUP_TYPES: ReadonlySet<Column["type"]> = new Set(["lookup", "customer", "owner", "partylist"]);

export function isLookup(column: Column): boolean {
  return LOOKUP_TYPES.has(column.type) && (column.targets?.length ?? 0) > 0 && !column.attributeOf;
}
