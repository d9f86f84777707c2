// Writes of metadata snapshots: one immutable, gzip'd, content-hashed row per distinct import of an
// environment, stored with its audit entry in one transaction.
import "server-only";
import { gzip } from "node:zlib";
import { promisify } from "node:util";
import { AppError } from "@/lib/app-error";
import type { AuditActor } from "@/lib/audit/schema";
import { audit } from "@/lib/audit/mutations";
import type { Db } from "@/lib/db/client";
import { contentHash } from "@/lib/metadata/content-hash";
import { loadSnapshotSummary, type SnapshotSummary } from "@/lib/metadata/data";
import type { MetadataDocument } from "@/lib/metadata/schema";
import { summarizeDocument } from "@/lib/metadata/summarize";
import { countOf } from "@/lib/format/count";
import type { OrgDefinitions } from "@/lib/metadata/org-definitions";
import type { Prisma } from "@/lib/db/generated/sqlite/client";

const gzipAsync = promisify(gzip);

export type SnapshotSource = "webapi-json" | "solution" | "live";

export interface StoreSnapshotInput {
  environmentId: string;
  source: SnapshotSource;
  /** What the admin imported: a file name, a list of file names, or the org URL. */
  sourceName: string;
  document: MetadataDocument;
  /**
   * The org's forms and views found in the same files (solution imports), kept beside the document: they are not
   * part of the content hash. A re-import of the same metadata replaces them with the newer ones.
   */
  definitions?: OrgDefinitions;
}

