// The device download end to end on 127.0.0.1: real access tokens from the local OpenID Connect server,
// roles through the Dataverse Web API stand-in (direct and team roles), projects by priority, ETag/304, the
// newest version an older app can run, the immutable bundle URL, every refused token, downloads recorded.
import path from "node:path";
import fs from "node:fs";
import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type Db } from "@/lib/db/client";
import { readMetadataSource } from "@/lib/metadata/read-source";
import { storeSnapshot } from "@/lib/metadata/mutations";
import { createProject, enableTables } from "@/lib/customization/mutations";
import { publishVersion, type PublishOptions } from "@/lib/versions/mutations";
import { loadVersionPage } from "@/lib/versions/data";
import { generateKeyPairSync } from "node:crypto";
import { keyIdOf } from "@/lib/bundle/sign";
import { DataverseClient } from "@/lib/dataverse/client";
import { createLogger } from "@/lib/logger";
import { createDeviceApiDeps, type DeviceApiDeps } from "@/lib/device-api/deps";
import { SyncRecorder } from "@/lib/device-api/sync-recorder";
import { PublishedCache } from "@/lib/versions/published-cache";
import { recordDeviceSyncs } from "@/lib/versions/mutations";
import { createTokenVerifier, type DeviceTokenSettings } from "@/lib/device-api/verify-token";
import { testDeviceToken } from "@/lib/device-api/test-token";
import type { MutableResponse } from "oauth2-mock-server";
import { startOidcServer, type OidcTestServer } from "../support/oidc-server";
import { enableAppTokens } from "../support/dataverse-standin/app-tokens";
import { guidFor, startDataverseStandin, type DataverseStandin } from "../support/dataverse-standin";
import { startDeviceApiServer, type DeviceApiServer } from "../support/device-api-server";
import { createTempDir, createTestSqlite } from "../support/test-database";

const SOURCE = path.resolve(process.cwd(), "../shared/data/dataverse/webapi-entitydefinitions");
const AUDIENCE = "api://syncwright-devices";

let oidc: OidcTestServer;
let standin: DataverseStandin;
let server: DeviceApiServer;
let db: Db;
let deps: DeviceApiDeps;
let cleanup: () => Promise<void>;
const projects: Record<string, string> = {};
let publish: PublishOptions;
let actor: { id: string; label: string };
let publicKeyFile: string;
let tokenSettings: DeviceTokenSettings;

const USERS = {
  alex: guidFor("aad:alex"), // Basic User + Salesperson (direct)
  bea: guidFor("aad:bea"), // Field Technician through a team
  chen: guidFor("aad:chen"), // Sales Manager (Mobile): no project has it
  nobody: guidFor("aad:nobody"), // not in the org
};

