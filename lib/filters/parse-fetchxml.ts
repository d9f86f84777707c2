// Reads FetchXML (a whole `<fetch>` or a lone `<filter>`) into a sync-filter tree. Anything the tree
// cannot say is refused with the element and its line:column, never dropped.
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { AppError, type FieldProblem } from "@/lib/app-error";
import type { Condition, FilterGroup, FilterNode, LinkCondition, LinkType } from "./schema";
import { OPERATORS, arityAccepts, arityWord, isOperator } from "./operators";

export interface ParsedFetchXml {
  /** The `<entity name>` of a whole `<fetch>`; undefined for a lone `<filter>`. */
  table?: string;
  filter: FilterGroup;
}

/*
 * What a whole <fetch> may hold beyond the filter, and why it is safe to leave out:
 * - <attribute>, <all-attributes>: which columns come back, not which rows.
 * - <order>: sorting; the set of rows is the same.
 * - fetch version, mapping, output-format, distinct (duplicates from joins only), no-lock, count /
 *   page / paging-cookie / returntotalrecordcount (paging of the same rows), latematerialize, useraworderby,
 *   options (query hints); link-entity visible, intersect (UI hints).
 * - condition uihidden: a display hint of the Advanced Find editor that changes no row (uiname / uitype,
 *   on a condition or a <value>, are kept: the sentence names the record with them).
 * Everything else (aggregate, top, datasource, valueof, entityname, unknown elements or attributes) is refused.
 */
const IGNORED_FETCH_ATTRIBUTES = new Set([
  "version",
  "mapping",
  "output-format",
  "distinct",
  "no-lock",
  "count",
  "page",
  "paging-cookie",
  "returntotalrecordcount",
  "latematerialize",
  "useraworderby",
  "options",
  "min-active-row-version",
]);
const ENTITY_ATTRIBUTES = new Set(["name", "enableprefiltering", "prefilterparametername"]);
const LINK_ATTRIBUTES = new Set([
  "name",
  "from",
  "to",
  "link-type",
  "alias",
  "visible",
  "intersect",
  "enableprefiltering",
  "prefilterparametername",
]);
const CONDITION_ATTRIBUTES = new Set(["attribute", "operator", "value", "uiname", "uitype", "uihidden"]);
const LINK_TYPES: ReadonlySet<string> = new Set(["inner", "outer", "any", "not any"]);
/**
 * Filters and links nested deeper than any real query; refusing them keeps a hostile paste from exhausting the
 * stack. The validator refuses a filter that nests deeper (lib/filters/validate.ts), so what Syncwright writes it
 * can read back.
 */
export const MAX_DEPTH = 100;
/** Elements the XML parser nests before it gives up: well above MAX_DEPTH's filters and links (two elements each). */
const MAX_XML_DEPTH = 1_000;

type XmlNode = Record<string, unknown>;
const META = (XMLParser as unknown as { getMetaDataSymbol(): symbol }).getMetaDataSymbol();

class Source {
  private readonly lineStarts: number[] = [0];
  constructor(
    readonly text: string,
    readonly name: string,
    private readonly origin: { line: number; column: number },
  ) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }
  position(index: number): string {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    const column = index - this.lineStarts[lo] + 1;
    return lo === 0 ? `${this.origin.line}:${this.origin.column + column - 1}` : `${this.origin.line + lo}:${column}`;
  }
  where(node: XmlNode | undefined): string {
    const meta = node?.[META as unknown as string] as { startIndex?: number } | undefined;
    return meta?.startIndex === undefined ? this.name : `${this.name}:${this.position(meta.startIndex)}`;
  }
  private depth = 0;
  enter(node: XmlNode, element: string): void {
    if (++this.depth > MAX_DEPTH) this.fail(node, element, `nests filters and links deeper than ${MAX_DEPTH} levels`);
  }
  leave(): void {
    this.depth--;
  }
  fail(node: XmlNode | undefined, element: string, message: string): never {
    const path = `${this.where(node)} <${element}>`;
    throw new AppError("invalid", `${path}: ${message}`, { problems: [{ path, message }] });
  }
}

