// Reads of the audit log for the Audit log screen: newest first, one page at a time, with the total.
import "server-only";
import type { Prisma } from "@/lib/db/generated/sqlite/client";

export type AuditReader = Pick<Prisma.TransactionClient, "auditEntry">;

export interface AuditRow {
  id: string;
  at: Date;
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType: string;
  targetId: string | null;
  summary: string;
  before: unknown;
  after: unknown;
  requestId: string | null;
}

export interface AuditPage {
  entries: AuditRow[];
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
}

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Page numbers start at 1; a page past the end is empty (the screen shows the total and page count). */
export async function loadAuditPage(
  db: AuditReader,
  query: { page?: number; pageSize?: number } = {},
): Promise<AuditPage> {
  const pageSize = Math.min(100, Math.max(1, Math.trunc(query.pageSize ?? 50)));
  const page = Math.max(1, Math.trunc(query.page ?? 1));
  const [total, rows] = await Promise.all([
    db.auditEntry.count(),
    // id breaks ties between entries written in the same millisecond so pages never overlap.
    db.auditEntry.findMany({ orderBy: [{ at: "desc" }, { id: "desc" }], skip: (page - 1) * pageSize, take: pageSize }),
  ]);
  return {
    entries: rows.map((row) => ({ ...row, before: parseJson(row.before), after: parseJson(row.after) })),
    total,
    page,
    pageSize,
    pageCount: Math.max(1, Math.ceil(total / pageSize)),
  };
}
