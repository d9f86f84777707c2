// The slice of OData v4 query syntax the Dataverse stand-in understands: $select, $expand (one level with nested
// $select), simple $filter comparisons, Prefer headers and Dataverse-style paging with a skip token.

export interface ParsedQuery {
  /** Raw (still percent-encoded) parameters in request order, to rebuild a nextLink faithfully. */
  raw: Array<[string, string]>;
  params: Map<string, string>;
}

/** Splits a raw query string; values are percent-decoded ("+" stays "+", as OData clients send %20 for spaces). */
export function parseQuery(search: string): ParsedQuery {
  const raw: Array<[string, string]> = [];
  const params = new Map<string, string>();
  for (const part of search.replace(/^\?/, "").split("&")) {
    if (!part) continue;
    const eq = part.indexOf("=");
    const key = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
    const rawValue = eq < 0 ? "" : part.slice(eq + 1);
    raw.push([key, rawValue]);
    params.set(key, decodeURIComponent(rawValue));
  }
  return { raw, params };
}

/** Splits on commas that are not inside parentheses or quotes. */
export function splitTopLevel(text: string, separator = ","): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = "";
  for (const ch of text) {
    if (ch === "'") quoted = !quoted;
    if (!quoted && ch === "(") depth++;
    if (!quoted && ch === ")") depth--;
    if (!quoted && depth === 0 && ch === separator) {
      parts.push(current.trim());
      current = "";
    } else current += ch;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

export function parseSelect(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return splitTopLevel(value).filter(Boolean);
}

export interface ExpandItem {
  name: string;
  select?: string[];
}

/** `OptionSet,GlobalOptionSet` or `teamroles_association($select=name,roleid)`. */
export function parseExpand(value: string | undefined): ExpandItem[] {
  if (!value) return [];
  return splitTopLevel(value).map((item) => {
    const open = item.indexOf("(");
    if (open < 0) return { name: item };
    const name = item.slice(0, open).trim();
    const inner = item.slice(open + 1, item.lastIndexOf(")"));
    const options = new Map(
      splitTopLevel(inner, ";").map((option) => {
        const eq = option.indexOf("=");
        return [option.slice(0, eq).trim(), option.slice(eq + 1).trim()] as const;
      }),
    );
    return { name, select: parseSelect(options.get("$select")) };
  });
}

export type FilterValue = string | number | boolean | null;

export interface Comparison {
  property: string;
  operator: "eq" | "ne";
  value: FilterValue;
}

export class UnsupportedQueryError extends Error {}

/**
 * `IsPrivate eq false`, `OwnershipType eq Microsoft.Dynamics.CRM.OwnershipTypes'UserOwned'`,
 * `IsValidForAdvancedFind/Value eq true`, `name eq 'x' and isdisabled eq false`. Only `and` chains; anything more
 * elaborate is refused loudly so a test never passes on a filter the stand-in silently ignored.
 */
export function parseFilter(value: string | undefined): Comparison[] {
  if (!value) return [];
  if (/\(|\)|\bor\b|\bnot\b/i.test(value.replace(/'[^']*'/g, "''"))) {
    throw new UnsupportedQueryError(`The stand-in cannot evaluate $filter=${value}`);
  }
  return value.split(/\s+and\s+/i).map((clause) => {
    const match = /^\s*([A-Za-z_][\w/]*)\s+(eq|ne)\s+(.+?)\s*$/.exec(clause);
    if (!match) throw new UnsupportedQueryError(`The stand-in cannot evaluate the condition "${clause}"`);
    return { property: match[1], operator: match[2] as "eq" | "ne", value: parseLiteral(match[3]) };
  });
}

function parseLiteral(text: string): FilterValue {
  if (text === "true") return true;
  if (text === "false") return false;
  if (text === "null") return null;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  const quoted = /^(?:[\w.]+)?'((?:[^']|'')*)'$/.exec(text);
  if (quoted) return quoted[1].replace(/''/g, "'");
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text)) return text.toLowerCase();
  throw new UnsupportedQueryError(`The stand-in cannot read the value ${text}`);
}

