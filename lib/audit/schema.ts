// The shape of an audit entry as callers write it and screens read it.
import { z } from "zod";

export const AuditActorSchema = z.object({ id: z.string(), label: z.string() });
export type AuditActor = z.infer<typeof AuditActorSchema>;

export const AuditPageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
});
export type AuditPageQuery = z.infer<typeof AuditPageQuerySchema>;

/** How a user appears in the audit log: their name and email, as they were when they acted. */
export function toAuditActor(user: { id: string; name: string; email: string }): AuditActor {
  return { id: user.id, label: `${user.name} <${user.email}>` };
}
