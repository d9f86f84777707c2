// Reads of metadata snapshots and import jobs (environments: lib/environments/data.ts). Snapshot documents are immutable, so the parsed
// document is kept in a small in-process LRU keyed by id; it is only a cache (the database stays the truth).
import "server-only";
import { gunzip } from "node:zlib";
import { promisify } from "node:util";
import { AppError } from "@/lib/app-error";
import type { Db } from "@/lib/db/client";
import { SnapshotProvenanceSchema, type MetadataDocument, type SnapshotProvenance } from "@/lib/metadata/schema";
import { snapshotDisplayName } from "@/lib/metadata/snapshot-name";
import { orgDefinitionId, type OrgDefinitions } from "@/lib/metadata/org-definitions";

const gunzipAsync = promisify(gunzip);

/** A snapshot as screens list it: everything but the document blob. */
export interface SnapshotSummary {
  id: string;
  environmentId: string;
  environmentName: string;
  source: string;
  sourceName: string;
  /** The name to show everywhere: the one an editor gave, else the automatic one. */
  name: string;
  /** Of the name: checked on rename. */
  revision: number;
  contentHash: string;
  createdAt: Date;
  createdById: string | null;
  /** "Name <email>" of the importer, or "a removed user" / "system". */
  createdByLabel: string;
  tableCount: number;
  columnCount: number;
  relationshipCount: number;
  optionSetCount: number;
}

// ---------- snapshot documents (LRU) ----------

/** A 1,000-table document takes ~100+ MB parsed; a few are enough for the browser, the project editor and a diff. */
const DOCUMENT_CACHE_SIZE = 4;
const documentCache = new Map<string, Promise<MetadataDocument>>();

function remember(id: string, value: Promise<MetadataDocument>): void {
  documentCache.set(id, value);
  while (documentCache.size > DOCUMENT_CACHE_SIZE) {
    const oldest = documentCache.keys().next().value;
    if (oldest === undefined) break;
    documentCache.delete(oldest);
  }
}

/** The stored blob to a document: gzip'd JSON written by storeSnapshot. */
export async function decodeSnapshotDocument(blob: Uint8Array, snapshotId: string): Promise<MetadataDocument> {
  let text: string;
  try {
    text = (await gunzipAsync(blob)).toString("utf8");
  } catch (error) {
    throw new AppError("internal", `The stored document of snapshot ${snapshotId} is not valid gzip`, { cause: error });
  }
  try {
    // Written by storeSnapshot from a schema-checked document; parsing again with zod would cost ~1 s per 1,000 tables.
    return JSON.parse(text) as MetadataDocument;
  } catch (error) {
    throw new AppError("internal", `The stored document of snapshot ${snapshotId} is not valid JSON`, { cause: error });
  }
}

/** The normalized document of a snapshot. Throws not_found for an unknown id. */
export async function loadSnapshotDocument(db: Db, snapshotId: string): Promise<MetadataDocument> {
  const cached = documentCache.get(snapshotId);
  if (cached) {
    // Refresh its place in the LRU order.
    documentCache.delete(snapshotId);
    documentCache.set(snapshotId, cached);
    return cached;
  }
  const loading = (async () => {
    const row = await db.metadataSnapshot.findUnique({ where: { id: snapshotId }, select: { document: true } });
    if (!row) throw new AppError("not_found", `There is no metadata snapshot ${snapshotId}.`);
    return decodeSnapshotDocument(row.document, snapshotId);
  })();
  remember(snapshotId, loading);
  // A failed load is not cached: the next call reads again.
  loading.catch(() => {
    if (documentCache.get(snapshotId) === loading) documentCache.delete(snapshotId);
  });
  return loading;
}

/** For tests and the bench: forget every cached document. */
export function clearSnapshotDocumentCache(): void {
  documentCache.clear();
}

// ---------- snapshot rows ----------