/** The element name of a preserveOrder node, or undefined for text, comments and the like. */
function tagOf(node: XmlNode): string | undefined {
  return Object.keys(node).find((k) => k !== ":@" && !k.startsWith("#") && !k.startsWith("?"));
}
function childrenOf(node: XmlNode, tag: string): XmlNode[] {
  return (node[tag] as XmlNode[] | undefined) ?? [];
}

const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/**
 * Whether a code point may appear in an XML document (XML 1.0, production [2] Char): tab, newline, carriage
 * return and U+0020 up, without the surrogates and U+FFFE / U+FFFF. A reference to anything else is refused.
 */
function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/** The first character the XML Char production forbids (controls, a lone surrogate, U+FFFE/U+FFFF), or -1. */
const ILLEGAL_CHARACTER =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u;
function illegalCharacterAt(text: string): number {
  const m = ILLEGAL_CHARACTER.exec(text.replace(/[\ud800-\udbff][\udc00-\udfff]/g, "\u0041\u0041"));
  return m ? m.index : -1;
}

/** Resolves the five XML entities and character references; no other entity can exist without a DTD. */
function decode(raw: string, src: Source, node: XmlNode, element: string, attribute: boolean): string {
  // Attribute-value normalization (XML 1.0 3.3.3): literal tab, newline and CR read as a space.
  const text = attribute ? raw.replace(/\r\n|[\t\n\r]/g, " ") : raw.replace(/\r\n?/g, "\n");
  return text.replace(/&([^;&\s]*);?/g, (whole, name: string) => {
    if (!whole.endsWith(";")) src.fail(node, element, `a bare "&" (write &amp;)`);
    if (name.startsWith("#")) {
      const hex = name[1] === "x" || name[1] === "X";
      const digits = name.slice(hex ? 2 : 1);
      // At most 7 digits: larger numbers are out of range anyway, and never reach parseInt's rounding.
      const valid = hex ? /^[0-9a-fA-F]{1,7}$/.test(digits) : /^[0-9]{1,8}$/.test(digits);
      if (!valid) src.fail(node, element, `the character reference &${name}; is not valid`);
      const code = Number.parseInt(digits, hex ? 16 : 10);
      if (!isXmlChar(code)) {
        const named = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
        src.fail(node, element, `the character reference &${name}; (${named}) is not a character XML allows`);
      }
      return String.fromCodePoint(code);
    }
    const v = NAMED_ENTITIES[name];
    if (v === undefined)
      src.fail(node, element, `the entity &${name}; is not defined (only &amp; &lt; &gt; &quot; &apos; exist)`);
    return v;
  });
}

function attributesOf(node: XmlNode, element: string, src: Source): Record<string, string> {
  const raw = (node[":@"] as Record<string, string> | undefined) ?? {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) out[k] = decode(String(v), src, node, element, true);
  return out;
}

function checkAttributes(
  attributes: Record<string, string>,
  allowed: ReadonlySet<string>,
  node: XmlNode,
  element: string,
  src: Source,
): void {
  for (const name of Object.keys(attributes)) {
    if (allowed.has(name)) continue;
    const why =
      name === "valueof"
        ? "compares two columns (valueof), which a sync filter cannot express"
        : name === "entityname"
          ? 'refers to a linked table from the outer filter (entityname); write the condition inside a link with link type "any" or "not any" instead'
          : name === "aggregate" || name === "alias" || name === "rowaggregate"
            ? `uses ${name}, an aggregate, which a sync filter cannot express`
            : `has the attribute ${name}, which a sync filter cannot express`;
    src.fail(node, element, why);
  }
}

/** Whether a non-element child is only whitespace (comments are already gone). */
function isBlank(node: XmlNode): boolean {
  const text = node["#text"];
  if (text !== undefined) return String(text).trim() === "";
  return node["#cdata"] === undefined;
}

function textOf(node: XmlNode, tag: string, src: Source): string {
  let out = "";
  for (const part of childrenOf(node, tag)) {
    if (part["#text"] !== undefined) out += decode(String(part["#text"]), src, node, tag, false);
    else if (part["#cdata"] !== undefined) {
      for (const c of part["#cdata"] as XmlNode[]) out += String(c["#text"] ?? "");
    } else if (tagOf(part)) src.fail(part, tagOf(part)!, "is not allowed inside <value>");
  }
  return out;
}

