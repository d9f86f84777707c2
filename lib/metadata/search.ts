// In-memory search over an org's metadata for the browser and the server: the table list (text search,
// filters, sort) and a search across every column of the org. Lower-cased keys are computed once, so a
// query is one linear scan over flat arrays (~60,000 columns in a few milliseconds).
import { tableLabel } from "@/lib/metadata/naming";
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

// Separators of the haystack: before each name, and between a name and its label. They never occur in
// keys or queries, so a match cannot span two columns.
const NAME_START = "\u0002";
const LABEL_START = "\u0001";
const stripSeparators = (text: string) =>
  text.includes(NAME_START) || text.includes(LABEL_START) ? text.replace(/[\u0001\u0002]/g, "") : text;

export class MetadataSearchIndex {
  private readonly items: TableListItem[];
  private readonly tableKeys: string[];
  // Columns, flattened: one entry per column of every table, in document order.
  private readonly columnTable: Int32Array;
  private readonly columnNames: string[];
  private readonly columnLabels: string[];
  private readonly columnTypes: ColumnType[];
  // Every column's lower-cased name and label in one string ("\u0002name\u0001label\u0002name..."), so a
  // query is a few runs of native indexOf that jump from match to match instead of a test of every column.
  private readonly haystack: string;
  // Where each column's name (starts[k]) and label (labelStarts[k]) begin in the haystack.
  private readonly starts: Int32Array;
  private readonly labelStarts: Int32Array;
  private readonly tableIndex = new Map<string, number>();

