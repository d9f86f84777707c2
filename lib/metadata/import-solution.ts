// Normalizes Dataverse solution exports (the .zip, its customizations.xml, or the unpacked SolutionPackager
// folder layout) into the one MetadataDocument. Pure: the caller reads the files.
//
// Partial tables. A solution lists a table's full definition, primary key column included, only when the
// solution creates the table. A managed export of a system table it merely extends (account, contact, ...)
// holds just the columns the solution added, or no EntityInfo at all (forms and views only). Rule: a table
// whose attribute list has no column of Type "primarykey" is marked partial; its primary id is then left
// empty (the file does not name it) and no column is invented. Every table in the real files that the
// solution owns has its primary key listed; every system table it extends lacks it.
import { known } from "@/lib/metadata/known";
import { AppError } from "@/lib/app-error";
import { utf8Text } from "@/lib/utf8";
import { finishDocument } from "@/lib/metadata/finish-document";
import { labelsOfElements, parseXmlText, parseXmlTextAsync, rootOf, type XmlNode } from "@/lib/metadata/parse-xml";
import {
  DEFAULT_ZIP_LIMITS,
  listZipEntries,
  readZipEntry,
  readZipEntryAsync,
  type ZipEntry,
  type ZipLimits,
  type ZipTexts,
} from "@/lib/metadata/read-zip";
import type {
  Column,
  ColumnType,
  Labels,
  MetadataDocument,
  Option,
  OptionSet,
  Ownership,
  Relationship,
  RequiredLevel,
  Table,
} from "@/lib/metadata/schema";

export interface SolutionFile {
  /** Path inside the solution folder, with forward slashes (e.g. "Entities/Contact/Entity.xml"). */
  path: string;
  text: string;
}

function invalid(where: string, reason: string): AppError {
  return new AppError("invalid", `${where}: ${reason}`, { problems: [{ path: where, message: reason }] });
}

/** Elements that repeat; fast-xml-parser would otherwise give an object for a single occurrence. */
const ARRAY_ELEMENTS: ReadonlySet<string> = new Set([
  "Entity",
  "attribute",
  "EntityRelationship",
  "optionset",
  "option",
  "state",
  "status",
  "label",
  "displayname",
  "LocalizedName",
  "LocalizedCollectionName",
  "LookupType",
  "EntityRelationshipRole",
]);

/** Parts of a solution this importer never reads: kept as raw text so parsing stays fast. */
const STOP_NODES = [
  "FormXml",
  "SavedQueries",
  "RibbonDiffXml",
  "Visualizations",
  "Workflows",
  "SiteMap",
  "AppModuleSiteMaps",
  "AppModules",
  "Dashboards",
  "WebResources",
  "CustomControls",
  "Roles",
  "Templates",
  "Reports",
  "FieldSecurityProfiles",
  "ConnectionRoles",
  "EntityMaps",
  "EntityDataProviders",
  "CanvasApps",
  "OrganizationSettings",
  "Descriptions",
  "MobileOfflineFilters",
];

function parse(text: string, fileName: string): { name: string; node: XmlNode } {
  return rootOf(parseXmlText(text, fileName, { stopNodes: STOP_NODES, arrayElements: ARRAY_ELEMENTS }), fileName);
}

const isNode = (value: unknown): value is XmlNode =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Element text whether the parser gave a string or { "#text": ... } (an element with attributes). */
function textOf(value: unknown): string | undefined {
  if (Array.isArray(value)) return textOf(value[0]);
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (isNode(value) && value["#text"] !== undefined) return textOf(value["#text"]);
  return undefined;
}

function attr(node: unknown, name: string): string | undefined {
  return isNode(node) && typeof node[`@_${name}`] === "string" ? (node[`@_${name}`] as string) : undefined;
}

function child(node: unknown, name: string): XmlNode | undefined {
  if (!isNode(node)) return undefined;
  const value = node[name];
  if (Array.isArray(value)) return isNode(value[0]) ? value[0] : undefined;
  return isNode(value) ? value : undefined;
}

