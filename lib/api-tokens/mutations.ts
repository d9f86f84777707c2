// Writes of API tokens: create (the text is returned once; only its hash is stored), revoke, re-assign to
// another user (the secret stays; the token then acts with that user's rights), last use.
import "server-only";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/app-error";
import { audit } from "@/lib/audit/mutations";
import type { AuditActor } from "@/lib/audit/schema";
import { parseInput } from "@/lib/parse-input";
import {
  CreateApiTokenInputSchema,
  ReassignApiTokenInputSchema,
  RevokeApiTokenInputSchema,
  type CreateApiTokenInput,
  type ReassignApiTokenInput,
  type RevokeApiTokenInput,
} from "./schema";
import { canHoldTokens } from "./rights";
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

/**
 * Makes a token act for another enabled owner or editor (e.g. when its creator was disabled or demoted). The
 * token's text does not change, so the pipeline using it keeps working. Refuses a revoked token and a user
 * who may not hold tokens.
 */
export async function reassignApiToken(
  db: Db,
  actor: AuditActor,
  input: ReassignApiTokenInput,
  options: { requestId?: string } = {},
): Promise<{ id: string; userId: string }> {
  const data = parseInput(ReassignApiTokenInputSchema, input, "re-assign request");
  return db.$transaction(async (tx) => {
    const row = await tx.apiToken.findUnique({ where: { id: data.id } });
    if (!row) throw new AppError("not_found", "No such API token");
    if (row.revokedAt) throw new AppError("conflict", `The API token '${row.name}' is revoked; create a new one.`);
    const target = await tx.user.findUnique({ where: { id: data.userId } });
    if (!target) throw new AppError("not_found", "This user does not exist.");
    if (!canHoldTokens(target)) {
      throw new AppError("invalid", `${target.email} cannot hold API tokens: pick an enabled owner or editor.`, {
        problems: [{ path: "userId", message: "must be an enabled owner or editor" }],
      });
    }
    if (row.createdById === target.id) return { id: row.id, userId: target.id };
    const before = await tx.user.findUnique({ where: { id: row.createdById }, select: { email: true } });
    // Conditional on the holder read above: of two owners re-assigning at once, the second gets a conflict.
    const moved = await tx.apiToken.updateMany({
      where: { id: row.id, createdById: row.createdById, revokedAt: null },
      data: { createdById: target.id },
    });
    if (moved.count !== 1) throw new AppError("conflict", "The token changed meanwhile; reload and try again.");
    await audit(tx, {
      actor,
      action: "token.reassign",
      targetType: "api-token",
      targetId: row.id,
      summary: `Re-assigned API token '${row.name}' (swt_${row.prefix}…) from ${before?.email ?? "a deleted user"} to ${target.email}`,
      before: { actsFor: before?.email ?? null },
      after: { actsFor: target.email },
      requestId: options.requestId,
    });
    return { id: row.id, userId: target.id };
  });
}

/** Notes a use, at most once a minute per token, so a busy CI job does not write on every call. */
export async function touchApiToken(db: Db, id: string, lastUsedAt: Date | null): Promise<void> {
  if (lastUsedAt && Date.now() - lastUsedAt.getTime() < 60_000) return;
  await db.apiToken.update({ where: { id }, data: { lastUsedAt: new Date() } });
}
