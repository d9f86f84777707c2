// The footprint preview of a project on the server: counts a table's filter in the project's live org as a chosen
// user, keeps each result with its time in a process cache, and totals the project's cached counts against its
// limits. It lives with the project (it loads one); the counting itself is lib/filters/footprint.ts.
import "server-only";
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/app-error";
import type { DataverseClient } from "@/lib/dataverse/client";
import { clientForEnvironment } from "@/lib/environments/dataverse-clients";
import { loadProjectDocument } from "./data";
import { loadSnapshotDocument } from "@/lib/metadata/data";
import type { ProjectDocument } from "./schema";
import type { SyncFilter } from "@/lib/filters/schema";
import { inferRelatedSources } from "@/lib/filters/validate";
import { countRows, footprintTotals, DEFAULT_COUNT_CAP, type FootprintTotals } from "@/lib/filters/footprint";
import { estimateBytes, estimateRowBytes } from "@/lib/filters/row-size";

/*
 * Why a process cache and not a table: a count is a snapshot of a live org that goes stale within hours,
 * it is cheap to redo on demand, and it must never block editing. Keyed by project, table, the filter's
 * meaning (ids left out) and the user, so an edit that changes the filter shows "not counted" again.
 */
export interface CachedCount {
  rows: number;
  exact: boolean;
  method: "aggregate" | "paging";
  rowBytes: number;
  bytes: number;
  countedAt: string;
  callerObjectId: string | null;
}

const CACHE_LIMIT = 5000;
const globalCache = globalThis as typeof globalThis & { __syncwrightFootprints?: Map<string, CachedCount> };
function cache(): Map<string, CachedCount> {
  globalCache.__syncwrightFootprints ??= new Map();
  return globalCache.__syncwrightFootprints;
}

/** A hash of what the filter means for counting: editor ids do not change the rows. */
export function filterHash(filter: SyncFilter | undefined): string {
  const plain = JSON.parse(
    JSON.stringify(filter ?? { preset: "all" }, (key, value: unknown) => (key === "id" ? undefined : value)),
  ) as unknown;
  return createHash("sha256")
    .update(canonicalize(plain) ?? "")
    .digest("hex")
    .slice(0, 32);
}

function cacheKey(projectId: string, table: string, filter: SyncFilter | undefined, user: string | null): string {
  return `${projectId}|${table}|${filterHash(filter)}|${user ?? "app"}`;
}

/** Tests hand in a client for the local stand-in (whose issuer needs msal settings an environment row has not). */
export interface ClientOption {
  client?: DataverseClient;
}

export interface OrgUser {
  name: string;
  objectId: string;
}