beforeAll(async () => {
  oidc = await startOidcServer();
  const tokens = enableAppTokens(oidc);
  standin = await startDataverseStandin({ ...tokens.standinAuth, realTables: ["contact"] });
  const database = await createTestSqlite();
  const keys = createTempDir("syncwright-keys-");
  db = createDbClient(database.url);
  const ada = await db.user.create({ data: { email: "ada@example.com", name: "Ada", role: "owner" } });
  actor = { id: ada.id, label: "Ada <ada@example.com>" };
  const env = await db.environment.create({ data: { name: "Contoso" } });
  const source = await readMetadataSource(SOURCE);
  const snapshot = (
    await storeSnapshot(db, actor, {
      environmentId: env.id,
      source: "webapi-json",
      sourceName: "webapi",
      document: source.document,
    })
  ).snapshot;
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  publish = { signer: { privateKey, keyId: keyIdOf(publicKey) } };
  publicKeyFile = path.join(keys.dir, "signing-key.pub.pem");
  fs.writeFileSync(publicKeyFile, publicKey.export({ type: "spki", format: "pem" }));
  const make = async (name: string, roles: Array<{ roleName: string; priority: number }>) => {
    const { id } = await createProject(db, actor, {
      name,
      description: "",
      environmentId: env.id,
      snapshotId: snapshot.id,
      roles,
    });
    await enableTables(db, actor, { projectId: id, tableNames: ["contact"], syncMode: "offline" });
    await publishVersion(db, actor, { projectId: id, notes: "v1" }, publish);
    projects[name] = id;
  };
  await make("Sales app", [{ roleName: "Salesperson", priority: 10 }]);
  await make("Field app", [{ roleName: "Field Technician", priority: 20 }]);
  await make("Everyone app", [{ roleName: "Basic User", priority: 5 }]);
  const clientOptions = await tokens.clientOptions();
  const client = new DataverseClient({
    orgUrl: standin.url,
    allowInsecureHttp: true,
    logger: createLogger({ level: "silent" }),
    ...clientOptions,
  });
  tokenSettings = {
    issuers: [oidc.issuer],
    audiences: [AUDIENCE],
    jwksUri: `${oidc.localOrigin}/jwks`,
    discoveryUrl: `${oidc.localOrigin}/.well-known/openid-configuration`,
  };
  deps = createDeviceApiDeps({
    db,
    verifyToken: createTokenVerifier(tokenSettings),
    clientFor: async () => client,
    // These tests use many device ids per user; the limit has its own tests (device-security.test.ts).
    maxDevicesPerUser: 1000,
  });
  server = await startDeviceApiServer(deps);
  cleanup = async () => {
    await db.$disconnect();
    await database.cleanup();
    keys.cleanup();
  };
}, 60_000);

afterAll(async () => {
  await server?.close();
  await standin?.close();
  await oidc?.stop();
  await cleanup?.();
});

const tokenFor = (oid: string, extra: Record<string, unknown> = {}) =>
  oidc.mintAccessToken({
    aud: AUDIENCE,
    claims: { oid, preferred_username: `${oid.slice(0, 4)}@contoso.test`, ...extra },
  });

