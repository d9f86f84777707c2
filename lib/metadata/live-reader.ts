// Reads what the environment screen needs from a live org through the Web API client: the metadata (table list,
// then each table's columns, relationships and option sets) and the security roles.
import { AppError } from "@/lib/app-error";
import type { DataverseClient } from "@/lib/dataverse/client";
import type { SecurityRole } from "@/lib/dataverse/schema";
import { ROLE_SELECT, securityRoleOf, sortRoles } from "@/lib/dataverse/user-roles";
import { finishDocument } from "@/lib/metadata/finish-document";
import { importWebApi } from "@/lib/metadata/import-webapi";
import type { MetadataDocument, OptionSet, Relationship, Table } from "@/lib/metadata/schema";

/** The table list request of DATAVERSE.md. */
export const TABLE_LIST_SELECT =
  "LogicalName,SchemaName,DisplayName,DisplayCollectionName,EntitySetName,PrimaryIdAttribute,PrimaryNameAttribute,OwnershipType,IsActivity,IsIntersect,IsCustomEntity,ObjectTypeCode";
export const TABLE_LIST_PATH = `EntityDefinitions?$select=${TABLE_LIST_SELECT}&$filter=IsPrivate eq false`;

/** One table: the list's properties plus whether Dataverse allows it offline, with everything expanded. */
export const TABLE_SELECT = `${TABLE_LIST_SELECT},IsOfflineInMobileClient`;
export const TABLE_EXPAND = "Attributes,ManyToOneRelationships,OneToManyRelationships,ManyToManyRelationships";

/** Expanded attributes carry only base properties: option sets need one cast per attribute type. */
export const OPTION_SET_CASTS = [
  "PicklistAttributeMetadata",
  "StateAttributeMetadata",
  "StatusAttributeMetadata",
  "MultiSelectPicklistAttributeMetadata",
  "BooleanAttributeMetadata",
] as const;

export function tablePath(logicalName: string): string {
  return `EntityDefinitions(LogicalName='${logicalName}')?$select=${TABLE_SELECT}&$expand=${TABLE_EXPAND}`;
}

export function castPath(logicalName: string, cast: string): string {
  return `EntityDefinitions(LogicalName='${logicalName}')/Attributes/Microsoft.Dynamics.CRM.${cast}?$select=LogicalName&$expand=OptionSet,GlobalOptionSet`;
}

export interface ReadLiveMetadataOptions {
  /** Called with 0 first, then after each table: tables done / tables to read. */
  onProgress?: (done: number, total: number) => void;
  /** Read only these tables (logical names) instead of every non-private table. */
  tables?: string[];
  /** Tables read at once; each needs up to six requests, and the client caps requests in flight. Default 4. */
  tableConcurrency?: number;
  signal?: AbortSignal;
}

export interface LiveMetadata {
  document: MetadataDocument;
  /** Tables that vanished while reading, option sets that could not be matched, ... */
  warnings: string[];
}

type Obj = Record<string, unknown>;

/**
 * The org's metadata as one document (format "live"). Each table is normalized as soon as its responses arrive,
 * so a 1,000-table org never holds every raw response at once; the last step is the same as normalizeWebApi's.
 */
export async function readLiveMetadata(
  client: DataverseClient,
  options: ReadLiveMetadataOptions = {},
): Promise<LiveMetadata> {
  const list = await client.getJson<{ value?: unknown }>(TABLE_LIST_PATH, { signal: options.signal });
  if (!Array.isArray(list.value))
    throw new AppError("upstream", `Dataverse answered GET ${TABLE_LIST_PATH} without a "value" array.`);
  const listed = list.value
    .map((item) => (item && typeof item === "object" ? (item as Obj).LogicalName : undefined))
    .filter((name): name is string => typeof name === "string" && name !== "")
    .sort();
  let names = listed;
  if (options.tables) {
    const wanted = new Set(options.tables.map((t) => t.toLowerCase()));
    names = listed.filter((name) => wanted.has(name.toLowerCase()));
    const missing = options.tables.filter((t) => !listed.some((name) => name.toLowerCase() === t.toLowerCase()));
    if (missing.length > 0) {
      throw new AppError(
        "not_found",
        `The org at ${client.orgUrl} has no (non-private) table ${missing.map((m) => `'${m}'`).join(", ")}.`,
      );
    }
  }

  const total = names.length;
  const results: Array<
    | { tables: Table[]; relationships: Relationship[]; globals: Record<string, OptionSet>; warnings: string[] }
    | undefined
  > = new Array(total);
  let done = 0;
  options.onProgress?.(0, total);

  // A failure stops the other workers before they start another table.
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  let next = 0;
  const worker = async () => {
    while (next < total && !signal.aborted) {
      const index = next++;
      results[index] = await readTable(client, names[index], signal);
      done++;
      options.onProgress?.(done, total);
    }
  };
  const workers = Array.from({ length: Math.min(options.tableConcurrency ?? 4, Math.max(total, 1)) }, () =>
    worker().catch((error: unknown) => {
      stop.abort(error);
      throw error;
    }),
  );
  const settled = await Promise.allSettled(workers);
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failure) throw failure.reason;
  options.signal?.throwIfAborted();

  const tables: Table[] = [];
  const relationships: Relationship[] = [];
  const globals: Record<string, OptionSet> = {};
  const warnings: string[] = [];
  for (const result of results) {
    if (!result) continue;
    tables.push(...result.tables);
    relationships.push(...result.relationships);
    for (const [name, set] of Object.entries(result.globals)) globals[name] ??= set;
    warnings.push(...result.warnings);
  }
  return { document: finishDocument("live", tables, relationships, globals), warnings };
}

