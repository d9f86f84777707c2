// The footprint counter against the Dataverse stand-in: aggregate counts as a user, the 50,000-row aggregate
// limit answered by paging primary ids with the paging cookie, the cap ("more than N"), and the size estimate.
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  evaluateFetchXml,
  guidFor,
  startDataverseStandin,
  aggregateLimitError,
  type DataverseStandin,
} from "@/tests/support/dataverse-standin";
import { enableAppTokens, type AppTokens } from "@/tests/support/dataverse-standin/app-tokens";
import { startOidcServer, type OidcTestServer } from "@/tests/support/oidc-server";
import { DataverseClient } from "@/lib/dataverse/client";
import { createLogger } from "@/lib/logger";
import { countRows, footprintTotals, type CountTarget } from "@/lib/filters/footprint";
import { estimateBytes, estimateRowBytes } from "@/lib/filters/row-size";
import { readMetadataSource } from "@/lib/metadata/read-source";
import type { FilterGroup, SyncFilter } from "@/lib/filters/schema";

const DAY = 86_400_000;
const alex = guidFor("user:alex");
const bea = guidFor("user:bea");
const fieldCrew = guidFor("team:field-crew");
// 120 contacts: owners rotate alex / bea / Field Crew / nobody; every 3rd inactive; created i days ago.
const contacts = Array.from({ length: 120 }, (_, i) => ({
  contactid: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
  fullname: `Contact ${i}`,
  statecode: i % 3 === 0 ? 1 : 0,
  _ownerid_value: [alex, bea, fieldCrew, guidFor("user:nobody")][i % 4],
  createdon: new Date(Date.now() - i * DAY).toISOString(),
}));

// A small aggregate limit, through the stand-in's documented `fetchXml` extension point, so the
// "over the limit" path runs on 120 rows instead of 50,001 (the real limit is tested in dataverse-fetchxml).
let aggregateLimit = Number.POSITIVE_INFINITY;

let oidc: OidcTestServer;
let tokens: AppTokens;
let standin: DataverseStandin;
let client: DataverseClient;

beforeAll(async () => {
  oidc = await startOidcServer();
  tokens = enableAppTokens(oidc);
  standin = await startDataverseStandin({
    ...tokens.standinAuth,
    rows: { contacts: { primaryIdAttribute: "contactid", rows: contacts } },
    fetchXml: (request) => {
      const reply = evaluateFetchXml(request.context);
      const body = reply.body as { value?: Array<Record<string, unknown>> } | undefined;
      const n = body?.value?.[0]?.n;
      if (request.fetchXml.includes('aggregate="true"') && typeof n === "number" && n > aggregateLimit)
        return aggregateLimitError();
      return reply;
    },
  });
  client = new DataverseClient({
    orgUrl: standin.url,
    allowInsecureHttp: true,
    logger: createLogger({ level: "silent" }),
    ...(await tokens.clientOptions()),
  });
});

afterAll(async () => {
  await standin?.close();
  await oidc?.stop();
});

beforeEach(() => {
  standin.reset();
  aggregateLimit = Number.POSITIVE_INFINITY;
});

const target = (filter: SyncFilter | FilterGroup | undefined): CountTarget => ({
  table: "contact",
  entitySetName: "contacts",
  primaryIdColumn: "contactid",
  filter,
});
const expected = (keep: (c: (typeof contacts)[number], i: number) => boolean) => contacts.filter(keep).length;
const active: SyncFilter = {
  preset: "custom",
  filter: {
    kind: "group",
    type: "and",
    children: [{ kind: "condition", column: "statecode", operator: "eq", values: ["0"] }],
  },
};
const mineActiveOrRecent: SyncFilter = {
  preset: "mine",
  filter: {
    kind: "group",
    type: "or",
    children: [
      { kind: "condition", column: "statecode", operator: "eq", values: ["0"] },
      { kind: "condition", column: "createdon", operator: "last-x-days", values: ["10"] },
    ],
  },
};

