// Inputs of publishing and rolling back, shared by the portal's actions, the automation API and the CLI.
import { z } from "zod";
import { ClientVersionSchema } from "./client-version";

export const NOTES_MAX = 2000;

const projectId = z.string().min(1, "Project id is required").max(64);
const notes = z.string().max(NOTES_MAX, `Notes must be at most ${NOTES_MAX} characters`).default("");

export const PublishInputSchema = z.strictObject({
  projectId,
  notes,
  minClientVersion: ClientVersionSchema.optional().describe(
    "Oldest app version that can run it; the previous version's when absent.",
  ),
});
export type PublishInput = z.input<typeof PublishInputSchema>;

/**
 * The portal's publish: the same fields, and whether to publish content identical to the current version. Without
 * the flag such a publish is refused with the version it repeats, so the admin is asked first. The automation API
 * and the CLI publish as asked (a pipeline that republishes is not a person to ask).
 */
export const PortalPublishInputSchema = PublishInputSchema.extend({
  allowIdentical: z.boolean().default(false),
});
export type PortalPublishInput = z.input<typeof PortalPublishInputSchema>;

/** What the portal's publish answers: the new version, or the current version whose content it would repeat. */
export type PortalPublishOutcome =
  { ok: true; number: number; warnings: number } | { ok: false; reason: "identical"; version: number };

export const RollbackInputSchema = z.strictObject({
  projectId,
  number: z.number().int().min(1, "Version numbers start at 1"),
  notes: notes.optional(),
});
export type RollbackInput = z.input<typeof RollbackInputSchema>;

/** A version as lists and the API show it (no bundle bytes). */
export interface VersionSummary {
  id: string;
  projectId: string;
  number: number;
  notes: string;
  createdAt: Date;
  createdByLabel: string;
  contentHash: string;
  bundleHash: string;
  size: number;
  minClientVersion: string;
  warnings: VersionWarning[];
}

/** A warning a version was published with; an acknowledged one says who set it aside, when and why. */
export interface VersionWarning {
  path: string;
  message: string;
  acknowledged?: { note: string; by: string; at: string };
}