async function download(token: string | null, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/api/client/v1/customization`, {
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      "x-device-id": "device-1",
      "x-app-version": "4.2.0",
      ...headers,
    },
  });
}

describe("device API: customization", () => {
  it("gives a user the highest-priority project of their roles, with the content hash as ETag", async () => {
    const response = await download(await tokenFor(USERS.alex));
    expect(response.status).toBe(200);
    expect(response.headers.get("x-syncwright-project")).toBe(projects["Sales app"]);
    expect(response.headers.get("x-syncwright-version")).toBe("1");
    const etag = response.headers.get("etag")!;
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    const body = Buffer.from(await response.arrayBuffer());
    const stored = await db.version.findFirstOrThrow({ where: { projectId: projects["Sales app"], number: 1 } });
    expect(body.equals(Buffer.from(stored.bundle))).toBe(true);
    expect(etag).toBe(`"${stored.contentHash}"`);
    expect(response.headers.get("content-location")).toBe(`/api/client/v1/bundles/${stored.bundleHash}`);
  });

  it("resolves roles held through a team, and caches them for minutes", async () => {
    const before = standin.requests.length;
    const first = await download(await tokenFor(USERS.bea));
    expect(first.status).toBe(200);
    expect(first.headers.get("x-syncwright-project")).toBe(projects["Field app"]);
    const calls = standin.requests.length - before;
    expect(calls).toBeGreaterThan(0);
    const again = await download(await tokenFor(USERS.bea));
    expect(again.status).toBe(200);
    expect(standin.requests.length - before).toBe(calls);
  });

  it("answers 404 problems for a user whose roles match no project, and one the org does not know", async () => {
    for (const oid of [USERS.chen, USERS.nobody]) {
      const response = await download(await tokenFor(oid));
      expect(response.status).toBe(404);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect((await response.json()).detail).toMatch(
        /None of your security roles is assigned to a published app project/,
      );
    }
  });

  it("answers 304 to If-None-Match with the current content hash, records every download, and the check as the device's last sync", async () => {
    const token = await tokenFor(USERS.alex);
    const first = await download(token, { "x-device-id": "tablet-304" });
    const etag = first.headers.get("etag")!;
    const second = await download(token, { "x-device-id": "tablet-304", "if-none-match": etag });
    expect(second.status).toBe(304);
    expect(second.headers.get("etag")).toBe(etag);
    expect(await second.text()).toBe("");
    const stale = await download(token, { "x-device-id": "tablet-304", "if-none-match": `"${"0".repeat(64)}"` });
    expect(stale.status).toBe(200);
    const version = await db.version.findFirstOrThrow({ where: { projectId: projects["Sales app"], number: 1 } });
    const check = await download(token, { "x-device-id": "tablet-304", "if-none-match": etag });
    expect(check.status).toBe(304);
    await deps.syncs.flush();
    // Two downloads (the 304s sent nothing); the device's row has the last check.
    const rows = await db.download.findMany({
      where: { versionId: version.id, deviceId: "tablet-304" },
      orderBy: { at: "asc" },
    });
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ userOid: USERS.alex, appVersion: "4.2.0" });
    const device = await db.device.findUniqueOrThrow({
      where: { deviceId_userOid: { deviceId: "tablet-304", userOid: USERS.alex } },
    });
    expect(device).toMatchObject({ versionId: version.id, lastDownloadAt: rows[1].at });
    expect(device.lastSeenAt.getTime()).toBeGreaterThan(rows[1].at.getTime());
  });

  it("gives an older app the newest version it can run, and shows who is behind", async () => {
    const id = projects["Sales app"];
    await db.project.update({ where: { id }, data: { description: "Needs app 5" } });
    const v2 = await publishVersion(db, actor, { projectId: id, notes: "v2", minClientVersion: "5.0" }, publish);
    const token = await tokenFor(USERS.alex);
    const old = await download(token, { "x-app-version": "4.9.9", "x-device-id": "old-phone" });
    expect(old.status).toBe(200);
    expect(old.headers.get("x-syncwright-version")).toBe("1");
    const fresh = await download(token, { "x-app-version": "5.0.1", "x-device-id": "new-phone" });
    expect(fresh.headers.get("x-syncwright-version")).toBe(String(v2.number));
    expect(fresh.headers.get("etag")).toBe(`"${v2.contentHash}"`);
    await deps.syncs.flush();
    const page = await loadVersionPage(db, id, v2.number);
    expect(page.downloads.map((d) => d.deviceId)).toEqual(["new-phone"]);
    expect(page.behind.map((d) => d.deviceId)).toEqual(expect.arrayContaining(["old-phone", "tablet-304", "device-1"]));
    expect(page.behind.map((d) => d.deviceId)).not.toContain("new-phone");
    const tooOld = await fetch(`${server.url}/api/client/v1/customization`, {
      headers: { authorization: `Bearer ${token}`, "x-device-id": "x", "x-app-version": "0.9" },
    });
    expect(tooOld.status).toBe(404);
    expect((await tooOld.json()).detail).toMatch(/no version that app version 0.9 can run/);
  });

  it("refuses requests without a device id or app version with a 400 naming the header", async () => {
    const token = await tokenFor(USERS.alex);
    const noDevice = await download(token, { "x-device-id": "" });
    expect(noDevice.status).toBe(400);
    expect((await noDevice.json()).problems[0].path).toBe("X-Device-Id");
    const badVersion = await download(token, { "x-app-version": "latest" });
    expect(badVersion.status).toBe(400);
    // A version with a control character or a byte outside ASCII after it is refused, not stored as sent.
    for (const sent of ["2.0.0-\tx", "2.0.0+\u0085\u009b[31m", "2.0.0-\u00e9"]) {
      const refused = await download(token, { "x-app-version": Buffer.from(sent, "latin1").toString("latin1") });
      expect(refused.status, JSON.stringify(sent)).toBe(400);
      expect((await refused.json()).problems[0].path).toBe("X-App-Version");
    }
  });
});

describe("Settings: an owner tests a device token", () => {
  // The test answers what the device API answers for the same token: project and version, or status and message.
  it("shows the user, their roles, and the project and version a device gets", async () => {
    const token = await tokenFor(USERS.alex);
    const result = await testDeviceToken(deps, { token: `Bearer ${token}`, appVersion: "4.2.0" });
    const response = await download(token);
    expect(result).toMatchObject({
      ok: true,
      user: { oid: USERS.alex, name: `${USERS.alex.slice(0, 4)}@contoso.test` },
      project: { id: response.headers.get("x-syncwright-project"), name: "Sales app", roleName: "Salesperson" },
      version: { number: Number(response.headers.get("x-syncwright-version")) },
    });
    expect(result.ok && result.roles[0].roles).toEqual(expect.arrayContaining(["Salesperson", "Basic User"]));
  });

  it("gives the exact refusal a device gets: no project, an expired token, another audience", async () => {
    const cases = [
      await tokenFor(USERS.chen),
      await oidc.mintAccessToken({ aud: AUDIENCE, expiresIn: -600, claims: { oid: USERS.alex } }),
      await oidc.mintAccessToken({ aud: "api://someone-else", claims: { oid: USERS.alex } }),
    ];
    const stages = [];
    for (const token of cases) {
      const result = await testDeviceToken(deps, { token });
      const response = await download(token);
      const problem = (await response.json()) as { detail: string };
      expect(result).toMatchObject({ ok: false, status: response.status, message: problem.detail });
      stages.push(!result.ok && result.stage);
    }
    expect(stages).toEqual(["project", "token", "token"]);
  });

  it("refuses an app version older than every version of the project, as the device API does", async () => {
    const token = await tokenFor(USERS.alex);
    const result = await testDeviceToken(deps, { token, appVersion: "0.1" });
    const response = await download(token, { "x-app-version": "0.1" });
    expect(result).toMatchObject({ ok: false, stage: "version", status: response.status });
    expect(result.ok ? "" : result.message).toBe(((await response.json()) as { detail: string }).detail);
  });
});

describe("device API: refused tokens", () => {
  const refused = async (token: string | null) => {
    const response = await download(token);
    expect(response.status).toBe(401);
    // RFC 6750 3.1: no error code for a request that sent no token.
    expect(response.headers.get("www-authenticate")).toBe(token === null ? "Bearer" : 'Bearer error="invalid_token"');
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const body = (await response.json()) as { detail: string; requestId: string };
    expect(response.headers.get("x-request-id")).toBe(body.requestId);
    return body.detail;
  };

  it("refuses a missing token", async () => {
    expect(await refused(null)).toMatch(/Authorization: Bearer/);
  });
  it("refuses an expired token", async () => {
    expect(
      await refused(await oidc.mintAccessToken({ aud: AUDIENCE, expiresIn: -600, claims: { oid: USERS.alex } })),
    ).toMatch(/expired/);
  });
  it("refuses a token for another audience", async () => {
    expect(
      await refused(await oidc.mintAccessToken({ aud: "api://someone-else", claims: { oid: USERS.alex } })),
    ).toMatch(/another application/);
  });
  it("refuses a token from another issuer", async () => {
    const foreign = await oidc.createForeignIssuer();
    expect(await refused(await foreign.mintAccessToken({ aud: AUDIENCE, claims: { oid: USERS.alex } }))).toMatch(
      /not signed|another tenant|key/,
    );
  });
  it("refuses a token signed by the tenant's key but naming another issuer", async () => {
    expect(
      await refused(
        await oidc.mintAccessToken({
          aud: AUDIENCE,
          claims: { oid: USERS.alex, iss: "https://login.test/another-tenant/v2.0" },
        }),
      ),
    ).toMatch(/another tenant or issuer/);
  });
  it("refuses a token with the right issuer signed by another key", async () => {
    const impostor = await oidc.createForeignIssuer({ issuer: oidc.issuer });
    expect(await refused(await impostor.mintAccessToken({ aud: AUDIENCE, claims: { oid: USERS.alex } }))).toMatch(
      /key|signature/,
    );
  });
  it("refuses an unsigned token (alg none)", async () => {
    const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${enc({ alg: "none", typ: "JWT" })}.${enc({ iss: oidc.issuer, aud: AUDIENCE, oid: USERS.alex, iat: now, exp: now + 600 })}.`;
    expect(await refused(unsigned)).toMatch(/RS256|not a valid/);
  });
  it("refuses a token whose signature was changed", async () => {
    const token = await tokenFor(USERS.alex);
    const [h, p] = token.split(".");
    const payload = JSON.parse(Buffer.from(p, "base64url").toString());
    payload.oid = USERS.bea;
    const forged = `${h}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.${token.split(".")[2]}`;
    expect(await refused(forged)).toMatch(/signature/);
  });
});

