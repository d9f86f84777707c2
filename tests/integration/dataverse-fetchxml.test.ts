// FetchXML through the Web API client against the stand-in's own evaluator: aggregate counts as a user
// (CallerObjectId), the 50,000-row aggregate limit, paging cookies, link-entity, and loud refusals.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  AGGREGATE_LIMIT,
  guidFor,
  startDataverseStandin,
  type DataverseStandin,
} from "@/tests/support/dataverse-standin";
import { enableAppTokens, type AppTokens } from "@/tests/support/dataverse-standin/app-tokens";
import { startOidcServer, type OidcTestServer } from "@/tests/support/oidc-server";
import { DataverseClient, dataverseCodeOf } from "@/lib/dataverse/client";
import { AppError } from "@/lib/app-error";
import { createLogger } from "@/lib/logger";

const DAY = 86_400_000;
const alex = guidFor("user:alex");
const bea = guidFor("user:bea");
const fieldCrew = guidFor("team:field-crew");
const accounts = [
  { accountid: guidFor("account:active"), name: "Active Ltd", statecode: 0 },
  { accountid: guidFor("account:inactive"), name: "Gone Ltd", statecode: 1 },
];
// 40 contacts: owners rotate alex / bea / Field Crew / nobody; every 3rd inactive; created i days ago (so
// last-x-days 10, counted from midnight 10 days ago, takes i = 0..10).
const contacts = Array.from({ length: 40 }, (_, i) => ({
  contactid: guidFor(`contact:${i}`),
  fullname: `Contact ${String(i).padStart(2, "0")}`,
  statecode: i % 3 === 0 ? 1 : 0,
  _ownerid_value: [alex, bea, fieldCrew, guidFor("user:nobody")][i % 4],
  _parentcustomerid_value: i % 2 === 0 ? accounts[0].accountid : accounts[1].accountid,
  createdon: new Date(Date.now() - i * DAY).toISOString(),
}));

let oidc: OidcTestServer;
let tokens: AppTokens;
let standin: DataverseStandin;
let client: DataverseClient;

