// The live reader and the Web API client against the local Dataverse stand-in (real EntityDefinitions files) and
// the local OpenID Connect server: same document as the file importer, paging, throttling, token refresh, limits.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import {
  guidFor,
  loadRealTables,
  REAL_WEBAPI_DIR,
  startDataverseStandin,
  type DataverseStandin,
} from "@/tests/support/dataverse-standin";
import { enableAppTokens, type AppTokens } from "@/tests/support/dataverse-standin/app-tokens";
import { startOidcServer, type OidcTestServer } from "@/tests/support/oidc-server";
import { DataverseClient, type DataverseClientOptions } from "@/lib/dataverse/client";
import { OPTION_SET_CASTS, readLiveMetadata, readSecurityRoles, TABLE_LIST_SELECT } from "@/lib/metadata/live-reader";
import { normalizeWebApi } from "@/lib/metadata/import-webapi";
import { AppError } from "@/lib/app-error";
import { createLogger } from "@/lib/logger";

const quiet = createLogger({ level: "silent" });

let oidc: OidcTestServer;
let tokens: AppTokens;
let standin: DataverseStandin;

beforeAll(async () => {
  oidc = await startOidcServer();
  tokens = enableAppTokens(oidc);
  standin = await startDataverseStandin({ ...tokens.standinAuth });
});

afterAll(async () => {
  await standin?.close();
  await oidc?.stop();
});

beforeEach(() => standin.reset());

async function clientFor(
  target: { url: string },
  options: Partial<DataverseClientOptions> = {},
): Promise<DataverseClient> {
  return new DataverseClient({
    orgUrl: target.url,
    allowInsecureHttp: true,
    logger: quiet,
    ...(await tokens.clientOptions()),
    ...options,
  });
}

/** What a file import of the same tables gives: each table's EntityDefinitions file and its option-set casts. */
function documentFromFiles(tables: string[]) {
  const inputs: Array<{ name: string; json: unknown }> = [];
  for (const table of tables) {
    for (const kind of ["EntityDefinitions", ...OPTION_SET_CASTS]) {
      const file = path.join(REAL_WEBAPI_DIR, `${table}.${kind}.json`);
      if (fs.existsSync(file)) inputs.push({ name: file, json: JSON.parse(fs.readFileSync(file, "utf8")) });
    }
  }
  return normalizeWebApi(inputs);
}

const realTables = fs
  .readdirSync(REAL_WEBAPI_DIR)
  .filter((f) => f.endsWith(".EntityDefinitions.json"))
  .map((f) => f.replace(/\.EntityDefinitions\.json$/, ""))
  .sort();

