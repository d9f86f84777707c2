// In-memory search over an org's metadata for the browser and the server: the table list (text search,
// filters, sort) and a search across every column of the org. Lower-cased keys are computed once, so a
// query is one linear scan over flat arrays (~60,000 columns in a few milliseconds).
import type { ColumnType, Labels, Ownership } from "@/lib/metadata/schema";

/** The slice of a metadata document the index needs (a full MetadataDocument fits). */
export interface SearchableDocument {
  tables: Array<{
    logicalName: string;
    schemaName?: string;
    displayName: Labels;
    displayCollectionName: Labels;
    custom: boolean;
    isActivity: boolean;
    ownership: Ownership;
    partial: boolean;
    columns: Array<{ logicalName: string; displayName: Labels; type: ColumnType; custom?: boolean }>;
  }>;
}

export interface TableListItem {
  logicalName: string;
  displayName: string;
  displayCollectionName: string;
  custom: boolean;
  isActivity: boolean;
  ownership: Ownership;
  partial: boolean;
  columnCount: number;
}

export type TableSort = "logicalName" | "displayName" | "columns";

export interface TableQuery {
  /** Case-insensitive substring of the logical, schema, display or plural display name. */
  text?: string;
  custom?: boolean;
  activity?: boolean;
  ownership?: Ownership;
  partial?: boolean;
  sort?: TableSort;
  descending?: boolean;
  offset?: number;
  limit?: number;
}

export interface TableListResult {
  total: number;
  items: TableListItem[];
}

/** How a column matched: the whole name, its start (or the part after a publisher prefix), or inside it. */
export type ColumnMatch = "exact" | "prefix" | "contains";

export interface ColumnHit {
  table: string;
  tableDisplayName: string;
  column: string;
  displayName: string;
  type: ColumnType;
  match: ColumnMatch;
}

export interface ColumnSearchResult {
  total: number;
  hits: ColumnHit[];
}

export interface ColumnQueryOptions {
  /** Most hits returned (default 200); `total` still counts all. */
  limit?: number;
  /** Only columns of these tables. */
  tables?: string[];
}

function label(labels: Labels, language: string, fallback: string): string {
  return labels[language] ?? Object.values(labels)[0] ?? fallback;
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export class MetadataSearchIndex {
  private readonly items: TableListItem[];
  private readonly tableKeys: string[];
  // Columns, flattened: one entry per column of every table, in document order.
  private readonly columnTable: Int32Array;
  private readonly columnNames: string[];
  private readonly columnLabels: string[];
  private readonly columnTypes: ColumnType[];
  private readonly columnNameKeys: string[];
  private readonly columnLabelKeys: string[];
  private readonly tableIndex = new Map<string, number>();

  constructor(doc: SearchableDocument, language = "1033") {
    this.items = doc.tables.map((table) => ({
      logicalName: table.logicalName,
      displayName: label(table.displayName, language, table.logicalName),
      displayCollectionName: label(table.displayCollectionName, language, ""),
      custom: table.custom,
      isActivity: table.isActivity,
      ownership: table.ownership,
      partial: table.partial,
      columnCount: table.columns.length,
    }));
    this.tableKeys = doc.tables.map((table, i) =>
      [table.logicalName, table.schemaName ?? "", ...Object.values(table.displayName), ...Object.values(table.displayCollectionName), this.items[i].displayName].join("\u0000").toLowerCase(),
    );
    const count = doc.tables.reduce((sum, table) => sum + table.columns.length, 0);
    this.columnTable = new Int32Array(count);
    this.columnNames = new Array(count);
    this.columnLabels = new Array(count);
    this.columnTypes = new Array(count);
    this.columnNameKeys = new Array(count);
    this.columnLabelKeys = new Array(count);
    let k = 0;
    doc.tables.forEach((table, t) => {
      this.tableIndex.set(table.logicalName, t);
      for (const column of table.columns) {
        const display = label(column.displayName, language, "");
        this.columnTable[k] = t;
        this.columnNames[k] = column.logicalName;
        this.columnLabels[k] = display;
        this.columnTypes[k] = column.type;
        this.columnNameKeys[k] = column.logicalName.toLowerCase();
        this.columnLabelKeys[k] = display.toLowerCase();
        k += 1;
      }
    });
  }

  get tableCount(): number {
    return this.items.length;
  }

  get columnCount(): number {
    return this.columnNames.length;
  }

  listTables(query: TableQuery = {}): TableListResult {
    const text = query.text?.trim().toLowerCase() ?? "";
    const matches: number[] = [];
    for (let i = 0; i < this.items.length; i++) {
      const item = this.items[i];
      if (query.custom !== undefined && item.custom !== query.custom) continue;
      if (query.activity !== undefined && item.isActivity !== query.activity) continue;
      if (query.ownership !== undefined && item.ownership !== query.ownership) continue;
      if (query.partial !== undefined && item.partial !== query.partial) continue;
      if (text && !this.tableKeys[i].includes(text)) continue;
      matches.push(i);
    }
    const sort = query.sort ?? "logicalName";
    const direction = query.descending ? -1 : 1;
    matches.sort((a, b) => {
      const x = this.items[a];
      const y = this.items[b];
      const primary =
        sort === "columns" ? x.columnCount - y.columnCount : sort === "displayName" ? compareText(x.displayName.toLowerCase(), y.displayName.toLowerCase()) : compareText(x.logicalName, y.logicalName);
      return (primary || compareText(x.logicalName, y.logicalName)) * direction;
    });
    const offset = Math.max(0, query.offset ?? 0);
    const limit = query.limit ?? matches.length;
    return { total: matches.length, items: matches.slice(offset, offset + limit).map((i) => this.items[i]) };
  }

  /** Columns whose logical or display name contains the text, best matches first, then by table and column. */
  searchColumns(text: string, options: ColumnQueryOptions = {}): ColumnSearchResult {
    const needle = text.trim().toLowerCase();
    if (!needle) return { total: 0, hits: [] };
    const limit = options.limit ?? 200;
    const allowed = options.tables ? new Set(options.tables.map((name) => this.tableIndex.get(name)).filter((i): i is number => i !== undefined)) : undefined;
    const prefixed = `_${needle}`;
    // Buckets keep document order within a rank, so no sort is needed.
    const buckets: number[][] = [[], [], []];
    const names = this.columnNameKeys;
    const labels = this.columnLabelKeys;
    for (let i = 0; i < names.length; i++) {
      if (allowed && !allowed.has(this.columnTable[i])) continue;
      const name = names[i];
      const display = labels[i];
      if (name === needle || display === needle) buckets[0].push(i);
      else if (name.startsWith(needle) || display.startsWith(needle) || name.includes(prefixed)) buckets[1].push(i);
      else if (name.includes(needle) || display.includes(needle)) buckets[2].push(i);
    }
    const kinds: ColumnMatch[] = ["exact", "prefix", "contains"];
    const hits: ColumnHit[] = [];
    for (let rank = 0; rank < buckets.length && hits.length < limit; rank++) {
      for (const i of buckets[rank]) {
        if (hits.length >= limit) break;
        const table = this.items[this.columnTable[i]];
        hits.push({ table: table.logicalName, tableDisplayName: table.displayName, column: this.columnNames[i], displayName: this.columnLabels[i], type: this.columnTypes[i], match: kinds[rank] });
      }
    }
    return { total: buckets[0].length + buckets[1].length + buckets[2].length, hits };
  }
}

export function createSearchIndex(doc: SearchableDocument, language = "1033"): MetadataSearchIndex {
  return new MetadataSearchIndex(doc, language);
}
