// Normalizes Dataverse Web API metadata responses (EntityDefinitions with expanded Attributes and
// relationships, plus the option-set cast responses) into the one MetadataDocument. Pure: no I/O.
import { known } from "@/lib/metadata/known";
import { AppError } from "@/lib/app-error";
import { finishDocument } from "@/lib/metadata/finish-document";
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

export interface WebApiInput {
  /** File name or request label, used in error messages. */
  name: string;
  json: unknown;
}

export interface WebApiImportOptions {
  /**
   * Skip inputs that are not metadata (a folder may hold a manifest, saved-query lists...) instead of
   * failing; each skipped input becomes a warning. The live reader leaves this off.
   */
  ignoreUnrecognized?: boolean;
}

export interface WebApiImport {
  document: MetadataDocument;
  warnings: string[];
}

type Obj = Record<string, unknown>;

const isObj = (value: unknown): value is Obj => typeof value === "object" && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
const num = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isFinite(value) ? value : undefined;
const int = (value: unknown): number | undefined => {
  const n = num(value);
  // Safe integers only: a value past 2^53 is not what Dataverse meant, and the schema refuses it.
  return n !== undefined && Number.isSafeInteger(n) ? n : undefined;
};
/** Plain booleans and managed properties ({ Value: true, CanBeChanged: ... }). */
const flag = (value: unknown): boolean | undefined =>
  typeof value === "boolean" ? value : isObj(value) && typeof value.Value === "boolean" ? value.Value : undefined;

function invalid(where: string, reason: string): AppError {
  return new AppError("invalid", `${where}: ${reason}`, { problems: [{ path: where, message: reason }] });
}

/** { LocalizedLabels: [{ Label, LanguageCode }], UserLocalizedLabel } -> { "1033": "..." }; empty labels are dropped. */
export function labelsOfWebApi(value: unknown): Labels {
  const labels: Labels = {};
  if (!isObj(value)) return labels;
  const list = Array.isArray(value.LocalizedLabels) ? value.LocalizedLabels : [];
  for (const item of list) {
    if (!isObj(item)) continue;
    const label = str(item.Label);
    const code = int(item.LanguageCode);
    if (label && code !== undefined) labels[String(code)] = label;
  }
  if (Object.keys(labels).length === 0 && isObj(value.UserLocalizedLabel)) {
    const label = str(value.UserLocalizedLabel.Label);
    const code = int(value.UserLocalizedLabel.LanguageCode);
    if (label && code !== undefined) labels[String(code)] = label;
  }
  return labels;
}

const TYPE_BY_TYPE_NAME: Record<string, ColumnType> = {
  StringType: "string",
  MemoType: "memo",
  IntegerType: "integer",
  BigIntType: "bigint",
  DecimalType: "decimal",
  DoubleType: "double",
  MoneyType: "money",
  BooleanType: "boolean",
  DateTimeType: "datetime",
  PicklistType: "picklist",
  MultiSelectPicklistType: "multiselect",
  StateType: "state",
  StatusType: "status",
  LookupType: "lookup",
  CustomerType: "customer",
  OwnerType: "owner",
  PartyListType: "partylist",
  UniqueidentifierType: "uniqueidentifier",
  ImageType: "image",
  FileType: "file",
  EntityNameType: "entityname",
  ManagedPropertyType: "managedproperty",
  VirtualType: "virtual",
  CalendarRulesType: "calendarrules",
};

/** AttributeTypeName is the precise one (a multi-select or image column has AttributeType "Virtual"). */
export function columnTypeOfWebApi(attributeType: string | undefined, typeName: string | undefined): ColumnType {
  return (
    known(TYPE_BY_TYPE_NAME, typeName) ??
    (attributeType ? known(TYPE_BY_TYPE_NAME, `${attributeType}Type`) : undefined) ??
    "unknown"
  );
}

const REQUIRED: Record<string, RequiredLevel> = {
  None: "None",
  SystemRequired: "SystemRequired",
  ApplicationRequired: "ApplicationRequired",
  Recommended: "Recommended",
};

const OWNERSHIP: Record<string, Ownership> = {
  UserOwned: "user",
  TeamOwned: "user",
  // Business-owned tables (role, systemuser) belong to a business unit, not to a user: no ownerid to filter on.
  BusinessOwned: "organization",
  BusinessParented: "organization",
  OrganizationOwned: "organization",
  None: "none",
};

