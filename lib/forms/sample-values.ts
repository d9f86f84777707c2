// Sample values for the phone preview: for each column a plausible value of its type (a date for a date, an
// option of its option set for a choice, a linked name for a lookup, a number in range, an address for an
// email...), the same every time for the same column and row. Values use the rules' convention (FormValue:
// numbers invariant, ISO dates, option values as integers, booleans "0"/"1", a lookup as a GUID). Pure.
import { labelOf, type Column, type Table } from "@/lib/metadata/schema";
import type { FormValue } from "@/lib/forms/rules/outcome";
import type { ViewSort } from "@/lib/forms/schema";

/** FNV-1a: a small, stable hash of a string. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const pick = <T>(items: readonly T[], seed: number): T => items[seed % items.length];

const FIRST = ["Ada", "Grace", "Alan", "Katherine", "Linus", "Margaret", "Tim", "Barbara", "Dennis", "Hedy"];
const LAST = ["Lovelace", "Hopper", "Turing", "Johnson", "Torvalds", "Hamilton", "Berners-Lee", "Liskov", "Ritchie"];
const COMPANIES = [
  "Contoso Ltd",
  "Fabrikam Inc",
  "Adventure Works",
  "Northwind Traders",
  "Litware Inc",
  "Tailspin Toys",
];
const CITIES = ["Seattle", "Redmond", "London", "Paris", "Berlin", "Lisbon", "Oslo", "Madrid", "Toronto"];
const STREETS = ["1 Microsoft Way", "12 High Street", "5 Rue de Rivoli", "20 Unter den Linden", "7 King Street"];
const COUNTRIES = ["United States", "United Kingdom", "France", "Germany", "Portugal", "Norway", "Spain", "Canada"];
const WORDS = ["Follow up", "Site visit", "Quarterly review", "Service call", "Renewal", "Inspection", "Demo"];

/** What a lookup to `target` shows: a person's name for people tables, a company's for the rest. */
export function lookupName(target: string | undefined, seed: number): string {
  if (target === "contact" || target === "systemuser" || target === "lead")
    return `${pick(FIRST, seed)} ${pick(LAST, seed >>> 4)}`;
  if (target === "team") return `${pick(CITIES, seed)} team`;
  if (target === "businessunit") return `${pick(CITIES, seed)} unit`;
  if (target === "transactioncurrency") return pick(["US Dollar", "Euro", "Pound Sterling"], seed);
  return pick(COMPANIES, seed);
}

function guid(seed: number, row: number): string {
  const hex = (n: number, len: number) => (n >>> 0).toString(16).padStart(len, "0").slice(-len);
  const a = hash(`${seed}:${row}:a`);
  const b = hash(`${seed}:${row}:b`);
  return `${hex(a, 8)}-${hex(b, 4)}-4${hex(b >>> 16, 3)}-8${hex(a >>> 8, 3)}-${hex(seed, 8)}${hex(row, 4)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function textFor(column: Column, seed: number, row: number): string {
  const name = column.logicalName;
  // One person per row, so that a row's names and email agree.
  const person = hash(`person#${row}`);
  const first = pick(FIRST, person);
  const last = pick(LAST, person >>> 8);
  if (name.includes("email")) return `${first}.${last}@contoso.com`.toLowerCase().replace(/[^a-z0-9.@-]/g, "");
  if (/phone|mobile|fax|pager/.test(name))
    return `+1 425 555 ${String(100 + ((seed + row * 7) % 900)).padStart(4, "0")}`;
  if (/url|website/.test(name))
    return `https://www.${pick(COMPANIES, seed + row)
      .split(" ")[0]
      .toLowerCase()}.com`;
  if (name.endsWith("firstname")) return first;
  if (name.endsWith("lastname")) return last;
  if (name.endsWith("middlename")) return pick(["J.", "M.", "K."], seed + row);
  if (name === "fullname" || name.endsWith("_name") || name === "yomifullname") return `${first} ${last}`;
  if (name.includes("city")) return pick(CITIES, seed + row);
  if (name.includes("country")) return pick(COUNTRIES, seed + row);
  if (/line1|street/.test(name)) return pick(STREETS, seed + row);
  if (name.includes("postalcode")) return String(10000 + ((seed + row * 131) % 89999));
  if (/stateorprovince|county/.test(name)) return pick(["WA", "Greater London", "Bavaria", "Ontario"], seed + row);
  if (name.includes("jobtitle")) return pick(["Field engineer", "Account manager", "Buyer", "Director"], seed + row);
  if (/company|account|parent/.test(name) || name === "name") return pick(COMPANIES, seed + row);
  if (/subject|title|topic/.test(name)) return pick(WORDS, seed + row);
  return `${labelOf(column.displayName, name)} ${1 + ((seed + row) % 99)}`;
}

function clampText(text: string, column: Column): string {
  return column.maxLength && text.length > column.maxLength ? text.slice(0, column.maxLength) : text;
}

function numberIn(column: Column, seed: number, fallback: [number, number]): number {
  const lo = Math.max(column.minValue ?? fallback[0], fallback[0]);
  const hi = Math.min(column.maxValue ?? fallback[1], fallback[1]);
  if (hi <= lo) return lo;
  return lo + ((seed % 10_000) / 10_000) * (hi - lo);
}

