// Counts the rows a sync filter downloads for one user of a live org (FetchXML aggregate count as that user,
// paging primary ids past Dataverse's 50,000-row aggregate limit up to a cap), and totals a project's tables.
import { AppError } from "@/lib/app-error";
import { dataverseCodeOf, type DataverseClient } from "@/lib/dataverse/client";
import type { FilterGroup, SyncFilter } from "./schema";
import { escapeXmlAttribute, toFetchXml, type PresetContext } from "./to-fetchxml";

/** Dataverse's answer to an aggregate over more than 50,000 rows (DATAVERSE.md). */
export const AGGREGATE_LIMIT_CODE = "0x8004E023";
/** Default cap of the paging count: past it the answer is "more than N". */
export const DEFAULT_COUNT_CAP = 250_000;

export interface CountTarget {
  table: string;
  /** The Web API entity set (contacts), from the metadata. */
  entitySetName: string;
  primaryIdColumn: string;
  filter: SyncFilter | FilterGroup | undefined;
  /** For the "related rows only" preset: the source lookups' filters. */
  presetContext?: PresetContext;
}

export interface CountOptions {
  /** Count as this user (Entra object id, sent as CallerObjectId); the application user without it. */
  callerObjectId?: string;
  /** Stop paging at this many rows and answer "more than". Default 250,000. */
  cap?: number;
  /** Rows per page while paging (at most 5,000). Default 5,000. */
  pageSize?: number;
  signal?: AbortSignal;
}

export interface RowCount {
  /** The rows counted: exact, or (exact false) the cap reached: "more than rows". */
  rows: number;
  exact: boolean;
  method: "aggregate" | "paging";
  /** Pages read when paging. */
  pages?: number;
}

function entityPath(target: CountTarget, fetchXml: string): string {
  return `${target.entitySetName}?fetchXml=${encodeURIComponent(fetchXml)}`;
}

/** The aggregate count query of a target (one line). */
export function countFetchXml(target: CountTarget): string {
  return toFetchXml(target.table, target.filter, {
    ...target.presetContext,
    indent: null,
    count: { column: target.primaryIdColumn, alias: "n" },
  });
}

/** A page of primary ids: `<fetch count page paging-cookie>` around the same filter. */
export function pageFetchXml(target: CountTarget, page: number, pageSize: number, cookie?: string): string {
  const body = toFetchXml(target.table, target.filter, {
    ...target.presetContext,
    indent: null,
    columns: [target.primaryIdColumn],
  });
  const paging = `<fetch count="${pageSize}" page="${page}"${cookie ? ` paging-cookie="${escapeXmlAttribute(cookie, "paging-cookie")}"` : ""}>`;
  return paging + body.slice("<fetch>".length);
}

/**
 * The cookie for the next page from Dataverse's `fetchxmlpagingcookie` annotation
 * (`<cookie pagenumber="2" pagingcookie="%253ccookie..." />`): the pagingcookie attribute, URL-decoded twice.
 */
export function nextPagingCookie(annotation: string): { cookie: string; page?: number } {
  const raw = /pagingcookie="([^"]*)"/.exec(annotation)?.[1];
  if (raw === undefined)
    throw new AppError(
      "upstream",
      `Dataverse sent a paging cookie annotation without pagingcookie: ${annotation.slice(0, 120)}`,
    );
  const page = /pagenumber="(\d+)"/.exec(annotation)?.[1];
  return { cookie: decodeURIComponent(decodeURIComponent(raw)), ...(page ? { page: Number(page) } : {}) };
}