describe("device API: what it keeps in memory", () => {
  it("remembers a verified token until its expiry, and refuses it after", async () => {
    let clock = Date.now();
    const verify = createTokenVerifier(tokenSettings, { now: () => clock });
    const token = await oidc.mintAccessToken({ aud: AUDIENCE, expiresIn: 120, claims: { oid: USERS.alex } });
    expect((await verify(`Bearer ${token}`)).oid).toBe(USERS.alex);
    expect((await verify(`Bearer ${token}`)).oid).toBe(USERS.alex);
    // Remembered by the whole header: another spelling of the same token is checked on its own, and a header that
    // differs by one character is not taken for the remembered one.
    expect((await verify(`bearer  ${token} `)).oid).toBe(USERS.alex);
    await expect(verify(`Bearer ${token}A`)).rejects.toMatchObject({ code: "unauthorized" });
    // The same signature under another payload ends like the remembered header, and is checked, not taken for it.
    const [head, body, signature] = token.split(".");
    const claims = JSON.parse(Buffer.from(body, "base64url").toString()) as Record<string, unknown>;
    const forged = `${head}.${Buffer.from(JSON.stringify({ ...claims, oid: USERS.bea })).toString("base64url")}.${signature}`;
    await expect(verify(`Bearer ${forged}`)).rejects.toMatchObject({ code: "unauthorized" });
    expect((await verify(`Bearer ${token}`)).oid).toBe(USERS.alex);
    clock += 125_000 + 60_000; // past exp and the clock tolerance
    await expect(verify(`Bearer ${token}`)).rejects.toThrow(/expired/);
  });

  it("sees another portal instance's change of role assignments once its time to live has passed", async () => {
    let clock = Date.now();
    const cache = new PublishedCache(5_000, () => clock);
    const id = projects["Everyone app"];
    const before = await cache.projects(db);
    expect(before.find((p) => p.projectId === id)?.roles.map((r) => r.roleName)).toEqual(["Basic User"]);
    // Another instance writes straight to the shared database: this process is not told.
    await db.projectRole.updateMany({ where: { projectId: id }, data: { priority: 6 } });
    clock += 1_000;
    expect((await cache.projects(db)).find((p) => p.projectId === id)?.roles[0].priority).toBe(5);
    clock += 5_000;
    expect((await cache.projects(db)).find((p) => p.projectId === id)?.roles[0].priority).toBe(6);
    await db.projectRole.updateMany({ where: { projectId: id }, data: { priority: 5 } });
  });

  it("writes downloads and checks in batches, and keeps them when the database refuses a batch", async () => {
    const version = await db.version.findFirstOrThrow({ where: { projectId: projects["Everyone app"], number: 1 } });
    let fail = true;
    const batches: number[] = [];
    const recorder = new SyncRecorder(
      async (records) => {
        if (fail) {
          fail = false;
          throw new Error("database is away");
        }
        batches.push(records.length);
        await recordDeviceSyncs(db, records);
      },
      { maxBatch: 4, delayMs: 10_000 },
    );
    for (let i = 0; i < 6; i++)
      recorder.record({
        versionId: version.id,
        userOid: USERS.alex,
        deviceId: `batch-${i}`,
        appVersion: "4.2.0",
        downloaded: true,
      });
    await recorder.flush(); // the first batch (full at 4) failed and was queued again
    await recorder.flush();
    expect(recorder.pending).toBe(0);
    expect([...batches].sort()).toEqual([2, 4]);
    const rows = await db.download.findMany({ where: { versionId: version.id, deviceId: { startsWith: "batch-" } } });
    expect(rows.map((r) => r.deviceId).sort()).toEqual([
      "batch-0",
      "batch-1",
      "batch-2",
      "batch-3",
      "batch-4",
      "batch-5",
    ]);
  });
});