/** A sample value for `column` in row `row` (0: the record a form shows), deterministic. */
export function sampleValue(column: Column, row = 0): FormValue {
  const seed = hash(`${column.logicalName}#${row}`);
  const name = column.logicalName;
  switch (column.type) {
    case "string":
      return clampText(textFor(column, seed, row), column);
    case "memo":
      return clampText(`${pick(WORDS, seed)} with ${lookupName("contact", seed >>> 5)}: notes taken on site.`, column);
    case "integer":
    case "bigint":
      return String(Math.round(numberIn(column, seed, [0, 1000])));
    case "decimal":
    case "double":
    case "money": {
      if (name.endsWith("latitude")) return (47.6 + (seed % 1000) / 10_000).toFixed(5);
      if (name.endsWith("longitude")) return (-122.3 - (seed % 1000) / 10_000).toFixed(5);
      const precision = Math.min(column.precision ?? 2, 4);
      return numberIn(column, seed, [0, column.type === "money" ? 100_000 : 1000]).toFixed(precision);
    }
    case "boolean":
      return seed % 2 === 0 ? "1" : "0";
    case "datetime": {
      const day = new Date(Date.UTC(2026, 0, 1) + (seed % 365) * 86_400_000);
      const date = `${day.getUTCFullYear()}-${pad(day.getUTCMonth() + 1)}-${pad(day.getUTCDate())}`;
      return column.dateTimeFormat === "DateOnly" || column.dateTimeBehavior === "DateOnly"
        ? date
        : `${date}T${pad(8 + (seed % 10))}:${pad((seed >>> 3) % 2 === 0 ? 0 : 30)}:00Z`;
    }
    case "picklist":
    case "state":
    case "status": {
      const options = column.optionSet?.options ?? [];
      return options.length ? String(pick(options, seed).value) : null;
    }
    case "multiselect": {
      const options = column.optionSet?.options ?? [];
      if (!options.length) return null;
      const values = new Set([pick(options, seed).value, pick(options, seed >>> 4).value]);
      return [...values].sort((a, b) => a - b).join(",");
    }
    case "lookup":
    case "customer":
    case "owner":
    case "uniqueidentifier":
      return guid(seed, row);
    case "partylist":
      return guid(seed, row);
    case "image":
    case "file":
      return `${name}.jpg`;
    default:
      return null;
  }
}

function optionLabel(column: Column, value: string): string {
  const option = column.optionSet?.options.find((o) => String(o.value) === value);
  return option ? labelOf(option.labels, value) : value;
}

/** How a value reads on the device: an option's label, a lookup's linked name, a date as a date. */
export function displayValue(column: Column | undefined, value: FormValue): string {
  if (value === null || value === "") return "";
  if (!column) return value;
  switch (column.type) {
    case "boolean": {
      const options = column.optionSet?.options;
      const label = options ? optionLabel(column, value) : undefined;
      return label && label !== value ? label : value === "1" ? "Yes" : "No";
    }
    case "picklist":
    case "state":
    case "status":
      return optionLabel(column, value);
    case "multiselect":
      return value
        .split(",")
        .map((v) => optionLabel(column, v))
        .join(", ");
    case "lookup":
    case "customer":
    case "owner":
    case "partylist":
      return lookupName(column.targets?.[0], hash(value));
    case "datetime":
      return value.length > 10 ? `${value.slice(0, 10)} ${value.slice(11, 16)}` : value;
    default:
      return value;
  }
}

/** Sample values for the form's record (row 0) of every column given. */
export function sampleRecord(table: Table | undefined, columns: Iterable<string>, row = 0): Record<string, FormValue> {
  const out: Record<string, FormValue> = {};
  const byName = new Map(table?.columns.map((c) => [c.logicalName, c]));
  for (const name of columns) {
    const column = byName.get(name);
    out[name] = column ? sampleValue(column, row) : null;
  }
  return out;
}

const NUMERIC = new Set<Column["type"]>(["integer", "bigint", "decimal", "double", "money"]);

/** Compares two values of a column as the device sorts: numbers as numbers, choices by label, text as text. */
export function compareValues(column: Column | undefined, a: FormValue, b: FormValue): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (column && NUMERIC.has(column.type)) return Number(a) - Number(b);
  const x = displayValue(column, a).toLowerCase();
  const y = displayValue(column, b).toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/** `count` sample rows of the columns given, sorted by `sort` (most significant first). */
export function sampleRows(
  table: Table | undefined,
  columns: readonly string[],
  sort: readonly ViewSort[],
  count = 8,
): Array<Record<string, FormValue>> {
  const wanted = new Set([...columns, ...sort.map((s) => s.column)]);
  const rows = Array.from({ length: count }, (_, i) => sampleRecord(table, wanted, i));
  const byName = new Map(table?.columns.map((c) => [c.logicalName, c]));
  return rows.sort((a, b) => {
    for (const level of sort) {
      const c = compareValues(byName.get(level.column), a[level.column] ?? null, b[level.column] ?? null);
      if (c !== 0) return level.descending ? -c : c;
    }
    return 0;
  });
}