/** Reads `Prop` or `Prop/Value` (managed properties) from a row. */
export function readProperty(row: Record<string, unknown>, path: string): unknown {
  let current: unknown = row;
  for (const key of path.split("/")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export function matchesFilter(row: Record<string, unknown>, comparisons: Comparison[]): boolean {
  return comparisons.every(({ property, operator, value }) => {
    let actual = readProperty(row, property);
    if (actual === undefined) actual = null;
    const equal =
      typeof actual === "string" && typeof value === "string"
        ? actual.toLowerCase() === value.toLowerCase()
        : actual === value;
    return operator === "eq" ? equal : !equal;
  });
}

export interface Preferences {
  maxPageSize?: number;
  /** Patterns from odata.include-annotations, e.g. "*", "OData.Community.Display.V1.FormattedValue", "Microsoft.Dynamics.CRM.*". */
  annotations: string[];
}

/** Parses one or more Prefer headers (comma separated preferences). */
export function parsePrefer(header: string | string[] | undefined): Preferences {
  const text = Array.isArray(header) ? header.join(",") : (header ?? "");
  const preferences: Preferences = { annotations: [] };
  for (const item of splitTopLevel(text.replace(/"[^"]*"/g, (quoted) => quoted.replace(/,/g, "\u0000")))) {
    const [key, rawValue = ""] = item.split("=").map((s) => s.trim());
    const value = rawValue.replace(/^"|"$/g, "").replace(/\u0000/g, ",");
    if (key === "odata.maxpagesize" && /^\d+$/.test(value)) preferences.maxPageSize = Number(value);
    if (key === "odata.include-annotations") preferences.annotations = value.split(",").map((s) => s.trim());
  }
  return preferences;
}

export function annotationWanted(annotation: string, patterns: string[]): boolean {
  return patterns.some((pattern) => {
    if (pattern.startsWith("-")) return false;
    if (pattern === "*") return true;
    return pattern.endsWith(".*") ? annotation.startsWith(pattern.slice(0, -1)) : annotation === pattern;
  });
}

/**
 * Dataverse's skip token: a URL-encoded `<cookie pagenumber="2" pagingcookie="..." istracking="False" />` whose
 * inner paging cookie (URL-encoded twice) names the last and first primary ids of the page served.
 */
export function buildSkipToken(primaryIdName: string, nextPage: number, firstId: string, lastId: string): string {
  const inner = `<cookie page="${nextPage - 1}"><${primaryIdName} last="{${lastId.toUpperCase()}}" first="{${firstId.toUpperCase()}}" /></cookie>`;
  return `<cookie pagenumber="${nextPage}" pagingcookie="${encodeURIComponent(encodeURIComponent(inner))}" istracking="False" />`;
}

export function readSkipToken(token: string): { page: number; lastId: string } {
  const page = /pagenumber="(\d+)"/.exec(token);
  const cookie = /pagingcookie="([^"]*)"/.exec(token);
  const inner = cookie ? decodeURIComponent(decodeURIComponent(cookie[1])) : "";
  const last = /last="\{([0-9A-Fa-f-]{36})\}"/.exec(inner);
  if (!page || !last) throw new UnsupportedQueryError(`Malformed $skiptoken: ${token}`);
  return { page: Number(page[1]), lastId: last[1].toLowerCase() };
}

/** Keeps the selected properties (and their annotations), plus those always returned (keys, etag). */
export function project(
  row: Record<string, unknown>,
  select: string[] | undefined,
  always: string[],
): Record<string, unknown> {
  if (!select) return { ...row };
  const keep = new Set([...always, ...select]);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    const base = key.includes("@") ? key.slice(0, key.indexOf("@")) : key;
    if (keep.has(key) || (base !== "" && keep.has(base))) out[key] = value;
  }
  return out;
}

/** Dataverse's error body: `{ "error": { "code": "0x...", "message": "..." } }`. */
export function odataErrorBody(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}
