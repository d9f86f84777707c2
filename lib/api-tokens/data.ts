// Reads of API tokens: the Settings list (never a hash) with each token's standing, who a token may be
// re-assigned to, and the lookup of a presented token with the user it acts for as that user is now.
import "server-only";
import type { Db } from "@/lib/db/client";
import type { Role } from "@/lib/auth/schema";
import { API_TOKEN_SCOPES, type ApiTokenScope } from "./schema";
import { canHoldTokens, tokenStanding, type TokenStanding, type TokenUser } from "./rights";
import { hashToken, looksLikeToken } from "./token-secret";

export interface ApiTokenListItem {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiTokenScope[];
  createdAt: Date;
  /** The email of the user the token acts for (its creator, or whom an owner re-assigned it to). */
  createdBy: string | null;
  actsFor: { id: string; email: string; name: string; role: string; disabled: boolean } | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  /** What the token may do now; "revoked" once revoked. */
  status: TokenStanding["status"] | "revoked";
  /** Why a token is limited or suspended. */
  statusReason: string | null;
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
    select: { id: true, email: true, name: true, role: true, disabled: true },
  });
  const byId = new Map(users.map((u) => [u.id, u]));
  return rows.map((r) => {
    const user = byId.get(r.createdById) ?? null;
    const scopes = parseScopes(r.scopes);
    const standing = tokenStanding(scopes, user);
    return {
      id: r.id,
      name: r.name,
      prefix: r.prefix,
      scopes,
      createdAt: r.createdAt,
      createdBy: user?.email ?? null,
      actsFor: user,
      lastUsedAt: r.lastUsedAt,
      revokedAt: r.revokedAt,
      status: r.revokedAt ? "revoked" : standing.status,
      statusReason: r.revokedAt || standing.status === "active" ? null : standing.reason,
    };
  });
}

export interface TokenAssignee {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/** The users a token may be re-assigned to: enabled owners and editors, owners first. */
export async function listTokenAssignees(db: Db): Promise<TokenAssignee[]> {
  const rows = await db.user.findMany({
    where: { disabled: false, role: { in: ["owner", "editor"] } },
    orderBy: [{ role: "desc" }, { email: "asc" }],
    select: { id: true, email: true, name: true, role: true, disabled: true },
  });
  return rows.filter(canHoldTokens).map(({ id, email, name, role }) => ({ id, email, name, role: role as Role }));
}

export interface PresentedToken {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiTokenScope[];
  createdById: string;
  lastUsedAt: Date | null;
  /** The user the token acts for, read with the token (never cached): null when that user is gone. */
  user: (TokenUser & { id: string }) | null;
}

/** The active (not revoked) token with this text and the user it acts for as of now, or undefined. */
export async function findActiveToken(db: Db, text: string): Promise<PresentedToken | undefined> {
  if (!looksLikeToken(text)) return undefined;
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashToken(text) } });
  if (!row || row.revokedAt) return undefined;
  const user = await db.user.findUnique({
    where: { id: row.createdById },
    select: { id: true, email: true, role: true, disabled: true },
  });
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: parseScopes(row.scopes),
    createdById: row.createdById,
    lastUsedAt: row.lastUsedAt,
    user,
  };
}
