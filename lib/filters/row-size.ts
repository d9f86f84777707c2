// Estimates how many bytes one row of a table takes on the device from its selected columns' types, and
// the size of a footprint (rows x that). Pure; the footprint preview and the project totals use it.
import type { Column, ColumnType } from "@/lib/metadata/schema";

/*
 * Per-type estimates (bytes as stored on the device, value plus its share of the row's JSON/SQLite
 * encoding). They are averages over typical data, not maxima:
 * - GUID-valued (uniqueidentifier): 36 (the text form). Lookups (lookup, customer, owner): 36 for the id,
 *   plus ~28 for the target table name and the formatted name the app shows beside it = 64.
 * - string: a quarter of its maximum length (most text fields are far from full), between 8 and 200;
 *   without a maximum length, 40. memo: 400 (notes and descriptions are mostly short, some long).
 * - integer 4, bigint 8, decimal / double / money 8, boolean 1, datetime 8, picklist / state / status 4
 *   (+ the formatted label ~12 = 16), multiselect 24, entityname 16.
 * - image and file: 0, because their content is downloaded separately from the rows (on demand).
 * - partylist, virtual, managedproperty, calendarrules, unknown: 16 as a guess.
 * Every row also carries ~64 bytes of its own (key, version number, sync state).
 */
export const ROW_OVERHEAD_BYTES = 64;

const FIXED: Partial<Record<ColumnType, number>> = {
  uniqueidentifier: 36,
  lookup: 64,
  customer: 64,
  owner: 64,
  memo: 400,
  integer: 4,
  bigint: 8,
  decimal: 8,
  double: 8,
  money: 8,
  boolean: 1,
  datetime: 8,
  picklist: 16,
  state: 16,
  status: 16,
  multiselect: 24,
  entityname: 16,
  image: 0,
  file: 0,
};

/** The estimated bytes of one column's value. */
export function columnBytes(column: Pick<Column, "type" | "maxLength">): number {
  if (column.type === "string") {
    if (column.maxLength === undefined) return 40;
    return Math.min(200, Math.max(8, Math.round(column.maxLength / 4)));
  }
  return FIXED[column.type] ?? 16;
}

/**
 * The estimated bytes of one row with these columns (the selected ones). Names the metadata does not
 * know are counted as 16 bytes each, so a stale selection still gives a number.
 */
export function estimateRowBytes(columns: ReadonlyArray<Pick<Column, "type" | "maxLength">>): number {
  return ROW_OVERHEAD_BYTES + columns.reduce((sum, c) => sum + columnBytes(c), 0);
}

/** Bytes for `rows` rows of `rowBytes` each. */
export function estimateBytes(rows: number, rowBytes: number): number {
  return rows * rowBytes;
}

/** "1.2 MB", "340 KB", "12 bytes" (decimal units, as storage is sold). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = "";
  for (const u of units) {
    value /= 1000;
    unit = u;
    if (value < 1000) break;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${unit}`;
}
