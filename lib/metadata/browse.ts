// What the metadata browser shows, computed without I/O: the compact table list the server sends to the
// browser (and its filter/sort there), one table's page (columns described, relationships by side, which
// tables can be linked), and column search through one search index per loaded document.
import { columnTypeLabel, tableLabel } from "@/lib/metadata/naming";
import { createSearchIndex, type ColumnSearchResult, type MetadataSearchIndex } from "@/lib/metadata/search";
import {
  labelOf,
  type Column,
  type MetadataDocument,
  type Ownership,
  type Relationship,
  type Table,
} from "@/lib/metadata/schema";

// ---------------------------------------------------------------------------------------------------
// Tables list

/**
 * One table of the list as a tuple, so ~1,000 rows stay small on the wire:
 * [logicalName, displayName ("" when it equals the logical name), plural ("" when none), flags, columnCount].
 */
export type TableRowTuple = [string, string, string, number, number];

const CUSTOM = 1;
const ACTIVITY = 2;
const PARTIAL = 4;
const OWNERSHIPS: Ownership[] = ["user", "organization", "none"];

export interface TableRow {
  logicalName: string;
  displayName: string;
  plural: string;
  custom: boolean;
  isActivity: boolean;
  partial: boolean;
  ownership: Ownership;
  columnCount: number;
  /** Lower-cased logical, display and plural names, for the text search. */
  key: string;
}

export function encodeTableRows(doc: Pick<MetadataDocument, "tables">, language = "1033"): TableRowTuple[] {
  return doc.tables.map((table) => {
    const display = tableLabel(table, table.logicalName, language);
    const plural = labelOf(table.displayCollectionName, "", language);
    const flags =
      (table.custom ? CUSTOM : 0) |
      (table.isActivity ? ACTIVITY : 0) |
      (table.partial ? PARTIAL : 0) |
      (OWNERSHIPS.indexOf(table.ownership) << 3);
    return [table.logicalName, display === table.logicalName ? "" : display, plural, flags, table.columns.length];
  });
}

export function decodeTableRows(rows: TableRowTuple[]): TableRow[] {
  return rows.map(([logicalName, display, plural, flags, columnCount]) => {
    const displayName = display || logicalName;
    return {
      logicalName,
      displayName,
      plural,
      custom: (flags & CUSTOM) !== 0,
      isActivity: (flags & ACTIVITY) !== 0,
      partial: (flags & PARTIAL) !== 0,
      ownership: OWNERSHIPS[(flags >> 3) & 3] ?? "none",
      columnCount,
      key: `${logicalName}\u0000${displayName}\u0000${plural}`.toLowerCase(),
    };
  });
}

export type TableSortKey = "logicalName" | "displayName" | "columnCount";

