// Loads the FetchXML of every saved view (savedquery) of the real solutions in ../shared/data/dataverse,
// for the round-trip test and the parse benchmark.
import fs from "node:fs";
import path from "node:path";
import { unzipSync, strFromU8 } from "fflate";

export const DATAVERSE_DIR = path.resolve(process.cwd(), "../shared/data/dataverse");

export interface SavedView {
  /** Where it came from: the solution file and the view's id. */
  source: string;
  id: string;
  name: string;
  /** The table the view belongs to (returnedtypecode when it is a name). */
  fetchXml: string;
  /** Where the `<fetch>` starts in the file (1-based), for error positions. */
  line: number;
  column: number;
}

function viewsOf(xml: string, file: string): SavedView[] {
  const out: SavedView[] = [];
  const lineStarts = [0];
  for (let i = xml.indexOf("\n"); i !== -1; i = xml.indexOf("\n", i + 1)) lineStarts.push(i + 1);
  const lineOf = (index: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  for (const m of xml.matchAll(/<savedquery(?:\s[^>]*)?>([\s\S]*?)<\/savedquery>/g)) {
    const block = m[1];
    const fetch = /<fetchxml>\s*([\s\S]*?)\s*<\/fetchxml>/.exec(block);
    if (!fetch) continue;
    const start = m.index! + m[0].indexOf(block) + fetch.index + fetch[0].indexOf(fetch[1]);
    const lineIndex = lineOf(start);
    const line = lineIndex + 1;
    const column = start - lineStarts[lineIndex] + 1;
    const id = /<savedqueryid>\s*([^<]*?)\s*<\/savedqueryid>/.exec(block)?.[1] ?? "?";
    const name =
      /<LocalizedName description="([^"]*)" languagecode="1033"/.exec(block)?.[1] ??
      /<LocalizedName description="([^"]*)"/.exec(block)?.[1] ??
      "?";
    out.push({ source: file, id, name, fetchXml: fetch[1], line, column });
  }
  return out;
}

/** Every saved view of the nonprofit (zip), higher-ed and unpacked solutions, in a stable order. */
export function loadSavedViews(): SavedView[] {
  const views: SavedView[] = [];
  const zip = unzipSync(
    fs.readFileSync(path.join(DATAVERSE_DIR, "solution-nonprofit-core/NonprofitCore_2_2_3_0_managed.zip")),
    {
      filter: (f) => f.name === "customizations.xml",
    },
  );
  views.push(...viewsOf(strFromU8(zip["customizations.xml"]), "solution-nonprofit-core/customizations.xml"));
  const he = "solution-highered-portal/customizations.xml";
  views.push(...viewsOf(fs.readFileSync(path.join(DATAVERSE_DIR, he), "utf8"), he));
  const entities = path.join(DATAVERSE_DIR, "solution-unpacked/Entities");
  for (const table of fs.readdirSync(entities).sort()) {
    const dir = path.join(entities, table, "SavedQueries");
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir).sort()) {
      const rel = `solution-unpacked/Entities/${table}/SavedQueries/${f}`;
      views.push(...viewsOf(fs.readFileSync(path.join(dir, f), "utf8"), rel));
    }
  }
  return views;
}