const SUMMARY_SELECT = {
  id: true,
  environmentId: true,
  source: true,
  sourceName: true,
  name: true,
  revision: true,
  contentHash: true,
  createdAt: true,
  createdById: true,
  tableCount: true,
  columnCount: true,
  relationshipCount: true,
  optionSetCount: true,
  environment: { select: { name: true } },
} as const;

async function userLabels(db: Db, ids: Array<string | null>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const users = await db.user.findMany({
    where: { id: { in: wanted } },
    select: { id: true, name: true, email: true },
  });
  return new Map(users.map((u) => [u.id, `${u.name} <${u.email}>`]));
}

type SummaryRow = {
  id: string;
  environmentId: string;
  source: string;
  sourceName: string;
  name: string | null;
  revision: number;
  contentHash: string;
  createdAt: Date;
  createdById: string | null;
  tableCount: number;
  columnCount: number;
  relationshipCount: number;
  optionSetCount: number;
  environment: { name: string };
};

function toSummary(row: SummaryRow, labels: Map<string, string>): SnapshotSummary {
  const { environment, ...rest } = row;
  return {
    ...rest,
    name: snapshotDisplayName(row),
    environmentName: environment.name,
    createdByLabel: row.createdById === null ? "system" : (labels.get(row.createdById) ?? "a removed user"),
  };
}

/** One snapshot without its document. Throws not_found for an unknown id. */
export async function loadSnapshotSummary(db: Db, snapshotId: string): Promise<SnapshotSummary> {
  const row = await db.metadataSnapshot.findUnique({ where: { id: snapshotId }, select: SUMMARY_SELECT });
  if (!row) throw new AppError("not_found", `There is no metadata snapshot ${snapshotId}.`);
  return toSummary(row, await userLabels(db, [row.createdById]));
}

