// Counts and the per-table overview of a metadata document: what `metadata inspect` prints and what a
// snapshot records as its counts.
import type { MetadataDocument } from "@/lib/metadata/schema";

export interface TableSummary {
  logicalName: string;
  /** Null when the source does not name it (a table the solution only extends). */
  primaryId: string | null;
  primaryName: string | null;
  columns: number;
  partial: boolean;
}

export interface MetadataSummary {
  format: MetadataDocument["format"];
  tables: number;
  columns: number;
  relationships: number;
  /** Global option sets. */
  optionSets: number;
  partialTables: number;
  tableList: TableSummary[];
}

export function summarizeDocument(doc: MetadataDocument): MetadataSummary {
  let columns = 0;
  let partialTables = 0;
  const tableList: TableSummary[] = doc.tables.map((table) => {
    columns += table.columns.length;
    if (table.partial) partialTables += 1;
    return {
      logicalName: table.logicalName,
      primaryId: table.primaryIdColumn || null,
      primaryName: table.primaryNameColumn ?? null,
      columns: table.columns.length,
      partial: table.partial,
    };
  });
  return {
    format: doc.format,
    tables: doc.tables.length,
    columns,
    relationships: doc.relationships.length,
    optionSets: Object.keys(doc.globalOptionSets).length,
    partialTables,
    tableList,
  };
}
