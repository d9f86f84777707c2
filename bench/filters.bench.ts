// Sync-filter timings: a 500-condition filter compiled to FetchXML, OData and English and validated
// against the real contact metadata; and every saved view of the real solutions parsed.
import path from "node:path";
import { readMetadataSource } from "@/lib/metadata/read-source";
import type { Condition, FilterGroup, FilterNode } from "@/lib/filters/schema";
import { filterToFetchXml, toFetchXml } from "@/lib/filters/to-fetchxml";
import { parseFetchXml } from "@/lib/filters/parse-fetchxml";
import { toODataFilter } from "@/lib/filters/to-odata";
import { filterToText } from "@/lib/filters/to-text";
import { validateFilter } from "@/lib/filters/validate";
import { DATAVERSE_DIR, loadSavedViews } from "@/tests/unit/filters/saved-views";
import { median, round, type Figure } from "@/bench/measure";

/** 500 conditions of every common kind on contact, in "or" groups of ten under one "and", and two links. */
function bigFilter(): FilterGroup {
  const kinds: Array<(i: number) => Condition> = [
    () => ({ kind: "condition", column: "statecode", operator: "eq", values: ["0"] }),
    (i) => ({ kind: "condition", column: "fullname", operator: "like", values: [`%name ${i} & co%`] }),
    (i) => ({ kind: "condition", column: "createdon", operator: "last-x-days", values: [String(i + 1)] }),
    () => ({ kind: "condition", column: "statuscode", operator: "in", values: ["1", "2"] }),
    (i) => ({ kind: "condition", column: "numberofchildren", operator: "between", values: [String(i), String(i + 5)] }),
    () => ({ kind: "condition", column: "ownerid", operator: "eq-useroruserteams", values: [] }),
    () => ({ kind: "condition", column: "birthdate", operator: "on-or-after", values: ["1990-01-31"] }),
    () => ({
      kind: "condition",
      column: "parentcustomerid",
      operator: "eq",
      values: ["{6F3A2B1C-0000-0000-0000-000000000001}"],
    }),
    () => ({ kind: "condition", column: "donotemail", operator: "eq", values: ["0"] }),
    () => ({ kind: "condition", column: "emailaddress1", operator: "not-null", values: [] }),
  ];
  const groups: FilterNode[] = [];
  let n = 0;
  for (let g = 0; g < 49; g++) {
    const children: FilterNode[] = [];
    for (let k = 0; k < 10; k++, n++) children.push(kinds[n % kinds.length](n));
    groups.push({ kind: "group", type: "or", children });
  }
  const rest = Array.from({ length: 8 }, (_, k) => kinds[k](n + k));
  const link: FilterNode = {
    kind: "link",
    table: "annotation",
    from: "objectid",
    to: "contactid",
    linkType: "any",
    filter: {
      kind: "group",
      type: "and",
      children: [
        { kind: "condition", column: "subject", operator: "not-null", values: [] },
        { kind: "condition", column: "isdocument", operator: "eq", values: ["1"] },
      ],
    },
  };
  return { kind: "group", type: "and", children: [...groups, ...rest, link] };
}

export async function run(): Promise<Figure[]> {
  const figures: Figure[] = [];
  const metadata = (await readMetadataSource(path.join(DATAVERSE_DIR, "webapi-entitydefinitions"))).document;
  const filter = bigFilter();
  const conditions = 500;

  const fetchXml = toFetchXml("contact", filter);
  figures.push({
    name: "500-condition filter to FetchXML",
    value: round(median(51, () => toFetchXml("contact", filter))),
    unit: "ms",
    conditions,
    bytes: fetchXml.length,
  });
  figures.push({
    name: "500-condition filter to FetchXML, one line",
    value: round(median(51, () => filterToFetchXml(filter, { indent: null }))),
    unit: "ms",
    conditions,
  });
  // Includes building the metadata index on the first run only; the median is the steady state the editor sees.
  const problems = validateFilter("contact", filter, metadata);
  figures.push({
    name: "validate 500-condition filter (real contact metadata)",
    value: round(median(51, () => validateFilter("contact", filter, metadata))),
    unit: "ms",
    conditions,
    problems: problems.length,
  });
  figures.push({
    name: "500-condition filter to OData",
    value: round(median(51, () => toODataFilter("contact", filter, metadata))),
    unit: "ms",
    conditions,
  });
  figures.push({
    name: "500-condition filter to English",
    value: round(median(51, () => filterToText("contact", filter, metadata))),
    unit: "ms",
    conditions,
  });
  figures.push({
    name: "parse 500-condition FetchXML",
    value: round(median(21, () => parseFetchXml(fetchXml))),
    unit: "ms",
    conditions,
    bytes: fetchXml.length,
  });

  // Every saved view of the real solutions (330 views; 37 Quick Find templates are refused, which is measured too).
  const views = loadSavedViews();
  const bytes = views.reduce((n, v) => n + v.fetchXml.length, 0);
  const conditionCount = views.reduce((n, v) => n + (v.fetchXml.match(/<condition\b/g) ?? []).length, 0);
  const parseAll = () => {
    let ok = 0;
    for (const v of views) {
      try {
        parseFetchXml(v.fetchXml, { name: v.source, line: v.line, column: v.column });
        ok++;
      } catch {
        // Refused views count as parsed work: the refusal is the result.
      }
    }
    return ok;
  };
  const parsed = parseAll();
  const ms = median(15, parseAll);
  figures.push({
    name: "parse all saved-view FetchXML of the real solutions",
    value: round(ms),
    unit: "ms",
    views: views.length,
    parsed,
    bytes,
    conditions: conditionCount,
  });
  figures.push({
    name: "saved-view FetchXML parsed per second",
    value: Math.round((views.length / ms) * 1000),
    unit: "queries/s",
  });
  figures.push({
    name: "saved-view conditions parsed per second",
    value: Math.round((conditionCount / ms) * 1000),
    unit: "conditions/s",
  });
  figures.push({
    name: "saved-view FetchXML parse throughput",
    value: round(bytes / 1024 / 1024 / (ms / 1000)),
    unit: "MB/s",
  });
  return figures;
}