describe("aggregate count", () => {
  it("counts every row, a filter, and a preset as the chosen user", async () => {
    expect(await countRows(client, target(undefined))).toEqual({ rows: 120, exact: true, method: "aggregate" });
    expect((await countRows(client, target(active))).rows).toBe(expected((c) => c.statecode === 0));
    const asAlex = await countRows(client, target(mineActiveOrRecent), { callerObjectId: guidFor("aad:alex") });
    expect(asAlex.rows).toBe(expected((c, i) => c._ownerid_value === alex && (c.statecode === 0 || i <= 10)));
    expect(standin.requests.at(-1)?.callerObjectId).toBe(guidFor("aad:alex"));
    const team = await countRows(client, target({ preset: "my-team" }), { callerObjectId: guidFor("aad:bea") });
    expect(team.rows).toBe(expected((c) => c._ownerid_value === bea || c._ownerid_value === fieldCrew));
    // Without a user the application user counts: it owns none of them.
    expect((await countRows(client, target({ preset: "mine" }))).rows).toBe(0);
    expect(standin.requests.every((r) => decodeURIComponent(r.search).includes('aggregate="true"'))).toBe(true);
  });
});

describe("over the aggregate limit", () => {
  it("pages primary ids with the paging cookie and gets the exact count", async () => {
    aggregateLimit = 50;
    const result = await countRows(client, target(active), { pageSize: 7 });
    const n = expected((c) => c.statecode === 0);
    expect(n).toBeGreaterThan(50);
    expect(result).toEqual({ rows: n, exact: true, method: "paging", pages: Math.ceil(n / 7) });
    // The first request was the refused aggregate, then pages that carried the cookie from page 2 on.
    const pages = standin.requests.slice(1);
    expect(pages).toHaveLength(Math.ceil(n / 7));
    expect(pages[1].prefer).toContain("Microsoft.Dynamics.CRM.*");
    expect(decodeURIComponent(pages[0].search)).not.toMatch(/paging-cookie=/);
    expect(decodeURIComponent(pages[1].search)).toMatch(/paging-cookie="&lt;cookie page=/);
  });

  it("stops at the cap and says 'more than N'", async () => {
    aggregateLimit = 10;
    const result = await countRows(client, target(undefined), { pageSize: 25, cap: 60 });
    expect(result).toEqual({ rows: 75, exact: false, method: "paging", pages: 3 });
    const totals = footprintTotals([{ table: "contact", rows: result.rows, exact: result.exact, bytes: 0 }], {
      maxRowsHard: 3_000_000,
      maxRowsAdvised: 200_000,
    });
    expect(totals.message).toMatch(/^more than 75 rows/);
  });

  it("counts the user's rows while paging (CallerObjectId on every page)", async () => {
    aggregateLimit = 5;
    const result = await countRows(client, target({ preset: "mine" }), {
      callerObjectId: guidFor("aad:bea"),
      pageSize: 10,
    });
    expect(result.rows).toBe(expected((c) => c._ownerid_value === bea));
    expect(result.method).toBe("paging");
    expect(standin.requests.every((r) => r.callerObjectId === guidFor("aad:bea"))).toBe(true);
  });
});

describe("size estimate", () => {
  it("multiplies the counted rows by the row size of the selected contact columns", async () => {
    const source = await readMetadataSource(
      path.resolve(process.cwd(), "../shared/data/dataverse/webapi-entitydefinitions"),
    );
    const contact = source.document.tables.find((t) => t.logicalName === "contact")!;
    const pick = (names: string[]) => names.map((n) => contact.columns.find((c) => c.logicalName === n)!);
    const columns = pick(["contactid", "fullname", "statecode", "ownerid", "createdon"]);
    const fullname = columns[1];
    const rowBytes = estimateRowBytes(columns);
    // 64 overhead + 36 id + string(maxLength/4) + 16 state + 64 owner + 8 date
    expect(rowBytes).toBe(
      64 + 36 + Math.min(200, Math.max(8, Math.round((fullname.maxLength ?? 160) / 4))) + 16 + 64 + 8,
    );
    const { rows } = await countRows(client, target(active));
    expect(estimateBytes(rows, rowBytes)).toBe(rows * rowBytes);
    const totals = footprintTotals(
      [
        { table: "contact", rows: 150_000, exact: true, bytes: 150_000 * rowBytes },
        { table: "account", rows: 60_000, exact: true, bytes: 0 },
      ],
      { maxRowsHard: 3_000_000, maxRowsAdvised: 200_000 },
    );
    expect(totals).toMatchObject({ rows: 210_000, level: "warning", bytes: 150_000 * rowBytes });
    expect(
      footprintTotals([{ table: "contact", rows: 3_000_001, exact: false, bytes: 0 }], {
        maxRowsHard: 3_000_000,
        maxRowsAdvised: 200_000,
      }).level,
    ).toBe("error");
  });
});
