// The stand-in's own FetchXML evaluator (deliberately independent of lib/filters): counts or pages the sample
// rows of an entity set the way Dataverse answers `<entityset>?fetchXml=...`, acting as the CallerObjectId user.
// Aggregate counts over 50,000 rows fail with 0x8004E023; anything it cannot evaluate is a 400, never ignored.
import { XMLParser } from "fast-xml-parser";
import { annotationWanted, buildSkipToken, odataErrorBody, type Preferences } from "./odata";
import type { StandinDirectory } from "./directory";

type Row = Record<string, unknown>;
type Node = Record<string, unknown>;

export const AGGREGATE_LIMIT = 50_000;

export interface FetchXmlContext {
  entitySet: string;
  fetchXml: string;
  rows: Row[];
  prefer: Preferences;
  /** Entra object id of the user the request acts as (CallerObjectId), if any. */
  callerObjectId?: string;
  /** systemuserid of the application user (when there is no CallerObjectId). */
  applicationUserId: string;
  directory: StandinDirectory;
  /** Rows of another table, by logical name, for link-entity. */
  rowsOfTable(logicalName: string): Row[] | undefined;
  /** The logical name an entity set belongs to, when known. */
  tableOfEntitySet(entitySet: string): string | undefined;
  primaryIdOf(logicalName: string): string;
  contextUrl: string;
}

export interface FetchXmlReply {
  status: number;
  body: unknown;
}

class Refused extends Error {}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  processEntities: false,
  parseAttributeValue: false,
  parseTagValue: false,
  isArray: (name) => ["filter", "condition", "link-entity", "value", "attribute", "order"].includes(name),
});

interface UserContext {
  userId?: string;
  businessUnitId?: string;
  teamIds: string[];
}

export function evaluateFetchXml(context: FetchXmlContext): FetchXmlReply {
  try {
    return evaluate(context);
  } catch (error) {
    if (error instanceof Refused) return { status: 400, body: odataErrorBody("0x80041103", error.message) };
    throw error;
  }
}

function evaluate(context: FetchXmlContext): FetchXmlReply {
  if (/<!DOCTYPE|<!ENTITY/i.test(context.fetchXml)) throw new Refused("FetchXML must not hold a DOCTYPE.");
  const doc = parser.parse(context.fetchXml) as Node;
  const fetch = doc.fetch as Node | undefined;
  if (!fetch || typeof fetch !== "object") throw new Refused("The fetchXml parameter is not a <fetch> element.");
  const entity = fetch.entity as Node | undefined;
  const table = attr(entity, "name");
  if (!entity || !table) throw new Refused("The <fetch> has no <entity name>.");
  const expected = context.tableOfEntitySet(context.entitySet);
  if (expected && expected !== table) {
    throw new Refused(
      `The entity set ${context.entitySet} is for table ${expected}, but the FetchXML queries ${table}.`,
    );
  }
  const user = userContext(context);
  const primaryId = context.primaryIdOf(table);
  const matching = context.rows.filter((row) => matchesEntity(row, entity, context, user));

  if (attr(fetch, "aggregate") === "true") {
    const attributes = (entity.attribute as Node[] | undefined) ?? [];
    const counted = attributes.find((a) => ["count", "countcolumn"].includes(attr(a, "aggregate") ?? ""));
    if (!counted || attributes.length !== 1)
      throw new Refused("The stand-in evaluates only one count / countcolumn aggregate.");
    const alias = attr(counted, "alias") ?? attr(counted, "name")!;
    const column = attr(counted, "name")!;
    const count =
      attr(counted, "aggregate") === "count"
        ? matching.length
        : matching.filter((row) => valueOf(row, column) != null).length;
    if (matching.length > AGGREGATE_LIMIT) {
      return {
        status: 400,
        body: odataErrorBody("0x8004E023", "AggregateQueryRecordLimit exceeded. Cannot perform this operation."),
      };
    }
    return { status: 200, body: { "@odata.context": context.contextUrl, value: [{ [alias]: count }] } };
  }

  const orders = (entity.order as Node[] | undefined) ?? [];
  const sorted = [...matching].sort((a, b) => {
    for (const order of orders) {
      const name = attr(order, "attribute")!;
      const c = compare(valueOf(a, name), valueOf(b, name));
      if (c !== 0) return attr(order, "descending") === "true" ? -c : c;
    }
    return String(a[primaryId]).localeCompare(String(b[primaryId]));
  });
  const top = attr(fetch, "top");
  const pageSize = Math.min(Number(attr(fetch, "count") ?? 5000), 5000);
  const page = Number(attr(fetch, "page") ?? 1);
  let start = (page - 1) * pageSize;
  const cookie = attr(fetch, "paging-cookie");
  const last = cookie ? /last="\{?([0-9A-Fa-f-]{36})\}?"/.exec(cookie)?.[1]?.toLowerCase() : undefined;
  if (last && orders.length === 0) start = sorted.findIndex((row) => String(row[primaryId]).toLowerCase() > last);
  if (start < 0) start = sorted.length;
  const rows = top !== undefined ? sorted.slice(0, Number(top)) : sorted.slice(start, start + pageSize);
  const more = top === undefined && start + pageSize < sorted.length;
  const selected = ((entity.attribute as Node[] | undefined) ?? []).map((a) => attr(a, "name")!);
  const value = rows.map((row) => {
    if (entity["all-attributes"] !== undefined || selected.length === 0) return { ...row };
    const out: Row = { [primaryId]: row[primaryId] };
    for (const name of selected) {
      for (const key of [name, `_${name}_value`]) if (key in row) out[key] = row[key];
    }
    return out;
  });
  const body: Row = { "@odata.context": context.contextUrl, value };
  if (annotationWanted("Microsoft.Dynamics.CRM.morerecords", context.prefer.annotations))
    body["@Microsoft.Dynamics.CRM.morerecords"] = more;
  if (
    more &&
    rows.length > 0 &&
    annotationWanted("Microsoft.Dynamics.CRM.fetchxmlpagingcookie", context.prefer.annotations)
  ) {
    body["@Microsoft.Dynamics.CRM.fetchxmlpagingcookie"] = buildSkipToken(
      primaryId,
      page + 1,
      String(rows[0][primaryId]),
      String(rows[rows.length - 1][primaryId]),
    );
  }
  return { status: 200, body };
}

