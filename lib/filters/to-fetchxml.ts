// Writes a sync filter as FetchXML exactly as Dataverse accepts it: the `<filter>` of a table (with its
// join `<link-entity>` siblings), a whole `<fetch>` for bundles and counts, and the presets expanded.
import { AppError } from "@/lib/app-error";
import type { Condition, FilterGroup, FilterNode, LinkCondition, SyncFilter } from "./schema";
import { OPERATORS } from "./operators";

export interface FetchXmlFormat {
  /** Indentation per level; `null` writes everything on one line. Default two spaces. */
  indent?: string | null;
}

/** What expanding a preset needs to know about the table and its neighbours. */
export interface PresetContext {
  /** The table's primary id column; needed by the `related` preset (the lookups point to it). */
  primaryIdColumn?: string;
  /**
   * For `related`: the effective filter of each source table (by logical name), so only the rows
   * that come from downloaded source rows count. A source without an entry counts all its rows.
   */
  relatedFilters?: Record<string, FilterGroup | undefined>;
}

export interface FetchOptions extends FetchXmlFormat, PresetContext {
  /** Columns to return as `<attribute name>`; none writes no attribute (Dataverse then returns the primary id only when counting). */
  columns?: string[];
  /** A counting query: `<fetch aggregate="true">` with `<attribute name=column aggregate="count" alias=alias/>`. */
  count?: { column: string; alias?: string };
}

/** The condition each ownership preset stands for. `my-team` includes the user's own rows (see schema.ts). */
export const PRESET_CONDITIONS: Readonly<Record<"mine" | "my-team" | "my-business-unit", Condition>> = {
  mine: { kind: "condition", column: "ownerid", operator: "eq-userid", values: [] },
  "my-team": { kind: "condition", column: "ownerid", operator: "eq-useroruserteams", values: [] },
  "my-business-unit": { kind: "condition", column: "owningbusinessunit", operator: "eq-businessid", values: [] },
};

/**
 * The one filter tree a sync filter stands for: the preset's condition ANDed with the extra filter.
 * Undefined when every row is downloaded. `related` becomes an `or` of `any` links, one per source
 * lookup (rows that at least one downloaded source row points to).
 */
export function effectiveFilter(sync: SyncFilter, context: PresetContext = {}): FilterGroup | undefined {
  let base: FilterNode | undefined;
  switch (sync.preset) {
    case "all":
    case "custom":
      base = undefined;
      break;
    case "mine":
    case "my-team":
    case "my-business-unit":
      base = { ...PRESET_CONDITIONS[sync.preset] };
      break;
    case "related": {
      const sources = sync.related?.sources ?? [];
      if (sources.length === 0) {
        throw new AppError("invalid", 'The "related rows only" preset names no lookup that brings the rows', {
          problems: [
            {
              path: "related.sources",
              message: "Add the lookups (table and column) of downloaded tables that point to this table",
            },
          ],
        });
      }
      if (!context.primaryIdColumn) {
        throw new AppError("invalid", 'The "related rows only" preset needs the table\'s primary id column', {
          problems: [{ path: "primaryIdColumn", message: "Pass the table's primary id column (from the metadata)" }],
        });
      }
      const links: LinkCondition[] = sources.map((s) => ({
        kind: "link",
        table: s.table,
        from: s.column,
        to: context.primaryIdColumn!,
        linkType: "any",
        filter: context.relatedFilters?.[s.table] ?? { kind: "group", type: "and", children: [] },
      }));
      base = links.length === 1 ? links[0] : { kind: "group", type: "or", children: links };
      break;
    }
  }
  const extra = sync.filter && sync.filter.children.length > 0 ? sync.filter : undefined;
  if (!base) return extra;
  if (!extra) return { kind: "group", type: "and", children: [base] };
  return { kind: "group", type: "and", children: extra.type === "and" ? [base, ...extra.children] : [base, extra] };
}

