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
import type { OrgDefinitions } from "@/lib/forms/org-definitions";
import { prepareOrgDefinitionRows, replaceOrgDefinitions, writeOrgDefinitionRows } from "@/lib/forms/mutations";

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
        summary: `Imported metadata into ${environment.name} from ${input.sourceName}: ${counts.tables} tables, ${counts.columns} columns`,
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
