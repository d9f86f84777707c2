// A snapshot must be worth storing (issue 14): a source without tables is refused with a reason, and tables
// without columns (a managed solution carrying only forms and views of system tables) are named in a warning
// that says what would complete them.
import { describe, expect, it } from "vitest";
import { readMetadataSource, readMetadataUpload, readMetadataUploads } from "@/lib/metadata/read-source";
import { HIGHERED_XML } from "./real-data";

const encode = (text: string) => new TextEncoder().encode(text);

describe("useful snapshots", () => {
  it("refuses a customizations.xml without tables", () => {
    expect(() =>
      readMetadataUpload(encode("<ImportExportXml><Entities/><Roles/></ImportExportXml>"), "customizations.xml"),
    ).toThrowError(/customizations\.xml: no tables: this file holds no table definitions/);
  });

  it("warns about the 18 column-less tables of a forms-only solution, saying what completes them", async () => {
    const source = await readMetadataSource(HIGHERED_XML);
    expect(source.document.tables).toHaveLength(18);
    expect(source.warnings).toEqual([
      expect.stringMatching(
        /^18 tables have no columns \(account, adx_entitypermission, .*, and 10 more\): this solution carries only forms and views of them .*Web API JSON files\.$/,
      ),
    ]);
  });

  it("names Attributes for Web API JSON tables without columns", () => {
    const bare = { LogicalName: "thing", SchemaName: "Thing", MetadataId: "x", Attributes: [] };
    const other = {
      ...bare,
      LogicalName: "other",
      SchemaName: "Other",
      Attributes: [{ LogicalName: "otherid", AttributeType: "Uniqueidentifier" }],
    };
    const source = readMetadataUploads([
      { name: "thing.json", bytes: encode(JSON.stringify(bare)) },
      { name: "other.json", bytes: encode(JSON.stringify(other)) },
    ]);
    expect(source.warnings).toContainEqual(
      expect.stringMatching(/^1 table has no columns \(thing\): .*\$expand=Attributes/),
    );
  });
});
