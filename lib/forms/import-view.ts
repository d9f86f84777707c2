// A savedquery (FetchXML + LayoutXml) to the project's View: LayoutXml gives the columns and their widths, FetchXML
// the sort and the extra filter (through the sync-filter FetchXML parser). A Quick Find view's {0} conditions are
// the search box, not a filter, so they are left out. What cannot come across is listed with where it was. Pure.
import { XMLParser } from "fast-xml-parser";
import { isAppError } from "@/lib/app-error";
import { LogicalNameSchema } from "@/lib/customization/schema-blocks";
import { parseFetchXml } from "@/lib/filters/parse-fetchxml";
import type { FilterGroup, FilterNode } from "@/lib/filters/schema";
import { idFromGuid } from "@/lib/forms/element-id";
import type { SkippedItem } from "@/lib/forms/import-form";
import { definitionName, type OrgViewDefinition } from "@/lib/metadata/org-definitions";
import {
  DEFAULT_COLUMN_WIDTH,
  MAX_COLUMN_WIDTH,
  MAX_SORT_COLUMNS,
  MAX_VIEW_COLUMNS,
  MIN_COLUMN_WIDTH,
  ViewSchema,
  type View,
  type ViewColumn,
  type ViewKind,
  type ViewSort,
} from "@/lib/forms/schema";
import { NAME_MAX } from "@/lib/customization/schema-blocks";
import { decodeXmlText } from "@/lib/metadata/parse-xml";
import { clipText } from "@/lib/format/clip";

/** savedquery querytype codes, named as the listing shows them. */
export const VIEW_KIND_BY_QUERY_TYPE: Readonly<Record<number, string>> = {
  0: "public",
  1: "advancedFind",
  2: "associated",
  4: "quickFind",
  8: "reporting",
  16: "offlineFilters",
  64: "lookup",
  128: "appointmentBook",
  256: "outlookFilters",
  512: "addressBook",
  1024: "mainWithoutSubject",
  2048: "other",
  4096: "interactiveWorkflow",
  8192: "offlineTemplate",
  16384: "customDefined",
  65536: "exportFieldTranslations",
  131072: "outlookTemplate",
};

export function orgViewKind(queryType: number): string {
  return VIEW_KIND_BY_QUERY_TYPE[queryType] ?? `type${queryType}`;
}

export interface ImportedView {
  table: string;
  id: string;
  name: string;
  /** The org's kind by querytype: public, lookup, associated, quickFind, advancedFind, ... */
  kind: string;
  quickFind: boolean;
  /** Whether the org marks it the default of its kind. */
  orgDefault: boolean;
  columns: ViewColumn[];
  sort: ViewSort[];
  hasFilter: boolean;
  /** The converted view, or null when it has no column a view can show. */
  view: View | null;
  skipped: SkippedItem[];
  importable: boolean;
  notImportableReason?: string;
}

export interface ViewImportOptions {
  languageCode?: number;
}

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === "object" && value !== null && !Array.isArray(value);
function list(value: unknown): Node[] {
  if (Array.isArray(value)) return value.filter(isNode);
  return isNode(value) ? [value] : [];
}
const child = (node: unknown, name: string): Node | undefined => (isNode(node) ? list(node[name])[0] : undefined);
const attr = (node: unknown, name: string): string | undefined =>
  isNode(node) && typeof node[`@_${name}`] === "string" ? decodeXmlText(node[`@_${name}`] as string) : undefined;

const PARSER = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  trimValues: true,
  isArray: (name: string, _p: unknown, _l: unknown, isAttribute: boolean) =>
    !isAttribute &&
    ["row", "cell", "order", "entity", "link-entity", "filter", "condition", "attribute"].includes(name),
});

function parse(xml: string): Node {
  try {
    return PARSER.parse(xml) as Node;
  } catch {
    return {};
  }
}

function columnsOf(layoutXml: string, skipped: SkippedItem[]): ViewColumn[] {
  const grid = child(parse(layoutXml), "grid");
  const columns: ViewColumn[] = [];
  const seen = new Set<string>();
  for (const row of list(grid?.row)) {
    for (const cell of list(row.cell)) {
      const name = attr(cell, "name") ?? "";
      const where = "LayoutXml";
      if (name.includes(".")) {
        skipped.push({ what: `column '${name}' of a linked table (a view shows the table's own columns)`, where });
        continue;
      }
      const column = name.toLowerCase();
      if (!LogicalNameSchema.safeParse(column).success) {
        skipped.push({ what: `column '${name}' (not a column name)`, where });
        continue;
      }
      if (attr(cell, "ishidden") === "1" || attr(cell, "ishidden") === "true") {
        skipped.push({ what: `hidden column '${column}'`, where });
        continue;
      }
      if (seen.has(column)) continue;
      if (columns.length >= MAX_VIEW_COLUMNS) {
        skipped.push({ what: `column '${column}' (a view shows at most ${MAX_VIEW_COLUMNS})`, where });
        continue;
      }
      seen.add(column);
      const raw = Number(attr(cell, "width"));
      const width = Number.isFinite(raw) && raw > 0 ? Math.round(raw) : DEFAULT_COLUMN_WIDTH;
      columns.push({ column, width: Math.min(MAX_COLUMN_WIDTH, Math.max(MIN_COLUMN_WIDTH, width)) });
    }
  }
  return columns;
}