function userContext(context: FetchXmlContext): UserContext {
  if (!context.callerObjectId)
    return { userId: context.applicationUserId, businessUnitId: context.directory.businessUnits[0]?.id, teamIds: [] };
  const user = context.directory.users.find((u) => u.aadObjectId === context.callerObjectId!.toLowerCase());
  if (!user) return { teamIds: [] };
  const teamIds = context.directory.teams
    .filter(
      (t) =>
        t.memberIds.includes(user.id) || (t.aadObjectId !== undefined && (user.groupIds ?? []).includes(t.aadObjectId)),
    )
    .map((t) => t.id);
  return { userId: user.id, businessUnitId: user.businessUnitId, teamIds };
}

function attr(node: Node | undefined, name: string): string | undefined {
  const value = node?.[`@_${name}`];
  return typeof value === "string" ? value : undefined;
}

function matchesEntity(row: Row, node: Node, context: FetchXmlContext, user: UserContext): boolean {
  const filters = (node.filter as Node[] | undefined) ?? [];
  if (!filters.every((f) => matchesFilter(row, f, context, user))) return false;
  for (const link of (node["link-entity"] as Node[] | undefined) ?? []) {
    if (!matchesLink(row, link, context, user)) return false;
  }
  return true;
}

function matchesLink(row: Row, link: Node, context: FetchXmlContext, user: UserContext): boolean {
  const table = attr(link, "name");
  const from = attr(link, "from");
  const to = attr(link, "to");
  const type = attr(link, "link-type") ?? "inner";
  if (!table || !from || !to) throw new Refused("A <link-entity> needs name, from and to.");
  if (type === "outer") return true;
  if (!["inner", "any", "not any", "exists", "in"].includes(type))
    throw new Refused(`The stand-in cannot evaluate link-type="${type}".`);
  const others = context.rowsOfTable(table);
  if (!others) throw new Refused(`The stand-in has no sample rows of ${table} for a <link-entity>.`);
  const key = normalize(valueOf(row, to));
  const found = others.some(
    (other) => key !== null && normalize(valueOf(other, from)) === key && matchesEntity(other, link, context, user),
  );
  return type === "not any" ? !found : found;
}

function matchesFilter(row: Row, filter: Node, context: FetchXmlContext, user: UserContext): boolean {
  const or = attr(filter, "type") === "or";
  const results: boolean[] = [];
  for (const condition of (filter.condition as Node[] | undefined) ?? [])
    results.push(matchesCondition(row, condition, user));
  for (const inner of (filter.filter as Node[] | undefined) ?? [])
    results.push(matchesFilter(row, inner, context, user));
  for (const link of (filter["link-entity"] as Node[] | undefined) ?? [])
    results.push(matchesLink(row, link, context, user));
  if (results.length === 0) return true;
  return or ? results.some(Boolean) : results.every(Boolean);
}

const DAY = 86_400_000;
const UNIT_MS: Record<string, number> = {
  minutes: 60_000,
  hours: 3_600_000,
  days: DAY,
  weeks: 7 * DAY,
  months: 30 * DAY,
  years: 365 * DAY,
};

