// Writes of the org's forms and views kept with a snapshot (one gzip'd row per table beside the snapshot's
// document, so its content hash is unchanged). Called from storeSnapshot inside its transaction.
import "server-only";
import { gzip } from "node:zlib";
import { promisify } from "node:util";
import type { Prisma } from "@/lib/db/generated/sqlite/client";
import { audit } from "@/lib/audit/mutations";
import type { AuditActor } from "@/lib/audit/schema";
import type { Db } from "@/lib/db/client";
import type { OrgDefinitions } from "@/lib/forms/org-definitions";

const gzipAsync = promisify(gzip);

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
