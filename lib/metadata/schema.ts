// The normalized Dataverse metadata model: one shape whatever the source (Web API JSON, solution, live org).
// Safe to import anywhere (browser, server, CLI).
import { z } from "zod";

/** Labels per language code (1033 = English). */
export const LabelsSchema = z.record(z.string(), z.string());
export type Labels = z.infer<typeof LabelsSchema>;

export const ColumnTypeSchema = z.enum([
  "string",
  "memo",
  "integer",
  "bigint",
  "decimal",
  "double",
  "money",
  "boolean",
  "datetime",
  "picklist",
  "multiselect",
  "state",
  "status",
  "lookup",
  "customer",
  "owner",
  "partylist",
  "uniqueidentifier",
  "image",
  "file",
  "entityname",
  "managedproperty",
  "virtual",
  "calendarrules",
  "unknown",
]);
export type ColumnType = z.infer<typeof ColumnTypeSchema>;

export const OptionSchema = z.object({
  value: z.number().int(),
  labels: LabelsSchema,
  /** For status options: the statecode value this status belongs to. */
  state: z.number().int().optional(),
  color: z.string().optional(),
});
export type Option = z.infer<typeof OptionSchema>;

export const OptionSetSchema = z.object({
  /** Global option set name, or undefined for a local one. */
  name: z.string().optional(),
  global: z.boolean(),
  options: z.array(OptionSchema),
  /** True when the column names a global option set whose options the source does not hold (options is then empty). */
  unresolved: z.boolean().optional(),
});
export type OptionSet = z.infer<typeof OptionSetSchema>;

export const RequiredLevelSchema = z.enum(["None", "SystemRequired", "ApplicationRequired", "Recommended"]);
export type RequiredLevel = z.infer<typeof RequiredLevelSchema>;

export const ColumnSchema = z.object({
  logicalName: z.string(),
  schemaName: z.string().optional(),
  displayName: LabelsSchema,
  type: ColumnTypeSchema,
  /** The Dataverse AttributeType / AttributeTypeName as the source spelled it, for faithful display. */
  sourceType: z.string().optional(),
  requiredLevel: RequiredLevelSchema,
  maxLength: z.number().int().optional(),
  minValue: z.number().optional(),
  maxValue: z.number().optional(),
  precision: z.number().int().optional(),
  /** datetime only: UserLocal | DateOnly | TimeZoneIndependent */
  dateTimeBehavior: z.string().optional(),
  /** datetime only: DateOnly | DateAndTime */
  dateTimeFormat: z.string().optional(),
  validForRead: z.boolean(),
  validForCreate: z.boolean(),
  validForUpdate: z.boolean(),
  /** Field-level security. */
  secured: z.boolean(),
  custom: z.boolean(),
  /** Lookup, customer, owner, party list: the tables it can point to. */
  targets: z.array(z.string()).optional(),
  /** Picklist, multiselect, state, status, boolean: resolved options. */
  optionSet: OptionSetSchema.optional(),
  /** A column that belongs to another (e.g. the name of a lookup), when the source says so. */
  attributeOf: z.string().optional(),
});
export type Column = z.infer<typeof ColumnSchema>;

export const OwnershipSchema = z.enum(["user", "organization", "none"]);
export type Ownership = z.infer<typeof OwnershipSchema>;

export const CascadeSchema = z.record(z.string(), z.string());

export const RelationshipSchema = z.object({
  schemaName: z.string(),
  kind: z.enum(["one-to-many", "many-to-many"]),
  /** one-to-many: the "one" side. */
  referencedTable: z.string().optional(),
  referencedColumn: z.string().optional(),
  /** one-to-many: the "many" side, holding the lookup column. */
  referencingTable: z.string().optional(),
  referencingColumn: z.string().optional(),
  /** many-to-many */
  table1: z.string().optional(),
  table2: z.string().optional(),
  intersectTable: z.string().optional(),
  table1Column: z.string().optional(),
  table2Column: z.string().optional(),
  cascade: CascadeSchema.optional(),
});
export type Relationship = z.infer<typeof RelationshipSchema>;

export const TableSchema = z.object({
  logicalName: z.string(),
  schemaName: z.string().optional(),
  displayName: LabelsSchema,
  displayCollectionName: LabelsSchema,
  entitySetName: z.string().optional(),
  primaryIdColumn: z.string(),
  primaryNameColumn: z.string().optional(),
  ownership: OwnershipSchema,
  isActivity: z.boolean(),
  isIntersect: z.boolean(),
  custom: z.boolean(),
  objectTypeCode: z.number().int().optional(),
  /** Whether Dataverse allows the table in a mobile offline profile, where the source says. */
  offlineEnabled: z.boolean().optional(),
  /** True when the source holds only some of the table's columns (managed solution of a system table). */
  partial: z.boolean(),
  columns: z.array(ColumnSchema),
});
export type Table = z.infer<typeof TableSchema>;

/** The whole normalized metadata of one import. Tables and relationships are sorted by name. */
export const MetadataDocumentSchema = z.object({
  /** "combined": built from several sources (lib/metadata/combine.ts). */
  format: z.enum(["webapi-json", "solution", "live", "combined"]),
  tables: z.array(TableSchema),
  relationships: z.array(RelationshipSchema),
  /** Global option sets by name. */
  globalOptionSets: z.record(z.string(), OptionSetSchema),
});
export type MetadataDocument = z.infer<typeof MetadataDocumentSchema>;

/** Where a snapshot's metadata came from: one source, or several combined into one snapshot. */
export const SnapshotSourceKindSchema = z.enum(["webapi-json", "solution", "live", "combined"]);
export type SnapshotSourceKind = z.infer<typeof SnapshotSourceKindSchema>;

/** One source of a combined snapshot, in the order it was added (a later source completes an earlier one). */
export const ProvenanceSourceSchema = z.object({
  kind: z.enum(["webapi-json", "solution", "live"]),
  /** What the admin imported: a file name, a folder, the org URL. */
  name: z.string(),
  tables: z.number().int(),
  columns: z.number().int(),
});
export type ProvenanceSource = z.infer<typeof ProvenanceSourceSchema>;

/** Where one table of a combined snapshot came from: `from` is the source whose definition was kept. */
export const TableOriginSchema = z.object({
  table: z.string(),
  from: z.number().int().nonnegative(),
  /** Columns another source added, by source index (only sources other than `from`). */
  completedBy: z.array(z.object({ source: z.number().int().nonnegative(), columns: z.array(z.string()) })).optional(),
});
export type TableOrigin = z.infer<typeof TableOriginSchema>;

/** What a combined snapshot lists: its sources and each table's origin (sorted by table name). */
export const SnapshotProvenanceSchema = z.object({
  sources: z.array(ProvenanceSourceSchema).min(1),
  tables: z.array(TableOriginSchema),
});
export type SnapshotProvenance = z.infer<typeof SnapshotProvenanceSchema>;

/** The English label, falling back to any label, then to the fallback. */
export function labelOf(labels: Labels | undefined, fallback: string, language = "1033"): string {
  if (!labels) return fallback;
  return labels[language] ?? Object.values(labels)[0] ?? fallback;
}

/** Renaming a snapshot: its new name, checked against the revision the editor saw. */
export const RenameSnapshotSchema = z.object({
  snapshotId: z.string().min(1),
  revision: z.number().int().positive(),
  name: z.string().trim().min(1, "Give the snapshot a name.").max(120, "A snapshot name has at most 120 characters."),
});
export type RenameSnapshot = z.infer<typeof RenameSnapshotSchema>;

export const SnapshotIdSchema = z.object({ snapshotId: z.string().min(1) });