function parseCondition(node: XmlNode, src: Source): Condition {
  const a = attributesOf(node, "condition", src);
  checkAttributes(a, CONDITION_ATTRIBUTES, node, "condition", src);
  if (!a.attribute) src.fail(node, "condition", "has no attribute (the column's logical name)");
  if (!a.operator) src.fail(node, "condition", "has no operator");
  if (!isOperator(a.operator))
    src.fail(node, "condition", `uses the operator "${a.operator}", which Syncwright does not know`);
  const values: string[] = [];
  const hints: Array<{ uiName?: string; uiType?: string }> = [];
  for (const child of childrenOf(node, "condition")) {
    const tag = tagOf(child);
    if (!tag) {
      if (!isBlank(child)) src.fail(node, "condition", "holds text outside <value>");
      continue;
    }
    if (tag !== "value") src.fail(child, tag, "is not allowed inside <condition> (only <value>)");
    const va = attributesOf(child, "value", src);
    checkAttributes(va, new Set(["uiname", "uitype"]), child, "value", src);
    values.push(textOf(child, "value", src));
    const hint: { uiName?: string; uiType?: string } = {};
    if (va.uiname !== undefined) hint.uiName = va.uiname;
    if (va.uitype !== undefined) hint.uiType = va.uitype;
    hints.push(hint);
  }
  if (a.value !== undefined && values.length > 0)
    src.fail(node, "condition", "has both a value attribute and <value> elements");
  if (a.value !== undefined) values.push(a.value);
  // Dataverse refuses such a condition only when a device syncs; refuse it here, from the catalogue's own arity.
  const arity = OPERATORS[a.operator].arity;
  if (!arityAccepts(arity, values.length)) {
    src.fail(
      node,
      "condition",
      `uses the operator ${a.operator}, which takes ${arityWord(arity)}, but has ${values.length === 0 ? "none" : values.length}`,
    );
  }
  const c: Condition = { kind: "condition", column: a.attribute, operator: a.operator, values };
  if (a.uiname !== undefined) c.uiName = a.uiname;
  if (a.uitype !== undefined) c.uiType = a.uitype;
  if (hints.some((h) => h.uiName !== undefined || h.uiType !== undefined)) c.valueHints = hints;
  return c;
}

function parseFilter(node: XmlNode, src: Source): FilterGroup {
  src.enter(node, "filter");
  const a = attributesOf(node, "filter", src);
  if (a.isquickfindfields === "1" || a.isquickfindfields === "true") {
    src.fail(
      node,
      "filter",
      "is a Quick Find search template (isquickfindfields) whose {0} placeholders the search box fills in; it has no fixed rows to sync",
    );
  }
  checkAttributes(a, new Set(["type", "isquickfindfields"]), node, "filter", src);
  const type = a.type ?? "and";
  if (type !== "and" && type !== "or") src.fail(node, "filter", `has type "${type}" (only "and" or "or")`);
  const children: FilterNode[] = [];
  for (const child of childrenOf(node, "filter")) {
    const tag = tagOf(child);
    if (!tag) {
      if (!isBlank(child)) src.fail(node, "filter", "holds text");
      continue;
    }
    if (tag === "condition") children.push(parseCondition(child, src));
    else if (tag === "filter") children.push(parseFilter(child, src));
    else if (tag === "link-entity") {
      const link = parseLink(child, src);
      if (link.linkType !== "any" && link.linkType !== "not any") {
        src.fail(child, tag, `inside a <filter> must have link-type "any" or "not any", not "${link.linkType}"`);
      }
      children.push(link);
    } else src.fail(child, tag, "is not allowed inside <filter>");
  }
  src.leave();
  return { kind: "group", type, children };
}

