// Test data for the bundle tests: a real project over the real Web API metadata of ../shared/data/dataverse,
// manifests, and throwaway Ed25519 signers.
import { generateKeyPairSync } from "node:crypto";
import type { BundleMeta } from "@/lib/bundle/build";
import { keyIdOf, type BundleSigner } from "@/lib/bundle/sign";
import type { KeyObject } from "node:crypto";
import type { ProjectDocument } from "@/lib/customization/schema";
import { contentHash } from "@/lib/metadata/content-hash";
import { config, project, realSnapshot } from "../customization/fixtures";

export { realSnapshot } from "../customization/fixtures";

export function testSigner(): BundleSigner & { publicKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

/** contact (with a form and a view) and annotation (notes), tables of the real snapshot. */
export function fieldSales(): ProjectDocument {
  return project([
    config("contact", ["contactid", "fullname", "lastname", "emailaddress1", "fax", "statecode", "parentcustomerid"], {
      views: [
        {
          id: "view-active",
          name: "Active contacts",
          columns: [{ column: "fullname" }, { column: "emailaddress1" }],
          sort: [{ column: "fullname", descending: false }],
        },
      ],
      forms: [
        {
          id: "form-main",
          name: "Main",
          tabs: [
            {
              kind: "fields",
              id: "tab-general",
              label: "General",
              sections: [
                {
                  id: "sec-contact",
                  label: "Contact",
                  fields: [
                    { id: "fld-fullname", column: "fullname", required: true },
                    { id: "fld-email", column: "emailaddress1" },
                    { id: "fld-lastname", column: "lastname" },
                  ],
                },
              ],
            },
          ],
        },
      ],
    }),
    config("annotation", ["annotationid", "subject"]),
  ]);
}

export function meta(overrides: Partial<BundleMeta> = {}): BundleMeta {
  return {
    projectId: "proj-1",
    projectName: "Field sales",
    version: 1,
    createdAt: "2026-11-23T12:00:00.000Z",
    createdBy: "ada@example.com",
    metadataSnapshotHash: snapshotHash(),
    minClientVersion: "1.0.0",
    ...overrides,
  };
}

let hash: string | undefined;
function snapshotHash(): string {
  hash ??= contentHash(realSnapshot());
  return hash;
}
