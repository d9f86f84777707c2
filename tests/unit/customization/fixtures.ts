// Test data for the customization tests: the real Web API metadata of ../shared/data/dataverse (imported
// once per test file with the real importer) and builders for project documents.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { importWebApi } from "@/lib/metadata/import-webapi";
import { importSolutionZip } from "@/lib/metadata/import-solution";
import type { Column, MetadataDocument, Table } from "@/lib/metadata/schema";
import {
  DEFAULT_PERMISSIONS,
  ProjectDocumentSchema,
  TableConfigSchema,
  type ProjectDocument,
  type ProjectDocumentInput,
  type TableConfig,
  type TableConfigInput,
} from "@/lib/customization/schema";

export const DATAVERSE_DIR = path.resolve(process.cwd(), "../shared/data/dataverse");

let real: MetadataDocument | undefined;

/** The 17 tables of the real orgs' EntityDefinitions responses (contact, appbase_actionitem, systemuser...). */
export function realSnapshot(): MetadataDocument {
  if (!real) {
    const dir = path.join(DATAVERSE_DIR, "webapi-entitydefinitions");
    const inputs = readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .sort()
      .map((f) => ({ name: f, json: JSON.parse(readFileSync(path.join(dir, f), "utf8")) as unknown }));
    real = importWebApi(inputs, { ignoreUnrecognized: true }).document;
  }
  return real;
}

let nonprofit: MetadataDocument | undefined;

/** The managed Nonprofit Core solution: 41 tables, of which account and contact are partial (only the solution's columns). */
export function nonprofitSnapshot(): MetadataDocument {
  if (!nonprofit) {
    const file = path.join(DATAVERSE_DIR, "solution-nonprofit-core", "NonprofitCore_2_2_3_0_managed.zip");
    nonprofit = importSolutionZip(new Uint8Array(readFileSync(file)), path.basename(file));
  }
  return nonprofit;
}

/** A deep copy to change for "newer snapshot" tests. */
export function cloneSnapshot(doc: MetadataDocument): MetadataDocument {
  return structuredClone(doc);
}

export function tableOf(doc: MetadataDocument, name: string): Table {
  const table = doc.tables.find((t) => t.logicalName === name);
  if (!table) throw new Error(`test data has no table ${name}`);
  return table;
}

export function columnOf(doc: MetadataDocument, table: string, column: string): Column {
  const found = tableOf(doc, table).columns.find((c) => c.logicalName === column);
  if (!found) throw new Error(`test data has no column ${table}.${column}`);
  return found;
}

/** A table config with defaults: offline, every permission, the given columns. */
export function config(tableName: string, columns: string[], rest: Partial<TableConfigInput> = {}): TableConfig {
  return TableConfigSchema.parse({
    tableName,
    columns,
    syncMode: "offline",
    permissions: { ...DEFAULT_PERMISSIONS },
    ...rest,
  });
}

export function project(tables: TableConfig[], rest: Partial<ProjectDocumentInput> = {}): ProjectDocument {
  return ProjectDocumentSchema.parse({
    name: "Field sales",
    environmentId: "env-1",
    snapshotId: "snap-1",
    roles: [{ roleName: "Salesperson", priority: 10 }],
    tables,
    ...rest,
  });
}

/** A small hand-made table, for shapes the real data lacks. */
export function syntheticTable(logicalName: string, columns: Array<Partial<Column> & { logicalName: string }>): Table {
  return {
    logicalName,
    displayName: { "1033": logicalName },
    displayCollectionName: { "1033": `${logicalName}s` },
    primaryIdColumn: `${logicalName}id`,
    primaryNameColumn: "name",
    ownership: "user",
    isActivity: false,
    isIntersect: false,
    custom: true,
    partial: false,
    columns: [
      { logicalName: `${logicalName}id`, type: "uniqueidentifier", requiredLevel: "SystemRequired" },
      { logicalName: "name", type: "string", requiredLevel: "None" },
      ...columns,
    ].map((c) => ({
      displayName: { "1033": c.logicalName },
      type: "string",
      requiredLevel: "None",
      validForRead: true,
      validForCreate: true,
      validForUpdate: true,
      secured: false,
      custom: true,
      ...c,
    })) as Column[],
  };
}