/** Whether a node is a join (inner/outer link), which FetchXML writes beside the filter, not in it. */
export function isJoin(node: FilterNode): node is LinkCondition {
  return node.kind === "link" && (node.linkType === "inner" || node.linkType === "outer");
}

// Characters XML 1.0 cannot carry at all, even as character references.
const NOT_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function checkXmlChars(value: string, where: string): void {
  const m = NOT_XML.exec(value);
  if (m) {
    const code = m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
    throw new AppError("invalid", `${where} holds the character U+${code}, which XML cannot carry`, {
      problems: [{ path: where, message: `Remove the character U+${code}` }],
    });
  }
}

/** Escapes an attribute value; tab, newline and carriage return become references so parsers keep them. */
export function escapeXmlAttribute(value: string, where = "value"): string {
  checkXmlChars(value, where);
  return value.replace(/[&<>"\t\n\r]/g, (c) =>
    c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : `&#${c.charCodeAt(0)};`,
  );
}

function escapeXmlText(value: string, where = "value"): string {
  checkXmlChars(value, where);
  return value.replace(/[&<>\r]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&#13;"));
}

class XmlWriter {
  private readonly lines: string[] = [];
  constructor(private readonly indent: string | null) {}
  line(depth: number, text: string): void {
    this.lines.push(this.indent === null ? text : this.indent.repeat(depth) + text);
  }
  /** An empty writer with the same indentation, to find out whether a part writes anything. */
  fresh(): XmlWriter {
    return new XmlWriter(this.indent);
  }
  append(other: XmlWriter): void {
    this.lines.push(...other.lines);
  }
  get empty(): boolean {
    return this.lines.length === 0;
  }
  toString(): string {
    return this.lines.join(this.indent === null ? "" : "\n");
  }
}

function attrs(pairs: Array<[string, string | undefined]>, where: string): string {
  return pairs
    .filter((p): p is [string, string] => p[1] !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXmlAttribute(v, `${where} ${k}`)}"`)
    .join("");
}

function writeCondition(w: XmlWriter, c: Condition, depth: number, path: string): void {
  const arity = OPERATORS[c.operator]?.arity;
  const head = attrs(
    [
      ["attribute", c.column],
      ["operator", c.operator],
    ],
    path,
  );
  const hints = attrs(
    [
      ["uiname", c.uiName],
      ["uitype", c.uiType],
    ],
    path,
  );
  // One value of a single-value operator goes in value="..."; lists, pairs and anything else in <value> children.
  if (c.values.length === 0) {
    w.line(depth, `<condition${head}${hints} />`);
  } else if (c.values.length === 1 && arity !== "many" && arity !== 2 && !c.valueHints) {
    w.line(depth, `<condition${head}${attrs([["value", c.values[0]]], path)}${hints} />`);
  } else {
    w.line(depth, `<condition${head}${hints}>`);
    c.values.forEach((v, i) => {
      const hint = c.valueHints?.[i];
      const valueAttrs = hint
        ? attrs(
            [
              ["uiname", hint.uiName],
              ["uitype", hint.uiType],
            ],
            `${path}.valueHints[${i}]`,
          )
        : "";
      w.line(depth + 1, `<value${valueAttrs}>${escapeXmlText(v, `${path}.values[${i}]`)}</value>`);
    });
    w.line(depth, "</condition>");
  }
}

function writeLink(w: XmlWriter, link: LinkCondition, depth: number, path: string): void {
  const head = `<link-entity${attrs(
    [
      ["name", link.table],
      ["from", link.from],
      ["to", link.to],
      ["link-type", link.linkType],
      ["alias", link.alias],
    ],
    path,
  )}`;
  const inner = w.fresh();
  writeBody(inner, link.filter, depth + 1, `${path}.filter`);
  if (inner.empty) {
    w.line(depth, `${head} />`);
  } else {
    w.line(depth, `${head}>`);
    w.append(inner);
    w.line(depth, "</link-entity>");
  }
}

function writeGroup(w: XmlWriter, group: FilterGroup, depth: number, path: string): void {
  if (group.children.length === 0) {
    w.line(depth, `<filter type="${group.type}" />`);
    return;
  }
  w.line(depth, `<filter type="${group.type}">`);
  group.children.forEach((child, i) => writeNode(w, child, depth + 1, `${path}.children[${i}]`));
  w.line(depth, "</filter>");
}

function writeNode(w: XmlWriter, node: FilterNode, depth: number, path: string): void {
  if (node.kind === "condition") writeCondition(w, node, depth, path);
  else if (node.kind === "group") writeGroup(w, node, depth, path);
  else if (isJoin(node)) {
    throw new AppError(
      "invalid",
      `The ${node.linkType} link to ${node.table} at ${path} is not directly under the top "and" group`,
      {
        problems: [
          {
            path,
            message: `FetchXML writes ${node.linkType} joins beside the filter, so they can only be direct children of the top "and" group; use link type "any" / "not any" here`,
          },
        ],
      },
    );
  } else writeLink(w, node, depth, path);
}

/**
 * The body of an `<entity>` or `<link-entity>` for a root group: its `<filter>` (omitted when only
 * joins or nothing remain) followed by the join `<link-entity>` elements.
 */
function writeBody(w: XmlWriter, root: FilterGroup, depth: number, path: string): void {
  const joins: Array<[LinkCondition, number]> = [];
  const rest: Array<[FilterNode, number]> = [];
  root.children.forEach((c, i) => (isJoin(c) ? joins.push([c, i]) : rest.push([c, i])));
  if (joins.length > 0 && root.type === "or") {
    throw new AppError("invalid", `An "or" group at ${path} holds ${joins[0][0].linkType} links`, {
      problems: [
        { path, message: 'Joins (inner/outer) only combine with "and"; use link type "any" inside an "or" group' },
      ],
    });
  }
  if (rest.length > 0) {
    w.line(depth, `<filter type="${root.type}">`);
    for (const [c, i] of rest) writeNode(w, c, depth + 1, `${path}.children[${i}]`);
    w.line(depth, "</filter>");
  }
  for (const [c, i] of joins) writeLink(w, c, depth, `${path}.children[${i}]`);
}

/**
 * FetchXML for a filter tree: the elements that go inside `<entity>`: one `<filter>` and the join
 * `<link-entity>` elements of the top group. Empty string for an empty tree.
 */
export function filterToFetchXml(filter: FilterGroup, format: FetchXmlFormat = {}): string {
  const w = new XmlWriter(format.indent === undefined ? "  " : format.indent);
  writeBody(w, filter, 0, "filter");
  return w.toString();
}

/**
 * A whole `<fetch>` for a table: `<entity name>`, the columns as `<attribute>`, the filter (a sync
 * filter with its preset expanded, or a tree). With `count`, an aggregate count query.
 */
export function toFetchXml(
  table: string,
  filter: SyncFilter | FilterGroup | undefined,
  options: FetchOptions = {},
): string {
  const indent = options.indent === undefined ? "  " : options.indent;
  const tree = filter === undefined ? undefined : "preset" in filter ? effectiveFilter(filter, options) : filter;
  const w = new XmlWriter(indent);
  w.line(0, options.count ? `<fetch aggregate="true">` : "<fetch>");
  w.line(1, `<entity name="${escapeXmlAttribute(table, "table")}">`);
  if (options.count) {
    w.line(
      2,
      `<attribute${attrs(
        [
          ["name", options.count.column],
          ["aggregate", "count"],
          ["alias", options.count.alias ?? "count"],
        ],
        "count",
      )} />`,
    );
  } else {
    for (const c of options.columns ?? []) w.line(2, `<attribute name="${escapeXmlAttribute(c, "columns")}" />`);
  }
  if (tree) writeBody(w, tree, 2, "filter");
  w.line(1, "</entity>");
  w.line(0, "</fetch>");
  return w.toString();
}