function optionOfWebApi(value: Obj, withState: boolean): Option | undefined {
  const optionValue = int(value.Value);
  if (optionValue === undefined) return undefined;
  const option: Option = { value: optionValue, labels: labelsOfWebApi(value.Label) };
  const state = int(value.State);
  if (withState && state !== undefined) option.state = state;
  const color = str(value.Color);
  if (color) option.color = color;
  return option;
}

/** An OptionSet / GlobalOptionSet / BooleanOptionSet metadata object -> OptionSet. */
export function optionSetOfWebApi(value: Obj): OptionSet {
  const options: Option[] = [];
  if (isObj(value.FalseOption) || isObj(value.TrueOption)) {
    for (const side of [value.FalseOption, value.TrueOption]) {
      if (!isObj(side)) continue;
      const option = optionOfWebApi(side, false);
      if (option) options.push(option);
    }
  } else if (Array.isArray(value.Options)) {
    const isStatus = str(value.OptionSetType) === "Status";
    for (const item of value.Options) {
      if (!isObj(item)) continue;
      const option = optionOfWebApi(item, isStatus || (str(item["@odata.type"]) ?? "").includes("StatusOption"));
      if (option) options.push(option);
    }
  }
  const set: OptionSet = { global: value.IsGlobal === true, options };
  const name = str(value.Name);
  if (name) set.name = name;
  return set;
}

const CAST_CONTEXT = /#EntityDefinitions\(([^)]*)\)\/Attributes\/Microsoft\.Dynamics\.CRM\.(\w+?)AttributeMetadata/;
const CAST_FILE = /^(?:.*[\\/])?([^\\/]+?)\.(\w+?)AttributeMetadata\.json$/i;
const HOST = /^https?:\/\/([^/]+)\//i;
const IGNORED_CONTEXT = /#(savedqueries|systemforms|savedqueryvisualizations|userqueries|roles|systemusers|teams)\b/i;

interface CastResponse {
  where: string;
  host: string;
  /** Logical name, or MetadataId when the context uses the key form EntityDefinitions(<guid>). */
  tableKey: string;
  kind: string;
  items: unknown[];
}

interface RawTable {
  where: string;
  host: string;
  entity: Obj;
}

interface Collected {
  tables: RawTable[];
  casts: CastResponse[];
  globals: Record<string, OptionSet>;
  warnings: string[];
  unrecognized: string[];
}

// Deliberately not a type guard: a failed check must not narrow an object to never.
function isEntity(value: unknown): boolean {
  return (
    isObj(value) &&
    typeof value.LogicalName === "string" &&
    (Array.isArray(value.Attributes) || typeof value.PrimaryIdAttribute === "string")
  );
}

function tableKeyOf(inside: string): string {
  const trimmed = inside.trim();
  const named = /^(?:LogicalName\s*=\s*)?'([^']*)'$/.exec(trimmed);
  return (named ? named[1] : trimmed).toLowerCase();
}