describe("device API: the immutable bundle URL", () => {
  it("serves the bytes by their hash with a year-long private immutable Cache-Control, 304 when the device has them", async () => {
    const token = await tokenFor(USERS.bea);
    const stored = await db.version.findFirstOrThrow({ where: { projectId: projects["Field app"], number: 1 } });
    const url = `${server.url}/api/client/v1/bundles/${stored.bundleHash}`;
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, max-age=31536000, immutable");
    expect(response.headers.get("etag")).toBe(`"${stored.bundleHash}"`);
    expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(stored.bundle))).toBe(true);
    expect(
      (await fetch(url, { headers: { authorization: `Bearer ${token}`, "if-none-match": `"${stored.bundleHash}"` } }))
        .status,
    ).toBe(304);
    expect(
      (
        await fetch(`${server.url}/api/client/v1/bundles/${"a".repeat(64)}`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).status,
    ).toBe(404);
    expect(
      (await fetch(`${server.url}/api/client/v1/bundles/not-a-hash`, { headers: { authorization: `Bearer ${token}` } }))
        .status,
    ).toBe(404);
    expect((await fetch(url)).status).toBe(401);
  });

  it("serves a bundle only to a user entitled to the project that published it (404 to anyone else, as for no bundle)", async () => {
    const stored = await db.version.findFirstOrThrow({ where: { projectId: projects["Field app"], number: 1 } });
    const url = `${server.url}/api/client/v1/bundles/${stored.bundleHash}`;
    // Alex holds Basic User and Salesperson, not Field Technician; Chen holds no role of any project.
    for (const oid of [USERS.alex, USERS.chen, USERS.nobody]) {
      const response = await fetch(url, { headers: { authorization: `Bearer ${await tokenFor(oid)}` } });
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain("signature");
      const check = await fetch(url, {
        headers: { authorization: `Bearer ${await tokenFor(oid)}`, "if-none-match": `"${stored.bundleHash}"` },
      });
      expect(check.status).toBe(404);
    }
    // Alex may read the Everyone app's bundle (Basic User) although Sales app is the one Alex gets.
    const everyone = await db.version.findFirstOrThrow({ where: { projectId: projects["Everyone app"], number: 1 } });
    const response = await fetch(`${server.url}/api/client/v1/bundles/${everyone.bundleHash}`, {
      headers: { authorization: `Bearer ${await tokenFor(USERS.alex)}` },
    });
    expect(response.status).toBe(200);
  });
});