async function countByPaging(client: DataverseClient, target: CountTarget, options: CountOptions): Promise<RowCount> {
  const cap = options.cap ?? DEFAULT_COUNT_CAP;
  const pageSize = options.pageSize ?? 5000;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 5000)
    throw new AppError("invalid", `pageSize must be between 1 and 5000, got ${pageSize}`);
  let rows = 0;
  let page = 1;
  let pages = 0;
  let cookie: string | undefined;
  for (;;) {
    const body = await client.getJson<Record<string, unknown> & { value?: unknown[] }>(
      entityPath(target, pageFetchXml(target, page, pageSize, cookie)),
      {
        prefer: ['odata.include-annotations="Microsoft.Dynamics.CRM.*"'],
        ...(options.callerObjectId ? { callerObjectId: options.callerObjectId } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      },
    );
    if (!Array.isArray(body.value))
      throw new AppError("upstream", `Dataverse answered a page of ${target.entitySetName} without a "value" array`);
    pages++;
    rows += body.value.length;
    const more = body["@Microsoft.Dynamics.CRM.morerecords"] === true;
    if (!more) return { rows, exact: true, method: "paging", pages };
    if (rows >= cap) return { rows, exact: false, method: "paging", pages };
    const annotation = body["@Microsoft.Dynamics.CRM.fetchxmlpagingcookie"];
    if (typeof annotation !== "string")
      throw new AppError(
        "upstream",
        `Dataverse said more rows of ${target.entitySetName} follow but sent no paging cookie`,
      );
    const next = nextPagingCookie(annotation);
    cookie = next.cookie;
    page = next.page ?? page + 1;
  }
}

/**
 * The rows the filter returns for the user: an aggregate count first; when Dataverse refuses it
 * (more than 50,000 rows, 0x8004E023), pages of primary ids are counted up to `cap`.
 */
export async function countRows(
  client: DataverseClient,
  target: CountTarget,
  options: CountOptions = {},
): Promise<RowCount> {
  try {
    const body = await client.getJson<{ value?: Array<Record<string, unknown>> }>(
      entityPath(target, countFetchXml(target)),
      {
        ...(options.callerObjectId ? { callerObjectId: options.callerObjectId } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      },
    );
    const n = body.value?.[0]?.n;
    if (typeof n !== "number")
      throw new AppError("upstream", `Dataverse answered the count of ${target.entitySetName} without a number`);
    return { rows: n, exact: true, method: "aggregate" };
  } catch (error) {
    if (dataverseCodeOf(error) !== AGGREGATE_LIMIT_CODE) throw error;
    return countByPaging(client, target, options);
  }
}

// ---------- the project's totals ----------

export interface TableFootprint {
  table: string;
  rows: number;
  exact: boolean;
  bytes: number;
}

export interface FootprintTotals {
  rows: number;
  /** False when any table's count is a "more than". */
  exact: boolean;
  bytes: number;
  /** ok below the advised rows; warning at or above it; error above the hard limit. */
  level: "ok" | "warning" | "error";
  message: string;
}

/** The project's rows and size against its limits (settings.limits: maxRowsHard, maxRowsAdvised). */
export function footprintTotals(
  tables: readonly TableFootprint[],
  limits: { maxRowsHard: number; maxRowsAdvised: number },
): FootprintTotals {
  const rows = tables.reduce((s, t) => s + t.rows, 0);
  const bytes = tables.reduce((s, t) => s + t.bytes, 0);
  const exact = tables.every((t) => t.exact);
  const fmt = (n: number) => n.toLocaleString("en-US");
  const counted = `${exact ? "" : "more than "}${fmt(rows)} rows`;
  if (rows > limits.maxRowsHard) {
    return {
      rows,
      exact,
      bytes,
      level: "error",
      message: `${counted} is above the hard limit of ${fmt(limits.maxRowsHard)} rows per device: filter the largest tables further.`,
    };
  }
  if (rows >= limits.maxRowsAdvised) {
    return {
      rows,
      exact,
      bytes,
      level: "warning",
      message: `${counted} is at or above the advised ${fmt(limits.maxRowsAdvised)} rows per device: the first sync will be slow.`,
    };
  }
  return {
    rows,
    exact,
    bytes,
    level: "ok",
    message: `${counted}, below the advised ${fmt(limits.maxRowsAdvised)} rows per device.`,
  };
}
