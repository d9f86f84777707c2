// Builds a bundle from a project document: the canonical content, its hash, the manifest and the signature,
// serialized as the bytes devices download. Pure apart from hashing and signing.
import { ProjectDocumentSchema, type ProjectDocument } from "@/lib/customization/schema";
import { AppError } from "@/lib/app-error";
import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical-json";
import { BUNDLE_FORMAT_VERSION, BundleManifestSchema, type Bundle, type BundleManifest } from "./schema";
import { signManifest, type BundleSigner } from "./sign";
import { fieldProblems } from "@/lib/parse-input";

export type { BundleSigner } from "./sign";

/** The manifest fields the publisher supplies; formatVersion and contentSha256 are the builder's. */
export type BundleMeta = Omit<BundleManifest, "formatVersion" | "contentSha256">;

export interface BuiltBundle {
  /** The canonical JSON of the bundle as UTF-8: exactly what is stored and served. */
  bytes: Buffer;
  /** manifest.contentSha256: equal for equal configurations, whoever publishes them and when. */
  contentHash: string;
  manifest: BundleManifest;
  bundle: Bundle;
}

/**
 * The bundle of `content` (normalized through ProjectDocumentSchema first, so sets are sorted and defaults
 * filled whatever the caller passed), signed when a signer is given.
 */
export function buildBundle(content: ProjectDocument, meta: BundleMeta, signer?: BundleSigner): BuiltBundle {
  const { normalized, contentText, contentHash } = canonicalContent(content);
  const manifestResult = BundleManifestSchema.safeParse({
    ...meta,
    formatVersion: BUNDLE_FORMAT_VERSION,
    contentSha256: contentHash,
  });
  if (!manifestResult.success) {
    throw new AppError("invalid", "The bundle manifest is invalid", {
      problems: fieldProblems(manifestResult.error, "manifest"),
    });
  }
  const manifest = manifestResult.data;
  const bundle: Bundle = {
    manifest,
    content: normalized,
    ...(signer ? { signature: signManifest(manifest, signer) } : {}),
  };
  // RFC 8785 orders the bundle's keys content < manifest < signature and adds no whitespace, so this is
  // canonicalJson(bundle) without writing the content a second time.
  const text = `{"content":${contentText},"manifest":${canonicalJson(manifest)}${bundle.signature ? `,"signature":${canonicalJson(bundle.signature)}` : ""}}`;
  return { bytes: Buffer.from(text, "utf8"), contentHash, manifest, bundle };
}

/** The normalized content, its canonical text and its SHA-256 (manifest.contentSha256). */
function canonicalContent(content: ProjectDocument): {
  normalized: ProjectDocument;
  contentText: string;
  contentHash: string;
} {
  const parsed = ProjectDocumentSchema.safeParse(content);
  if (!parsed.success) {
    throw new AppError("invalid", "The project cannot be bundled: it does not match the project schema", {
      problems: fieldProblems(parsed.error, "content"),
    });
  }
  // Acknowledged warnings are the editors' review notes, not configuration: a device never needs them, and
  // acknowledging one must not change the content hash (nor make an identical publish look new).
  const settings = { ...parsed.data.settings };
  delete settings.acknowledgements;
  const normalized: ProjectDocument = { ...parsed.data, settings };
  // The content's canonical text is most of the work (hundreds of KB for a large project): made once, hashed,
  // and placed into the bundle's text as is.
  const contentText = canonicalJson(normalized);
  const contentHash = createHash("sha256").update(contentText, "utf8").digest("hex");
  return { normalized, contentText, contentHash };
}

/** The contentSha256 a bundle of `content` would carry, without building or signing it. */
export function contentHashOf(content: ProjectDocument): string {
  return canonicalContent(content).contentHash;
}