describe("the reference device client", () => {
  const run = promisify(execFile);
  const DEVICE_APP = "syncwright-mobile";
  // The device user signs in at an issuer that names its own loopback address (http://127.0.0.1:PORT): the client
  // finds the issuer by discovery and must reach every address the discovery document names, which the shared
  // issuer's https://login.test form is not. A device API front trusts this issuer; the database, the projects
  // and the org are the shared ones.
  let issuer: OidcTestServer;
  let front: DeviceApiServer;
  beforeAll(async () => {
    issuer = await startOidcServer({ tenantId: oidc.tenantId, issuerUrl: "loopback" });
    const verifyToken = createTokenVerifier({
      issuers: [issuer.issuer],
      audiences: [AUDIENCE],
      jwksUri: `${issuer.localOrigin}/jwks`,
      discoveryUrl: `${issuer.localOrigin}/.well-known/openid-configuration`,
    });
    front = await startDeviceApiServer({ ...deps, verifyToken });
  });
  afterAll(async () => {
    await front?.close();
    await issuer?.stop();
  });

  interface SignInRun {
    code: number | null;
    stdout: string;
    stderr: string;
    /** The sign-in address the client printed. */
    signInUrl: URL;
    /** What the client's loopback address answered the browser. */
    browser: { status: number; text: string };
  }

  /**
   * Runs the client with a sign-in and plays the user's browser: opens the printed address at the issuer (which
   * signs the user in at once and redirects with code and state), then follows that redirect, as `comeBack` leaves
   * it, to the client's loopback address.
   */
  async function signInAndRun(
    args: string[],
    comeBack: (redirect: URL) => URL = (redirect) => redirect,
  ): Promise<SignInRun> {
    const signInArgs = [
      "--authority",
      issuer.issuer,
      "--client-id",
      DEVICE_APP,
      "--scope",
      `${AUDIENCE}/.default`,
      "--sign-in-timeout",
      "60",
    ];
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "tools/reference-client/client.ts",
        "--url",
        front.url,
        "--public-key",
        publicKeyFile,
        "--device-id",
        "reference-phone",
        ...signInArgs,
        ...args,
      ],
      { cwd: process.cwd() },
    );
    let stdout = "";
    let stderr = "";
    const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
    const printed = new Promise<URL>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
        const address = /^\s+(https?:\/\/\S+)$/m.exec(stderr)?.[1];
        if (address) resolve(new URL(address));
      });
      void closed.then((code) =>
        reject(new Error(`The client exited (${code}) before printing a sign-in address:\n${stderr}`)),
      );
    });
    try {
      const signInUrl = await printed;
      const { redirect } = await issuer.authorize(signInUrl.href);
      const answer = await fetch(comeBack(redirect));
      const browser = { status: answer.status, text: await answer.text() };
      return { code: await closed, stdout, stderr, signInUrl, browser };
    } finally {
      child.kill();
    }
  }

  /** The payloads of the tokens the issuer's token endpoint handed out since `issuedTokens()` was last called. */
  let record: ((response: MutableResponse) => void) | undefined;
  function issuedTokens() {
    const issued: Array<{ access: Record<string, unknown>; id: Record<string, unknown> }> = [];
    const payload = (jwt: unknown) =>
      JSON.parse(Buffer.from(String(jwt).split(".")[1], "base64url").toString("utf8")) as Record<string, unknown>;
    if (record) issuer.server.service.off("beforeResponse", record);
    record = (response) => {
      const body = response.body as Record<string, unknown>;
      if (body.access_token) issued.push({ access: payload(body.access_token), id: payload(body.id_token) });
    };
    issuer.server.service.on("beforeResponse", record);
    return issued;
  }

  it("signs the user in (authorization code with PKCE), downloads, verifies hash and signature, and prints each table's FetchXML", async () => {
    issuer.setUser({ oid: USERS.bea, preferred_username: "bea@contoso.test", name: "Bea Technician" });
    const issued = issuedTokens();
    const first = await signInAndRun(["--app-version", "4.0"]);
    expect(first.stderr).not.toMatch(/reference-client:/);
    expect(first.code).toBe(0);
    // What a native app sends (RFC 8252, RFC 7636): a loopback redirect on an ephemeral port, PKCE S256, state, nonce.
    const query = first.signInUrl.searchParams;
    expect(`${first.signInUrl.origin}${first.signInUrl.pathname}`).toBe(`${issuer.issuer}/authorize`);
    expect(query.get("client_id")).toBe(DEVICE_APP);
    expect(query.get("response_type")).toBe("code");
    expect(query.get("redirect_uri")).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(query.get("scope")).toBe(`openid profile offline_access ${AUDIENCE}/.default`);
    expect(query.get("code_challenge_method")).toBe("S256");
    expect(query.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(query.get("state")).toBeTruthy();
    expect(query.get("nonce")).toBeTruthy();
    // The browser is told it may close the tab; the terminal says who signed in, then what was downloaded.
    expect(first.browser).toEqual({
      status: 200,
      text: "Signed in to Syncwright as bea@contoso.test. You can close this tab.\n",
    });
    expect(first.stderr).toContain("Signed in as bea@contoso.test.");
    expect(first.stdout).toMatch(/Project 'Field app', version 1, ETag "[0-9a-f]{64}": hash and signature verified/);
    expect(first.stdout).toContain("## contact");
    expect(first.stdout).toMatch(/<fetch>\s*<entity name="contact">/);
    // The code grant's access token is what the device API wants: its audience, the user's oid and sign-in name.
    expect(issued).toHaveLength(1);
    expect(issued[0].access).toMatchObject({
      iss: issuer.issuer,
      aud: AUDIENCE,
      oid: USERS.bea,
      preferred_username: "bea@contoso.test",
      name: "Bea Technician",
      azp: DEVICE_APP,
    });
    expect(issued[0].id).toMatchObject({ aud: DEVICE_APP, nonce: query.get("nonce"), sub: USERS.bea });

    const json = JSON.parse((await signInAndRun(["--app-version", "4.0", "--json"])).stdout);
    expect(json).toMatchObject({ status: 200, version: 1, project: "Field app" });
    const again = JSON.parse((await signInAndRun(["--app-version", "4.0", "--json", "--etag", json.etag])).stdout);
    expect(again).toMatchObject({ status: 304, etag: json.etag });
  }, 120_000);

  it("refuses a sign-in answer that comes back with another state, and redeems no code (exit code 1)", async () => {
    issuer.setUser({ oid: USERS.bea, preferred_username: "bea@contoso.test" });
    const issued = issuedTokens();
    const forged = await signInAndRun(["--app-version", "4.0"], (redirect) => {
      const url = new URL(redirect);
      url.searchParams.set("state", "state-of-another-sign-in");
      return url;
    });
    expect(forged.code).toBe(1);
    expect(forged.stderr).toMatch(
      /reference-client: The sign-in failed: invalid response encountered: unexpected "state" response parameter value/,
    );
    expect(forged.browser.status).toBe(400);
    expect(forged.browser.text).toMatch(/^The sign-in failed/);
    expect(forged.stdout).toBe("");
    expect(issued).toHaveLength(0);
  }, 120_000);

  it("gives up with a clear message when the browser never comes back, and takes plain http only from a loopback issuer", async () => {
    const client = (args: string[]) =>
      run(
        process.execPath,
        [
          "--import",
          "tsx",
          "tools/reference-client/client.ts",
          "--url",
          front.url,
          "--public-key",
          publicKeyFile,
          "--client-id",
          DEVICE_APP,
          "--scope",
          `${AUDIENCE}/.default`,
          ...args,
        ],
        { timeout: 60_000 },
      ).then(
        () => undefined,
        (error: { code: number; stderr: string }) => error,
      );
    const waited = await client(["--authority", issuer.issuer, "--sign-in-timeout", "1"]);
    expect(waited?.code).toBe(1);
    expect(waited?.stderr).toMatch(
      /reference-client: No sign-in came back to http:\/\/127\.0\.0\.1:\d+\/ within 1 s\./,
    );
    const plain = await client(["--authority", "http://login.example.test/tenant/v2.0"]);
    expect(plain?.code).toBe(1);
    expect(plain?.stderr).toMatch(/The authority http:\/\/login\.example\.test\/tenant\/v2\.0 must use https/);
  }, 120_000);

  it("fails with exit code 1 when the bundle is signed by another key", async () => {
    const other = generateKeyPairSync("ed25519").publicKey.export({ type: "spki", format: "pem" });
    const otherFile = path.join(path.dirname(publicKeyFile), "other.pub.pem");
    fs.writeFileSync(otherFile, other);
    const token = await tokenFor(USERS.alex);
    const failure = await run(
      process.execPath,
      [
        "--import",
        "tsx",
        "tools/reference-client/client.ts",
        "--url",
        server.url,
        "--public-key",
        otherFile,
        "--token",
        token,
        "--app-version",
        "4.0",
      ],
      { timeout: 60_000 },
    ).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(/failed verification \(signature invalid\)/);
  }, 120_000);
});