function collect(
  json: unknown,
  where: string,
  fileName: string,
  into: Collected,
  hostHint: string,
  depth: number,
): void {
  if (depth > 4) {
    into.unrecognized.push(where);
    return;
  }
  if (Array.isArray(json)) {
    const before = { tables: into.tables.length, casts: into.casts.length, unrecognized: into.unrecognized.length };
    json.forEach((item, index) => collect(item, `${where}[${index}]`, fileName, into, hostHint, depth + 1));
    const nothingFound = into.tables.length === before.tables && into.casts.length === before.casts;
    // An array of which nothing is metadata (a manifest, a package list) is reported once, as the whole file.
    if (nothingFound && (json.length === 0 || into.unrecognized.length > before.unrecognized)) {
      into.unrecognized.length = before.unrecognized;
      into.unrecognized.push(where);
    }
    return;
  }
  if (!isObj(json)) {
    into.unrecognized.push(where);
    return;
  }
  const context = str(json["@odata.context"]) ?? "";
  const host = (HOST.exec(context)?.[1] ?? hostHint).toLowerCase();
  const cast = CAST_CONTEXT.exec(context);
  if (cast) {
    if (!Array.isArray(json.value)) throw invalid(where, "option-set response without a value array");
    into.casts.push({ where, host, tableKey: tableKeyOf(cast[1]), kind: cast[2], items: json.value });
    return;
  }
  if (/#GlobalOptionSetDefinitions/.test(context)) {
    const list = Array.isArray(json.value) ? json.value : [json];
    for (const item of list) {
      if (!isObj(item) || !str(item.Name)) continue;
      const set = optionSetOfWebApi(item);
      set.global = true;
      into.globals[set.name!] = set;
    }
    return;
  }
  if (isEntity(json)) {
    into.tables.push({ where, host, entity: json });
    return;
  }
  if (IGNORED_CONTEXT.test(context)) return;
  if (Array.isArray(json.EntityMetadata)) {
    collect(json.EntityMetadata, `${where}.EntityMetadata`, fileName, into, host, depth + 1);
    return;
  }
  if (Array.isArray(json.value)) {
    // A cast response saved without its context: fall back to the file name the export gave it.
    const byFile = CAST_FILE.exec(fileName);
    if (byFile && json.value.every((item) => isObj(item) && !isEntity(item))) {
      into.casts.push({ where, host, tableKey: byFile[1].toLowerCase(), kind: byFile[2], items: json.value });
      return;
    }
    if (json.value.length === 0 && /#EntityDefinitions/.test(context)) return;
    if (json.value.length > 0 && json.value.every(isEntity)) {
      json.value.forEach((item, index) =>
        into.tables.push({ where: `${where}.value[${index}]`, host, entity: item as Obj }),
      );
      return;
    }
  }
  into.unrecognized.push(where);
}

interface CastInfo {
  optionSet?: Obj;
  globalOptionSet?: Obj;
}

function columnOf(attribute: unknown, where: string, cast: CastInfo | undefined): Column {
  if (!isObj(attribute)) throw invalid(where, "an attribute must be an object");
  const logicalName = str(attribute.LogicalName);
  if (!logicalName) throw invalid(where, "attribute without LogicalName");
  const typeName = isObj(attribute.AttributeTypeName) ? str(attribute.AttributeTypeName.Value) : undefined;
  const attributeType = str(attribute.AttributeType);
  const type = columnTypeOfWebApi(attributeType, typeName);
  const required = isObj(attribute.RequiredLevel) ? str(attribute.RequiredLevel.Value) : str(attribute.RequiredLevel);
  const column: Column = {
    logicalName,
    displayName: labelsOfWebApi(attribute.DisplayName),
    type,
    requiredLevel: known(REQUIRED, required) ?? "None",
    validForRead: attribute.IsValidForRead === true,
    validForCreate: attribute.IsValidForCreate === true,
    validForUpdate: attribute.IsValidForUpdate === true,
    secured: attribute.IsSecured === true,
    custom: attribute.IsCustomAttribute === true,
  };
  const schemaName = str(attribute.SchemaName);
  if (schemaName) column.schemaName = schemaName;
  const sourceType = typeName ?? attributeType;
  if (sourceType) column.sourceType = sourceType;
  const maxLength = int(attribute.MaxLength);
  if (maxLength !== undefined && (type === "string" || type === "memo")) column.maxLength = maxLength;
  const numeric =
    type === "integer" || type === "bigint" || type === "decimal" || type === "double" || type === "money";
  if (numeric) {
    const min = num(attribute.MinValue);
    const max = num(attribute.MaxValue);
    const precision = int(attribute.Precision);
    if (min !== undefined) column.minValue = min;
    if (max !== undefined) column.maxValue = max;
    if (precision !== undefined) column.precision = precision;
  }
  if (type === "datetime") {
    const behavior = isObj(attribute.DateTimeBehavior)
      ? str(attribute.DateTimeBehavior.Value)
      : str(attribute.DateTimeBehavior);
    if (behavior) column.dateTimeBehavior = behavior;
    const format = str(attribute.Format);
    if (format === "DateOnly" || format === "DateAndTime") column.dateTimeFormat = format;
  }
  if (
    Array.isArray(attribute.Targets) &&
    (type === "lookup" || type === "customer" || type === "owner" || type === "partylist")
  ) {
    column.targets = attribute.Targets.filter((t): t is string => typeof t === "string").sort();
  }
  const attributeOf = str(attribute.AttributeOf);
  if (attributeOf) column.attributeOf = attributeOf;
  if (type === "picklist" || type === "multiselect" || type === "state" || type === "status" || type === "boolean") {
    const source = cast?.optionSet ?? (isObj(attribute.OptionSet) ? attribute.OptionSet : undefined);
    const globalSource =
      cast?.globalOptionSet ?? (isObj(attribute.GlobalOptionSet) ? attribute.GlobalOptionSet : undefined);
    if (source) {
      const set = optionSetOfWebApi(source);
      // A cast with only $expand=GlobalOptionSet leaves OptionSet empty: take the options from the global one.
      if (set.options.length === 0 && globalSource) {
        const global = optionSetOfWebApi(globalSource);
        set.options = global.options;
        set.global = true;
        set.name = set.name ?? global.name;
      }
      column.optionSet = set;
    } else if (globalSource) {
      column.optionSet = { ...optionSetOfWebApi(globalSource), global: true };
    }
  }
  return column;
}

function relationshipOf(value: unknown, where: string): Relationship {
  if (!isObj(value)) throw invalid(where, "a relationship must be an object");
  const schemaName = str(value.SchemaName);
  if (!schemaName) throw invalid(where, "relationship without SchemaName");
  if (str(value.RelationshipType) === "ManyToManyRelationship" || value.Entity1LogicalName !== undefined) {
    const relationship: Relationship = { schemaName, kind: "many-to-many" };
    const table1 = str(value.Entity1LogicalName);
    const table2 = str(value.Entity2LogicalName);
    const intersect = str(value.IntersectEntityName);
    const column1 = str(value.Entity1IntersectAttribute);
    const column2 = str(value.Entity2IntersectAttribute);
    if (table1) relationship.table1 = table1;
    if (table2) relationship.table2 = table2;
    if (intersect) relationship.intersectTable = intersect;
    if (column1) relationship.table1Column = column1;
    if (column2) relationship.table2Column = column2;
    return relationship;
  }
  const relationship: Relationship = { schemaName, kind: "one-to-many" };
  const referencedTable = str(value.ReferencedEntity);
  const referencedColumn = str(value.ReferencedAttribute);
  const referencingTable = str(value.ReferencingEntity);
  const referencingColumn = str(value.ReferencingAttribute);
  if (referencedTable) relationship.referencedTable = referencedTable;
  if (referencedColumn) relationship.referencedColumn = referencedColumn;
  if (referencingTable) relationship.referencingTable = referencingTable;
  if (referencingColumn) relationship.referencingColumn = referencingColumn;
  if (isObj(value.CascadeConfiguration)) {
    const cascade: Record<string, string> = {};
    for (const [key, setting] of Object.entries(value.CascadeConfiguration)) {
      if (typeof setting === "string") cascade[key] = setting;
    }
    relationship.cascade = cascade;
  }
  return relationship;
}

function tableOf(raw: RawTable, casts: Map<string, CastInfo> | undefined, relationships: Relationship[]): Table {
  const entity = raw.entity;
  const logicalName = str(entity.LogicalName)!;
  const where = `${raw.where} (${logicalName})`;
  const attributes = Array.isArray(entity.Attributes) ? entity.Attributes : undefined;
  const columns = (attributes ?? []).map((attribute, index) =>
    columnOf(
      attribute,
      `${where}.Attributes[${index}]`,
      isObj(attribute) ? casts?.get(String(attribute.LogicalName)) : undefined,
    ),
  );
  const objectTypeCode = int(entity.ObjectTypeCode);
  const primaryId =
    str(entity.PrimaryIdAttribute) ?? (attributes ?? []).filter(isObj).find((a) => a.IsPrimaryId === true)?.LogicalName;
  const ownershipType = str(entity.OwnershipType);
  const table: Table = {
    logicalName,
    displayName: labelsOfWebApi(entity.DisplayName),
    displayCollectionName: labelsOfWebApi(entity.DisplayCollectionName),
    primaryIdColumn: typeof primaryId === "string" ? primaryId : "",
    ownership: known(OWNERSHIP, ownershipType) ?? "none",
    isActivity: entity.IsActivity === true,
    isIntersect: entity.IsIntersect === true,
    // IsCustomEntity when selected; otherwise Dataverse's own rule: custom tables get type codes from 10,000 up.
    custom:
      typeof entity.IsCustomEntity === "boolean"
        ? entity.IsCustomEntity
        : objectTypeCode !== undefined && objectTypeCode >= 10000,
    // Without Attributes the response is a table-list entry: the columns are not known.
    partial: attributes === undefined,
    columns,
  };
  const schemaName = str(entity.SchemaName);
  if (schemaName) table.schemaName = schemaName;
  const entitySetName = str(entity.EntitySetName);
  if (entitySetName) table.entitySetName = entitySetName;
  const primaryName = str(entity.PrimaryNameAttribute);
  if (primaryName) table.primaryNameColumn = primaryName;
  if (objectTypeCode !== undefined) table.objectTypeCode = objectTypeCode;
  const offline = flag(entity.IsOfflineInMobileClient);
  if (offline !== undefined) table.offlineEnabled = offline;
  for (const key of ["OneToManyRelationships", "ManyToOneRelationships", "ManyToManyRelationships"] as const) {
    const list = entity[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw invalid(`${where}.${key}`, "must be an array");
    list.forEach((item, index) => relationships.push(relationshipOf(item, `${where}.${key}[${index}]`)));
  }
  return table;
}

/** Normalizes Web API responses and reports what it skipped. */
export function importWebApi(inputs: WebApiInput[], options: WebApiImportOptions = {}): WebApiImport {
  const collected: Collected = { tables: [], casts: [], globals: {}, warnings: [], unrecognized: [] };
  for (const input of inputs) {
    const before = collected.unrecognized.length;
    collect(input.json, input.name, input.name, collected, "", 0);
    if (collected.unrecognized.length > before && !options.ignoreUnrecognized) {
      const where = collected.unrecognized[before];
      throw invalid(
        where,
        "not Dataverse metadata: expected an EntityDefinitions response (a table with LogicalName and Attributes), an option-set cast response, or an array / { value: [...] } of them",
      );
    }
    for (const where of collected.unrecognized.slice(before))
      collected.warnings.push(`${where}: skipped, not Dataverse metadata`);
  }
  if (collected.tables.length === 0) {
    // The first few files by name: 20,000 of them would make a message of a quarter of a million characters.
    const shown = inputs.slice(0, 5).map((input) => input.name);
    const names =
      inputs.length === 0
        ? "(no input)"
        : `${shown.join(", ")}${inputs.length > shown.length ? ` and ${inputs.length - shown.length} more` : ""}`;
    throw invalid(names, "not Dataverse metadata: no EntityDefinitions response (table) found");
  }

  // Casts name their table in @odata.context as EntityDefinitions('x'), (LogicalName='x') or (<MetadataId>).
  const tableIndex = new Map<string, RawTable>();
  for (const raw of collected.tables) {
    const logicalName = String(raw.entity.LogicalName).toLowerCase();
    const metadataId = str(raw.entity.MetadataId)?.toLowerCase();
    // Keyed by org host too: two orgs may both have a 'contact'. "*|" finds a table whatever its host.
    for (const key of [
      `${raw.host}|${logicalName}`,
      `*|${logicalName}`,
      ...(metadataId ? [`${raw.host}|${metadataId}`, `*|${metadataId}`] : []),
    ]) {
      if (!tableIndex.has(key)) tableIndex.set(key, raw);
    }
  }
  const castsByTable = new Map<RawTable, Map<string, CastInfo>>();
  for (const cast of collected.casts) {
    // Same host first; a cast without a host matches any table, a cast from a host matches a table without one.
    const raw =
      tableIndex.get(`${cast.host}|${cast.tableKey}`) ??
      (cast.host === "" ? tableIndex.get(`*|${cast.tableKey}`) : tableIndex.get(`|${cast.tableKey}`));
    if (!raw) {
      collected.warnings.push(
        `${cast.where}: option sets for table '${cast.tableKey}' skipped: no EntityDefinitions response for it`,
      );
      continue;
    }
    let byColumn = castsByTable.get(raw);
    if (!byColumn) castsByTable.set(raw, (byColumn = new Map()));
    cast.items.forEach((item, index) => {
      if (!isObj(item)) throw invalid(`${cast.where}.value[${index}]`, "must be an object");
      const column = str(item.LogicalName);
      if (!column) throw invalid(`${cast.where}.value[${index}]`, "attribute without LogicalName");
      const info: CastInfo = byColumn!.get(column) ?? {};
      if (isObj(item.OptionSet)) info.optionSet = item.OptionSet;
      if (isObj(item.GlobalOptionSet)) info.globalOptionSet = item.GlobalOptionSet;
      byColumn!.set(column, info);
    });
  }

  const relationships: Relationship[] = [];
  const seen = new Set<string>();
  const tables: Table[] = [];
  for (const raw of collected.tables) {
    const table = tableOf(raw, castsByTable.get(raw), relationships);
    if (seen.has(table.logicalName)) {
      collected.warnings.push(
        `${raw.where}: table '${table.logicalName}' appears more than once; the first one is kept`,
      );
      continue;
    }
    seen.add(table.logicalName);
    tables.push(table);
  }
  // Global option sets seen on columns (OptionSet.IsGlobal) are collected by finishDocument.
  return {
    document: finishDocument("webapi-json", tables, relationships, collected.globals),
    warnings: collected.warnings,
  };
}

/**
 * The entry point of the live reader: the raw responses of the metadata requests of DATAVERSE.md (per
 * table the expanded EntityDefinitions(LogicalName='x') response and the option-set cast responses,
 * each with its @odata.context). Throws AppError("invalid") naming the input at fault.
 */
export function normalizeWebApi(inputs: Array<{ name: string; json: unknown }>): MetadataDocument {
  return importWebApi(inputs).document;
}
