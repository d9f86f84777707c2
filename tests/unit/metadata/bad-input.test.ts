import { mkdtempSync, rmSync, writeFileSync, mkdirSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { zipSync, strToU8 } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/app-error";
import { positionOf } from "@/lib/json-fault";
import {
  isUnreadableError,
  readMetadataSource,
  readMetadataUpload,
  readMetadataUploads,
} from "@/lib/metadata/read-source";
import { HIGHERED_XML, NONPROFIT_ZIP, UNPACKED_DIR, WEBAPI_DIR, readBytes, readText, unpackedFiles } from "./real-data";
import { readdirSync } from "node:fs";

const dir = mkdtempSync(path.join(tmpdir(), "syncwright-metadata-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string | Uint8Array): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw new Error(`expected an AppError, got ${String(error)}`);
  }
  throw new Error("expected the import to fail");
}

const entityXml = readText(path.join(UNPACKED_DIR, "Entities", "Contact", "Entity.xml"));
const statusJson = readText(path.join(WEBAPI_DIR, "contact.StatusAttributeMetadata.json"));

describe("malformed and truncated files", () => {
  it("names file, line and column of malformed JSON", async () => {
    // The real file is one line; pretty-printed, the fault gets a line number worth checking.
    const pretty = JSON.stringify(JSON.parse(statusJson), null, 2);
    const text = pretty.replace('"OptionSetType": "Status"', '"OptionSetType": Status');
    expect(text).not.toBe(pretty);
    const at = positionOf(text, text.indexOf(": Status") + 2);
    const file = write("contact.StatusAttributeMetadata.json", text);
    const error = await failure(readMetadataSource(file));
    expect(error.code).toBe("invalid");
    expect(error.message).toBe(`${file}:${at.line}:${at.column}: not valid JSON: unexpected character "S"`);
    expect(at.line).toBeGreaterThan(1);
  });

  it("says a truncated JSON file ends too early, with the position of its end", async () => {
    const text = statusJson.slice(0, 1000);
    const file = write("truncated.json", text);
    const end = positionOf(text, text.length);
    const error = await failure(readMetadataSource(file));
    expect(error.message).toBe(
      `${file}:${end.line}:${end.column}: not valid JSON: the file ends in the middle of a JSON value (truncated?)`,
    );
  });

  it("names file, line and column of malformed XML", async () => {
    const index = entityXml.indexOf("</LogicalName>");
    const text = entityXml.slice(0, index) + "</LogicalNam>" + entityXml.slice(index + "</LogicalName>".length);
    const at = positionOf(text, index);
    const file = write("Entity.xml", text);
    const error = await failure(readMetadataSource(file));
    expect(error.code).toBe("invalid");
    expect(error.message).toContain(
      `${file}:${at.line}:${at.column}: not valid XML: Expected closing tag 'LogicalName'`,
    );
    expect(error.message).toContain("LogicalName");
  });

  it("says a truncated XML file is truncated", async () => {
    const text = readText(HIGHERED_XML);
    const file = write("customizations.xml", text.slice(0, Math.floor(text.length / 2)));
    const error = await failure(readMetadataSource(file));
    const end = positionOf(text, Math.floor(text.length / 2));
    expect(error.message).toContain(`customizations.xml:${end.line}:`);
    // Without the validator's list of every open tag, which it puts at line 1, column 1.
    expect(error.message).toMatch(
      /: the file ends before the XML is complete \(truncated\?\): <ImportExportXml> is never closed$/,
    );
  });

  it("says a truncated zip is not a complete archive", async () => {
    const bytes = readBytes(NONPROFIT_ZIP);
    const file = write("cut.zip", bytes.subarray(0, Math.floor(bytes.length / 2)));
    const error = await failure(readMetadataSource(file));
    expect(error.message).toBe(
      `${file}: not a complete ZIP archive: its end record is missing (truncated or not a zip)`,
    );
  });

  it("refuses an empty file, whitespace, binary junk and a renamed non-zip", async () => {
    expect((await failure(readMetadataSource(write("empty.json", "")))).message).toMatch(
      /empty\.json: the file is empty/,
    );
    expect((await failure(readMetadataSource(write("blank.xml", "  \n ")))).message).toMatch(
      /blank\.xml: the file is empty/,
    );
    expect(
      (await failure(readMetadataSource(write("junk.bin", new Uint8Array([0xff, 0xfe, 0x00, 0x81, 0xc3]))))).message,
    ).toMatch(/neither UTF-8 text nor a ZIP archive/);
    expect((await failure(readMetadataSource(write("fake.zip", "hello")))).message).toMatch(
      /fake\.zip: not a ZIP archive/,
    );
  });
});

describe("files that are something else", () => {
  it("refuses package.json as not Dataverse metadata", async () => {
    const file = path.resolve(process.cwd(), "package.json");
    const error = await failure(readMetadataSource(file));
    expect(error.code).toBe("invalid");
    expect(error.message).toMatch(/package\.json: not Dataverse metadata/);
  });

  it("refuses solution.xml with a pointer to the right file", async () => {
    const file = path.join(path.dirname(HIGHERED_XML), "solution.xml");
    expect((await failure(readMetadataSource(file))).message).toMatch(
      /this is solution\.xml \(the solution manifest\), not customizations\.xml/,
    );
  });

  it("refuses an XML file of another kind", async () => {
    const file = write("pom.xml", '<?xml version="1.0"?>\n<project><modelVersion>4.0.0</modelVersion></project>');
    expect((await failure(readMetadataSource(file))).message).toMatch(
      /pom\.xml: not Dataverse metadata: expected <ImportExportXml>/,
    );
  });

  it("refuses a folder with nothing importable", async () => {
    const folder = path.join(dir, "nothing");
    mkdirSync(folder);
    writeFileSync(path.join(folder, "notes.txt"), "hello");
    expect((await failure(readMetadataSource(folder))).message).toMatch(
      /nothing: not Dataverse metadata: the folder holds/,
    );
  });

  it("reports a missing file as not found (unreadable, CLI exit 2)", async () => {
    const error = await failure(readMetadataSource(path.join(dir, "missing.zip")));
    expect(error.code).toBe("not_found");
    expect(isUnreadableError(error)).toBe(true);
  });
});

describe("DOCTYPE and entity declarations", () => {
  const bomb = [
    '<?xml version="1.0"?>',
    '<!DOCTYPE ImportExportXml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',
    "<ImportExportXml><Entities><Entity><Name>&c;</Name></Entity></Entities></ImportExportXml>",
  ].join("\n");

  it("refuses a DOCTYPE with entity declarations (billion laughs), naming line and column", async () => {
    const error = await failure(readMetadataSource(write("laughs.xml", bomb)));
    expect(error.message).toMatch(/laughs\.xml:2:1: XML with a DOCTYPE declaration is refused/);
  });

  it("refuses an external entity", async () => {
    const xxe =
      '<?xml version="1.0"?>\n<!DOCTYPE x [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<ImportExportXml>&xxe;</ImportExportXml>';
    expect((await failure(readMetadataSource(write("xxe.xml", xxe)))).message).toMatch(
      /xxe\.xml:2:1: XML with a DOCTYPE declaration is refused/,
    );
  });

  it("finds a DOCTYPE behind a processing instruction or a comment that seems to hide it", async () => {
    const [declaration, doctype, root] = bomb.split("\n");
    for (const [name, before] of [
      ["pi.xml", "<?pi <!-- ?>"],
      ["pi-in-comment.xml", "<!-- <? -->"],
      ["cdata-like-pi.xml", "<?pi <![CDATA[ ?>"],
    ]) {
      const text = [declaration, `${before}${doctype}<!-- -->`, root].join("\n");
      expect((await failure(readMetadataSource(write(name, text)))).message).toMatch(
        new RegExp(`${name.replace(".", "\\.")}:2:${before.length + 1}: XML with a DOCTYPE declaration is refused`),
      );
    }
  });

  it("refuses the same inside a solution zip", async () => {
    const zip = zipSync({ "customizations.xml": strToU8(bomb), "solution.xml": strToU8("<ImportExportXml/>") });
    const error = await failure(readMetadataSource(write("laughs.zip", zip)));
    expect(error.message).toMatch(/laughs\.zip \(customizations\.xml\):2:1: XML with a DOCTYPE declaration is refused/);
  });

  it("does not mistake a DOCTYPE inside a comment for a declaration", () => {
    const text = entityXml.replace("<Entity ", "<!-- <!DOCTYPE x> --><Entity ");
    expect(readMetadataUpload(strToU8(text), "Entity.xml").document.tables).toHaveLength(1);
  });
});

describe("hostile and unexpected zips", () => {
  const customizations = strToU8(readText(HIGHERED_XML));

  it("refuses a zip without customizations.xml, listing what it holds", async () => {
    const zip = zipSync({ "readme.txt": strToU8("hello"), "photos/cat.jpg": new Uint8Array(10) });
    expect((await failure(readMetadataSource(write("other.zip", zip)))).message).toMatch(
      /other\.zip: not a Dataverse solution: the zip holds no customizations\.xml at its root \(it holds 2 entries: readme\.txt, photos\/cat\.jpg\)/,
    );
  });

  it("reads a zip of the unpacked solution layout, and explains a customizations.xml zipped inside a folder", () => {
    const layout = zipSync(Object.fromEntries(unpackedFiles().map((f) => [`src/${f.path}`, strToU8(f.text)])));
    const result = readMetadataUpload(layout, "unpacked.zip");
    expect([result.format, result.document.tables.length, result.document.relationships.length]).toEqual([
      "solution",
      2,
      323,
    ]);
    const nested = zipSync({
      "export/customizations.xml": customizations,
      "export/solution.xml": strToU8("<ImportExportXml/>"),
    });
    expect(() => readMetadataUpload(nested, "nested.zip")).toThrowError(
      /nested\.zip: not a Dataverse solution export: customizations\.xml is inside a folder \(export\/customizations\.xml\)/,
    );
  });

  it("refuses entries with path traversal names", async () => {
    const zip = zipSync({ "customizations.xml": customizations, "../../etc/evil.xml": strToU8("x") });
    expect((await failure(readMetadataSource(write("traversal.zip", zip)))).message).toMatch(
      /unsafe name "\.\.\/\.\.\/etc\/evil\.xml"/,
    );
    const absolute = zipSync({ "/etc/passwd": strToU8("x"), "customizations.xml": customizations });
    expect((await failure(readMetadataSource(write("absolute.zip", absolute)))).message).toMatch(
      /unsafe name "\/etc\/passwd"/,
    );
  });

  it("refuses a zip bomb by its compression ratio before inflating it", () => {
    const zip = zipSync({ "customizations.xml": new Uint8Array(24 * 1024 * 1024) }, { level: 9 });
    expect(zip.length).toBeLessThan(100_000);
    const error = (() => {
      try {
        readMetadataUpload(zip, "bomb.zip");
      } catch (e) {
        return e as AppError;
      }
      throw new Error("expected a refusal");
    })();
    expect(error.code).toBe("too_large");
    expect(error.message).toMatch(
      /bomb\.zip \(customizations\.xml\): entry declares a compression ratio of \d+:1 \(zip bomb\?\)/,
    );
  });

  it("stops inflating an entry that lies about its size", () => {
    const zip = zipSync({ "customizations.xml": new Uint8Array(8 * 1024 * 1024) }, { level: 9 });
    // Rewrite the declared uncompressed size (central directory and local header) to 1,000 bytes.
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    for (let i = 0; i < zip.length - 4; i++) {
      const signature = view.getUint32(i, true);
      if (signature === 0x02014b50) view.setUint32(i + 24, 1000, true);
      if (signature === 0x04034b50) view.setUint32(i + 22, 1000, true);
    }
    expect(() => readMetadataUpload(zip, "liar.zip")).toThrowError(
      /liar\.zip \(customizations\.xml\): entry inflates to more than its declared 1000 bytes \(zip bomb\?\)/,
    );
  });

  it("refuses archives over the unpacked-size and entry-count limits", () => {
    const zip = zipSync({ "customizations.xml": customizations, "solution.xml": strToU8("<x/>") });
    expect(() => readMetadataUpload(zip, "big.zip", { zip: { maxUncompressedBytes: 100_000 } })).toThrowError(
      /big\.zip: the archive would unpack to more than 100000 bytes \(zip bomb\?\)/,
    );
    expect(() => readMetadataUpload(zip, "many.zip", { zip: { maxEntries: 1 } })).toThrowError(
      /many\.zip: the archive lists 2 entries; at most 1 are accepted/,
    );
  });

  it("detects a damaged entry by its checksum", () => {
    const zip = zipSync({ "customizations.xml": customizations }, { level: 0 });
    const at = zip.indexOf(0x3c, 100); // a "<" inside the stored (uncompressed) XML
    zip[at] = 0x3e;
    expect(() => readMetadataUpload(zip, "damaged.zip")).toThrowError(
      /damaged\.zip \(customizations\.xml\): checksum mismatch/,
    );
  });
});

describe("size limits", () => {
  it("refuses a file over the configured limit without parsing it", async () => {
    const file = path.join(dir, "big.json");
    copyFileSync(path.join(WEBAPI_DIR, "contact.EntityDefinitions.json"), file);
    const error = await failure(readMetadataSource(file, { maxFileBytes: 100_000 }));
    expect(error.code).toBe("too_large");
    expect(error.message).toBe(`${file}: the file is 959591 bytes, over the limit of 100000 bytes`);
    expect(() => readMetadataUpload(readBytes(NONPROFIT_ZIP), "upload.zip", { maxFileBytes: 1000 })).toThrowError(
      /upload\.zip: the file is 776934 bytes, over the limit of 1000 bytes/,
    );
  });

  it("applies the limit to every file of a folder", async () => {
    const error = await failure(readMetadataSource(WEBAPI_DIR, { maxFileBytes: 1_000_000 }));
    expect(error.code).toBe("too_large");
    expect(error.message).toMatch(/systemuser\.EntityDefinitions\.json: the file is 6482398 bytes/);
  });
});

describe("format detection of good input", () => {
  it("reads each real source and says its format", async () => {
    const cases: Array<[string, string, number]> = [
      [WEBAPI_DIR, "webapi-json", 17],
      [path.join(WEBAPI_DIR, "contact.EntityDefinitions.json"), "webapi-json", 1],
      [NONPROFIT_ZIP, "solution", 41],
      [HIGHERED_XML, "solution", 18],
      [UNPACKED_DIR, "solution", 2],
      [path.join(UNPACKED_DIR, "Entities", "appbase_ActionItem", "Entity.xml"), "solution", 1],
    ];
    for (const [target, format, tables] of cases) {
      const source = await readMetadataSource(target);
      expect([target, source.format, source.document.tables.length]).toEqual([target, format, tables]);
    }
  });

  it("detects a zip by content even with another name", () => {
    expect(readMetadataUpload(readBytes(NONPROFIT_ZIP), "upload.bin").format).toBe("solution");
  });

  it("reads several uploaded files: Web API JSON files, or an unpacked solution's files with their paths", () => {
    const json = readdirSync(WEBAPI_DIR)
      .filter((f) => f.startsWith("contact.") || f.startsWith("queue."))
      .map((f) => ({ name: f, bytes: readBytes(path.join(WEBAPI_DIR, f)) }));
    const web = readMetadataUploads(json);
    expect([web.format, web.document.tables.map((t) => t.logicalName)]).toEqual(["webapi-json", ["contact", "queue"]]);
    expect(web.document.tables[0].columns.find((c) => c.logicalName === "statecode")?.optionSet?.options).toHaveLength(
      2,
    );
    const solution = readMetadataUploads(unpackedFiles().map((f) => ({ name: f.path, bytes: strToU8(f.text) })));
    expect([solution.format, solution.document.tables.length, solution.document.relationships.length]).toEqual([
      "solution",
      2,
      323,
    ]);
    expect(() =>
      readMetadataUploads([...json.slice(0, 1), { name: "NonprofitCore.zip", bytes: readBytes(NONPROFIT_ZIP) }]),
    ).toThrowError(/NonprofitCore\.zip: several files can be imported together only as Web API JSON files/);
    expect(() => readMetadataUploads(json, { maxTotalBytes: 100_000 })).toThrowError(
      /the uploaded files add up to more than 100000 bytes/,
    );
  });
});