export interface StoreSnapshotResult {
  snapshot: SnapshotSummary;
  /** True when the environment already had a snapshot of this exact content: nothing new was stored. */
  duplicate: boolean;
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

/**
 * Stores a document as a new snapshot of the environment, or finds the one with the same content hash.
 * The row and its audit entry commit together; on any error nothing is stored.
 */
export async function storeSnapshot(
  db: Db,
  actor: AuditActor | null,
  input: StoreSnapshotInput,
  options: { requestId?: string | null } = {},
): Promise<StoreSnapshotResult> {
  const environment = await db.environment.findUnique({
    where: { id: input.environmentId },
    select: { id: true, name: true },
  });
  if (!environment) throw new AppError("not_found", `There is no environment ${input.environmentId}.`);

  // gzip runs on libuv's thread pool while the hash is computed here; compressing before the transaction
  // also keeps the write lock short (SQLite has one writer). Level 1: metadata is repetitive enough that it
  // still shrinks ~30x, at a third of level 6's time.
  const compressing = gzipAsync(Buffer.from(JSON.stringify(input.document), "utf8"), { level: 1 });
  compressing.catch(() => {});
  const preparing = input.definitions ? prepareOrgDefinitionRows(input.definitions) : undefined;
  preparing?.catch(() => {});
  const hash = contentHash(input.document);
  const existing = await db.metadataSnapshot.findUnique({
    where: { environmentId_contentHash: { environmentId: environment.id, contentHash: hash } },
    select: { id: true },
  });
  if (existing) {
    if (preparing) await replaceOrgDefinitions(db, actor, existing.id, await preparing, options);
    return { snapshot: await loadSnapshotSummary(db, existing.id), duplicate: true };
  }
  const definitionRows = preparing ? await preparing : [];

  const counts = summarizeDocument(input.document);
  const blob = await compressing;
  let id: string;
  try {
    id = await db.$transaction(async (tx) => {
      const row = await tx.metadataSnapshot.create({
        data: {
          environmentId: environment.id,
          source: input.source,
          sourceName: input.sourceName.slice(0, 500),
          contentHash: hash,
          createdById: actor?.id ?? null,
          tableCount: counts.tables,
          columnCount: counts.columns,
          relationshipCount: counts.relationships,
          optionSetCount: counts.optionSets,
          document: new Uint8Array(blob.buffer, blob.byteOffset, blob.byteLength),
        },
        select: { id: true },
      });
      if (definitionRows.length > 0) await writeOrgDefinitionRows(tx, row.id, definitionRows);
      await audit(tx, {
        actor,
        action: "metadata.snapshot.import",
        targetType: "environment",
        targetId: environment.id,
        summary: `Imported metadata into ${environment.name} from ${input.sourceName}: ${countOf(counts.tables, "table")}, ${countOf(counts.columns, "column")}`,
        after: {
          snapshotId: row.id,
          source: input.source,
          sourceName: input.sourceName,
          contentHash: hash,
          tables: counts.tables,
          columns: counts.columns,
          relationships: counts.relationships,
          optionSets: counts.optionSets,
          ...(input.definitions
            ? { forms: input.definitions.forms.length, views: input.definitions.views.length }
            : {}),
        },
        requestId: options.requestId ?? null,
      });
      return row.id;
    });
  } catch (error) {
    // Two imports of the same content at once: the second loses the unique race and reports the first.
    if (isUniqueViolation(error)) {
      const winner = await db.metadataSnapshot.findUnique({
        where: { environmentId_contentHash: { environmentId: environment.id, contentHash: hash } },
        select: { id: true },
      });
      if (winner) return { snapshot: await loadSnapshotSummary(db, winner.id), duplicate: true };
    }
    throw error;
  }
  return { snapshot: await loadSnapshotSummary(db, id), duplicate: false };
}

// ---------- the org's forms and views kept with a snapshot ----------
// One gzip'd row per table beside the snapshot's document, so its content hash is unchanged.

export interface OrgDefinitionRow {
  table: string;
  formCount: number;
  viewCount: number;
  definitions: Uint8Array<ArrayBuffer>;
}

/** One compressed row per table (done before the transaction, on the thread pool). */
export async function prepareOrgDefinitionRows(defs: OrgDefinitions): Promise<OrgDefinitionRow[]> {
  const byTable = new Map<string, OrgDefinitions>();
  const of = (table: string) => {
    let entry = byTable.get(table);
    if (!entry) byTable.set(table, (entry = { forms: [], views: [] }));
    return entry;
  };
  for (const form of defs.forms) of(form.table).forms.push(form);
  for (const view of defs.views) of(view.table).views.push(view);
  return Promise.all(
    [...byTable.entries()].map(async ([table, entry]) => {
      const blob = await gzipAsync(Buffer.from(JSON.stringify(entry), "utf8"), { level: 1 });
      const definitions = new Uint8Array(new ArrayBuffer(blob.byteLength));
      definitions.set(blob);
      return { table, formCount: entry.forms.length, viewCount: entry.views.length, definitions };
    }),
  );
}

/** Replaces the forms and views kept with a snapshot (the caller audits, as part of its own write). */
export async function writeOrgDefinitionRows(
  tx: Prisma.TransactionClient,
  snapshotId: string,
  rows: OrgDefinitionRow[],
): Promise<void> {
  await tx.snapshotOrgDefinitions.deleteMany({ where: { snapshotId } });
  for (const row of rows) await tx.snapshotOrgDefinitions.create({ data: { snapshotId, ...row } });
}

/**
 * A re-import of metadata the environment already has: the snapshot stays, its forms and views become the newer
 * ones (an admin who changed a form in the org and exports again expects to see the change). Audited.
 */
export async function replaceOrgDefinitions(
  db: Db,
  actor: AuditActor | null,
  snapshotId: string,
  rows: OrgDefinitionRow[],
  options: { requestId?: string | null } = {},
): Promise<void> {
  await db.$transaction(async (tx) => {
    await writeOrgDefinitionRows(tx, snapshotId, rows);
    await audit(tx, {
      actor,
      action: "metadata.snapshot.org-definitions",
      targetType: "snapshot",
      targetId: snapshotId,
      summary: `Replaced the org's forms and views kept with snapshot ${snapshotId}: ${rows.reduce((n, r) => n + r.formCount, 0)} forms, ${rows.reduce((n, r) => n + r.viewCount, 0)} views`,
      after: { tables: rows.map((r) => ({ table: r.table, forms: r.formCount, views: r.viewCount })) },
      requestId: options.requestId ?? null,
    });
  });
}