describe("readLiveMetadata", () => {
  it("reads every real table and gets the same document as importing the same files", async () => {
    const client = await clientFor(standin);
    const progress: Array<[number, number]> = [];
    const live = await readLiveMetadata(client, { onProgress: (done, total) => progress.push([done, total]) });

    expect(realTables.length).toBeGreaterThanOrEqual(14);
    expect(live.document.format).toBe("live");
    expect(live.document.tables.map((t) => t.logicalName)).toEqual(realTables);
    expect(live.document).toEqual({ ...documentFromFiles(realTables), format: "live" });
    expect(live.warnings).toEqual([]);

    const contact = live.document.tables.find((t) => t.logicalName === "contact")!;
    expect(contact.primaryIdColumn).toBe("contactid");
    expect(contact.displayCollectionName["1033"]).toBe("People");
    const statecode = contact.columns.find((c) => c.logicalName === "statecode")!;
    expect(statecode.type).toBe("state");
    expect(statecode.optionSet?.options.map((o) => o.labels["1033"])).toEqual(["Active", "Inactive"]);

    expect(progress[0]).toEqual([0, realTables.length]);
    expect(progress.at(-1)).toEqual([realTables.length, realTables.length]);
    expect(progress.map(([done]) => done)).toEqual(progress.map((_, i) => i));
  });

  it("sends DATAVERSE.md's requests, and only the option-set casts a table needs", async () => {
    const client = await clientFor(standin);
    await readLiveMetadata(client, { tables: ["contact", "msdyn_aimodel"] });
    const list = standin.requests.find((r) => r.path === "EntityDefinitions")!;
    expect(list.search).toBe(`?$select=${TABLE_LIST_SELECT}&$filter=IsPrivate eq false`);
    const contact = standin.requests.filter((r) => r.path.startsWith("EntityDefinitions(LogicalName='contact')"));
    expect(contact.map((r) => r.path).sort()).toEqual(
      [
        "EntityDefinitions(LogicalName='contact')",
        // contact has no multi-select column, so that cast is not requested.
        "EntityDefinitions(LogicalName='contact')/Attributes/Microsoft.Dynamics.CRM.BooleanAttributeMetadata",
        "EntityDefinitions(LogicalName='contact')/Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata",
        "EntityDefinitions(LogicalName='contact')/Attributes/Microsoft.Dynamics.CRM.StateAttributeMetadata",
        "EntityDefinitions(LogicalName='contact')/Attributes/Microsoft.Dynamics.CRM.StatusAttributeMetadata",
      ].sort(),
    );
    expect(contact.find((r) => r.path === "EntityDefinitions(LogicalName='contact')")!.search).toBe(
      `?$select=${TABLE_LIST_SELECT},IsOfflineInMobileClient&$expand=Attributes,ManyToOneRelationships,OneToManyRelationships,ManyToManyRelationships`,
    );
    expect(contact.find((r) => r.path.endsWith("PicklistAttributeMetadata"))!.search).toBe(
      "?$select=LogicalName&$expand=OptionSet,GlobalOptionSet",
    );
    expect(standin.requests.every((r) => r.status === 200)).toBe(true);
  });

  it("keeps requests in flight within the client's limit while reading several tables at once", async () => {
    const slow = await startDataverseStandin({
      ...tokens.standinAuth,
      realTables: realTables.filter((t) => t !== "systemuser"),
      latencyMs: 25,
    });
    try {
      const client = await clientFor(slow, { maxConcurrency: 3 });
      const live = await readLiveMetadata(client, { tableConcurrency: 4 });
      expect(live.document.tables).toHaveLength(realTables.length - 1);
      expect(slow.maxConcurrent).toBe(3);
      expect(client.stats.maxInFlight).toBe(3);
      expect(slow.requests.length).toBe(client.stats.requests);
    } finally {
      await slow.close();
    }
  });

  it("leaves out private tables (the list's $filter) and reads synthetic ones like real ones", async () => {
    const [role] = loadRealTables(REAL_WEBAPI_DIR, ["role"]);
    const synthetic = (logicalName: string, isPrivate: boolean) => ({
      entity: {
        ...role.entity,
        LogicalName: logicalName,
        MetadataId: guidFor(`table:${logicalName}`),
        EntitySetName: `${logicalName}s`,
        IsPrivate: isPrivate,
      },
      casts: role.casts,
    });
    const org = await startDataverseStandin({
      ...tokens.standinAuth,
      tables: [role, synthetic("new_visible", false), synthetic("new_hidden", true)],
    });
    try {
      const live = await readLiveMetadata(await clientFor(org));
      expect(live.document.tables.map((t) => t.logicalName)).toEqual(["new_visible", "role"]);
      expect(org.requests.some((r) => r.path.includes("new_hidden"))).toBe(false);
    } finally {
      await org.close();
    }
  });

  it("names the table whose metadata Dataverse answered in a shape it cannot read", async () => {
    const client = await clientFor(standin);
    const unroute = standin.route("GET", /^EntityDefinitions\(LogicalName='role'\)$/, () => ({
      status: 200,
      body: { LogicalName: "role", Attributes: [{ SchemaName: "x" }] },
    }));
    const error = await readLiveMetadata(client, { tables: ["contact", "role"] })
      .catch((e: unknown) => e)
      .finally(unroute);
    expect((error as AppError).code).toBe("upstream");
    expect((error as AppError).message).toMatch(
      /^Dataverse's metadata of table 'role' is not readable: GET EntityDefinitions\(LogicalName='role'\).*Attributes\[0\].*attribute without LogicalName/,
    );
  });

  it("names a table that is not in the org", async () => {
    const client = await clientFor(standin);
    await expect(readLiveMetadata(client, { tables: ["contact", "nosuchtable"] })).rejects.toThrow(
      /has no \(non-private\) table 'nosuchtable'/,
    );
  });
});

