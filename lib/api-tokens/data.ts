// Reads of API tokens: the Settings list (never a hash) and the lookup of a presented token.
import "server-only";
import type { Db } from "@/lib/db/client";
import { API_TOKEN_SCOPES, type ApiTokenScope } from "./schema";
import { hashToken, looksLikeToken } from "./token-secret";

export interface ApiTokenListItem {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiTokenScope[];
  createdAt: Date;
  createdBy: string | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

function parseScopes(text: string): ApiTokenScope[] {
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value)
      ? value.filter((s): s is ApiTokenScope => (API_TOKEN_SCOPES as readonly string[]).includes(s))
      : [];
  } catch {
    return [];
  }
}

export async function listApiTokens(db: Db): Promise<ApiTokenListItem[]> {
  const rows = await db.apiToken.findMany({ orderBy: [{ revokedAt: "asc" }, { createdAt: "desc" }] });
  const users = await db.user.findMany({
    where: { id: { in: [...new Set(rows.map((r) => r.createdById))] } },
    select: { id: true, email: true },
  });
  const emails = new Map(users.map((u) => [u.id, u.email]));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    scopes: parseScopes(r.scopes),
    createdAt: r.createdAt,
    createdBy: emails.get(r.createdById) ?? null,
    lastUsedAt: r.lastUsedAt,
    revokedAt: r.revokedAt,
  }));
}

export interface PresentedToken {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiTokenScope[];
  createdById: string;
  lastUsedAt: Date | null;
}

/** The active (not revoked) token with this text, or undefined. */
export async function findActiveToken(db: Db, text: string): Promise<PresentedToken | undefined> {
  if (!looksLikeToken(text)) return undefined;
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashToken(text) } });
  if (!row || row.revokedAt) return undefined;
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: parseScopes(row.scopes),
    createdById: row.createdById,
    lastUsedAt: row.lastUsedAt,
  };
}
