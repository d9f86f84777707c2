// The bundle a device downloads and the project file a consultant keeps in git: zod schemas (the source of
// the published JSON Schema in public/schema/) and the format versions. Safe to import anywhere.
import { z } from "zod";
import { ProjectDocumentSchema } from "@/lib/customization/schema";

/** The bundle format this Syncwright writes and the newest it reads. */
export const BUNDLE_FORMAT_VERSION = 1;
/** The project-file format this Syncwright writes and the newest it reads. */
export const PROJECT_FILE_FORMAT_VERSION = 1;
export const PROJECT_FILE_FORMAT = "syncwright-project";

const sha256Hex = (what: string) =>
  z
    .string()
    .regex(/^[0-9a-f]{64}$/, `${what} must be 64 lowercase hexadecimal characters (a SHA-256)`)
    .describe(`${what}: lowercase hex SHA-256.`);

/** The same form as lib/versions/client-version.ts: up to four dot-separated numbers ("1.4", "1.4.2"). */
export const MinClientVersionSchema = z
  .string()
  .regex(/^\d{1,6}(\.\d{1,6}){0,3}$/, "Must be a version such as 1.4 or 1.4.2 (numbers separated by dots)")
  .describe("The oldest client app version that can run this bundle, e.g. '1.4.2'.");

export const BundleManifestSchema = z
  .strictObject({
    formatVersion: z
      .literal(BUNDLE_FORMAT_VERSION)
      .describe("The bundle format. A reader refuses a format newer than it knows, naming both."),
    projectId: z.string().min(1).max(100).describe("The app project's id in the portal."),
    projectName: z.string().min(1).max(200).describe("The app project's name when the version was published."),
    version: z.number().int().min(1).describe("The version number: 1, 2, 3 ... per project, without gaps."),
    createdAt: z.iso.datetime({ offset: true }).describe("When the version was published (ISO 8601)."),
    createdBy: z.string().min(1).max(320).describe("Who published it (the admin's name or e-mail)."),
    metadataSnapshotHash: sha256Hex("The content hash of the metadata snapshot the project was validated against"),
    minClientVersion: MinClientVersionSchema,
    contentSha256: sha256Hex("SHA-256 of the canonical JSON (RFC 8785) of `content`, as UTF-8"),
  })
  .describe(
    "What the bundle is: project, version, provenance and the hash of its content. The signature covers exactly this object.",
  );
export type BundleManifest = z.infer<typeof BundleManifestSchema>;

export const BundleSignatureSchema = z
  .strictObject({
    alg: z.literal("Ed25519").describe("The signature algorithm (RFC 8032, pure Ed25519)."),
    keyId: z
      .string()
      .regex(/^[0-9a-f]{16}$/, "keyId must be 16 lowercase hexadecimal characters")
      .describe("The first 16 hex characters of the SHA-256 of the raw 32-byte public key."),
    value: z
      .string()
      .regex(/^[A-Za-z0-9+/]{86}==$/, "value must be a base64 Ed25519 signature (64 bytes, 88 characters)")
      .describe("Base64 of the 64-byte Ed25519 signature of the canonical JSON (RFC 8785) of `manifest`, as UTF-8."),
  })
  .describe("The server's signature of the manifest (which carries the content hash).");
export type BundleSignature = z.infer<typeof BundleSignatureSchema>;

export const BundleSchema = z
  .strictObject({
    manifest: BundleManifestSchema,
    // The whole configuration, whatever the project document holds: new parts appear here without bundle code changes.
    content: ProjectDocumentSchema,
    signature: BundleSignatureSchema.optional(),
  })
  .describe(
    "A Syncwright customization bundle: the canonical JSON (RFC 8785) of this object is what devices download.",
  );
export type Bundle = z.infer<typeof BundleSchema>;

/** The consultant's export: the project document wrapped with a format marker, written as canonical JSON. */
export const ProjectFileSchema = z
  .strictObject({
    format: z.literal(PROJECT_FILE_FORMAT).describe("Marks a Syncwright project file."),
    formatVersion: z.literal(PROJECT_FILE_FORMAT_VERSION).describe("The project-file format."),
    project: ProjectDocumentSchema,
  })
  .describe(
    "A Syncwright project file: an app project's whole configuration as canonical JSON (RFC 8785), for review and import.",
  );
export type ProjectFile = z.infer<typeof ProjectFileSchema>;

/** Where a bundle or project-file check failed: a JSON path ("manifest.version", "content.tables[3].columns") or "(file)". */
export interface BundleProblem {
  path: string;
  message: string;
}
