// The content hash of a metadata document: SHA-256 of its RFC 8785 canonical JSON, so the same metadata
// imported twice (from the same kind of source) is recognized instead of stored again.
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import { AppError } from "@/lib/app-error";
import type { MetadataDocument } from "@/lib/metadata/schema";

/** Lowercase hex SHA-256 of the canonical JSON (importers emit tables, columns and relationships sorted by name). */
export function contentHash(doc: MetadataDocument): string {
  const text = canonicalize(doc);
  if (text === undefined) throw new AppError("internal", "metadata document cannot be serialized");
  return createHash("sha256").update(text, "utf8").digest("hex");
}
