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
import {
  describeSnapshotUsage,
  loadAllSnapshotOrgDefinitions,
  loadSnapshotDocument,
  loadSnapshotProvenance,
  loadSnapshotSummary,
  loadSnapshotUsage,
  type SnapshotSummary,
} from "@/lib/metadata/data";
import type { MetadataDocument, RenameSnapshot, SnapshotProvenance, SnapshotSourceKind } from "@/lib/metadata/schema";
import { automaticSnapshotName } from "@/lib/metadata/snapshot-name";
import {
  combineDocuments,
  combineOrgDefinitions,
  singleSourceProvenance,
  type CombineReport,
  type SingleSourceKind,
} from "@/lib/metadata/combine";
import { summarizeDocument } from "@/lib/metadata/summarize";
import { countOf } from "@/lib/format/count";
import type { OrgDefinitions } from "@/lib/metadata/org-definitions";
import type { Prisma } from "@/lib/db/generated/sqlite/client";
import { isForeignKeyViolation, isUniqueViolation } from "@/lib/database-errors";

const gzipAsync = promisify(gzip);

export type SnapshotSource = SnapshotSourceKind;

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
  /** A combined snapshot's sources and table origins (lib/metadata/combine.ts). */
  provenance?: SnapshotProvenance;
}

export interface StoreSnapshotResult {
  snapshot: SnapshotSummary;
  /** True when the environment already had a snapshot of this exact content: nothing new was stored. */
  duplicate: boolean;
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
  // The automatic name carries the same minute the row records.
  const createdAt = new Date();
  const name = automaticSnapshotName({
    source: input.source,
    sourceName: input.sourceName,
    tableCount: counts.tables,
    createdAt,
    sources: input.provenance?.sources,
  });
  let id: string;
  try {
    id = await db.$transaction(async (tx) => {
      const row = await tx.metadataSnapshot.create({
        data: {
          environmentId: environment.id,
          source: input.source,
          sourceName: input.sourceName.slice(0, 500),
          name,
          provenance: input.provenance ? JSON.stringify(input.provenance) : null,
          contentHash: hash,
          createdAt,
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
          name,
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
          ...(input.provenance ? { sources: input.provenance.sources.map((s) => `${s.kind}: ${s.name}`) } : {}),
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

// ---------- combining, renaming, deleting ----------

export interface CombineSnapshotInput {
  environmentId: string;
  /** The snapshot to complete; it stays as it is (snapshots are immutable): the result is a new one. */
  baseSnapshotId: string;
  /** The newly read source. */
  source: SingleSourceKind;
  sourceName: string;
  document: MetadataDocument;
  definitions?: OrgDefinitions;
}

/**
 * A new snapshot from an existing one and one more source, the later source completing what the earlier lacks
 * (lib/metadata/combine.ts). The base must belong to the same environment. Stored like any import: content-hashed,
 * so combining the same things twice finds the first result.
 */
export async function combineIntoSnapshot(
  db: Db,
  actor: AuditActor | null,
  input: CombineSnapshotInput,
  options: { requestId?: string | null } = {},
): Promise<StoreSnapshotResult & { report: CombineReport; base: SnapshotSummary }> {
  const base = await loadSnapshotSummary(db, input.baseSnapshotId);
  if (base.environmentId !== input.environmentId)
    throw new AppError("invalid", "The snapshot to add to belongs to another environment.", {
      problems: [{ path: "combineWith", message: "not a snapshot of this environment" }],
    });
  const [baseDocument, storedProvenance, baseDefinitions] = await Promise.all([
    loadSnapshotDocument(db, base.id),
    loadSnapshotProvenance(db, base.id),
    input.definitions ? loadAllSnapshotOrgDefinitions(db, base.id) : Promise.resolve(undefined),
  ]);
  const provenance =
    storedProvenance ??
    singleSourceProvenance(
      base.source === "combined" ? "solution" : (base.source as SingleSourceKind),
      base.sourceName,
      baseDocument,
    );
  const combined = combineDocuments(
    { document: baseDocument, provenance },
    { document: input.document, kind: input.source, name: input.sourceName },
  );
  const definitions =
    input.definitions && baseDefinitions ? combineOrgDefinitions(baseDefinitions, input.definitions) : undefined;
  const sourceName = combined.provenance.sources.map((s) => s.name).join(" + ");
  const stored = await storeSnapshot(
    db,
    actor,
    {
      environmentId: input.environmentId,
      source: "combined",
      sourceName,
      document: combined.document,
      provenance: combined.provenance,
      // Without forms and views of its own, the new snapshot keeps the base's.
      definitions: definitions ?? (await loadAllSnapshotOrgDefinitions(db, base.id)),
    },
    options,
  );
  return { ...stored, report: combined.report, base };
}

/** Renames a snapshot (its only changeable part), checked against the revision the editor saw. Audited. */
export async function renameSnapshot(
  db: Db,
  actor: AuditActor | null,
  input: RenameSnapshot,
  options: { requestId?: string | null } = {},
): Promise<SnapshotSummary> {
  await db.$transaction(async (tx) => {
    const row = await tx.metadataSnapshot.findUnique({
      where: { id: input.snapshotId },
      select: { id: true, name: true, revision: true, environmentId: true },
    });
    if (!row) throw new AppError("not_found", `There is no metadata snapshot ${input.snapshotId}.`);
    const { count } = await tx.metadataSnapshot.updateMany({
      where: { id: row.id, revision: input.revision },
      data: { name: input.name, revision: { increment: 1 } },
    });
    if (count === 0)
      throw new AppError(
        "conflict",
        "Someone renamed this snapshot since you opened it. Reload to see its current name, then rename it again.",
      );
    await audit(tx, {
      actor,
      action: "metadata.snapshot.rename",
      targetType: "snapshot",
      targetId: row.id,
      summary: `Renamed snapshot "${row.name ?? row.id}" to "${input.name}"`,
      before: { name: row.name, revision: row.revision },
      after: { name: input.name, revision: row.revision + 1 },
      requestId: options.requestId ?? null,
    });
  });
  return loadSnapshotSummary(db, input.snapshotId);
}

/**
 * Deletes a snapshot no project and no published version uses. The check and the delete run in one transaction,
 * and a project's reference is also a foreign key the delete cannot break: a project moved onto the snapshot
 * meanwhile makes the delete fail rather than dangle (and a version is only published from a project that uses it).
 */
export async function deleteSnapshot(
  db: Db,
  actor: AuditActor | null,
  input: { snapshotId: string },
  options: { requestId?: string | null } = {},
): Promise<{ environmentId: string }> {
  try {
    return await db.$transaction(async (tx) => {
      const row = await tx.metadataSnapshot.findUnique({
        where: { id: input.snapshotId },
        select: { id: true, name: true, sourceName: true, environmentId: true, contentHash: true, tableCount: true },
      });
      if (!row) throw new AppError("not_found", `There is no metadata snapshot ${input.snapshotId}.`);
      const usage = describeSnapshotUsage(await loadSnapshotUsage(tx, row.id));
      if (usage)
        throw new AppError("conflict", `This snapshot is in use and cannot be deleted: ${usage}.`, {
          reason: "snapshot_in_use",
        });
      await tx.metadataSnapshot.delete({ where: { id: row.id } });
      await audit(tx, {
        actor,
        action: "metadata.snapshot.delete",
        targetType: "environment",
        targetId: row.environmentId,
        summary: `Deleted snapshot "${row.name ?? row.sourceName}" (${countOf(row.tableCount, "table")})`,
        before: { snapshotId: row.id, name: row.name, sourceName: row.sourceName, contentHash: row.contentHash },
        requestId: options.requestId ?? null,
      });
      return { environmentId: row.environmentId };
    });
  } catch (error) {
    if (isForeignKeyViolation(error))
      throw new AppError("conflict", "A project started using this snapshot meanwhile: it was not deleted.", {
        reason: "snapshot_in_use",
        cause: error,
      });
    throw error;
  }
}