beforeAll(async () => {
  oidc = await startOidcServer();
  tokens = enableAppTokens(oidc);
  standin = await startDataverseStandin({
    ...tokens.standinAuth,
    realTables: ["contact"],
    rows: {
      contacts: { primaryIdAttribute: "contactid", rows: contacts },
      accounts: { primaryIdAttribute: "accountid", rows: accounts, logicalName: "account" },
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

beforeEach(() => standin.reset());

function countFetch(filter: string, links = ""): string {
  return `<fetch aggregate="true"><entity name="contact"><attribute name="contactid" aggregate="count" alias="n"/>${filter}${links}</entity></fetch>`;
}

async function count(fetchXml: string, callerObjectId?: string): Promise<number> {
  const body = await client.getJson<{ value: Array<{ n: number }> }>(
    `contacts?fetchXml=${encodeURIComponent(fetchXml)}`,
    { callerObjectId },
  );
  return body.value[0].n;
}

const expected = (keep: (c: (typeof contacts)[number], i: number) => boolean) => contacts.filter(keep).length;

describe("aggregate counts", () => {
  it("counts all rows and filtered rows", async () => {
    expect(await count(countFetch(""))).toBe(40);
    expect(await count(countFetch('<filter><condition attribute="statecode" operator="eq" value="0"/></filter>'))).toBe(
      expected((c) => c.statecode === 0),
    );
  });

  it("counts 'my rows' as the user named by CallerObjectId", async () => {
    const mine = countFetch('<filter><condition attribute="ownerid" operator="eq-userid"/></filter>');
    expect(await count(mine, guidFor("aad:alex"))).toBe(expected((c) => c._ownerid_value === alex));
    expect(await count(mine, guidFor("aad:bea"))).toBe(expected((c) => c._ownerid_value === bea));
    expect(await count(mine)).toBe(0);
    const mineOrTeams = countFetch('<filter><condition attribute="ownerid" operator="eq-useroruserteams"/></filter>');
    expect(await count(mineOrTeams, guidFor("aad:bea"))).toBe(
      expected((c) => c._ownerid_value === bea || c._ownerid_value === fieldCrew),
    );
    expect(standin.requests[0].callerObjectId).toBe(guidFor("aad:alex"));
  });

  it("evaluates nested groups, dates and links", async () => {
    const filter = `<filter type="and">
      <condition attribute="statecode" operator="eq" value="0"/>
      <filter type="or">
        <condition attribute="createdon" operator="last-x-days" value="10"/>
        <condition attribute="fullname" operator="like" value="%3_"/>
      </filter>
    </filter>`;
    expect(await count(countFetch(filter))).toBe(
      expected((c, i) => c.statecode === 0 && (i <= 10 || /^Contact 3\d$/.test(c.fullname))),
    );
    const link = `<link-entity name="account" from="accountid" to="parentcustomerid" link-type="inner"><filter><condition attribute="statecode" operator="eq" value="0"/></filter></link-entity>`;
    expect(await count(countFetch("", link))).toBe(20);
    expect(await count(countFetch("", link.replace('link-type="inner"', 'link-type="not any"')))).toBe(20);
    expect(
      await count(
        countFetch(
          '<filter><condition attribute="contactid" operator="in"><value>' +
            contacts[0].contactid +
            "</value><value>{" +
            contacts[1].contactid.toUpperCase() +
            "}</value></condition></filter>",
        ),
      ),
    ).toBe(2);
  });

  it(`refuses an aggregate over ${AGGREGATE_LIMIT} rows with Dataverse's code`, async () => {
    const many = Array.from({ length: AGGREGATE_LIMIT + 1 }, (_, i) => ({
      contactid: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      statecode: 0,
    }));
    standin.setRows("contacts", "contactid", many);
    try {
      const error = await count(countFetch("")).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect(dataverseCodeOf(error)).toBe("0x8004E023");
      expect(
        await count(
          countFetch(
            '<filter><condition attribute="contactid" operator="eq" value="00000000-0000-4000-8000-000000000007"/></filter>',
          ),
        ),
      ).toBe(1);
    } finally {
      standin.setRows("contacts", "contactid", contacts);
    }
  });

  it("refuses what it cannot evaluate instead of counting wrongly", async () => {
    await expect(
      count(countFetch('<filter><condition attribute="ownerid" operator="eq-useroruserhierarchy"/></filter>')),
    ).rejects.toThrow(/cannot evaluate the operator "eq-useroruserhierarchy" \(condition on ownerid\)/);
    await expect(count(countFetch("").replace('name="contact"', 'name="account"'))).rejects.toThrow(
      /entity set contacts is for table contact/,
    );
  });

  it("takes a FetchXML longer than 16 KB in the URL", async () => {
    const values = contacts
      .map((c) => `<value>${c.contactid}</value>`)
      .join("")
      .repeat(12);
    const fetchXml = countFetch(
      `<filter><condition attribute="contactid" operator="in">${values}</condition></filter>`,
    );
    expect(encodeURIComponent(fetchXml).length).toBeGreaterThan(16 * 1024);
    expect(await count(fetchXml)).toBe(40);
  });
});

describe("paging rows", () => {
  it("pages primary ids with the paging cookie until morerecords is false", async () => {
    const seen: string[] = [];
    let page = 1;
    let cookie: string | undefined;
    for (;;) {
      const paging = `count="7" page="${page}"${cookie ? ` paging-cookie="${cookie.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;")}"` : ""}`;
      const fetchXml = `<fetch ${paging}><entity name="contact"><attribute name="contactid"/><filter><condition attribute="statecode" operator="eq" value="0"/></filter></entity></fetch>`;
      const body = await client.getJson<Record<string, unknown> & { value: Array<{ contactid: string }> }>(
        `contacts?fetchXml=${encodeURIComponent(fetchXml)}`,
        {
          prefer: ['odata.include-annotations="Microsoft.Dynamics.CRM.*"'],
        },
      );
      seen.push(...body.value.map((r) => r.contactid));
      if (body["@Microsoft.Dynamics.CRM.morerecords"] !== true) {
        expect(body["@Microsoft.Dynamics.CRM.fetchxmlpagingcookie"]).toBeUndefined();
        break;
      }
      const annotation = String(body["@Microsoft.Dynamics.CRM.fetchxmlpagingcookie"]);
      // The annotation holds the cookie URL-encoded twice (DATAVERSE.md).
      cookie = decodeURIComponent(decodeURIComponent(/pagingcookie="([^"]*)"/.exec(annotation)![1]));
      expect(cookie).toMatch(
        /^<cookie page="\d+"><contactid last="\{[0-9A-F-]{36}\}" first="\{[0-9A-F-]{36}\}" \/><\/cookie>$/,
      );
      page = Number(/pagenumber="(\d+)"/.exec(annotation)![1]);
    }
    const active = contacts.filter((c) => c.statecode === 0).map((c) => c.contactid);
    expect(seen).toHaveLength(active.length);
    expect([...seen].sort()).toEqual([...active].sort());
    expect(page).toBe(Math.ceil(active.length / 7));
  });
});
