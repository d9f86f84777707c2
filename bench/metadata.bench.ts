// Metadata import and search timings: parse+normalize of the largest real file and of a ~1,000-table
// synthetic org, each against a bare JSON.parse of the same bytes, and column search per query.
// Store time is measured by the database benchmark.
import { readFileSync } from "node:fs";
import path from "node:path";
import { normalizeWebApi } from "@/lib/metadata/import-webapi";
import { contentHash } from "@/lib/metadata/content-hash";
import { importSolutionZip } from "@/lib/metadata/import-solution";
import { createSearchIndex } from "@/lib/metadata/search";
import { buildSyntheticOrg, realDataverseDir, syntheticOrgTexts } from "@/bench/synthetic-org";
import { median, round, type Figure } from "@/bench/measure";

export async function run(): Promise<Figure[]> {
  const figures: Figure[] = [];
  const dir = path.join(realDataverseDir(), "webapi-entitydefinitions");

  // The largest real file: systemuser, 6.5 MB, 4,366 one-to-many relationships.
  const largest = "systemuser.EntityDefinitions.json";
  const text = readFileSync(path.join(dir, largest), "utf8");
  const bareLargest = median(7, () => JSON.parse(text));
  const fullLargest = median(7, () => normalizeWebApi([{ name: largest, json: JSON.parse(text) }]));
  figures.push({
    name: "metadata.largest-file.bare-json-parse",
    value: round(bareLargest),
    unit: "ms",
    file: largest,
    bytes: text.length,
  });
  figures.push({
    name: "metadata.largest-file.parse-normalize",
    value: round(fullLargest),
    unit: "ms",
    file: largest,
    bytes: text.length,
  });
  figures.push({
    name: "metadata.largest-file.ratio-to-bare-parse",
    value: round(fullLargest / bareLargest),
    unit: "x",
  });

  // The synthetic org, as JSON text: what the live reader receives.
  const org = buildSyntheticOrg({ tables: 1000 });
  const texts = syntheticOrgTexts(org);
  const bytes = texts.reduce((sum, t) => sum + t.text.length, 0);
  const bareOrg = median(3, () => {
    for (const t of texts) JSON.parse(t.text);
  });
  const parseAndNormalize = () => normalizeWebApi(texts.map((t) => ({ name: t.name, json: JSON.parse(t.text) })));
  const document = parseAndNormalize();
  const fullOrg = median(3, parseAndNormalize);
  const columns = document.tables.reduce((sum, t) => sum + t.columns.length, 0);
  const orgInfo = { tables: document.tables.length, columns, relationships: document.relationships.length, bytes };
  figures.push({ name: "metadata.synthetic-org.bare-json-parse", value: round(bareOrg), unit: "ms", ...orgInfo });
  figures.push({ name: "metadata.synthetic-org.parse-normalize", value: round(fullOrg), unit: "ms", ...orgInfo });
  figures.push({ name: "metadata.synthetic-org.ratio-to-bare-parse", value: round(fullOrg / bareOrg), unit: "x" });
  figures.push({
    name: "metadata.synthetic-org.content-hash",
    value: round(median(3, () => contentHash(document))),
    unit: "ms",
  });

  // Column search across the synthetic org.
  let index = createSearchIndex(document);
  figures.push({
    name: "metadata.search.build-index",
    value: round(median(3, () => (index = createSearchIndex(document)))),
    unit: "ms",
    columns: index.columnCount,
  });
  const queries = ["region", "statecode", "name", "owner", "a", "zzznotfound", "email", "address1_city", "created on"];
  let totalMs = 0;
  let worst = 0;
  for (const query of queries) {
    const ms = median(15, () => index.searchColumns(query, { limit: 200 }));
    totalMs += ms;
    worst = Math.max(worst, ms);
  }
  figures.push({
    name: "metadata.search.column-query",
    value: round(totalMs / queries.length, 3),
    unit: "ms/query",
    queries: queries.length,
    worstMs: round(worst, 3),
  });
  figures.push({
    name: "metadata.search.table-list",
    value: round(
      median(15, () => index.listTables({ text: "app", custom: true, sort: "displayName" })),
      3,
    ),
    unit: "ms/query",
  });

  // The real solution zip (5.5 MB customizations.xml): inflate + validate + parse + normalize.
  const zip = new Uint8Array(
    readFileSync(path.join(realDataverseDir(), "solution-nonprofit-core", "NonprofitCore_2_2_3_0_managed.zip")),
  );
  figures.push({
    name: "metadata.solution-zip.import",
    value: round(median(3, () => importSolutionZip(zip, "NonprofitCore.zip"))),
    unit: "ms",
  });
  return figures;
}
