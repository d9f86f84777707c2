// An upload's three readers (metadata, forms and views, roles) share the zip's inflated entries: the first to read
// customizations.xml inflates it, the others take its text, and each gets what it would have read alone.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { definitionsFromUpload } from "@/lib/metadata/read-definitions";
import { readMetadataUploadAsync } from "@/lib/metadata/read-source";
import { DEFAULT_ZIP_LIMITS, listZipEntries, ZipTexts } from "@/lib/metadata/read-zip";
import { rolesFromUpload } from "@/lib/metadata/solution-roles";

const ZIP = path.resolve(
  process.cwd(),
  "../shared/data/dataverse/solution-nonprofit-core/NonprofitCore_2_2_3_0_managed.zip",
);

describe("ZipTexts", () => {
  it("keeps customizations.xml from the metadata read for the forms-and-views and roles readers", async () => {
    const bytes = new Uint8Array(readFileSync(ZIP));
    const texts = new ZipTexts();
    const entry = listZipEntries(bytes, "np.zip").find((e) => e.name === "customizations.xml")!;
    expect(texts.get("np.zip", entry)).toBeUndefined();

    const alone = await readMetadataUploadAsync(bytes, "np.zip");
    const shared = await readMetadataUploadAsync(bytes, "np.zip", { zipTexts: texts });
    expect(shared.document).toEqual(alone.document);
    const text = texts.get("np.zip", entry)!;
    expect(text).toMatch(/^<ImportExportXml/);
    expect(text.length).toBeGreaterThan(5_000_000);
    // Another zip of the same entry name is another text.
    expect(texts.get("other.zip", entry)).toBeUndefined();

    const definitions = definitionsFromUpload(bytes, "np.zip", DEFAULT_ZIP_LIMITS, texts);
    expect(definitions).toEqual(definitionsFromUpload(bytes, "np.zip"));
    expect(definitions.forms.length).toBeGreaterThan(100);
    expect(rolesFromUpload(bytes, "np.zip", DEFAULT_ZIP_LIMITS, texts)).toEqual(rolesFromUpload(bytes, "np.zip"));

    // What the readers take is the kept text itself: a text put in its place is what they read.
    texts.set("np.zip", entry, "<ImportExportXml><Entities/><Roles/></ImportExportXml>");
    expect(definitionsFromUpload(bytes, "np.zip", DEFAULT_ZIP_LIMITS, texts)).toEqual({ forms: [], views: [] });
  });
});