export interface TableFilter {
  /** Case-insensitive part of the logical, display or plural name. */
  text?: string;
  custom?: boolean;
  activity?: boolean;
  ownership?: Ownership;
  sort?: TableSortKey;
  descending?: boolean;
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The rows that pass the filter, sorted (ties by logical name). A linear scan: ~1,000 rows in well under a millisecond. */
export function filterTableRows(rows: TableRow[], filter: TableFilter): TableRow[] {
  const text = filter.text?.trim().toLowerCase() ?? "";
  const out = rows.filter(
    (row) =>
      (filter.custom === undefined || row.custom === filter.custom) &&
      (filter.activity === undefined || row.isActivity === filter.activity) &&
      (filter.ownership === undefined || row.ownership === filter.ownership) &&
      (!text || row.key.includes(text)),
  );
  const sort = filter.sort ?? "logicalName";
  const direction = filter.descending ? -1 : 1;
  const displayKeys =
    sort === "displayName" ? new Map(out.map((row) => [row, row.displayName.toLowerCase()])) : undefined;
  out.sort((a, b) => {
    const primary =
      sort === "columnCount"
        ? a.columnCount - b.columnCount
        : displayKeys
          ? compareText(displayKeys.get(a)!, displayKeys.get(b)!)
          : 0;
    return (primary || compareText(a.logicalName, b.logicalName)) * direction;
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------
// One table's page

export interface ColumnView {
  logicalName: string;
  schemaName?: string;
  displayName: string;
  /** "Lookup", "Choice", "Date and time"... */
  typeLabel: string;
  /** The Dataverse type as the source spelled it, for the vague types (unknown, virtual). */
  sourceType?: string;
  /** Facts of the type: "max 100 characters", "User local · Date only", "2 decimals", "0 to 100". */
  details: string[];
  requiredLevel: Column["requiredLevel"];
  validForRead: boolean;
  validForCreate: boolean;
  validForUpdate: boolean;
  secured: boolean;
  custom: boolean;
  targets: string[];
  options?: {
    global: boolean;
    name?: string;
    unresolved: boolean;
    items: Array<{ value: number; label: string; state?: number; color?: string }>;
  };
  attributeOf?: string;
}

const BEHAVIOR_LABELS: Record<string, string> = {
  UserLocal: "User local",
  DateOnly: "Date only",
  TimeZoneIndependent: "Time zone independent",
};
const FORMAT_LABELS: Record<string, string> = { DateOnly: "Date only", DateAndTime: "Date and time" };

const formatNumber = (n: number) => (Number.isInteger(n) ? n.toLocaleString("en-US") : String(n));

export function columnDetails(column: Column): string[] {
  const details: string[] = [];
  if (column.type === "datetime") {
    if (column.dateTimeBehavior)
      details.push(`Behavior: ${BEHAVIOR_LABELS[column.dateTimeBehavior] ?? column.dateTimeBehavior}`);
    if (column.dateTimeFormat) details.push(`Format: ${FORMAT_LABELS[column.dateTimeFormat] ?? column.dateTimeFormat}`);
  }
  if (column.maxLength !== undefined) details.push(`Max length ${formatNumber(column.maxLength)}`);
  if (column.minValue !== undefined && column.maxValue !== undefined)
    details.push(`Range ${formatNumber(column.minValue)} to ${formatNumber(column.maxValue)}`);
  else if (column.minValue !== undefined) details.push(`Min ${formatNumber(column.minValue)}`);
  else if (column.maxValue !== undefined) details.push(`Max ${formatNumber(column.maxValue)}`);
  if (column.precision !== undefined) details.push(`Precision ${column.precision}`);
  return details;
}

export function columnView(column: Column, language = "1033"): ColumnView {
  const typeLabel = columnTypeLabel(column.type);
  return {
    logicalName: column.logicalName,
    schemaName: column.schemaName,
    displayName: labelOf(column.displayName, "", language),
    typeLabel,
    // The source's own type name only adds something when ours is vague.
    sourceType: column.type === "unknown" || column.type === "virtual" ? column.sourceType : undefined,
    details: columnDetails(column),
    requiredLevel: column.requiredLevel,
    validForRead: column.validForRead,
    validForCreate: column.validForCreate,
    validForUpdate: column.validForUpdate,
    secured: column.secured,
    custom: column.custom,
    targets: column.targets ?? [],
    options: column.optionSet
      ? {
          global: column.optionSet.global,
          name: column.optionSet.name,
          unresolved: column.optionSet.unresolved ?? false,
          items: column.optionSet.options.map((o) => ({
            value: o.value,
            label: labelOf(o.labels, String(o.value), language),
            state: o.state,
            color: o.color,
          })),
        }
      : undefined,
    attributeOf: column.attributeOf,
  };
}

/** A relationship seen from one table: which side it is on, the other table, and the columns. */
export interface RelationshipView {
  schemaName: string;
  /** one-to-many: this table is the "one" (referenced) side; many-to-one: this table holds the lookup. */
  kind: "one-to-many" | "many-to-one" | "many-to-many";
  otherTable: string;
  /** one-to-many / many-to-one: the lookup column (on the referencing table). many-to-many: this table's column. */
  lookupColumn?: string;
  /** one-to-many / many-to-one: the referenced (primary id) column. many-to-many: the other table's column. */
  referencedColumn?: string;
  intersectTable?: string;
  /** Cascade settings grouped by behaviour: "Cascade: Assign, Delete", "NoCascade: Archive". */
  cascade: string[];
}

const CASCADE_ORDER = ["Assign", "Share", "Unshare", "Reparent", "Delete", "Merge", "Archive", "RollupView"];
const CASCADE_VALUE_ORDER = ["Cascade", "Active", "UserOwned", "RemoveLink", "Restrict", "NoCascade"];
const rank = (list: string[], value: string) => (list.includes(value) ? list.indexOf(value) : list.length);

/** Cascade settings grouped by behaviour ("Cascade: Assign, Delete"), strongest first: eight pairs read as two or three lines. */
export function cascadeLines(cascade: Relationship["cascade"]): string[] {
  if (!cascade) return [];
  const byValue = new Map<string, string[]>();
  const actions = Object.keys(cascade).sort(
    (a, b) => rank(CASCADE_ORDER, a) - rank(CASCADE_ORDER, b) || compareText(a, b),
  );
  for (const action of actions) {
    const value = cascade[action];
    byValue.set(value, [...(byValue.get(value) ?? []), action]);
  }
  return [...byValue.entries()]
    .sort(([a], [b]) => rank(CASCADE_VALUE_ORDER, a) - rank(CASCADE_VALUE_ORDER, b) || compareText(a, b))
    .map(([value, list]) => `${value}: ${list.join(", ")}`);
}

export interface TableRelationships {
  oneToMany: RelationshipView[];
  manyToOne: RelationshipView[];
  manyToMany: RelationshipView[];
}

/** The table's relationships by side. A self-referencing one-to-many appears on both sides, as Dataverse lists it. */
export function relationshipsOf(doc: Pick<MetadataDocument, "relationships">, logicalName: string): TableRelationships {
  const result: TableRelationships = { oneToMany: [], manyToOne: [], manyToMany: [] };
  for (const r of doc.relationships) {
    if (r.kind === "one-to-many") {
      const base = {
        schemaName: r.schemaName,
        lookupColumn: r.referencingColumn,
        referencedColumn: r.referencedColumn,
        cascade: cascadeLines(r.cascade),
      };
      if (r.referencedTable === logicalName)
        result.oneToMany.push({ ...base, kind: "one-to-many", otherTable: r.referencingTable ?? "" });
      if (r.referencingTable === logicalName)
        result.manyToOne.push({ ...base, kind: "many-to-one", otherTable: r.referencedTable ?? "" });
    } else if (r.table1 === logicalName || r.table2 === logicalName) {
      const first = r.table1 === logicalName;
      result.manyToMany.push({
        schemaName: r.schemaName,
        kind: "many-to-many",
        otherTable: (first ? r.table2 : r.table1) ?? "",
        lookupColumn: first ? r.table1Column : r.table2Column,
        referencedColumn: first ? r.table2Column : r.table1Column,
        intersectTable: r.intersectTable,
        cascade: cascadeLines(r.cascade),
      });
    }
  }
  const byOther = (a: RelationshipView, b: RelationshipView) =>
    compareText(a.otherTable, b.otherTable) || compareText(a.schemaName, b.schemaName);
  result.oneToMany.sort(byOther);
  result.manyToOne.sort(byOther);
  result.manyToMany.sort(byOther);
  return result;
}

export interface TablePage {
  logicalName: string;
  displayName: string;
  plural: string;
  properties: {
    schemaName?: string;
    entitySetName?: string;
    primaryIdColumn: string;
    primaryNameColumn?: string;
    ownership: Ownership;
    isActivity: boolean;
    isIntersect: boolean;
    custom: boolean;
    objectTypeCode?: number;
    offlineEnabled?: boolean;
    partial: boolean;
  };
  columns: ColumnView[];
  /** Only counts: the relationships themselves come with tableRelationships when their tab opens (systemuser has 4,366). */
  relationshipCounts: { oneToMany: number; manyToOne: number; manyToMany: number };
  /** The lookup targets that this snapshot holds (the others are shown unlinked). */
  linkable: string[];
}

const heldTables = (doc: MetadataDocument) => new Set(doc.tables.map((t) => t.logicalName));

/** The page of one table, or undefined when the snapshot has no such table. */
export function tablePage(doc: MetadataDocument, logicalName: string, language = "1033"): TablePage | undefined {
  const table: Table | undefined = doc.tables.find((t) => t.logicalName === logicalName);
  if (!table) return undefined;
  const relationships = relationshipsOf(doc, logicalName);
  const held = heldTables(doc);
  const targets = new Set(table.columns.flatMap((column) => column.targets ?? []));
  const columns = table.columns
    .map((c) => columnView(c, language))
    .sort((a, b) => compareText(a.logicalName, b.logicalName));
  return {
    logicalName: table.logicalName,
    displayName: tableLabel(table, table.logicalName, language),
    plural: labelOf(table.displayCollectionName, "", language),
    properties: {
      schemaName: table.schemaName,
      entitySetName: table.entitySetName,
      primaryIdColumn: table.primaryIdColumn,
      primaryNameColumn: table.primaryNameColumn,
      ownership: table.ownership,
      isActivity: table.isActivity,
      isIntersect: table.isIntersect,
      custom: table.custom,
      objectTypeCode: table.objectTypeCode,
      offlineEnabled: table.offlineEnabled,
      partial: table.partial,
    },
    columns,
    relationshipCounts: {
      oneToMany: relationships.oneToMany.length,
      manyToOne: relationships.manyToOne.length,
      manyToMany: relationships.manyToMany.length,
    },
    linkable: [...targets].filter((name) => held.has(name)).sort(),
  };
}

export interface TableRelationshipsView {
  relationships: TableRelationships;
  /** The other and intersect tables that this snapshot holds. */
  linkable: string[];
}

/** A table's relationships as its Relationships tab loads them, or undefined when the snapshot has no such table. */
export function tableRelationships(doc: MetadataDocument, logicalName: string): TableRelationshipsView | undefined {
  if (!doc.tables.some((t) => t.logicalName === logicalName)) return undefined;
  const relationships = relationshipsOf(doc, logicalName);
  const held = heldTables(doc);
  const named = new Set<string>();
  for (const list of [relationships.oneToMany, relationships.manyToOne, relationships.manyToMany]) {
    for (const r of list) {
      named.add(r.otherTable);
      if (r.intersectTable) named.add(r.intersectTable);
    }
  }
  return { relationships, linkable: [...named].filter((name) => held.has(name)).sort() };
}

/** Columns whose logical name, display name, type or option labels contain the text (the table page's filter box). */
export function filterColumns(columns: ColumnView[], text: string): ColumnView[] {
  const needle = text.trim().toLowerCase();
  if (!needle) return columns;
  return columns.filter(
    (c) =>
      c.logicalName.toLowerCase().includes(needle) ||
      c.displayName.toLowerCase().includes(needle) ||
      c.typeLabel.toLowerCase().includes(needle) ||
      c.targets.some((t) => t.includes(needle)) ||
      (c.options?.items.some((o) => o.label.toLowerCase().includes(needle)) ?? false),
  );
}

// ---------------------------------------------------------------------------------------------------
// Column search across the org

export const COLUMN_SEARCH_LIMIT = 500;
export const COLUMN_QUERY_MAX_LENGTH = 100;

// One index per loaded document. Snapshots are immutable and their documents are cached by the loader,
// so the index lives exactly as long as the document object and is never stale.
const indexes = new WeakMap<object, MetadataSearchIndex>();

export function searchIndexOf(doc: MetadataDocument): MetadataSearchIndex {
  let index = indexes.get(doc);
  if (!index) {
    index = createSearchIndex(doc);
    indexes.set(doc, index);
  }
  return index;
}

/** Column search as the route answers it: best matches first, at most `limit` hits, `total` counts all. */
export function searchSnapshotColumns(
  doc: MetadataDocument,
  query: string,
  limit = COLUMN_SEARCH_LIMIT,
): ColumnSearchResult {
  return searchIndexOf(doc).searchColumns(query.slice(0, COLUMN_QUERY_MAX_LENGTH), { limit });
}