describe("readSecurityRoles", () => {
  it("pages through @odata.nextLink with Prefer: odata.maxpagesize and names each role's business unit", async () => {
    const client = await clientFor(standin);
    const roles = await readSecurityRoles(client, { maxPageSize: 4 });
    expect(roles).toHaveLength(21);
    const pages = standin.requests.filter((r) => r.path === "roles");
    expect(pages).toHaveLength(6);
    expect(pages.every((r) => r.prefer?.includes("odata.maxpagesize=4"))).toBe(true);
    expect(pages.slice(1).every((r) => r.search.includes("$skiptoken=<cookie pagenumber="))).toBe(true);
    expect(new Set(roles.map((r) => r.id)).size).toBe(21);

    const salespeople = roles.filter((r) => r.name === "Salesperson");
    expect(salespeople.map((r) => r.businessUnitName)).toEqual(["Contoso", "Contoso Field Service", "Contoso Sales"]);
    expect(new Set(salespeople.map((r) => r.templateId)).size).toBe(1);
    expect(new Set(salespeople.map((r) => r.rootRoleId)).size).toBe(1);
    const technician = roles.find((r) => r.name === "Field Technician")!;
    expect(technician.templateId).toBeUndefined();
    expect(technician.rootRoleId).toBeDefined();
  });

  it("follows the server's own page size when it is smaller than asked", async () => {
    const capped = await startDataverseStandin({ ...tokens.standinAuth, realTables: ["role"], maxPageSize: 5 });
    try {
      const roles = await readSecurityRoles(await clientFor(capped));
      expect(roles).toHaveLength(21);
      expect(capped.requests.filter((r) => r.path === "roles")).toHaveLength(5);
    } finally {
      await capped.close();
    }
  });
});