function sortOf(fetchXml: string, skipped: SkippedItem[]): ViewSort[] {
  const entity = child(child(parse(fetchXml), "fetch"), "entity");
  const sort: ViewSort[] = [];
  for (const order of list(entity?.order)) {
    const column = attr(order, "attribute")?.toLowerCase();
    if (!column || !LogicalNameSchema.safeParse(column).success) {
      skipped.push({ what: `sort by '${attr(order, "alias") ?? column ?? "?"}'`, where: "FetchXML" });
      continue;
    }
    if (sort.some((s) => s.column === column)) continue;
    if (sort.length >= MAX_SORT_COLUMNS) {
      skipped.push({ what: `sort by '${column}' (at most ${MAX_SORT_COLUMNS} sort levels)`, where: "FetchXML" });
      continue;
    }
    sort.push({ column, descending: attr(order, "descending") === "true" });
  }
  for (const link of list(entity?.["link-entity"]))
    for (const order of list(link.order))
      skipped.push({
        what: `sort by '${link["@_alias"] ?? link["@_name"]}.${attr(order, "attribute") ?? "?"}' of a linked table`,
        where: "FetchXML",
      });
  return sort;
}

/**
 * Removes each `<filter isquickfindfields="1">` (with everything inside it): in a Quick Find view those conditions
 * are the search box's template ({0} is what the user types), not rows the view keeps.
 */
export function withoutQuickFindFilters(fetchXml: string): string {
  let out = fetchXml;
  for (;;) {
    const match = /<filter\b[^>]*\bisquickfindfields\s*=\s*["'](1|true)["'][^>]*>/i.exec(out);
    if (!match) return out;
    const start = match.index;
    if (match[0].endsWith("/>")) {
      out = out.slice(0, start) + out.slice(start + match[0].length);
      continue;
    }
    let depth = 1;
    const tags = /<filter\b[^>]*?(\/?)>|<\/filter\s*>/gi;
    tags.lastIndex = start + match[0].length;
    let end = -1;
    for (let tag = tags.exec(out); tag; tag = tags.exec(out)) {
      if (tag[0].startsWith("</")) depth--;
      else if (tag[1] !== "/") depth++;
      if (depth === 0) {
        end = tag.index + tag[0].length;
        break;
      }
    }
    if (end === -1) return out;
    out = out.slice(0, start) + out.slice(end);
  }
}

/** Joins that only bring in columns (an outer link with no condition) restrict no row: not part of the filter. */
function withoutColumnJoins(group: FilterGroup): FilterGroup {
  const children: FilterNode[] = group.children.filter(
    (node) => !(node.kind === "link" && node.linkType === "outer" && node.filter.children.length === 0),
  );
  return { ...group, children };
}

function filterOf(fetchXml: string, quickFind: boolean, skipped: SkippedItem[]): FilterGroup | undefined {
  if (fetchXml.trim() === "") return undefined;
  const text = quickFind ? withoutQuickFindFilters(fetchXml) : fetchXml;
  try {
    const parsed = parseFetchXml(text, { name: "FetchXML" });
    const filter = withoutColumnJoins(parsed.filter);
    return filter.children.length > 0 ? filter : undefined;
  } catch (error) {
    const reason = isAppError(error) ? error.message.replace(/^FetchXML(:\d+:\d+)? ?/, "") : String(error);
    skipped.push({ what: `filter (${reason})`, where: "FetchXML" });
    return undefined;
  }
}

/** One savedquery as a project View with what it leaves behind. */
export function importOrgView(def: OrgViewDefinition, options: ViewImportOptions = {}): ImportedView {
  const skipped: SkippedItem[] = [];
  const kind = orgViewKind(def.queryType);
  const quickFind = def.queryType === 4;
  const columns = columnsOf(def.layoutXml, skipped);
  const sort = sortOf(def.fetchXml, skipped);
  const filter = filterOf(def.fetchXml, quickFind, skipped);
  const name = clipText(definitionName(def, options.languageCode), NAME_MAX);
  const base = {
    table: def.table,
    id: def.id,
    name,
    kind,
    quickFind,
    orgDefault: def.isDefault,
    columns,
    sort,
    hasFilter: filter !== undefined,
    skipped,
  };
  if (columns.length === 0) {
    return {
      ...base,
      view: null,
      importable: false,
      notImportableReason:
        def.layoutXml.trim() === ""
          ? `a ${kind} view without a layout (no columns to show)`
          : "none of its columns can be shown in a view",
    };
  }
  const viewKind: ViewKind = def.queryType === 64 ? "lookup" : "list";
  const view = ViewSchema.parse({
    id: idFromGuid(def.id),
    name,
    kind: viewKind,
    isDefault: false,
    columns,
    sort,
    filter,
    source: { kind: "savedquery", id: idFromGuid(def.id) },
  });
  return { ...base, view, importable: true };
}
