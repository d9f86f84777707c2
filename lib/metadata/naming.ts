// How every screen names a table, a column and a column's type: the display name first, the logical name second
// (once, when the display name is missing), and one label per column type. Pure; safe in the browser and the CLI.
import {
  labelOf,
  type Column,
  type ColumnType,
  type Labels,
  type MetadataDocument,
  type Table,
} from "@/lib/metadata/schema";

/** What a table or column is called on screen: `label` leads; `logicalName` follows it, unless it is the label. */
export interface ShownName {
  /** The display name, or the logical name when the metadata has none. */
  label: string;
  logicalName: string;
  /** The logical name to show second, or undefined when the label already is the logical name. */
  secondary?: string;
}

/** A name from a label already decided (a catalog row's): the logical name alone when the label is missing or the same. */
export function shownName(label: string | undefined, logicalName: string): ShownName {
  const text = label?.trim() ? label : logicalName;
  return text === logicalName ? { label: text, logicalName } : { label: text, logicalName, secondary: logicalName };
}

/** The label in the language, or "" when the metadata carries none (an empty label counts as none). */
function labelIn(labels: Labels | undefined, language: string): string {
  const label = labelOf(labels, "", language);
  return label.trim() ? label : "";
}

/**
 * The name a table is shown by: its display name; when the source gave none (Web API exports that select only
 * the plural, as Dataverse's own `EntityDefinitions` queries often do), its plural display name; else the logical name.
 */
export function tableLabel(
  table: Pick<Table, "displayName" | "displayCollectionName"> | undefined,
  logicalName: string,
  language = "1033",
): string {
  return labelIn(table?.displayName, language) || labelIn(table?.displayCollectionName, language) || logicalName;
}

/** The plural name of a table's rows ("Notes"): its plural display name, else its display name, else the logical name. */
export function tablePluralLabel(
  table: Pick<Table, "displayName" | "displayCollectionName"> | undefined,
  logicalName: string,
  language = "1033",
): string {
  return labelIn(table?.displayCollectionName, language) || labelIn(table?.displayName, language) || logicalName;
}

/** A table's display name and logical name, as every screen shows them. */
export function tableName(
  table: Pick<Table, "displayName" | "displayCollectionName"> | undefined,
  logicalName: string,
  language = "1033",
): ShownName {
  return shownName(tableLabel(table, logicalName, language), logicalName);
}

/** The name a column is shown by: its display name, else its logical name. */
export function columnLabel(
  column: Pick<Column, "displayName"> | undefined,
  logicalName: string,
  language = "1033",
): string {
  return labelIn(column?.displayName, language) || logicalName;
}

/** The name a column of `table` is shown by (its logical name when the table does not list it). */
export function columnLabelIn(
  table: Pick<Table, "columns"> | undefined,
  logicalName: string,
  language = "1033",
): string {
  return columnLabel(
    table?.columns.find((c) => c.logicalName === logicalName),
    logicalName,
    language,
  );
}

/** A column's display name and logical name, as every screen shows them. */
export function columnName(
  column: Pick<Column, "displayName"> | undefined,
  logicalName: string,
  language = "1033",
): ShownName {
  return shownName(columnLabel(column, logicalName, language), logicalName);
}

/** A table of a snapshot by its logical name, as screens show it (the logical name once when the snapshot lacks it). */
export function tableNameIn(
  doc: Pick<MetadataDocument, "tables"> | undefined,
  logicalName: string,
  language = "1033",
): ShownName {
  return tableName(
    doc?.tables.find((t) => t.logicalName === logicalName),
    logicalName,
    language,
  );
}

/** A column of a snapshot's table, as screens show it. */
export function columnNameIn(
  doc: Pick<MetadataDocument, "tables"> | undefined,
  table: string,
  logicalName: string,
  language = "1033",
): ShownName {
  const column = doc?.tables.find((t) => t.logicalName === table)?.columns.find((c) => c.logicalName === logicalName);
  return columnName(column, logicalName, language);
}

/** A name on one line of text: "Notes (annotation)", or "annotation" alone when it has no display name. */
export function nameText(name: ShownName): string {
  return name.secondary ? `${name.label} (${name.secondary})` : name.label;
}

/** A name quoted inside a message: "'Notes' (annotation)", or "'annotation'" alone when it has no display name. */
export function quotedName(name: ShownName): string {
  return name.secondary ? `'${name.label}' (${name.secondary})` : `'${name.label}'`;
}

/** Whether a search text matches a name by its display name or its logical name (case-insensitive). */
export function nameMatches(name: ShownName, query: string): boolean {
  const q = query.trim().toLowerCase();
  return !q || name.label.toLowerCase().includes(q) || name.logicalName.toLowerCase().includes(q);
}

// ---------------------------------------------------------------------------------------------------
// Column types: one vocabulary, Dataverse's maker-portal words.

const TYPE_LABELS: Record<ColumnType, string> = {
  string: "Text",
  memo: "Multiline text",
  integer: "Whole number",
  bigint: "Big integer",
  decimal: "Decimal",
  double: "Floating point",
  money: "Currency",
  boolean: "Yes/No",
  datetime: "Date and time",
  picklist: "Choice",
  multiselect: "Choices",
  state: "Status (state)",
  status: "Status reason",
  lookup: "Lookup",
  customer: "Customer",
  owner: "Owner",
  partylist: "Party list",
  uniqueidentifier: "Unique identifier",
  image: "Image",
  file: "File",
  entityname: "Table name",
  managedproperty: "Managed property",
  virtual: "Virtual",
  calendarrules: "Calendar rules",
  unknown: "Unknown",
};

/** The label a column type is shown by on every screen ("Choice" for picklist, "Multiline text" for memo). */
export function columnTypeLabel(type: ColumnType): string {
  return TYPE_LABELS[type] ?? type;
}

/** The types present, as picker options ({ value: type, label }), sorted by label. */
export function columnTypeOptions(types: Iterable<ColumnType>): Array<{ value: ColumnType; label: string }> {
  return [...new Set(types)]
    .map((value) => ({ value, label: columnTypeLabel(value) }))
    .sort((a, b) => a.label.localeCompare(b.label, "en"));
}
