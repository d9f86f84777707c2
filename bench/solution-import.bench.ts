// Solution import on the largest shared solution (NonprofitCore's customizations.xml, ~5.5 MB): the import of the
// XML text beside a bare saxes pass over the same text (no handlers: the streaming parser's own floor), and the
// whole zip import (bounded node:zlib inflate + import) beside inflateRawSync + the bare pass; alternated A/B.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { inflateRawSync } from "node:zlib";
import { SaxesParser } from "saxes";
import { realDataverseDir } from "@/bench/synthetic-org";
import { importCustomizationsXml, importSolutionZip } from "@/lib/metadata/import-solution";
import { listZipEntries } from "@/lib/metadata/read-zip";
import { round, type Figure } from "./measure";

const ROUNDS = 7;

function time(fn: () => unknown): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)] };
}

function barePass(text: string): void {
  new SaxesParser().write(text).close();
}

export async function run(): Promise<Figure[]> {
  const file = path.join(realDataverseDir(), "solution-nonprofit-core", "NonprofitCore_2_2_3_0_managed.zip");
  const zip = new Uint8Array(fs.readFileSync(file));
  const entry = listZipEntries(zip, "bench.zip").find((e) => e.name === "customizations.xml")!;
  const deflated = zip.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  const text = new TextDecoder().decode(inflateRawSync(deflated));
  // Warm-up: both paths compiled before anything is timed.
  importCustomizationsXml(text, "customizations.xml");
  barePass(text);
  const xml: number[] = [];
  const bare: number[] = [];
  const whole: number[] = [];
  const wholeBare: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    xml.push(time(() => importCustomizationsXml(text, "customizations.xml")));
    bare.push(time(() => barePass(text)));
    whole.push(time(() => importSolutionZip(zip, "NonprofitCore.zip")));
    wholeBare.push(time(() => barePass(new TextDecoder().decode(inflateRawSync(deflated)))));
  }
  const ratios = xml.map((t, i) => t / bare[i]);
  const wholeRatios = whole.map((t, i) => t / wholeBare[i]);
  const common = {
    rounds: ROUNDS,
    loadAverage: os.loadavg().map((n) => round(n, 2)),
    xmlBytes: text.length,
    tables: importCustomizationsXml(text, "x").tables.length,
  };
  const a = stats(xml);
  const b = stats(bare);
  const c = stats(whole);
  const d = stats(wholeBare);
  return [
    {
      name: "solution-import.customizations-xml",
      value: round(a.median),
      min: round(a.min),
      unit: "ms",
      baseline: round(b.median),
      baselineMin: round(b.min),
      baselineName: "bare saxes pass over the same XML (no handlers)",
      ratioMedian: round(stats(ratios).median),
      ratioMin: round(stats(ratios).min),
      target: "<= 2x the bare saxes pass",
      ...common,
    },
    {
      name: "solution-import.zip",
      value: round(c.median),
      min: round(c.min),
      unit: "ms",
      baseline: round(d.median),
      baselineMin: round(d.min),
      baselineName: "inflateRawSync + bare saxes pass",
      ratioMedian: round(stats(wholeRatios).median),
      ratioMin: round(stats(wholeRatios).min),
      ...common,
    },
  ];
}
