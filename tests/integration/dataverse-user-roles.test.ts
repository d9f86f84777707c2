// A user's security roles through the Web API stand-in (RetrieveAadUserRoles and the relationship queries),
// acting as a user with CallerObjectId, and the FetchXML extension point of the stand-in.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  guidFor,
  startDataverseStandin,
  aggregateLimitError,
  type DataverseStandin,
} from "@/tests/support/dataverse-standin";
import { enableAppTokens, type AppTokens } from "@/tests/support/dataverse-standin/app-tokens";
import { startOidcServer, type OidcTestServer } from "@/tests/support/oidc-server";
import { DataverseClient, dataverseCodeOf } from "@/lib/dataverse/client";
import { findSystemUser, retrieveAadUserRoles, userRolesByRelationships } from "@/lib/dataverse/user-roles";
import { testConnection } from "@/lib/metadata/live-reader";
import { AppError } from "@/lib/app-error";
import { createLogger } from "@/lib/logger";

let oidc: OidcTestServer;
let tokens: AppTokens;
let standin: DataverseStandin;
let client: DataverseClient;
const sampleContacts = Array.from({ length: 7 }, (_, i) => ({
  contactid: guidFor(`contact:${i}`),
  fullname: `Contact ${i}`,
  statecode: i % 2,
}));

beforeAll(async () => {
  oidc = await startOidcServer();
  tokens = enableAppTokens(oidc);
  standin = await startDataverseStandin({
    ...tokens.standinAuth,
    realTables: ["contact"],
    rows: { contacts: { primaryIdAttribute: "contactid", rows: sampleContacts } },
    // A custom handler replaces the built-in evaluator (here: to see what reaches it).
    fetchXml: ({ fetchXml, rows, callerObjectId }) => {
      if (fetchXml.includes("too-many")) return aggregateLimitError();
      return { status: 200, body: { value: [{ n: rows.length, caller: callerObjectId ?? null }] } };
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

const names = (roles: Array<{ name: string; businessUnitName?: string }>) =>
  roles.map((r) => `${r.name} @ ${r.businessUnitName}`);

describe("user roles", () => {
  it("finds a user by Entra object id, and no one for an unknown id", async () => {
    const alex = await findSystemUser(client, guidFor("aad:alex"));
    expect(alex).toMatchObject({ id: guidFor("user:alex"), fullName: "Alex Seller", disabled: false });
    expect(await findSystemUser(client, guidFor("aad:nobody"))).toBeUndefined();
    expect((await findSystemUser(client, guidFor("aad:eve")))?.disabled).toBe(true);
    expect(standin.requests[0].path).toBe(`systemusers(azureactivedirectoryobjectid=${guidFor("aad:alex")})`);
  });

  it("collects direct, team and Entra group team roles with RetrieveAadUserRoles", async () => {
    expect(names(await retrieveAadUserRoles(client, guidFor("aad:alex")))).toEqual([
      "Basic User @ Contoso Sales",
      "Salesperson @ Contoso Sales",
    ]);
    expect(names(await retrieveAadUserRoles(client, guidFor("aad:bea")))).toEqual([
      "Basic User @ Contoso Field Service",
      "Field Technician @ Contoso Field Service",
    ]);
    expect(names(await retrieveAadUserRoles(client, guidFor("aad:chen")))).toEqual([
      "Sales Manager (Mobile) @ Contoso Sales",
    ]);
    expect(await retrieveAadUserRoles(client, guidFor("aad:dana"))).toEqual([]);
    expect(standin.requests.every((r) => r.path.startsWith("RetrieveAadUserRoles(DirectoryObjectId="))).toBe(true);
  });

  it("gets the same from the relationships, except Entra group teams", async () => {
    expect(await userRolesByRelationships(client, guidFor("user:alex"))).toEqual(
      await retrieveAadUserRoles(client, guidFor("aad:alex")),
    );
    expect(await userRolesByRelationships(client, guidFor("user:bea"))).toEqual(
      await retrieveAadUserRoles(client, guidFor("aad:bea")),
    );
    expect(await userRolesByRelationships(client, guidFor("user:chen"))).toEqual([]);
    const teams = standin.requests.find((r) => r.path.endsWith("/teammembership_association"))!;
    expect(teams.search).toContain("$expand=teamroles_association($select=name,roleid,");
  });

  it("refuses an id that is not a GUID before calling Dataverse", async () => {
    await expect(retrieveAadUserRoles(client, "alex@contoso.example")).rejects.toThrow(/must be a GUID/);
    expect(standin.requests).toHaveLength(0);
  });
});

describe("acting as a user and counting rows (extension point)", () => {
  it("sends CallerObjectId and tells who the application user is", async () => {
    const who = await testConnection(client);
    expect(who.businessUnitId).toBe(guidFor("bu:Contoso"));
    const body = await client.getJson<{ value: Array<{ n: number; caller: string }> }>(
      `contacts?fetchXml=${encodeURIComponent('<fetch aggregate="true"><entity name="contact"><attribute name="contactid" aggregate="count" alias="n"/></entity></fetch>')}`,
      { callerObjectId: guidFor("aad:alex") },
    );
    expect(body.value[0]).toEqual({ n: 7, caller: guidFor("aad:alex") });
    expect(standin.requests.map((r) => r.callerObjectId)).toEqual([undefined, guidFor("aad:alex")]);
  });

  it("passes Dataverse's aggregate limit error through with its code", async () => {
    const error = await client
      .getJson(`contacts?fetchXml=${encodeURIComponent("<fetch aggregate='true' too-many='1'/>")}`)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(dataverseCodeOf(error)).toBe("0x8004E023");
    expect((error as AppError).message).toBe(
      "AggregateQueryRecordLimit exceeded. Cannot perform this operation. (code 0x8004E023)",
    );
  });

  it("pages sample rows like any entity set", async () => {
    const rows = await client.getAllPages<{ contactid: string }>("contacts?$select=fullname&$filter=statecode eq 0", {
      maxPageSize: 2,
    });
    expect(rows.map((r) => r.contactid).sort()).toEqual(
      sampleContacts
        .filter((c) => c.statecode === 0)
        .map((c) => c.contactid)
        .sort(),
    );
    expect(standin.requests).toHaveLength(2);
  });
});