/** The snapshots of an environment, newest first, without documents. */
export async function listSnapshots(db: Db, environmentId: string): Promise<SnapshotSummary[]> {
  const rows = await db.metadataSnapshot.findMany({
    where: { environmentId },
    select: SUMMARY_SELECT,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  const labels = await userLabels(
    db,
    rows.map((r) => r.createdById),
  );
  return rows.map((row) => toSummary(row, labels));
}

/**
 * The forms and views of one stored row (gzipped JSON) of a snapshot. Items whose id is not a GUID are left out, as
 * the readers leave them out now: snapshots stored before they did may hold one (a hand-edited file), and it would
 * fail its whole table's list.
 */
export async function readStoredOrgDefinitions(definitions: Uint8Array, snapshotId: string): Promise<OrgDefinitions> {
  let entry: OrgDefinitions;
  try {
    entry = JSON.parse((await gunzipAsync(definitions)).toString("utf8")) as OrgDefinitions;
  } catch (error) {
    throw new AppError("internal", `The forms and views kept with snapshot ${snapshotId} cannot be read`, {
      cause: error,
    });
  }
  const guid = (item: { id: string }) => orgDefinitionId(item.id) === item.id;
  return { forms: entry.forms.filter(guid), views: entry.views.filter(guid) };
}

/** Every form and view kept with a snapshot, all tables (to combine them with another source's). */
export async function loadAllSnapshotOrgDefinitions(db: Db, snapshotId: string): Promise<OrgDefinitions> {
  const rows = await db.snapshotOrgDefinitions.findMany({
    where: { snapshotId },
    select: { definitions: true },
    orderBy: { table: "asc" },
  });
  const out: OrgDefinitions = { forms: [], views: [] };
  for (const row of rows) {
    const entry = await readStoredOrgDefinitions(row.definitions, snapshotId);
    out.forms.push(...entry.forms);
    out.views.push(...entry.views);
  }
  return out;
}

/** The sources of a snapshot and each table's origin; null for a snapshot of one source. */
export async function loadSnapshotProvenance(db: Db, snapshotId: string): Promise<SnapshotProvenance | null> {
  const row = await db.metadataSnapshot.findUnique({ where: { id: snapshotId }, select: { provenance: true } });
  if (!row) throw new AppError("not_found", `There is no metadata snapshot ${snapshotId}.`);
  return parseProvenance(row.provenance, snapshotId);
}

/** The stored provenance text to its value (written by storeSnapshot from a checked value). */
export function parseProvenance(text: string | null, snapshotId: string): SnapshotProvenance | null {
  if (text === null) return null;
  try {
    return SnapshotProvenanceSchema.parse(JSON.parse(text));
  } catch (error) {
    throw new AppError("internal", `The stored sources of snapshot ${snapshotId} are not readable`, { cause: error });
  }
}

/** What keeps a snapshot from being deleted: the projects built on it and the published versions made from it. */
export interface SnapshotUsage {
  projects: Array<{ id: string; name: string }>;
  versions: Array<{ projectId: string; projectName: string; number: number }>;
}

/** Who uses a snapshot (read inside a transaction by the delete, so the check and the delete agree). */
export async function loadSnapshotUsage(
  db: Pick<Db, "project" | "version">,
  snapshotId: string,
): Promise<SnapshotUsage> {
  const [projects, versions] = await Promise.all([
    db.project.findMany({ where: { snapshotId }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
    db.version.findMany({
      where: { snapshotId },
      select: { projectId: true, number: true, project: { select: { name: true } } },
      orderBy: [{ projectId: "asc" }, { number: "asc" }],
    }),
  ]);
  return {
    projects,
    versions: versions.map((v) => ({ projectId: v.projectId, projectName: v.project.name, number: v.number })),
  };
}

/** "project Contoso Sales; versions Contoso Sales v1, v2" or null when nothing uses the snapshot. */
export function describeSnapshotUsage(usage: SnapshotUsage): string | null {
  const parts: string[] = [];
  if (usage.projects.length > 0)
    parts.push(
      `${usage.projects.length === 1 ? "project" : "projects"} ${usage.projects.map((p) => p.name).join(", ")}`,
    );
  if (usage.versions.length > 0) {
    const byProject = new Map<string, number[]>();
    for (const v of usage.versions) byProject.set(v.projectName, [...(byProject.get(v.projectName) ?? []), v.number]);
    const list = [...byProject.entries()].map(([name, numbers]) => `${name} ${numbers.map((n) => `v${n}`).join(", ")}`);
    parts.push(`published ${usage.versions.length === 1 ? "version" : "versions"} ${list.join("; ")}`);
  }
  return parts.length > 0 ? parts.join("; ") : null;
}

/** An import job's progress as the browser polls it. */
export interface ImportJobView {
  id: string;
  environmentId: string;
  status: "running" | "done" | "failed";
  done: number;
  total: number;
  message: string | null;
  snapshotId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

function toJobView(row: Omit<ImportJobView, "status"> & { status: string }): ImportJobView {
  const status = row.status === "done" || row.status === "failed" ? row.status : "running";
  return { ...row, status };
}

const JOB_SELECT = {
  id: true,
  environmentId: true,
  status: true,
  done: true,
  total: true,
  message: true,
  snapshotId: true,
  createdAt: true,
  updatedAt: true,
} as const;

/** One import job. Throws not_found for an unknown id. */
export async function loadImportJob(db: Db, jobId: string): Promise<ImportJobView> {
  const row = await db.importJob.findUnique({ where: { id: jobId }, select: JOB_SELECT });
  if (!row) throw new AppError("not_found", `There is no import job ${jobId}.`);
  return toJobView(row);
}

/** The newest import job of an environment, if any. */
export async function latestImportJob(db: Db, environmentId: string): Promise<ImportJobView | null> {
  const row = await db.importJob.findFirst({
    where: { environmentId },
    select: JOB_SELECT,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return row ? toJobView(row) : null;
}