function parseLink(node: XmlNode, src: Source): LinkCondition {
  src.enter(node, "link-entity");
  const a = attributesOf(node, "link-entity", src);
  checkAttributes(a, LINK_ATTRIBUTES, node, "link-entity", src);
  if (!a.name) src.fail(node, "link-entity", "has no name (the related table)");
  if (!a.from || !a.to) src.fail(node, "link-entity", "needs both from and to (the columns that join the tables)");
  const linkType = a["link-type"] ?? "inner";
  if (!LINK_TYPES.has(linkType)) {
    src.fail(node, "link-entity", `has link-type "${linkType}"; a sync filter supports inner, outer, any and not any`);
  }
  const link: LinkCondition = {
    kind: "link",
    table: a.name,
    from: a.from,
    to: a.to,
    linkType: linkType as LinkType,
    filter: parseBody(node, "link-entity", src),
  };
  if (a.alias !== undefined) link.alias = a.alias;
  src.leave();
  return link;
}

/**
 * The rows an <entity> or <link-entity> keeps: its <filter> elements and joins, as one root group.
 * One `and` filter becomes the root itself (joins appended); an `or` filter beside joins, or several
 * filters, become children of an `and` root, which is how FetchXML combines them.
 */
function parseBody(node: XmlNode, element: string, src: Source): FilterGroup {
  const filters: FilterGroup[] = [];
  const joins: LinkCondition[] = [];
  for (const child of childrenOf(node, element)) {
    const tag = tagOf(child);
    if (!tag) {
      if (!isBlank(child)) src.fail(node, element, "holds text");
      continue;
    }
    if (tag === "attribute" || tag === "all-attributes") {
      const a = attributesOf(child, tag, src);
      if (a.aggregate !== undefined || a.groupby !== undefined)
        src.fail(child, tag, "is an aggregate, which a sync filter cannot express");
    } else if (tag === "order") {
      continue;
    } else if (tag === "filter") filters.push(parseFilter(child, src));
    else if (tag === "link-entity") {
      const link = parseLink(child, src);
      if (link.linkType === "any" || link.linkType === "not any") {
        src.fail(child, tag, `with link-type "${link.linkType}" belongs inside a <filter>`);
      }
      joins.push(link);
    } else src.fail(child, tag, `is not allowed inside <${element}>`);
  }
  if (filters.length === 1 && (filters[0].type === "and" || joins.length === 0)) {
    return { kind: "group", type: filters[0].type, children: [...filters[0].children, ...joins] };
  }
  return { kind: "group", type: "and", children: [...filters, ...joins] };
}

const PARSER = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  processEntities: false,
  htmlEntities: false,
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: "#cdata",
  captureMetaData: true,
  // The parser's own limit (100 by default) counts <fetch>, <entity> and every <filter> and <link-entity>: it
  // refused FetchXML 98 filters deep, which Syncwright writes, before MAX_DEPTH could say what is too deep.
  maxNestedTags: MAX_XML_DEPTH,
} as ConstructorParameters<typeof XMLParser>[0]);

const CONSTRUCTS: Array<{ word: RegExp; open: string; close: string }> = [
  { word: /comment/i, open: "<!--", close: "-->" },
  { word: /cdata/i, open: "<![CDATA[", close: "]]>" },
  { word: /pi tag|processing/i, open: "<?", close: "?>" },
];

/** Where the construct a parser message names ("Comment is not closed.") opens without closing. */
function unclosedAt(xml: string, message: string): number | undefined {
  const construct = CONSTRUCTS.find((c) => c.word.test(message));
  if (!construct) return undefined;
  for (let from = 0; ;) {
    const open = xml.indexOf(construct.open, from);
    if (open === -1) return undefined;
    const close = xml.indexOf(construct.close, open + construct.open.length);
    if (close === -1) return open;
    from = close + construct.close.length;
  }
}

export interface ParseOptions {
  /** Labels positions in errors: a file name. Default "fetchxml". */
  name?: string;
  /** Where the text starts in that file, when it was cut out of a bigger one (1-based). */
  line?: number;
  column?: number;
}

/**
 * Parses FetchXML: a whole `<fetch>` (one `<entity>`) or a lone `<filter>`. Throws
 * AppError("invalid") whose problems name the element and its line:column.
 */
