// A synthetic org of ~1,000 tables / ~60,000+ columns built by multiplying the real Web API responses in
// ../shared/data/dataverse/webapi-entitydefinitions (tables renamed <name>_s<k>). Used by the metadata
// benchmark, and by the Dataverse Web API stand-in to serve a real-sized org in the wire format.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export const SYNTHETIC_HOST = "synthetic.crm.dynamics.com";

/** The real-data folder: $SYNCWRIGHT_DATAVERSE_DATA, else ../shared/data/dataverse beside the project. */
export function realDataverseDir(): string {
  return process.env.SYNCWRIGHT_DATAVERSE_DATA ?? path.resolve(process.cwd(), "../shared/data/dataverse");
}

type Json = Record<string, unknown>;

export interface SyntheticCast {
  /** Picklist, State, Status, Boolean, MultiSelectPicklist, EntityName. */
  kind: string;
  /** The response body of EntityDefinitions(LogicalName='x')/Attributes/Microsoft.Dynamics.CRM.<kind>AttributeMetadata. */
  json: Json;
}

export interface SyntheticTable {
  logicalName: string;
  /** The response body of EntityDefinitions(LogicalName='x')?$expand=Attributes,ManyToOneRelationships,... */
  entityDefinition: Json;
  casts: SyntheticCast[];
}

export interface SyntheticOrg {
  host: string;
  tables: SyntheticTable[];
  columnCount: number;
  relationshipCount: number;
}

export interface SyntheticOrgOptions {
  /** Number of tables (default 1,000). */
  tables?: number;
  /** Folder of the real Web API files (default: realDataverseDir()/webapi-entitydefinitions). */
  sourceDir?: string;
}

interface BaseTable {
  logicalName: string;
  entity: Json;
  casts: SyntheticCast[];
}

function retarget(context: unknown, from: string, to: string): string | undefined {
  if (typeof context !== "string") return undefined;
  return context
    .replace(/^https?:\/\/[^/]+\//, `https://${SYNTHETIC_HOST}/`)
    .replace(`EntityDefinitions('${from}')`, `EntityDefinitions('${to}')`);
}

function loadBase(sourceDir: string): BaseTable[] {
  const files = readdirSync(sourceDir)
    .filter((f) => f.endsWith(".EntityDefinitions.json"))
    .sort();
  return files.map((file) => {
    const logicalName = file.replace(/\.EntityDefinitions\.json$/, "");
    const entity = JSON.parse(readFileSync(path.join(sourceDir, file), "utf8")) as Json;
    const casts: SyntheticCast[] = [];
    for (const castFile of readdirSync(sourceDir)
      .filter((f) => f.startsWith(`${logicalName}.`) && f.endsWith("AttributeMetadata.json"))
      .sort()) {
      const kind = castFile.slice(logicalName.length + 1).replace(/AttributeMetadata\.json$/, "");
      casts.push({ kind, json: JSON.parse(readFileSync(path.join(sourceDir, castFile), "utf8")) as Json });
    }
    return { logicalName, entity, casts };
  });
}

function renameEntity(base: BaseTable, suffix: string, index: number): SyntheticTable {
  const from = base.logicalName;
  const to = `${from}${suffix}`;
  const entity = structuredClone(base.entity);
  entity["@odata.context"] = retarget(entity["@odata.context"], from, to);
  entity.LogicalName = to;
  if (typeof entity.EntitySetName === "string") entity.EntitySetName = `${entity.EntitySetName}${suffix}`;
  if (typeof entity.MetadataId === "string")
    entity.MetadataId = `${entity.MetadataId.slice(0, 24)}${index.toString(16).padStart(12, "0")}`;
  if (Array.isArray(entity.Attributes)) {
    for (const attribute of entity.Attributes as Json[]) {
      if (attribute.EntityLogicalName === from) attribute.EntityLogicalName = to;
      if (Array.isArray(attribute.Targets))
        attribute.Targets = (attribute.Targets as string[]).map((t) => (t === from ? to : t));
    }
  }
  for (const key of ["OneToManyRelationships", "ManyToOneRelationships", "ManyToManyRelationships"]) {
    const list = entity[key];
    if (!Array.isArray(list)) continue;
    for (const relationship of list as Json[]) {
      relationship.SchemaName = `${relationship.SchemaName}${suffix}`;
      for (const field of ["ReferencedEntity", "ReferencingEntity", "Entity1LogicalName", "Entity2LogicalName"]) {
        if (relationship[field] === from) relationship[field] = to;
      }
    }
  }
  const casts = base.casts.map((cast) => {
    const json = structuredClone(cast.json);
    json["@odata.context"] = retarget(json["@odata.context"], from, to);
    return { kind: cast.kind, json };
  });
  return { logicalName: to, entityDefinition: entity, casts };
}

/**
 * Builds the org in memory. Copy 0 of each real table keeps its name; later copies are <name>_s<k>.
 * systemuser (4,366 relationships, 6.5 MB) appears once, as in a real org; contact every other round.
 */
export function buildSyntheticOrg(options: SyntheticOrgOptions = {}): SyntheticOrg {
  const target = options.tables ?? 1000;
  const base = loadBase(options.sourceDir ?? path.join(realDataverseDir(), "webapi-entitydefinitions"));
  const tables: SyntheticTable[] = [];
  for (let copy = 0; tables.length < target; copy++) {
    for (const table of base) {
      if (tables.length >= target) break;
      if (copy > 0 && table.logicalName === "systemuser") continue;
      // contact has 313 columns; taking it every other round brings the mean near a real org's ~60 per table.
      if (copy % 2 === 1 && table.logicalName === "contact") continue;
      tables.push(renameEntity(table, copy === 0 ? "" : `_s${copy}`, tables.length));
    }
  }
  let columnCount = 0;
  let relationshipCount = 0;
  for (const table of tables) {
    columnCount += (table.entityDefinition.Attributes as unknown[]).length;
    for (const key of ["OneToManyRelationships", "ManyToOneRelationships", "ManyToManyRelationships"]) {
      relationshipCount += ((table.entityDefinition[key] as unknown[]) ?? []).length;
    }
  }
  return { host: SYNTHETIC_HOST, tables, columnCount, relationshipCount };
}

/** Every response of the org as the live reader hands them to normalizeWebApi. */
export function syntheticOrgInputs(org: SyntheticOrg): Array<{ name: string; json: unknown }> {
  const inputs: Array<{ name: string; json: unknown }> = [];
  for (const table of org.tables) {
    inputs.push({ name: `${table.logicalName}.EntityDefinitions.json`, json: table.entityDefinition });
    for (const cast of table.casts)
      inputs.push({ name: `${table.logicalName}.${cast.kind}AttributeMetadata.json`, json: cast.json });
  }
  return inputs;
}

/** The same responses as JSON text (what travels over the wire), for parse timings and the stand-in. */
export function syntheticOrgTexts(org: SyntheticOrg): Array<{ name: string; text: string }> {
  return syntheticOrgInputs(org).map((input) => ({ name: input.name, text: JSON.stringify(input.json) }));
}
