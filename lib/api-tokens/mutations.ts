// Writes of API tokens: create (the text is returned once; only its hash is stored), revoke, last use.
import "server-only";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/app-error";
import { audit } from "@/lib/audit/mutations";
import type { AuditActor } from "@/lib/audit/schema";
import { parseInput } from "@/lib/customization/parse-input";
import {
  CreateApiTokenInputSchema,
  RevokeApiTokenInputSchema,
  type CreateApiTokenInput,
  type RevokeApiTokenInput,
} from "./schema";
import { hashToken, newTokenText } from "./token-secret";

export async function createApiToken(
  db: Db,
  actor: AuditActor,
  input: CreateApiTokenInput,
  options: { requestId?: string } = {},
): Promise<{ id: string; token: string; prefix: string }> {
  const data = parseInput(CreateApiTokenInputSchema, input, "API token");
  const scopes = [...new Set(data.scopes)].sort();
  const { token, prefix } = newTokenText();
  const row = await db.$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: {
        name: data.name,
        tokenHash: hashToken(token),
        prefix,
        scopes: JSON.stringify(scopes),
        createdById: actor.id,
      },
      select: { id: true },
    });
    await audit(tx, {
      actor,
      action: "token.create",
      targetType: "api-token",
      targetId: created.id,
      summary: `Created API token '${data.name}' (swt_${prefix}…) with scopes ${scopes.join(", ")}`,
      after: { name: data.name, prefix, scopes },
      requestId: options.requestId,
    });
    return created;
  });
  return { id: row.id, token, prefix };
}

export async function revokeApiToken(
  db: Db,
  actor: AuditActor,
  input: RevokeApiTokenInput,
  options: { requestId?: string } = {},
): Promise<void> {
  const data = parseInput(RevokeApiTokenInputSchema, input, "revoke request");
  await db.$transaction(async (tx) => {
    const row = await tx.apiToken.findUnique({ where: { id: data.id } });
    if (!row) throw new AppError("not_found", "No such API token");
    if (row.revokedAt) return;
    await tx.apiToken.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
    await audit(tx, {
      actor,
      action: "token.revoke",
      targetType: "api-token",
      targetId: row.id,
      summary: `Revoked API token '${row.name}' (swt_${row.prefix}…)`,
      requestId: options.requestId,
    });
  });
}

/** Notes a use, at most once a minute per token, so a busy CI job does not write on every call. */
export async function touchApiToken(db: Db, id: string, lastUsedAt: Date | null): Promise<void> {
  if (lastUsedAt && Date.now() - lastUsedAt.getTime() < 60_000) return;
  await db.apiToken.update({ where: { id }, data: { lastUsedAt: new Date() } });
}
