// Hostile solution zips (issue 13, finding 3) through the reader and through the command line: each is refused
// with its reason before anything is inflated (overlap, slip, duplicates) or at the first byte over the declared
// size (a lying entry), and the command exits 1.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { importSolutionZip, importSolutionZipAsync } from "@/lib/metadata/import-solution";
import { listZipEntries } from "@/lib/metadata/read-zip";
import { duplicateNamesZip, lyingBombZip, overlappingZip, slipZip } from "@/tests/support/hostile-zips";

const dir = mkdtempSync(path.join(tmpdir(), "syncwright-hostile-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cases: Array<[string, () => Uint8Array, RegExp]> = [
  ["overlap.zip", () => overlappingZip(), /overlap\.zip: 400 entries share or overlap their compressed data/],
  [
    "liar.zip",
    lyingBombZip,
    /liar\.zip \(customizations\.xml\): entry inflates to more than its declared 1000 bytes \(zip bomb\?\)/,
  ],
  ["slip.zip", slipZip, /slip\.zip: the archive holds an entry with an unsafe name "\.\.\/\.\.\/outside\/evil\.xml"/],
  [
    "duplicate.zip",
    duplicateNamesZip,
    /duplicate\.zip: the archive holds two entries named "customizations\.xml" and "Customizations\.xml"/,
  ],
];

describe("hostile zips", () => {
  it("the probe's file is small, and its directory alone is refused", () => {
    const zip = overlappingZip();
    expect(zip.length).toBeLessThan(50_000);
    expect(() => listZipEntries(zip, "overlap.zip")).toThrowError(/share or overlap/);
  });

  it.each(cases)("%s is refused by the reader, on this thread and on the thread pool", async (name, make, reason) => {
    expect(() => importSolutionZip(make(), name)).toThrowError(reason);
    await expect(importSolutionZipAsync(make(), name)).rejects.toThrowError(reason);
  });

  it("each is refused by `syncwright metadata inspect` with exit code 1 and the reason", () => {
    const bin = path.resolve(process.cwd(), "bin", "syncwright.cjs");
    for (const [name, make, reason] of cases) {
      const file = path.join(dir, name);
      writeFileSync(file, make());
      const result = spawnSync(process.execPath, [bin, "metadata", "inspect", file], {
        cwd: dir,
        encoding: "utf8",
        timeout: 60_000,
      });
      expect([name, result.status]).toEqual([name, 1]);
      expect(result.stderr).toMatch(reason);
    }
  }, 120_000);
});

describe("the asynchronous import", () => {
  it("gives the same document as the synchronous one, and counts the tables as it reads them", async () => {
    const { readFileSync } = await import("node:fs");
    const { NONPROFIT_ZIP } = await import("./real-data");
    const { contentHash } = await import("@/lib/metadata/content-hash");
    const bytes = new Uint8Array(readFileSync(NONPROFIT_ZIP));
    const seen: number[] = [];
    const doc = await importSolutionZipAsync(bytes, "NonprofitCore.zip", undefined, (n) => seen.push(n));
    expect(contentHash(doc)).toBe(contentHash(importSolutionZip(bytes, "NonprofitCore.zip")));
    expect(seen).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
  });

  it("names the same line and column for malformed XML", async () => {
    const { zipSync, strToU8 } = await import("fflate");
    const xml = "<ImportExportXml>\n  <Entities>\n    <Entity><Name>x</Name>\n  </Entities>\n</ImportExportXml>\n";
    const zip = zipSync({ "customizations.xml": strToU8(xml) });
    const sync = (() => {
      try {
        importSolutionZip(zip, "bad.zip");
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(sync).toMatch(/^bad\.zip \(customizations\.xml\):4:\d+: not valid XML/);
    await expect(importSolutionZipAsync(zip, "bad.zip")).rejects.toThrowError(sync);
  });
});
