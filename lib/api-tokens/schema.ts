// API tokens for the CLI and CI: scopes, the create input, and the token text format. Safe to import anywhere.
import { z } from "zod";

export const API_TOKEN_SCOPES = ["projects:read", "projects:write", "publish"] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

export const SCOPE_LABELS: Record<ApiTokenScope, string> = {
  "projects:read": "Export projects and pull versions",
  "projects:write": "Import project files",
  publish: "Publish versions",
};

export const ApiTokenScopeSchema = z.enum(API_TOKEN_SCOPES, {
  error: `Scope must be one of ${API_TOKEN_SCOPES.join(", ")}`,
});

export const CreateApiTokenInputSchema = z.strictObject({
  name: z.string().trim().min(1, "Name is required").max(100, "Name must be at most 100 characters"),
  scopes: z.array(ApiTokenScopeSchema).min(1, "Pick at least one scope").max(API_TOKEN_SCOPES.length),
});
export type CreateApiTokenInput = z.input<typeof CreateApiTokenInputSchema>;

export const RevokeApiTokenInputSchema = z.strictObject({ id: z.string().min(1).max(64) });
export type RevokeApiTokenInput = z.input<typeof RevokeApiTokenInputSchema>;

/** An owner re-assigns a token to another enabled owner or editor; the token then acts with their rights. */
export const ReassignApiTokenInputSchema = z.strictObject({
  id: z.string().min(1).max(64),
  userId: z.string().min(1, "Pick a user").max(64),
});
export type ReassignApiTokenInput = z.input<typeof ReassignApiTokenInputSchema>;

/** The token a user copies: "swt_" + 8 characters of prefix (shown in lists) + "_" + 43 secret characters. */
export const TOKEN_PATTERN = /^swt_([A-Za-z0-9]{8})_([A-Za-z0-9_-]{43})$/;
