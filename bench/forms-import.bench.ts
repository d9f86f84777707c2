// Import from the org: every form (121) and view (294) of the largest shared solution (Nonprofit Core) found in its
// customizations.xml and converted to project Forms and Views, beside a bare parse of the same customizations.xml
// (fast-xml-parser, attributes kept, nothing converted). Interleaved A/B rounds, min and median, load average.
import { loadavg } from "node:os";
import { readFileSync } from "node:fs";
import path from "node:path";
import { XMLParser } from "fast-xml-parser";
import { realDataverseDir } from "@/bench/synthetic-org";
import { round, type Figure } from "@/bench/measure";
import { importOrgForm, orgFormKind } from "@/lib/forms/import-form";
import { importOrgView } from "@/lib/forms/import-view";
import { definitionsFromCustomizationsXml } from "@/lib/metadata/org-definitions";
import { importSolutionZip } from "@/lib/metadata/import-solution";
import { DEFAULT_ZIP_LIMITS, listZipEntries, readZipEntry } from "@/lib/metadata/read-zip";

const ROUNDS = 7;

export async function run(): Promise<Figure[]> {
  const zipFile = path.join(realDataverseDir(), "solution-nonprofit-core", "NonprofitCore_2_2_3_0_managed.zip");
  const bytes = new Uint8Array(readFileSync(zipFile));
  const entry = listZipEntries(bytes, zipFile).find((e) => e.name.toLowerCase() === "customizations.xml")!;
  const text = new TextDecoder().decode(readZipEntry(bytes, entry, zipFile, DEFAULT_ZIP_LIMITS.maxUncompressedBytes));
  // The snapshot's metadata is already there when the designer imports: read once, outside the timings.
  const metadata = importSolutionZip(bytes, zipFile);

  const bare = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@_",
    parseTagValue: false,
    parseAttributeValue: false,
    processEntities: false,
    htmlEntities: false,
  });
  const bareParse = () => bare.parse(text);
  let counts = { forms: 0, views: 0, fields: 0, columns: 0 };
  const importAll = () => {
    const defs = definitionsFromCustomizationsXml(text);
    counts = { forms: 0, views: 0, fields: 0, columns: 0 };
    for (const def of defs.forms) {
      if (!orgFormKind(def)) continue;
      counts.forms++;
      counts.fields += importOrgForm(def, { metadata }).counts.fields;
    }
    for (const def of defs.views) {
      counts.views++;
      counts.columns += importOrgView(def).columns.length;
    }
  };

  // One warm-up of each, then A/B alternated (which goes first alternates too).
  bareParse();
  importAll();
  const a: number[] = [];
  const b: number[] = [];
  const time = (fn: () => void) => {
    const start = performance.now();
    fn();
    return performance.now() - start;
  };
  for (let i = 0; i < ROUNDS; i++) {
    if (i % 2 === 0) {
      a.push(time(bareParse));
      b.push(time(importAll));
    } else {
      b.push(time(importAll));
      a.push(time(bareParse));
    }
  }
  const stats = (xs: number[]) => {
    const sorted = [...xs].sort((x, y) => x - y);
    return { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)] };
  };
  const sa = stats(a);
  const sb = stats(b);
  const load = loadavg().map((n) => round(n));
  const info = { rounds: ROUNDS, bytes: text.length, loadavg: load };
  return [
    { name: "forms-import.nonprofit.bare-xml-parse", value: round(sa.median), unit: "ms", min: round(sa.min), ...info },
    {
      name: "forms-import.nonprofit.import-all-forms-views",
      value: round(sb.median),
      unit: "ms",
      min: round(sb.min),
      ...counts,
      ...info,
    },
    {
      name: "forms-import.nonprofit.ratio-to-bare-parse",
      value: round(sb.median / sa.median),
      unit: "x",
      minRatio: round(sb.min / sa.min),
      aim: "<= 2",
    },
  ];
}