export function parseFetchXml(xml: string, options: ParseOptions = {}): ParsedFetchXml {
  const name = options.name ?? "fetchxml";
  const src = new Source(xml, name, { line: options.line ?? 1, column: options.column ?? 1 });
  const doctype = /<!(DOCTYPE|ENTITY)/i.exec(xml);
  if (doctype) {
    const path = `${name}:${src.position(doctype.index)} <!${doctype[1].toUpperCase()}>`;
    const message = "declares a document type or entities, which FetchXML never needs and Syncwright refuses";
    throw new AppError("invalid", `${path}: ${message}`, { problems: [{ path, message }] });
  }
  const illegal = illegalCharacterAt(xml);
  if (illegal !== -1) {
    const code = xml.codePointAt(illegal)!;
    const path = `${name}:${src.position(illegal)}`;
    const message = `holds the character U+${code.toString(16).toUpperCase().padStart(4, "0")}, which XML does not allow`;
    throw new AppError("invalid", `${path}: ${message}`, { problems: [{ path, message }] });
  }
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    // The validator gives no column when it found no element at all: the text ended first.
    const path = Number.isInteger(valid.err.col)
      ? `${name}:${valid.err.line + (options.line ?? 1) - 1}:${valid.err.line === 1 ? valid.err.col + (options.column ?? 1) - 1 : valid.err.col}`
      : `${name}:${src.position(xml.length)}`;
    throw new AppError("invalid", `${path}: ${valid.err.msg}`, { problems: [{ path, message: valid.err.msg }] });
  }
  let nodes: XmlNode[];
  try {
    nodes = PARSER.parse(xml) as XmlNode[];
  } catch (e) {
    // What the validator let through and the parser did not (an unclosed comment or processing instruction, the
    // parser's own limits): still one error with a place, where the construct opens, else where the text ends.
    const raw = e instanceof Error ? e.message : String(e);
    const message = /maximum nested tags/i.test(raw)
      ? `nests elements deeper than ${MAX_XML_DEPTH} levels (filters and links may nest ${MAX_DEPTH} deep)`
      : raw;
    const path = `${name}:${src.position(unclosedAt(xml, raw) ?? xml.length)}`;
    throw new AppError("invalid", `${path}: ${message}`, { problems: [{ path, message }], cause: e });
  }
  const roots = nodes.filter((n) => tagOf(n));
  if (roots.length !== 1) {
    // Point at the second root (or the end, when there is none).
    const path = roots.length > 1 ? src.where(roots[1]) : `${name}:${src.position(xml.length)}`;
    const message = `expected one root element, <fetch> or <filter>; found ${roots.length}`;
    const problems: FieldProblem[] = [{ path, message }];
    throw new AppError("invalid", `${path}: ${message}`, { problems });
  }
  const root = roots[0];
  const tag = tagOf(root)!;
  if (tag === "filter") return { filter: parseFilter(root, src) };
  if (tag !== "fetch") src.fail(root, tag, "is not FetchXML (expected <fetch> or <filter>)");

  const fa = attributesOf(root, "fetch", src);
  for (const [k, v] of Object.entries(fa)) {
    if (IGNORED_FETCH_ATTRIBUTES.has(k)) continue;
    if (k === "aggregate" && v === "false") continue;
    const why =
      k === "aggregate"
        ? "is an aggregate query; a sync filter selects rows, it does not count or group them"
        : k === "top"
          ? `keeps only the top ${v} rows, which a sync filter cannot express`
          : k === "datasource"
            ? `reads from the ${v} data source, which a sync filter cannot express`
            : `has the attribute ${k}, which a sync filter cannot express`;
    src.fail(root, "fetch", why);
  }
  const entities: XmlNode[] = [];
  for (const child of childrenOf(root, "fetch")) {
    const t = tagOf(child);
    if (!t) {
      if (!isBlank(child)) src.fail(root, "fetch", "holds text");
      continue;
    }
    if (t !== "entity") src.fail(child, t, "is not allowed inside <fetch> (only <entity>)");
    entities.push(child);
  }
  if (entities.length !== 1) src.fail(root, "fetch", `must hold exactly one <entity>, found ${entities.length}`);
  const entity = entities[0];
  const ea = attributesOf(entity, "entity", src);
  checkAttributes(ea, ENTITY_ATTRIBUTES, entity, "entity", src);
  if (!ea.name) src.fail(entity, "entity", "has no name (the table's logical name)");
  return { table: ea.name, filter: parseBody(entity, "entity", src) };
}