  constructor(doc: SearchableDocument, language = "1033") {
    this.items = doc.tables.map((table) => ({
      logicalName: table.logicalName,
      displayName: tableLabel(table, table.logicalName, language),
      displayCollectionName: label(table.displayCollectionName, language, ""),
      custom: table.custom,
      isActivity: table.isActivity,
      ownership: table.ownership,
      partial: table.partial,
      columnCount: table.columns.length,
    }));
    this.tableKeys = doc.tables.map((table, i) =>
      [
        table.logicalName,
        table.schemaName ?? "",
        ...Object.values(table.displayName),
        ...Object.values(table.displayCollectionName),
        this.items[i].displayName,
      ]
        .join("\u0000")
        .toLowerCase(),
    );
    const count = doc.tables.reduce((sum, table) => sum + table.columns.length, 0);
    this.columnTable = new Int32Array(count);
    this.columnNames = new Array(count);
    this.columnLabels = new Array(count);
    this.columnTypes = new Array(count);
    let k = 0;
    // The haystack is built from the names and labels as they are and lower-cased once as a whole: one native
    // call instead of two per column (the build is what the first query of a snapshot waits for).
    // A trailing NAME_START, so every label (the last too) is followed by one.
    const pieces: string[] = new Array(count * 4 + 1);
    pieces[count * 4] = NAME_START;
    doc.tables.forEach((table, t) => {
      this.tableIndex.set(table.logicalName, t);
      for (const column of table.columns) {
        const display = label(column.displayName, language, "");
        this.columnTable[k] = t;
        this.columnNames[k] = column.logicalName;
        this.columnLabels[k] = display;
        this.columnTypes[k] = column.type;
        pieces[4 * k] = NAME_START;
        pieces[4 * k + 1] = stripSeparators(column.logicalName);
        pieces[4 * k + 2] = LABEL_START;
        pieces[4 * k + 3] = stripSeparators(display);
        k += 1;
      }
    });
    const raw = pieces.join("");
    let haystack = raw.toLowerCase();
    if (haystack.length !== raw.length) {
      // A character whose lower case is longer ("İ"): lower-case piece by piece so the offsets stay exact.
      for (let i = 0; i < pieces.length; i++) pieces[i] = pieces[i].toLowerCase();
      haystack = pieces.join("");
    }
    this.haystack = haystack;
    this.starts = new Int32Array(count + 1);
    this.labelStarts = new Int32Array(count);
    let offset = 0;
    for (let c = 0; c < count; c++) {
      this.starts[c] = offset + 1;
      offset += 1 + pieces[4 * c + 1].length;
      this.labelStarts[c] = offset + 1;
      offset += 1 + pieces[4 * c + 3].length;
    }
    this.starts[count] = offset + 1;
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
        sort === "columns"
          ? x.columnCount - y.columnCount
          : sort === "displayName"
            ? compareText(x.displayName.toLowerCase(), y.displayName.toLowerCase())
            : compareText(x.logicalName, y.logicalName);
      return (primary || compareText(x.logicalName, y.logicalName)) * direction;
    });
    const offset = Math.max(0, query.offset ?? 0);
    const limit = query.limit ?? matches.length;
    return { total: matches.length, items: matches.slice(offset, offset + limit).map((i) => this.items[i]) };
  }

  /** Columns whose logical or display name contains the text, best matches first, then by table and column. */
  searchColumns(text: string, options: ColumnQueryOptions = {}): ColumnSearchResult {
    const needle = stripSeparators(text.trim().toLowerCase());
    if (!needle) return { total: 0, hits: [] };
    const limit = options.limit ?? 200;
    const allowed = options.tables
      ? new Set(options.tables.map((name) => this.tableIndex.get(name)).filter((i): i is number => i !== undefined))
      : undefined;
    const hay = this.haystack;
    const starts = this.starts;
    // Every column that matches, once, in document order.
    const matched: number[] = [];
    let i = 0;
    for (let at = hay.indexOf(needle); at !== -1;) {
      while (starts[i + 1] <= at) i += 1;
      at = hay.indexOf(needle, starts[i + 1]);
      if (!allowed || allowed.has(this.columnTable[i])) matched.push(i);
    }
    // Rank: exact = the whole name or label; prefix = the start of either, or right after an underscore
    // (publisher prefixes: "msnfp_region" for "region"); otherwise contains.
    const exact: number[] = [];
    const prefix: number[] = [];
    const contains: number[] = [];
    if (matched.length <= 5000) {
      // Few matches: test each one.
      const underscored = `_${needle}`;
      for (const k of matched) {
        const name = hay.slice(starts[k], this.labelStarts[k] - 1);
        const label = hay.slice(this.labelStarts[k], starts[k + 1] - 1);
        if (name === needle || label === needle) exact.push(k);
        else if (
          name.startsWith(needle) ||
          label.startsWith(needle) ||
          name.includes(underscored) ||
          label.includes(underscored)
        )
          prefix.push(k);
        else if (contains.length < limit) contains.push(k);
      }
    } else {
      // Many matches (a one- or two-letter query): find the few exact and prefix ones by native scans.
      const marks = new Uint8Array(this.columnNames.length);
      const scan = (pattern: string, shift: number, into: number[]) => {
        let j = 0;
        for (let at = hay.indexOf(pattern); at !== -1; at = hay.indexOf(pattern, at + 1)) {
          const position = at + shift;
          while (starts[j + 1] <= position) j += 1;
          if (marks[j] !== 0 || (allowed && !allowed.has(this.columnTable[j]))) continue;
          marks[j] = 1;
          into.push(j);
        }
      };
      scan(`${NAME_START}${needle}${LABEL_START}`, 1, exact);
      scan(`${LABEL_START}${needle}${NAME_START}`, 1, exact);
      scan(`${NAME_START}${needle}`, 1, prefix);
      scan(`${LABEL_START}${needle}`, 1, prefix);
      scan(`_${needle}`, 0, prefix);
      exact.sort((a, b) => a - b);
      prefix.sort((a, b) => a - b);
      for (const k of matched) {
        if (contains.length >= limit) break;
        if (marks[k] === 0) contains.push(k);
      }
    }
    const hits: ColumnHit[] = [];
    const add = (list: number[], match: ColumnMatch) => {
      for (const k of list) {
        if (hits.length >= limit) return;
        const table = this.items[this.columnTable[k]];
        hits.push({
          table: table.logicalName,
          tableDisplayName: table.displayName,
          column: this.columnNames[k],
          displayName: this.columnLabels[k],
          type: this.columnTypes[k],
          match,
        });
      }
    };
    add(exact, "exact");
    add(prefix, "prefix");
    add(contains, "contains");
    return { total: matched.length, hits };
  }
}

export function createSearchIndex(doc: SearchableDocument, language = "1033"): MetadataSearchIndex {
  return new MetadataSearchIndex(doc, language);
}