function matchesCondition(row: Row, condition: Node, user: UserContext): boolean {
  const column = attr(condition, "attribute");
  const operator = attr(condition, "operator");
  if (!column || !operator) throw new Refused("A <condition> needs attribute and operator.");
  if (attr(condition, "entityname")) throw new Refused("The stand-in cannot evaluate conditions with entityname.");
  const actual = valueOf(row, column);
  const single = attr(condition, "value");
  const values = ((condition.value as unknown[] | undefined) ?? []).map((v) =>
    typeof v === "object" && v !== null ? String((v as Node)["#text"] ?? "") : String(v),
  );
  const now = Date.now();
  const time = typeof actual === "string" ? Date.parse(actual) : NaN;
  const amount = Number(single);
  switch (operator) {
    case "eq":
      return equals(actual, single);
    case "ne":
    case "neq":
      return !equals(actual, single);
    case "gt":
      return actual != null && compare(actual, single) > 0;
    case "ge":
      return actual != null && compare(actual, single) >= 0;
    case "lt":
      return actual != null && compare(actual, single) < 0;
    case "le":
      return actual != null && compare(actual, single) <= 0;
    case "null":
      return actual == null;
    case "not-null":
      return actual != null;
    case "in":
      return values.some((v) => equals(actual, v));
    case "not-in":
      return !values.some((v) => equals(actual, v));
    case "between":
      return actual != null && compare(actual, values[0]) >= 0 && compare(actual, values[1]) <= 0;
    case "not-between":
      return actual != null && !(compare(actual, values[0]) >= 0 && compare(actual, values[1]) <= 0);
    case "like":
    case "not-like": {
      const pattern = new RegExp(
        `^${(single ?? "")
          .replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
          .replace(/%/g, ".*")
          .replace(/_/g, ".")}$`,
        "is",
      );
      const hit = typeof actual === "string" && pattern.test(actual);
      return operator === "like" ? hit : !hit;
    }
    case "begins-with":
      return typeof actual === "string" && actual.toLowerCase().startsWith((single ?? "").toLowerCase());
    case "ends-with":
      return typeof actual === "string" && actual.toLowerCase().endsWith((single ?? "").toLowerCase());
    case "eq-userid":
      return user.userId !== undefined && equals(actual, user.userId);
    case "ne-userid":
      return !(user.userId !== undefined && equals(actual, user.userId));
    case "eq-businessid":
      return user.businessUnitId !== undefined && equals(actual, user.businessUnitId);
    case "ne-businessid":
      return !(user.businessUnitId !== undefined && equals(actual, user.businessUnitId));
    case "eq-userteams":
      return user.teamIds.some((id) => equals(actual, id));
    case "eq-useroruserteams":
      return (
        (user.userId !== undefined && equals(actual, user.userId)) || user.teamIds.some((id) => equals(actual, id))
      );
    case "today":
      return (
        !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === new Date(now).toISOString().slice(0, 10)
      );
    case "on":
      return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === (single ?? "").slice(0, 10);
    case "on-or-after":
      return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) >= (single ?? "").slice(0, 10);
    case "on-or-before":
      return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) <= (single ?? "").slice(0, 10);
    case "last-seven-days":
      return !Number.isNaN(time) && time >= now - 7 * DAY && time <= now;
    case "next-seven-days":
      return !Number.isNaN(time) && time >= now && time <= now + 7 * DAY;
  }
  const relative =
    /^(last|next)-x-(hours|days|weeks|months|years)$|^olderthan-x-(minutes|hours|days|weeks|months|years)$/.exec(
      operator,
    );
  if (relative) {
    if (!Number.isInteger(amount))
      throw new Refused(`The ${operator} condition on ${column} needs a whole number, got "${single}".`);
    if (Number.isNaN(time)) return false;
    const unit = relative[2] ?? relative[3];
    const span = amount * UNIT_MS[unit];
    // Dataverse counts whole days (and weeks, months, years) from midnight; hours and minutes from now. UTC here;
    // months and years are approximated as 30 and 365 days.
    const startOfToday = Math.floor(now / DAY) * DAY;
    const whole = unit !== "hours" && unit !== "minutes";
    if (relative[1] === "last") return time >= (whole ? startOfToday : now) - span && time <= now;
    if (relative[1] === "next") return time >= now && time < (whole ? startOfToday + DAY : now) + span;
    return time < now - span;
  }
  throw new Refused(`The stand-in cannot evaluate the operator "${operator}" (condition on ${column}).`);
}

/** A column of a sample row: the plain property, or the Web API form `_<lookup>_value`. */
function valueOf(row: Row, column: string): unknown {
  if (column in row) return row[column];
  const lookup = `_${column}_value`;
  return lookup in row ? row[lookup] : null;
}

function normalize(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return String(value)
    .replace(/^\{|\}$/g, "")
    .toLowerCase();
}

function equals(actual: unknown, expected: string | undefined): boolean {
  if (actual == null || expected === undefined) return false;
  if (typeof actual === "number") return actual === Number(expected);
  if (typeof actual === "boolean") return actual === (expected === "1" || expected.toLowerCase() === "true");
  return normalize(actual) === normalize(expected);
}

function compare(actual: unknown, expected: unknown): number {
  if (typeof actual === "number") return actual - Number(expected);
  const a = String(actual);
  const b = String(expected);
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  if (/^\d{4}-\d{2}-\d{2}/.test(a) && !Number.isNaN(ta) && !Number.isNaN(tb)) return ta - tb;
  return a.toLowerCase().localeCompare(b.toLowerCase());
}