/** Enabled users of the org with an Entra object id: the people a count can be run as. */
export async function listOrgUsers(db: Db, projectId: string, options: ClientOption = {}): Promise<OrgUser[]> {
  const { project } = await loadProjectDocument(db, projectId);
  const client = options.client ?? (await clientForEnvironment(db, project.environmentId));
  const rows = await client.getAllPages<{
    fullname?: string;
    azureactivedirectoryobjectid?: string | null;
    isdisabled?: boolean;
  }>("systemusers?$select=fullname,azureactivedirectoryobjectid,isdisabled", { maxPages: 10 });
  return rows
    .filter((r) => r.azureactivedirectoryobjectid && r.isdisabled !== true)
    .map((r) => ({ name: r.fullname ?? r.azureactivedirectoryobjectid!, objectId: r.azureactivedirectoryobjectid! }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function relatedContext(
  project: ProjectDocument,
  tableName: string,
  filter: SyncFilter | undefined,
  snapshot: Awaited<ReturnType<typeof loadSnapshotDocument>>,
) {
  if (filter?.preset !== "related") return { filter, presetContext: {} };
  const sources = filter.related?.sources?.length
    ? filter.related.sources
    : inferRelatedSources(
        tableName,
        project.tables.map((t) => ({ table: t.tableName, mode: t.syncMode, filter: t.syncFilter, columns: t.columns })),
        snapshot,
      );
  const relatedFilters = Object.fromEntries(project.tables.map((t) => [t.tableName, t.syncFilter?.filter]));
  return { filter: { ...filter, related: { sources } }, presetContext: { relatedFilters } };
}

export interface PreviewInput {
  projectId: string;
  tableName: string;
  /** The filter as edited (maybe unsaved); the saved one when absent. */
  syncFilter?: SyncFilter;
  callerObjectId?: string | null;
  cap?: number;
}

/** Counts the table's rows for the user in the live org, estimates their size, and caches the result. */
export async function previewTableFootprint(
  db: Db,
  input: PreviewInput,
  options: ClientOption = {},
): Promise<CachedCount> {
  const { project } = await loadProjectDocument(db, input.projectId);
  const config = project.tables.find((t) => t.tableName === input.tableName);
  if (!config) throw new AppError("not_found", `Table '${input.tableName}' is not enabled in this project`);
  const snapshot = await loadSnapshotDocument(db, project.snapshotId);
  const table = snapshot.tables.find((t) => t.logicalName === input.tableName);
  if (!table?.entitySetName)
    throw new AppError(
      "invalid",
      `The metadata of ${input.tableName} has no entity set name, so it cannot be counted through the Web API`,
    );
  const syncFilter = input.syncFilter ?? config.syncFilter;
  const client = options.client ?? (await clientForEnvironment(db, project.environmentId));
  const { filter, presetContext } = relatedContext(project, input.tableName, syncFilter, snapshot);
  const count = await countRows(
    client,
    {
      table: input.tableName,
      entitySetName: table.entitySetName,
      primaryIdColumn: table.primaryIdColumn,
      filter,
      presetContext,
    },
    { ...(input.callerObjectId ? { callerObjectId: input.callerObjectId } : {}), cap: input.cap ?? DEFAULT_COUNT_CAP },
  );
  const selected = new Set(config.columns);
  const rowBytes = estimateRowBytes(table.columns.filter((c) => selected.has(c.logicalName)));
  const result: CachedCount = {
    rows: count.rows,
    exact: count.exact,
    method: count.method,
    rowBytes,
    bytes: estimateBytes(count.rows, rowBytes),
    countedAt: new Date().toISOString(),
    callerObjectId: input.callerObjectId ?? null,
  };
  const store = cache();
  if (store.size >= CACHE_LIMIT) store.delete(store.keys().next().value!);
  store.set(cacheKey(input.projectId, input.tableName, syncFilter, input.callerObjectId ?? null), result);
  return result;
}

export interface ProjectFootprint {
  tables: Array<{ table: string; count: CachedCount | null }>;
  totals: FootprintTotals;
  /** Offline tables without a count for this user and their current filter. */
  uncounted: string[];
}

/**
 * The project's offline tables with their cached counts for the user (their saved filter, or `drafts`
 * for a table being edited), and the totals against the project's limits.
 */
export async function projectFootprint(
  db: Db,
  projectId: string,
  callerObjectId: string | null,
  drafts: Record<string, SyncFilter | undefined> = {},
): Promise<ProjectFootprint> {
  const { project } = await loadProjectDocument(db, projectId);
  const store = cache();
  const tables = project.tables
    .filter((t) => t.syncMode === "offline")
    .map((t) => {
      const filter = t.tableName in drafts ? drafts[t.tableName] : t.syncFilter;
      return { table: t.tableName, count: store.get(cacheKey(projectId, t.tableName, filter, callerObjectId)) ?? null };
    });
  const counted = tables.flatMap((t) =>
    t.count ? [{ table: t.table, rows: t.count.rows, exact: t.count.exact, bytes: t.count.bytes }] : [],
  );
  return {
    tables,
    totals: footprintTotals(counted, project.settings.limits),
    uncounted: tables.filter((t) => !t.count).map((t) => t.table),
  };
}

/**
 * Counts every offline table of the project with its saved filter (one after the other: counting is
 * heavy for the org, and the client keeps Dataverse's per-user limits), then totals them.
 */
export async function previewProjectFootprint(
  db: Db,
  projectId: string,
  callerObjectId: string | null,
  options: ClientOption = {},
): Promise<ProjectFootprint> {
  const { project } = await loadProjectDocument(db, projectId);
  const client = options.client ?? (await clientForEnvironment(db, project.environmentId));
  for (const t of project.tables.filter((c) => c.syncMode === "offline")) {
    await previewTableFootprint(db, { projectId, tableName: t.tableName, callerObjectId }, { client });
  }
  return projectFootprint(db, projectId, callerObjectId);
}

/** Forgets every cached count (tests). */
export function clearFootprintCache(): void {
  cache().clear();
}