function children(node: unknown, name: string): XmlNode[] {
  if (!isNode(node)) return [];
  const value = node[name];
  if (Array.isArray(value)) return value.filter(isNode);
  return isNode(value) ? [value] : [];
}

const flagOf = (node: unknown, name: string): boolean | undefined => {
  const value = isNode(node) ? textOf(node[name]) : undefined;
  if (value === undefined) return undefined;
  return value === "1" || value.toLowerCase() === "true";
};

function numberOf(node: unknown, name: string): number | undefined {
  const value = isNode(node) ? textOf(node[name]) : undefined;
  if (value === undefined || value.trim() === "") return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** <displaynames><displayname description=".." languagecode="1033"/></displaynames> and the like. */
const labelsOf = (container: unknown, element: string): Labels => labelsOfElements(container, element);

const TYPE_BY_SOLUTION_TYPE: Record<string, ColumnType> = {
  nvarchar: "string",
  ntext: "memo",
  int: "integer",
  bigint: "bigint",
  timestamp: "bigint",
  decimal: "decimal",
  float: "double",
  money: "money",
  bit: "boolean",
  datetime: "datetime",
  picklist: "picklist",
  multiselectpicklist: "multiselect",
  state: "state",
  status: "status",
  lookup: "lookup",
  customer: "customer",
  owner: "owner",
  partylist: "partylist",
  primarykey: "uniqueidentifier",
  uniqueidentifier: "uniqueidentifier",
  image: "image",
  file: "file",
  virtual: "virtual",
  managedproperty: "managedproperty",
  calendarrules: "calendarrules",
  entityname: "entityname",
};

const REQUIRED: Record<string, RequiredLevel> = {
  none: "None",
  systemrequired: "SystemRequired",
  required: "ApplicationRequired",
  applicationrequired: "ApplicationRequired",
  recommended: "Recommended",
};

const OWNERSHIP: Record<string, Ownership> = {
  userowned: "user",
  teamowned: "user",
  orgowned: "organization",
  organizationowned: "organization",
  businessowned: "organization",
  businessparented: "organization",
  none: "none",
};

const DATETIME_BEHAVIOR: Record<string, string> = { "1": "UserLocal", "2": "DateOnly", "3": "TimeZoneIndependent" };

/** Object type codes of the system tables a lookup's LookupTypes can name (solutions write codes, not names). */
const TABLE_BY_TYPE_CODE: Record<string, string> = {
  "1": "account",
  "2": "contact",
  "3": "opportunity",
  "4": "lead",
  "5": "annotation",
  "8": "systemuser",
  "9": "team",
  "10": "businessunit",
  "112": "incident",
  "2020": "queue",
  "4201": "appointment",
  "4202": "email",
  "4210": "phonecall",
  "4212": "task",
  "9333": "activitymimeattachment",
};

function optionOf(node: XmlNode, withState: boolean): Option | undefined {
  const raw = attr(node, "value");
  if (raw === undefined || !/^-?\d{1,15}$/.test(raw)) return undefined;
  const option: Option = { value: Number(raw), labels: labelsOf(child(node, "labels"), "label") };
  const state = attr(node, "state");
  if (withState && state !== undefined && /^-?\d{1,15}$/.test(state)) option.state = Number(state);
  const color = attr(node, "Color");
  if (color) option.color = color;
  return option;
}

function optionSetOf(node: XmlNode, global: boolean): OptionSet {
  const options: Option[] = [];
  for (const item of children(child(node, "options"), "option")) {
    const option = optionOf(item, false);
    if (option) options.push(option);
  }
  for (const item of children(child(node, "states"), "state")) {
    const option = optionOf(item, false);
    if (option) options.push(option);
  }
  for (const item of children(child(node, "statuses"), "status")) {
    const option = optionOf(item, true);
    if (option) options.push(option);
  }
  const set: OptionSet = { global, options };
  const name = attr(node, "Name");
  if (name) set.name = name;
  return set;
}

interface SolutionColumn {
  column: Column;
  lookupTypeCodes: string[];
}

function columnOf(node: XmlNode, where: string): SolutionColumn {
  const logicalName = (textOf(node.LogicalName) ?? textOf(node.Name))?.toLowerCase();
  if (!logicalName) throw invalid(where, "attribute without LogicalName");
  const rawType = (textOf(node.Type) ?? "").toLowerCase();
  const displayMask = textOf(node.DisplayMask) ?? "";
  // activitytypecode and the like are written as "picklist" but hold a table type code (EntityName in the Web API).
  const type: ColumnType =
    rawType === "picklist" && /(^|\|)ObjectTypeCode(\||$)/.test(displayMask)
      ? "entityname"
      : (known(TYPE_BY_SOLUTION_TYPE, rawType) ?? "unknown");
  const required = (textOf(node.RequiredLevel) ?? "none").toLowerCase();
  const column: Column = {
    logicalName,
    displayName: labelsOf(child(node, "displaynames"), "displayname"),
    type,
    requiredLevel: known(REQUIRED, required) ?? "None",
    validForRead: flagOf(node, "ValidForReadApi") === true,
    validForCreate: flagOf(node, "ValidForCreateApi") === true,
    validForUpdate: flagOf(node, "ValidForUpdateApi") === true,
    secured: flagOf(node, "IsSecured") === true,
    custom: flagOf(node, "IsCustomField") === true,
  };
  const schemaName = attr(node, "PhysicalName");
  if (schemaName) column.schemaName = schemaName;
  if (rawType) column.sourceType = rawType;
  const maxLength = numberOf(node, "MaxLength");
  if (maxLength !== undefined && Number.isSafeInteger(maxLength) && (type === "string" || type === "memo"))
    column.maxLength = maxLength;
  if (type === "integer" || type === "bigint" || type === "decimal" || type === "double" || type === "money") {
    const min = numberOf(node, "MinValue");
    const max = numberOf(node, "MaxValue");
    const precision = numberOf(node, "Accuracy") ?? numberOf(node, "Precision");
    if (min !== undefined) column.minValue = min;
    if (max !== undefined) column.maxValue = max;
    if (precision !== undefined && Number.isSafeInteger(precision)) column.precision = precision;
  }
  if (type === "datetime") {
    const behavior = known(DATETIME_BEHAVIOR, textOf(node.Behavior));
    if (behavior) column.dateTimeBehavior = behavior;
    const format = (textOf(node.Format) ?? "").toLowerCase();
    if (format === "date") column.dateTimeFormat = "DateOnly";
    else if (format === "datetime") column.dateTimeFormat = "DateAndTime";
  }
  if (type === "picklist" || type === "multiselect" || type === "state" || type === "status" || type === "boolean") {
    const inline = child(node, "optionset");
    const globalName = textOf(node.OptionSetName);
    if (inline) column.optionSet = optionSetOf(inline, false);
    else if (globalName) column.optionSet = { name: globalName, global: true, options: [] };
  }
  const lookupTypeCodes = children(child(node, "LookupTypes"), "LookupType")
    .map((item) => textOf(item))
    .filter((code): code is string => !!code);
  return { column, lookupTypeCodes };
}

interface PendingTable {
  table: Table;
  columns: Map<string, SolutionColumn>;
}

function tableOf(entityNode: XmlNode, where: string): PendingTable {
  const nameNode = entityNode.Name;
  const info = child(child(entityNode, "EntityInfo"), "entity");
  const schemaName = attr(info, "Name") ?? textOf(nameNode);
  if (!schemaName) throw invalid(where, "Entity without a Name");
  const logicalName = schemaName.toLowerCase();
  const attributeNodes = children(child(info, "attributes"), "attribute");
  const columns = new Map<string, SolutionColumn>();
  let primaryId = "";
  let primaryName: string | undefined;
  attributeNodes.forEach((node, index) => {
    const parsed = columnOf(node, `${where} (${logicalName}) attribute ${index + 1}`);
    if (columns.has(parsed.column.logicalName)) return;
    columns.set(parsed.column.logicalName, parsed);
    if ((textOf(node.Type) ?? "").toLowerCase() === "primarykey") primaryId = parsed.column.logicalName;
    if (/(^|\|)PrimaryName(\||$)/.test(textOf(node.DisplayMask) ?? "")) primaryName = parsed.column.logicalName;
  });
  const partial = primaryId === "";
  const ownership = known(OWNERSHIP, (textOf(info?.OwnershipTypeMask) ?? "").toLowerCase());
  const table: Table = {
    logicalName,
    schemaName,
    displayName: labelsOf(child(info, "LocalizedNames"), "LocalizedName"),
    displayCollectionName: labelsOf(child(info, "LocalizedCollectionNames"), "LocalizedCollectionName"),
    primaryIdColumn: primaryId,
    ownership: ownership ?? "none",
    isActivity: flagOf(info, "IsActivity") === true,
    isIntersect: flagOf(info, "IsIntersect") === true,
    // Solutions carry no IsCustomEntity: a table the solution defines in full is one it created.
    custom: !partial,
    partial,
    columns: [...columns.values()].map((c) => c.column),
  };
  const entitySetName = textOf(info?.EntitySetName);
  if (entitySetName) table.entitySetName = entitySetName;
  if (primaryName) table.primaryNameColumn = primaryName;
  const offline = flagOf(info, "IsOfflineInMobileClient");
  if (offline !== undefined) table.offlineEnabled = offline;
  return { table, columns };
}

const CASCADE_KEYS = ["Assign", "Delete", "Archive", "Merge", "Reparent", "Share", "Unshare", "RollupView"];

function relationshipOf(node: XmlNode, where: string): Relationship | undefined {
  const schemaName = attr(node, "Name");
  if (!schemaName) throw invalid(where, "EntityRelationship without a Name");
  const kind = textOf(node.EntityRelationshipType);
  // Other/Relationships.xml of an unpacked solution only lists names: nothing to import from it.
  if (!kind) return undefined;
  const lower = (name: string) => textOf(node[name])?.toLowerCase();
  if (kind === "ManyToMany") {
    const relationship: Relationship = { schemaName, kind: "many-to-many" };
    const table1 = lower("FirstEntityName");
    const table2 = lower("SecondEntityName");
    const intersect = lower("IntersectEntityName");
    if (table1) relationship.table1 = table1;
    if (table2) relationship.table2 = table2;
    if (intersect) relationship.intersectTable = intersect;
    return relationship;
  }
  if (kind !== "OneToMany") throw invalid(where, `unknown EntityRelationshipType ${JSON.stringify(kind)}`);
  const relationship: Relationship = { schemaName, kind: "one-to-many" };
  const referencedTable = lower("ReferencedEntityName");
  const referencedColumn = lower("ReferencedAttributeName");
  const referencingTable = lower("ReferencingEntityName");
  const referencingColumn = lower("ReferencingAttributeName");
  if (referencedTable) relationship.referencedTable = referencedTable;
  if (referencedColumn) relationship.referencedColumn = referencedColumn;
  if (referencingTable) relationship.referencingTable = referencingTable;
  if (referencingColumn) relationship.referencingColumn = referencingColumn;
  const cascade: Record<string, string> = {};
  for (const key of CASCADE_KEYS) {
    const value = textOf(node[`Cascade${key}`]);
    if (value) cascade[key] = value;
  }
  if (Object.keys(cascade).length > 0) relationship.cascade = cascade;
  return relationship;
}

/** Accumulates the parts of one solution, from whichever files hold them. */
class SolutionBuilder {
  private readonly tables: PendingTable[] = [];
  private readonly relationships: Relationship[] = [];
  private readonly globals: Record<string, OptionSet> = {};

  addEntity(node: XmlNode, where: string): void {
    this.tables.push(tableOf(node, where));
  }

  addRelationships(container: XmlNode | undefined, where: string): void {
    children(container, "EntityRelationship").forEach((node, index) => {
      const relationship = relationshipOf(node, `${where} relationship ${index + 1}`);
      if (relationship) this.relationships.push(relationship);
    });
  }

  addGlobalOptionSet(node: XmlNode, where: string): void {
    const name = attr(node, "Name");
    if (!name) throw invalid(where, "optionset without a Name");
    const set = optionSetOf(node, true);
    this.globals[name] = set;
  }

  /** customizations.xml: the root ImportExportXml with Entities, EntityRelationships and optionsets. */
  addCustomizations(root: XmlNode, where: string): void {
    children(child(root, "Entities"), "Entity").forEach((node, index) =>
      this.addEntity(node, `${where} Entity ${index + 1}`),
    );
    this.addRelationships(child(root, "EntityRelationships"), where);
    children(child(root, "optionsets"), "optionset").forEach((node, index) =>
      this.addGlobalOptionSet(node, `${where} optionset ${index + 1}`),
    );
  }

  get tableCount(): number {
    return this.tables.length;
  }

  finish(): MetadataDocument {
    const tables = this.tables.map((pending) => pending.table);
    const byName = new Map(this.tables.map((pending) => [pending.table.logicalName, pending]));
    // Lookup targets: solutions name them only through relationships (and LookupTypes codes for owners).
    const targets = new Map<string, Set<string>>();
    for (const relationship of this.relationships) {
      if (
        relationship.kind !== "one-to-many" ||
        !relationship.referencingTable ||
        !relationship.referencingColumn ||
        !relationship.referencedTable
      )
        continue;
      const referenced = byName.get(relationship.referencedTable);
      if (!relationship.referencedColumn && referenced && !referenced.table.partial)
        relationship.referencedColumn = referenced.table.primaryIdColumn;
      const key = `${relationship.referencingTable}|${relationship.referencingColumn}`;
      if (!targets.has(key)) targets.set(key, new Set());
      targets.get(key)!.add(relationship.referencedTable);
    }
    for (const pending of this.tables) {
      for (const { column, lookupTypeCodes } of pending.columns.values()) {
        if (
          column.type !== "lookup" &&
          column.type !== "customer" &&
          column.type !== "owner" &&
          column.type !== "partylist"
        )
          continue;
        const set = new Set(targets.get(`${pending.table.logicalName}|${column.logicalName}`) ?? []);
        for (const code of lookupTypeCodes) {
          const name = known(TABLE_BY_TYPE_CODE, code);
          if (name) set.add(name);
        }
        // "owner" is Dataverse's pseudo-table behind owner lookups; the real targets are user and team.
        if (column.type === "owner" && set.has("owner")) {
          set.delete("owner");
          set.add("systemuser");
          set.add("team");
        }
        if (set.size > 0) column.targets = [...set].sort();
      }
    }
    return finishDocument("solution", tables, this.relationships, this.globals);
  }
}

/** customizations.xml (from a solution zip or beside it). */
export function importCustomizationsXml(text: string, fileName: string): MetadataDocument {
  return customizationsOf(parse(text, fileName), fileName);
}

/**
 * The same, parsed a slice at a time so a server keeps answering meanwhile; `onTable` hears the number of
 * tables read so far.
 */
export async function importCustomizationsXmlAsync(
  text: string,
  fileName: string,
  onTable: (tables: number) => void = () => {},
): Promise<MetadataDocument> {
  let tables = 0;
  const doc = await parseXmlTextAsync(text, fileName, {
    stopNodes: STOP_NODES,
    arrayElements: ARRAY_ELEMENTS,
    // ImportExportXml > Entities > Entity: the document, the root and Entities are on the stack.
    progress: { depth: 3, name: "Entity", onElement: () => onTable(++tables) },
  });
  return customizationsOf(rootOf(doc, fileName), fileName);
}

function customizationsOf(root: { name: string; node: XmlNode }, fileName: string): MetadataDocument {
  if (root.name !== "ImportExportXml")
    throw invalid(
      fileName,
      `not Dataverse metadata: expected <ImportExportXml> (customizations.xml), found <${root.name}>`,
    );
  if (child(root.node, "SolutionManifest") && !child(root.node, "Entities")) {
    throw invalid(
      fileName,
      "this is solution.xml (the solution manifest), not customizations.xml: pass customizations.xml or the solution .zip",
    );
  }
  const builder = new SolutionBuilder();
  builder.addCustomizations(root.node, fileName);
  return builder.finish();
}

/** A single unpacked Entity.xml (root <Entity>). */
export function importEntityXml(text: string, fileName: string): MetadataDocument {
  return importSolutionFolder([{ path: "Entities/x/Entity.xml", text }], fileName, [fileName]);
}

/**
 * The unpacked folder layout of `pac solution unpack` / SolutionPackager: Entities/<Table>/Entity.xml,
 * Other/Relationships/*.xml, Other/Customizations.xml, OptionSets/*.xml. Other files are ignored.
 */
export function importSolutionFolder(
  files: SolutionFile[],
  folderName: string,
  displayNames?: string[],
): MetadataDocument {
  const builder = new SolutionBuilder();
  let recognized = 0;
  files.forEach((file, index) => {
    const path = file.path.replace(/\\/g, "/");
    const where = displayNames?.[index] ?? `${folderName}/${path}`;
    if (/(^|\/)Entities\/[^/]+\/Entity\.xml$/i.test(path)) {
      const root = parse(file.text, where);
      if (root.name !== "Entity") throw invalid(where, `expected <Entity>, found <${root.name}>`);
      builder.addEntity(root.node, where);
      recognized += 1;
    } else if (
      /(^|\/)Other\/Relationships\/[^/]+\.xml$/i.test(path) ||
      /(^|\/)Other\/Relationships\.xml$/i.test(path)
    ) {
      const root = parse(file.text, where);
      if (root.name !== "EntityRelationships")
        throw invalid(where, `expected <EntityRelationships>, found <${root.name}>`);
      builder.addRelationships(root.node, where);
      recognized += 1;
    } else if (/(^|\/)Other\/Customizations\.xml$/i.test(path) || /(^|\/)customizations\.xml$/i.test(path)) {
      const root = parse(file.text, where);
      if (root.name !== "ImportExportXml") throw invalid(where, `expected <ImportExportXml>, found <${root.name}>`);
      builder.addCustomizations(root.node, where);
      recognized += 1;
    } else if (/(^|\/)OptionSets\/[^/]+\.xml$/i.test(path)) {
      const root = parse(file.text, where);
      if (root.name !== "optionset") throw invalid(where, `expected <optionset>, found <${root.name}>`);
      builder.addGlobalOptionSet(root.node, where);
      recognized += 1;
    }
  });
  if (recognized === 0 || builder.tableCount === 0) {
    throw invalid(
      folderName,
      "not Dataverse metadata: no Entities/<Table>/Entity.xml or customizations.xml with tables found",
    );
  }
  return builder.finish();
}

/** The paths a folder reader should hand to importSolutionFolder. */
export function isSolutionFolderFile(path: string): boolean {
  const p = path.replace(/\\/g, "/");
  return (
    /(^|\/)Entities\/[^/]+\/Entity\.xml$/i.test(p) ||
    /(^|\/)Other\/Relationships\/[^/]+\.xml$/i.test(p) ||
    /(^|\/)Other\/Customizations\.xml$/i.test(p) ||
    /(^|\/)OptionSets\/[^/]+\.xml$/i.test(p)
  );
}

/**
 * The steps of reading a solution .zip: yields each entry it needs inflated and receives its bytes back, so the
 * same logic runs with inflation on this thread (importSolutionZip) or on the thread pool (importSolutionZipAsync).
 * The archive's whole directory is checked first (listZipEntries); entries are inflated under one byte budget.
 */
type ZipStep = { entry: ZipEntry; budget: number } | { parse: string; fileName: string };

function* solutionZipSteps(
  bytes: Uint8Array,
  fileName: string,
  limits: ZipLimits,
  texts?: ZipTexts,
): Generator<ZipStep, MetadataDocument, Uint8Array | MetadataDocument> {
  const entries = listZipEntries(bytes, fileName, limits);
  let budget = limits.maxUncompressedBytes;
  function* textOfEntry(entry: ZipEntry): Generator<ZipStep, string, Uint8Array | MetadataDocument> {
    const known = texts?.get(fileName, entry);
    if (known !== undefined) {
      budget -= entry.uncompressedSize;
      return known;
    }
    const data = (yield { entry, budget }) as Uint8Array;
    budget -= data.length;
    const text = utf8Text(data, `${fileName} (${entry.name})`);
    return texts ? texts.set(fileName, entry, text) : text;
  }
  const customizations = entries.find((entry) => entry.name.toLowerCase() === "customizations.xml");
  if (customizations) {
    const text = yield* textOfEntry(customizations);
    return (yield { parse: text, fileName: `${fileName} (customizations.xml)` }) as MetadataDocument;
  }
  // A zip of the unpacked SolutionPackager layout (Entities/..., Other/...), at its root or in one folder.
  const unpacked = entries.filter((entry) => isSolutionFolderFile(entry.name));
  if (unpacked.some((entry) => /(^|\/)Entities\/[^/]+\/Entity\.xml$/i.test(entry.name))) {
    const files: SolutionFile[] = [];
    for (const entry of unpacked) files.push({ path: entry.name, text: yield* textOfEntry(entry) });
    return importSolutionFolder(
      files,
      fileName,
      unpacked.map((entry) => `${fileName} (${entry.name})`),
    );
  }
  const nested = entries.find((entry) => /\/customizations\.xml$/i.test(entry.name));
  if (nested) {
    throw invalid(
      fileName,
      `not a Dataverse solution export: customizations.xml is inside a folder (${nested.name}); Dataverse puts it at the root of the zip`,
    );
  }
  const sample = entries
    .slice(0, 5)
    .map((entry) => entry.name)
    .join(", ");
  throw invalid(
    fileName,
    `not a Dataverse solution: the zip holds no customizations.xml at its root (it holds ${entries.length} entries${sample ? `: ${sample}` : ""})`,
  );
}

/** A solution .zip as exported by Dataverse, inflated on this thread (the CLI, tests). */
export function importSolutionZip(
  bytes: Uint8Array,
  fileName: string,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): MetadataDocument {
  const steps = solutionZipSteps(bytes, fileName, limits);
  let step = steps.next();
  while (!step.done) {
    const want = step.value;
    step = steps.next(
      "parse" in want
        ? importCustomizationsXml(want.parse, want.fileName)
        : readZipEntry(bytes, want.entry, fileName, want.budget),
    );
  }
  return step.value;
}

/**
 * The same, inflating on libuv's thread pool and parsing customizations.xml a slice at a time: a server keeps
 * answering other requests while it works. `onTable` hears the tables read so far; `texts` keeps what is inflated
 * for the upload's other readers.
 */
export async function importSolutionZipAsync(
  bytes: Uint8Array,
  fileName: string,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
  onTable?: (tables: number) => void,
  texts?: ZipTexts,
): Promise<MetadataDocument> {
  const steps = solutionZipSteps(bytes, fileName, limits, texts);
  let step = steps.next();
  while (!step.done) {
    const want = step.value;
    step = steps.next(
      "parse" in want
        ? await importCustomizationsXmlAsync(want.parse, want.fileName, onTable)
        : await readZipEntryAsync(bytes, want.entry, fileName, want.budget),
    );
  }
  return step.value;
}