async function readTable(client: DataverseClient, logicalName: string, signal: AbortSignal) {
  const entityPath = tablePath(logicalName);
  let entity: Obj;
  try {
    entity = await client.getJson<Obj>(entityPath, { signal });
  } catch (error) {
    // Deleted between the list and now: not a reason to lose the other 999 tables.
    if (error instanceof AppError && error.code === "not_found") {
      return {
        tables: [],
        relationships: [],
        globals: {},
        warnings: [`Table '${logicalName}' disappeared while reading; it is not in this snapshot.`],
      };
    }
    throw error;
  }
  const casts = castsNeeded(entity);
  const castResponses = await Promise.all(casts.map((cast) => client.getJson(castPath(logicalName, cast), { signal })));
  const inputs = [
    { name: `GET ${entityPath}`, json: entity as unknown },
    ...casts.map((cast, i) => ({ name: `GET ${castPath(logicalName, cast)}`, json: castResponses[i] })),
  ];
  let imported;
  try {
    imported = importWebApi(inputs);
  } catch (error) {
    // Our request was fine; what came back was not: an upstream problem, not bad input from the admin.
    if (error instanceof AppError)
      throw new AppError(
        "upstream",
        `Dataverse's metadata of table '${logicalName}' is not readable: ${error.message}`,
        { cause: error, problems: error.problems },
      );
    throw error;
  }
  const { document, warnings } = imported;
  return {
    tables: document.tables,
    relationships: document.relationships,
    globals: document.globalOptionSets,
    warnings,
  };
}

/** Only the casts whose attribute type the table has: most tables have no multi-select column, for instance. */
function castsNeeded(entity: Obj): string[] {
  const attributes = Array.isArray(entity.Attributes) ? (entity.Attributes as Obj[]) : [];
  const types = new Set(
    attributes.map((a) =>
      a && typeof a["@odata.type"] === "string"
        ? (a["@odata.type"] as string).replace(/^#Microsoft\.Dynamics\.CRM\./, "")
        : "",
    ),
  );
  // A response without type annotations cannot tell: ask for every cast rather than miss options.
  if (attributes.length > 0 && [...types].every((t) => t === "")) return [...OPTION_SET_CASTS];
  return OPTION_SET_CASTS.filter((cast) => types.has(cast));
}

/**
 * Every security role of the org with its business unit (name from the lookup's formatted value, which costs
 * nothing extra), sorted by role name then business unit.
 */
export async function readSecurityRoles(
  client: DataverseClient,
  options: { maxPageSize?: number; signal?: AbortSignal } = {},
): Promise<SecurityRole[]> {
  const rows = await client.getAllPages<Obj>(`roles?$select=${ROLE_SELECT}`, {
    maxPageSize: options.maxPageSize ?? 5000,
    prefer: ['odata.include-annotations="OData.Community.Display.V1.FormattedValue"'],
    signal: options.signal,
  });
  return sortRoles(rows.map((row, index) => securityRoleOf(row, `row ${index + 1} of GET roles`)));
}

/** Proves the connection works (token, application user) before a long read: Dataverse's WhoAmI. */
export async function testConnection(
  client: DataverseClient,
): Promise<{ userId: string; businessUnitId: string; organizationId: string }> {
  const body = await client.getJson<Obj>("WhoAmI");
  const { UserId: userId, BusinessUnitId: businessUnitId, OrganizationId: organizationId } = body;
  if (typeof userId !== "string" || typeof businessUnitId !== "string" || typeof organizationId !== "string") {
    throw new AppError(
      "upstream",
      `Dataverse at ${client.orgUrl} answered WhoAmI without UserId, BusinessUnitId and OrganizationId.`,
    );
  }
  return { userId, businessUnitId, organizationId };
}
