// THE audit helper: every write in the portal calls audit() inside its own transaction, so a change and its
// record of who did it commit together. Summaries never hold secrets (see summary.ts).
import "server-only";
import type { Prisma } from "@/lib/db/generated/sqlite/client";
import type { AuditActor } from "@/lib/audit/schema";
import { summarizeForAudit } from "@/lib/audit/summary";

/** A Prisma client or an interactive transaction's client: anything with the auditEntry model. */
export type AuditWriter = Pick<Prisma.TransactionClient, "auditEntry">;

export interface AuditInput {
  /** Who did it; null for the system itself (start-up, scheduled jobs) and anonymous events. */
  actor: AuditActor | null;
  /** Dotted verb, e.g. "user.invite", "project.table.save". */
  action: string;
  targetType: string;
  targetId?: string | null;
  /** One human sentence for the Audit log screen. */
  summary: string;
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
  /** Defaults to the database's clock. */
  at?: Date;
}

function toJson(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return JSON.stringify(summarizeForAudit(value));
}

export async function audit(db: AuditWriter, input: AuditInput): Promise<{ id: string }> {
  const entry = await db.auditEntry.create({
    data: {
      at: input.at,
      actorId: input.actor?.id ?? null,
      actorLabel: input.actor?.label ?? "system",
      action: input.action,
      targetType: input.targetType,
      targetId: input.targetId ?? null,
      summary: input.summary.slice(0, 500),
      before: toJson(input.before),
      after: toJson(input.after),
      requestId: input.requestId ?? null,
    },
    select: { id: true },
  });
  return entry;
}
