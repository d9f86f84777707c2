// The versions domain's use of the bundle library: build a version's bundle from the publish details, read
// the project content back out of a stored bundle (for rollback), and the server's signer.
import { AppError } from "@/lib/app-error";
import type { ProjectDocument } from "@/lib/customization/schema";
import { buildBundle as build, contentHashOf, type BundleSigner } from "@/lib/bundle/build";
import { BundleSchema } from "@/lib/bundle/schema";

export type { BundleSigner } from "@/lib/bundle/build";
export { contentHashOf };

export interface VersionMeta {
  projectId: string;
  projectName: string;
  versionNumber: number;
  createdAt: string;
  createdBy: string;
  snapshotHash: string;
  minClientVersion: string;
}

export function buildBundle(
  content: ProjectDocument,
  meta: VersionMeta,
  signer: BundleSigner,
): { bytes: Buffer; contentHash: string } {
  const built = build(
    content,
    {
      projectId: meta.projectId,
      projectName: meta.projectName,
      version: meta.versionNumber,
      createdAt: meta.createdAt,
      createdBy: meta.createdBy,
      metadataSnapshotHash: meta.snapshotHash,
      minClientVersion: meta.minClientVersion,
    },
    signer,
  );
  return { bytes: built.bytes, contentHash: built.contentHash };
}

/** The content of a bundle this server stored. A stored bundle that does not parse is damage, not user input. */
export function readBundleContent(bytes: Uint8Array): { content: ProjectDocument; snapshotHash: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch (cause) {
    throw new AppError("internal", "A stored bundle is not valid JSON", { cause });
  }
  const parsed = BundleSchema.safeParse(raw);
  if (!parsed.success)
    throw new AppError(
      "internal",
      `A stored bundle does not match the bundle schema: ${parsed.error.issues[0]?.message}`,
    );
  return { content: parsed.data.content, snapshotHash: parsed.data.manifest.metadataSnapshotHash };
}
