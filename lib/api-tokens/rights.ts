// What an API token may do now: its scopes, cut down to what the user it acts for may do now. Pure; the
// automation API's wrapper applies it on every request and Settings shows its verdict.
import { can, type Permission } from "@/lib/auth/roles";
import type { ApiTokenScope } from "./schema";

/** The portal permission each scope needs from the user the token acts for. */
export const SCOPE_PERMISSION: Record<ApiTokenScope, Permission> = {
  "projects:read": "read",
  "projects:write": "edit",
  publish: "publish",
};

export interface TokenUser {
  email: string;
  role: string;
  disabled: boolean;
}

export const CREATOR_DISABLED = "the user who created this token is disabled";
export const CREATOR_MISSING = "the user who created this token no longer exists";

export type TokenStanding =
  /** The token may use every scope it holds. */
  | { status: "active"; usable: ApiTokenScope[] }
  /** The user's role no longer allows some of its scopes; the others still work. */
  | { status: "limited"; usable: ApiTokenScope[]; lost: ApiTokenScope[]; reason: string }
  /** Refused altogether until an owner re-assigns it (or revokes it). */
  | { status: "suspended"; usable: []; reason: string };

/** The token's standing given the user it acts for as that user is now (null when the user is gone). */
export function tokenStanding(scopes: readonly ApiTokenScope[], user: TokenUser | null): TokenStanding {
  if (!user) return { status: "suspended", usable: [], reason: CREATOR_MISSING };
  if (user.disabled) return { status: "suspended", usable: [], reason: CREATOR_DISABLED };
  const usable = scopes.filter((s) => can(user.role, SCOPE_PERMISSION[s]));
  const lost = scopes.filter((s) => !usable.includes(s));
  if (lost.length === 0) return { status: "active", usable };
  const reason = `${user.email} is now ${user.role} and may no longer use ${lost.join(", ")}`;
  return usable.length === 0
    ? { status: "suspended", usable: [], reason }
    : { status: "limited", usable, lost, reason };
}

/** Who a token may be re-assigned to: an enabled owner or editor (they hold every scope). */
export function canHoldTokens(user: { role: string; disabled: boolean }): boolean {
  return !user.disabled && (user.role === "owner" || user.role === "editor");
}