describe("throttling and tokens", () => {
  const probe = "EntityDefinitions(LogicalName='contact')?$select=LogicalName";

  it("waits Retry-After after a 429 and then succeeds", async () => {
    const client = await clientFor(standin);
    standin.throttleNext(1, { retryAfterSeconds: 1 });
    const started = Date.now();
    const body = await client.getJson<{ LogicalName: string }>(probe);
    expect(body.LogicalName).toBe("contact");
    const [first, second] = standin.requests;
    expect([first.status, second.status]).toEqual([429, 200]);
    expect(second.startedAt - first.endedAt).toBeGreaterThanOrEqual(950);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(client.stats.throttled).toBe(1);
  });

  it("waits Retry-After after a 503 and then succeeds", async () => {
    const client = await clientFor(standin);
    standin.throttleNext(1, { status: 503, retryAfterSeconds: 1 });
    await client.getJson(probe);
    const [first, second] = standin.requests;
    expect([first.status, second.status]).toEqual([503, 200]);
    expect(second.startedAt - first.endedAt).toBeGreaterThanOrEqual(950);
  });

  it("holds every request of the client while Dataverse asks it to wait", async () => {
    const client = await clientFor(standin);
    standin.throttleNext(1, { retryAfterSeconds: 1, match: (p) => p === "EntityDefinitions(LogicalName='contact')" });
    const first = client.getJson(probe);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await client.getJson("EntityDefinitions(LogicalName='role')?$select=LogicalName");
    await first;
    const throttled = standin.requests.find((r) => r.status === 429)!;
    const other = standin.requests.find((r) => r.path === "EntityDefinitions(LogicalName='role')")!;
    // Sent 300 ms after the 429, yet only once the second has passed.
    expect(other.startedAt - throttled.endedAt).toBeGreaterThanOrEqual(900);
  });

  it("gives up after the configured retries with a clear error", async () => {
    const client = await clientFor(standin, { maxRetries: 1 });
    standin.throttleNext(2, { retryAfterSeconds: 1 });
    const error = await client.getJson(probe).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("rate_limited");
    expect((error as AppError).message).toMatch(
      /is throttling requests \(429\) and still was after 1 retries.*Number of requests exceeded.*\(code 0x80072322\)/,
    );
    expect(standin.requests.map((r) => r.status)).toEqual([429, 429]);
  });

  it("does not wait longer than the configured maximum", async () => {
    const client = await clientFor(standin, { maxRetryAfterSeconds: 5 });
    standin.throttleNext(1, { retryAfterSeconds: 300 });
    const started = Date.now();
    await expect(client.getJson(probe)).rejects.toThrow(/asks to wait 300 s, longer than the 5 s we wait/);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("retries a 401 once with a fresh token, and keeps using the cached one otherwise", async () => {
    const client = await clientFor(standin);
    await client.getJson(probe);
    await client.getJson(probe);
    const before = tokens.tokenRequests;
    standin.rejectTokenNext(1);
    await client.getJson(probe);
    expect(tokens.tokenRequests).toBe(before + 1);
    expect(client.stats.tokenRefreshes).toBe(1);
    expect(standin.requests.map((r) => r.status)).toEqual([200, 200, 401, 200]);
  });

  it("fails clearly when a fresh token is refused too", async () => {
    const client = await clientFor(standin);
    standin.rejectTokenNext(2);
    const error = await client.getJson(probe).catch((e: unknown) => e);
    expect((error as AppError).code).toBe("upstream");
    expect((error as AppError).message).toMatch(
      /refused a fresh access token \(401\).*is an application user of this org/,
    );
    expect(standin.requests.map((r) => r.status)).toEqual([401, 401]);
  });

  it("is refused by a stand-in expecting another org (token audience)", async () => {
    const other = await startDataverseStandin({
      ...tokens.standinAuth,
      realTables: ["role"],
      audience: "https://other.crm.dynamics.com",
    });
    try {
      await expect((await clientFor(other)).getJson("WhoAmI")).rejects.toThrow(/refused a fresh access token/);
      const anonymous = await fetch(`${other.apiBase}WhoAmI`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get("www-authenticate")).toMatch(/^Bearer /);
    } finally {
      await other.close();
    }
  });
});

describe("errors", () => {
  it("turns Dataverse's error body into the message, with its code", async () => {
    const client = await clientFor(standin);
    const error = await client
      .getJson("EntityDefinitions(LogicalName='nosuch')?$select=LogicalName")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("not_found");
    expect((error as AppError).message).toBe(
      "Could not find an entity with logical name or id nosuch. (code 0x80040217)",
    );
    expect((error as AppError).details).toMatchObject({ status: 404, dataverseCode: "0x80040217" });
  });

  it("says why Entra ID gave no token", async () => {
    const client = await clientFor(standin);
    oidc.server.service.once("beforeResponse", (response: { statusCode: number; body: unknown }) => {
      response.statusCode = 401;
      response.body = {
        error: "invalid_client",
        error_description: "AADSTS7000215: Invalid client secret provided.",
        error_codes: [7000215],
      };
    });
    const error = await client.getJson("WhoAmI").catch((e: unknown) => e);
    expect((error as AppError).code).toBe("upstream");
    expect((error as AppError).message).toMatch(
      /^Entra ID gave no token for application [0-9a-f-]{36} in tenant [0-9a-f-]{36} \(scope http:\/\/127\.0\.0\.1:\d+\/\.default\): invalid_client: AADSTS7000215: Invalid client secret provided\.$/,
    );
    expect(standin.requests).toHaveLength(0);
  });

  it("names the URL of an org it cannot reach", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const client = await clientFor({ url: `http://127.0.0.1:${port}` });
    const error = await client.getJson("WhoAmI").catch((e: unknown) => e);
    expect((error as AppError).code).toBe("unavailable");
    expect((error as AppError).message).toBe(
      `Cannot reach the Dataverse org at http://127.0.0.1:${port} (ECONNREFUSED) for GET WhoAmI.`,
    );
  });

  it("refuses an http:// org URL unless a test allows it", async () => {
    const options = await tokens.clientOptions();
    expect(() => new DataverseClient({ ...options, orgUrl: standin.url })).toThrow(/must use https:\/\//);
    expect(
      new DataverseClient({ ...options, orgUrl: "https://contoso.crm.dynamics.com/main.aspx?appid=1" }).apiBase,
    ).toBe("https://contoso.crm.dynamics.com/api/data/v9.2/");
  });

  it("describes an answer that is not an OData error (a gateway's HTML page)", async () => {
    const client = await clientFor(standin);
    const unroute = standin.route("GET", /^WhoAmI$/, () => ({
      status: 502,
      text: "<html><body>Bad Gateway</body></html>",
    }));
    try {
      const error = await client.getJson("WhoAmI").catch((e: unknown) => e);
      expect((error as AppError).code).toBe("upstream");
      expect((error as AppError).message).toBe(
        "Dataverse answered HTTP 502 Bad Gateway for GET WhoAmI: <html><body>Bad Gateway</body></html>",
      );
    } finally {
      unroute();
    }
  });

  it("gives up on a request that takes longer than the timeout", async () => {
    const client = await clientFor(standin, { requestTimeoutMs: 300 });
    const unroute = standin.route("GET", /^WhoAmI$/, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      return { status: 200, body: {} };
    });
    try {
      const started = Date.now();
      await expect(client.getJson("WhoAmI")).rejects.toThrow(/did not answer GET WhoAmI within 300 ms/);
      expect(Date.now() - started).toBeLessThan(1200);
    } finally {
      unroute();
    }
  });

  it("retries a dropped connection", async () => {
    const client = await clientFor(standin);
    standin.dropNext(1);
    const body = await client.getJson<{ LogicalName: string }>(
      "EntityDefinitions(LogicalName='role')?$select=LogicalName",
    );
    expect(body.LogicalName).toBe("role");
    expect(standin.requests.map((r) => r.status)).toEqual([0, 200]);
    expect(client.stats.retries).toBe(1);
  });

  it("stops when Dataverse sends the same nextLink again", async () => {
    const client = await clientFor(standin);
    const unroute = standin.route("GET", /^roles$/, () => ({
      status: 200,
      body: { value: [{ roleid: "x" }], "@odata.nextLink": `${standin.apiBase}roles?$skiptoken=same` },
    }));
    try {
      await expect(client.getAllPages("roles?$select=name")).rejects.toThrow(
        /returned the same @odata.nextLink twice for roles\?\$select=name/,
      );
      expect(standin.requests).toHaveLength(2);
    } finally {
      unroute();
    }
  });

  it("never sends the token to a nextLink on another host", async () => {
    const client = await clientFor(standin);
    const unroute = standin.route("GET", /^roles$/, () => ({
      status: 200,
      body: { value: [], "@odata.nextLink": "https://evil.example/api/data/v9.2/roles?$skiptoken=x" },
    }));
    try {
      await expect(client.getAllPages("roles?$select=name")).rejects.toThrow(
        /Refusing to send the org's token to https:\/\/evil.example/,
      );
    } finally {
      unroute();
    }
  });
});
