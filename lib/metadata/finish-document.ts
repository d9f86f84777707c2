// The last step of every importer: one canonical order (tables, columns, relationships by name), one
// relationship per schema name, global option sets resolved onto the columns that use them.
import type { Column, MetadataDocument, OptionSet, Relationship, Table } from "@/lib/metadata/schema";

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Attaches the options of a global option set to every column that only names it. */
export function resolveGlobalOptionSets(tables: Table[], globals: Record<string, OptionSet>): void {
  for (const table of tables) {
    for (const column of table.columns) {
      const set = column.optionSet;
      if (!set || !set.global || !set.name) continue;
      const known = globals[set.name];
      if (set.options.length === 0 && known && known.options.length > 0) {
        column.optionSet = {
          name: set.name,
          global: true,
          options: known.options.map((o) => ({ ...o, labels: { ...o.labels } })),
        };
      } else if (set.options.length === 0) {
        column.optionSet = { name: set.name, global: true, options: [], unresolved: true };
      } else if (!known) {
        // The source carried the options on the column: the set is known globally too.
        globals[set.name] = {
          name: set.name,
          global: true,
          options: set.options.map((o) => ({ ...o, labels: { ...o.labels } })),
        };
      }
    }
  }
}

export function sortColumns(columns: Column[]): Column[] {
  return columns.sort((a, b) => byName(a.logicalName, b.logicalName));
}

/** Builds the final document: sorted, deduplicated by name (the first occurrence wins). */
export function finishDocument(
  format: MetadataDocument["format"],
  tables: Table[],
  relationships: Relationship[],
  globalOptionSets: Record<string, OptionSet>,
): MetadataDocument {
  resolveGlobalOptionSets(tables, globalOptionSets);
  const seenTables = new Set<string>();
  const uniqueTables: Table[] = [];
  for (const table of tables) {
    if (seenTables.has(table.logicalName)) continue;
    seenTables.add(table.logicalName);
    sortColumns(table.columns);
    uniqueTables.push(table);
  }
  uniqueTables.sort((a, b) => byName(a.logicalName, b.logicalName));
  const seenRelationships = new Set<string>();
  const uniqueRelationships: Relationship[] = [];
  for (const relationship of relationships) {
    if (seenRelationships.has(relationship.schemaName)) continue;
    seenRelationships.add(relationship.schemaName);
    uniqueRelationships.push(relationship);
  }
  uniqueRelationships.sort((a, b) => byName(a.schemaName, b.schemaName));
  const sortedGlobals: Record<string, OptionSet> = {};
  for (const name of Object.keys(globalOptionSets).sort(byName)) sortedGlobals[name] = globalOptionSets[name];
  return { format, tables: uniqueTables, relationships: uniqueRelationships, globalOptionSets: sortedGlobals };
}
