// Device security end to end on 127.0.0.1, on SQLite and on PostgreSQL, with two portal instances (each its own
// database client and node:http front, as two processes would have) on one database: real access tokens from the
// local OpenID Connect server, roles through the Dataverse Web API stand-in. Block new devices refuses until an
// admin approves; a wipe reaches exactly one of 20 concurrent check-ins; a blocked device gets nothing; the
// per-user device limit; check-in bodies refused with 400 problems; reports recorded in batches.
import net from "node:net";
import path from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createDbClient, type Db } from "@/lib/db/client";
import { readMetadataSource } from "@/lib/metadata/read-source";
import { storeSnapshot } from "@/lib/metadata/mutations";
import { createProject, enableTables, updateProject } from "@/lib/customization/mutations";
import { publishVersion, recordDeviceSyncs, type PublishOptions } from "@/lib/versions/mutations";
import { SyncRecorder } from "@/lib/device-api/sync-recorder";
import { keyIdOf } from "@/lib/bundle/sign";
import { DataverseClient } from "@/lib/dataverse/client";
import { createLogger, logger } from "@/lib/logger";
import { createDeviceApiDeps, flushRecorders, type DeviceApiDeps } from "@/lib/device-api/deps";
import { createTokenVerifier, type DeviceTokenSettings } from "@/lib/device-api/verify-token";
import {
  applyBulkDeviceAction,
  applyDeviceAction,
  cancelCommand,
  recordCheckIns,
  saveSecurityPolicy,
} from "@/lib/devices/mutations";
import { listDevicePage, loadDevicePage, loadSecurityPolicy } from "@/lib/devices/data";
import { DeviceListQuerySchema, type CheckInAnswer } from "@/lib/devices/schema";
import { SECURITY_PRESETS } from "@/lib/customization/security-policy";
import { startOidcServer, type OidcTestServer } from "../support/oidc-server";
import { enableAppTokens } from "../support/dataverse-standin/app-tokens";
import { guidFor, startDataverseStandin, type DataverseStandin } from "../support/dataverse-standin";
import { startDeviceApiServer, type DeviceApiServer } from "../support/device-api-server";
import { createTempDir, createTestPostgres, createTestSqlite, postgresForTests } from "../support/test-database";

const SOURCE = path.resolve(process.cwd(), "../shared/data/dataverse/webapi-entitydefinitions");
const AUDIENCE = "api://syncwright-devices";
const ALEX = guidFor("aad:alex"); // Basic User + Salesperson
const BEA = guidFor("aad:bea"); // Field Technician through a team

let oidc: OidcTestServer;
let standin: DataverseStandin;
let client: DataverseClient;
let tokenSettings: DeviceTokenSettings;

beforeAll(async () => {
  oidc = await startOidcServer();
  const tokens = enableAppTokens(oidc);
  standin = await startDataverseStandin({ ...tokens.standinAuth, realTables: ["contact"] });
  client = new DataverseClient({
    orgUrl: standin.url,
    allowInsecureHttp: true,
    logger: createLogger({ level: "silent" }),
    ...(await tokens.clientOptions()),
  });
  tokenSettings = {
    issuers: [oidc.issuer],
    audiences: [AUDIENCE],
    jwksUri: `${oidc.localOrigin}/jwks`,
    discoveryUrl: `${oidc.localOrigin}/.well-known/openid-configuration`,
  };
}, 60_000);

afterAll(async () => {
  await standin?.close();
  await oidc?.stop();
});

const tokenFor = (oid: string) =>
  oidc.mintAccessToken({ aud: AUDIENCE, claims: { oid, preferred_username: `${oid.slice(0, 4)}@contoso.test` } });

const LIMITS = {
  maxRowsHard: 3_000_000,
  maxRowsAdvised: 100_000,
  maxTablesAdvised: 100,
  maxConditions: 500,
  maxLinks: 15,
  maxRelationshipsPerTable: 15,
};

const REPORT = {
  model: "Pixel 8",
  os: { name: "Android", version: "15" },
  lastSync: { result: "ok" },
  localDatabase: { bytes: 52_428_800, rows: 120_000 },
};

function suite(provider: "sqlite" | "postgresql") {
  let skip = false;
  let db: Db;
  const instances: Array<{ db: Db; deps: DeviceApiDeps; server: DeviceApiServer }> = [];
  let projectId: string;
  let publish: PublishOptions;
  let actor: { id: string; label: string };
  let cleanup = async () => {};

  const url = (i: number, p: string) => `${instances[i].server.url}/api/client/v1/${p}`;
  async function checkIn(i: number, token: string, deviceId: string, body: unknown = REPORT) {
    return fetch(url(i, "devices/check-in"), {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "x-device-id": deviceId,
        "x-app-version": "4.2.0",
        "content-type": "application/json",
      },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  }
  async function download(i: number, token: string, deviceId: string) {
    return fetch(url(i, "customization"), {
      headers: { authorization: `Bearer ${token}`, "x-device-id": deviceId, "x-app-version": "4.2.0" },
    });
  }
  const rowOf = (deviceId: string, userOid = ALEX) =>
    db.device.findUniqueOrThrow({ where: { deviceId_userOid: { deviceId, userOid } } });

  beforeAll(async () => {
    let databaseUrl: string;
    let drop: () => Promise<void>;
    if (provider === "postgresql") {
      const found = await postgresForTests();
      if (!found.available) {
        skip = true;
        return;
      }
      const database = await createTestPostgres();
      databaseUrl = database.url;
      drop = database.cleanup;
    } else {
      const database = await createTestSqlite();
      databaseUrl = database.url;
      drop = database.cleanup;
    }
    const keys = createTempDir("syncwright-keys-");
    db = createDbClient(databaseUrl);
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
    ({ id: projectId } = await createProject(db, actor, {
      name: "Sales app",
      description: "",
      environmentId: env.id,
      snapshotId: snapshot.id,
      roles: [
        { roleName: "Salesperson", priority: 10 },
        { roleName: "Field Technician", priority: 5 },
      ],
    }));
    await enableTables(db, actor, { projectId, tableNames: ["contact"], syncMode: "offline" });
    await publishVersion(db, actor, { projectId, notes: "v1" }, publish);
    // Two portal instances on the one database, each with its own client (its own connections) and caches; a
    // third with a device limit of 2 for the limit's test.
    for (const max of [10, 10, 2]) {
      const instanceDb = createDbClient(databaseUrl);
      const deps = createDeviceApiDeps({
        db: instanceDb,
        verifyToken: createTokenVerifier(tokenSettings),
        clientFor: async () => client,
        maxDevicesPerUser: max,
      });
      instances.push({ db: instanceDb, deps, server: await startDeviceApiServer(deps) });
    }
    cleanup = async () => {
      for (const i of instances) {
        await flushRecorders(i.deps);
        await i.server.close();
        await i.db.$disconnect();
      }
      await db.$disconnect();
      await drop();
      keys.cleanup();
    };
  }, 120_000);

  afterAll(async () => {
    await cleanup();
  });

  it("lets devices in while the policy does not block new ones, and answers state, policy version and no commands", async ({
    skip: skipTest,
  }) => {
    if (skip) skipTest();
    const token = await tokenFor(ALEX);
    const response = await checkIn(0, token, "phone-open");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const answer = (await response.json()) as CheckInAnswer;
    expect(answer).toMatchObject({ state: "allowed", commands: [], policy: { projectId, version: 1 } });
    expect(answer.policy!.bundle).toMatch(/^\/api\/client\/v1\/bundles\/[0-9a-f]{64}$/);
    expect((await download(1, token, "phone-open")).status).toBe(200);
    // The report is written in a batch; a clean shutdown (flush) leaves nothing behind.
    await flushRecorders(instances[0].deps);
    const row = await rowOf("phone-open");
    expect(row).toMatchObject({ state: "allowed", model: "Pixel 8", osName: "Android", osVersion: "15" });
    expect(Number(row.localDbRows)).toBe(120_000);
    expect(await db.deviceCheckIn.count({ where: { deviceRowId: row.id } })).toBe(1);
  });

  it("under 'block new devices' refuses a new device (403 device_pending_approval) on check-in and download until an admin approves it", async ({
    skip: skipTest,
  }) => {
    if (skip) skipTest();
    const loaded = await loadSecurityPolicy(db, projectId);
    await saveSecurityPolicy(db, actor, {
      projectId,
      revision: loaded.revision,
      policy: { ...SECURITY_PRESETS.balanced, blockNewDevices: true },
    });
    // The policy reaches devices with the next publish (it is in the bundle).
    await publishVersion(db, actor, { projectId, notes: "block new devices" }, publish);
    const token = await tokenFor(ALEX);

    const refused = await checkIn(0, token, "phone-new");
    expect(refused.status).toBe(403);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    const problem = await refused.json();
    expect(problem).toMatchObject({ status: 403, code: "forbidden", reason: "device_pending_approval" });
    const dl = await download(1, token, "phone-new");
    expect(dl.status).toBe(403);
    expect((await dl.json()).reason).toBe("device_pending_approval");
    await flushRecorders(instances[0].deps);
    const pending = await rowOf("phone-new");
    expect(pending.state).toBe("pending");
    expect(pending.model).toBe("Pixel 8"); // the admin sees what it is
    // A device allowed before the policy changed keeps its state.
    expect((await checkIn(1, token, "phone-open")).status).toBe(200);

    expect(await applyDeviceAction(db, actor, { action: "approve", deviceIds: [pending.id] })).toEqual({
      changed: 1,
      skipped: 0,
    });
    const allowed = await checkIn(1, token, "phone-new");
    expect(allowed.status).toBe(200);
    expect(((await allowed.json()) as CheckInAnswer).policy!.version).toBe(2);
    expect((await download(0, token, "phone-new")).status).toBe(200);
    const audited = await db.auditEntry.findMany({ where: { targetType: "device", targetId: pending.id } });
    expect(audited.map((a) => [a.action, a.actorLabel]).sort()).toEqual([
      ["device.approve", actor.label],
      ["device.register", "system"],
    ]);
  });

  it("judges a new device by the project's policy as published now: an app too old for every version is held too, and a user without a project registers nothing", async ({
    skip: skipTest,
  }) => {
    if (skip) skipTest();
    // The previous test published version 2, which blocks new devices.
    const oldApp = (token: string, deviceId: string) =>
      fetch(url(0, "devices/check-in"), {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "x-device-id": deviceId, "x-app-version": "0.0.1" },
        body: JSON.stringify(REPORT),
      });
    const alex = await tokenFor(ALEX);
    // No version runs on 0.0.1, so there is no version's policy: the project's own still holds the device.
    const held = await oldApp(alex, "phone-too-old");
    expect([held.status, (await held.json()).reason]).toEqual([403, "device_pending_approval"]);
    expect((await rowOf("phone-too-old")).state).toBe("pending");
    const later = await download(0, alex, "phone-too-old");
    expect([later.status, (await later.json()).reason]).toEqual([403, "device_pending_approval"]);

    // Dana's roles reach no project: her device is refused as her download is, and is not registered (else it
    // would be let in, unseen by this policy, once a project is assigned to her).
    const dana = await tokenFor(guidFor("aad:dana"));
    const none = await oldApp(dana, "phone-no-project");
    expect([none.status, (await none.json()).detail]).toEqual([
      404,
      expect.stringMatching(/None of your security roles/),
    ]);
    expect(await db.device.count({ where: { deviceId: "phone-no-project" } })).toBe(0);
  });

  it("delivers a wipe to exactly one of 20 concurrent check-ins of the device across two instances, then takes its acknowledgement", async ({
    skip: skipTest,
  }) => {
    if (skip) skipTest();
    const token = await tokenFor(ALEX);
    const device = await rowOf("phone-open");
    await applyDeviceAction(db, actor, { action: "wipe", deviceIds: [device.id] });
    // Queuing the same command twice keeps one.
    expect(await applyDeviceAction(db, actor, { action: "wipe", deviceIds: [device.id] })).toEqual({
      changed: 0,
      skipped: 1,
    });
    const answers = await Promise.all(
      Array.from({ length: 20 }, async (_, n) => {
        const response = await checkIn(n % 2, token, "phone-open");
        expect(response.status).toBe(200);
        return (await response.json()) as CheckInAnswer;
      }),
    );
    const delivered = answers.flatMap((a) => a.commands);
    expect(delivered).toHaveLength(1);
    expect(delivered[0].kind).toBe("wipe");
    const sent = await db.deviceCommand.findUniqueOrThrow({ where: { id: delivered[0].id } });
    expect(sent.status).toBe("sent");
    expect(sent.sentAt).not.toBeNull();
    // Nothing more on the next check-in; the acknowledgement is recorded.
    const ack = await checkIn(0, token, "phone-open", { ...REPORT, acknowledgements: [delivered[0].id] });
    expect(((await ack.json()) as CheckInAnswer).commands).toEqual([]);
    const done = await db.deviceCommand.findUniqueOrThrow({ where: { id: delivered[0].id } });
    expect(done.status).toBe("acknowledged");
    expect(done.acknowledgedAt).not.toBeNull();
    const page = await loadDevicePage(db, device.id, 10);
    expect(page.commands[0]).toMatchObject({ kind: "wipe", status: "acknowledged" });
  });

  it("cancels a command while it is queued, and not once it is sent", async ({ skip: skipTest }) => {
    if (skip) skipTest();
    const token = await tokenFor(ALEX);
    const device = await rowOf("phone-open");
    await applyDeviceAction(db, actor, { action: "lock", deviceIds: [device.id] });
    const lock = await db.deviceCommand.findFirstOrThrow({ where: { deviceRowId: device.id, kind: "lock" } });
    await cancelCommand(db, actor, { commandId: lock.id });
    expect(((await (await checkIn(0, token, "phone-open")).json()) as CheckInAnswer).commands).toEqual([]);
    await applyDeviceAction(db, actor, { action: "full-sync", deviceIds: [device.id] });
    const sync = ((await (await checkIn(1, token, "phone-open")).json()) as CheckInAnswer).commands;
    expect(sync.map((c) => c.kind)).toEqual(["full-sync"]);
    await expect(cancelCommand(db, actor, { commandId: sync[0].id })).rejects.toMatchObject({ code: "conflict" });
  });

  it("refuses a blocked device everything (403 device_blocked): check-in, download and the bundle by hash", async ({
    skip: skipTest,
  }) => {
    if (skip) skipTest();
    const token = await tokenFor(ALEX);
    const device = await rowOf("phone-new");
    const bundleUrl = ((await (await checkIn(0, token, "phone-new")).json()) as CheckInAnswer).policy!.bundle;
    await applyDeviceAction(db, actor, { action: "block", deviceIds: [device.id] });
    for (const response of [
      await checkIn(0, token, "phone-new"),
      await download(1, token, "phone-new"),
      await fetch(`${instances[1].server.url}${bundleUrl}`, {
        headers: { authorization: `Bearer ${token}`, "x-device-id": "phone-new" },
      }),
    ]) {
      expect(response.status).toBe(403);
      const problem = await response.json();
      expect(problem.reason).toBe("device_blocked");
      expect(JSON.stringify(problem)).not.toContain("content");
    }
    await applyDeviceAction(db, actor, { action: "unblock", deviceIds: [device.id] });
    expect((await download(1, token, "phone-new")).status).toBe(200);
  });

  it("answers HEAD as GET without the bundle, and records neither a download nor the version as held", async ({
    skip: skipTest,
  }) => {
    if (skip) skipTest();
    const token = await tokenFor(ALEX);
    const headers = { authorization: `Bearer ${token}`, "x-device-id": "phone-head", "x-app-version": "4.2.0" };
    // New devices wait for approval by now: this one is approved first.
    expect((await checkIn(0, token, "phone-head")).status).toBe(403);
    await applyDeviceAction(db, actor, { action: "approve", deviceIds: [(await rowOf("phone-head")).id] });
    const head = await fetch(url(0, "customization"), { method: "HEAD", headers });
    expect([head.status, (await head.arrayBuffer()).byteLength]).toEqual([200, 0]);
    expect(Number(head.headers.get("content-length"))).toBeGreaterThan(0);
    await flushRecorders(instances[0].deps);
    const row = await rowOf("phone-head");
    expect([row.versionId, row.lastDownloadAt]).toEqual([null, null]);
    expect(await db.download.count({ where: { deviceId: "phone-head" } })).toBe(0);
    // The GET that follows is the download.
    expect((await fetch(url(0, "customization"), { headers })).status).toBe(200);
    await flushRecorders(instances[0].deps);
    expect(await db.download.count({ where: { deviceId: "phone-head" } })).toBe(1);
    expect((await rowOf("phone-head")).versionId).not.toBeNull();
  });

  it("refuses a blocked device at the first download after the block commits, whatever downloads ran while it was written", async ({
    skip: skipTest,
  }) => {
    if (skip) skipTest();
    const token = await tokenFor(ALEX);
    const device = await rowOf("phone-new");
    expect((await download(0, token, "phone-new")).status).toBe(200);
    // 199 other devices in the same action keep its transaction open a while; the device's own change comes first.
    const others = Array.from({ length: 199 }, (_, i) => ({
      id: `zz-race-${String(i).padStart(3, "0")}`,
      deviceId: `race-${i}`,
      userOid: guidFor(`aad:race-${i}`),
      appVersion: "4.2.0",
      state: "allowed",
    }));
    await db.device.createMany({ data: others });
    let stop = false;
    const during: number[] = [];
    const downloads = (async () => {
      while (!stop) during.push((await download(0, token, "phone-new")).status);
    })();
    await applyDeviceAction(db, actor, { action: "block", deviceIds: [device.id, ...others.map((o) => o.id)] });
    stop = true;
    await downloads;
    expect(during.length).toBeGreaterThan(0);
    const after = await download(0, token, "phone-new");
    expect([after.status, (await after.json()).reason]).toEqual([403, "device_blocked"]);
    await applyDeviceAction(db, actor, { action: "unblock", deviceIds: [device.id] });
    await db.device.deleteMany({ where: { id: { in: others.map((o) => o.id) } } });
    expect((await download(0, token, "phone-new")).status).toBe(200);
  });

  it("refuses a user's device past the per-user limit with 403 device_limit_reached; a blocked device frees its place", async ({
    skip: skipTest,
  }) => {
    if (skip) skipTest();
    const token = await tokenFor(BEA);
    // Bea's devices must be approved under this policy; pending ones count towards the limit.
    expect((await checkIn(2, token, "bea-1")).status).toBe(403);
    expect((await checkIn(2, token, "bea-2")).status).toBe(403);
    const third = await checkIn(2, token, "bea-3");
    expect(third.status).toBe(403);
    expect(await third.json()).toMatchObject({ reason: "device_limit_reached" });
    expect(await db.device.count({ where: { userOid: BEA } })).toBe(2);
    const page = await listDevicePage(db, DeviceListQuerySchema.parse({ atLimit: "1" }), 2);
    expect(page.usersAtLimit.map((u) => u.userOid)).toContain(BEA);
    const beas = page.rows.filter((r) => r.userOid === BEA);
    expect(beas).toHaveLength(2);
    expect(beas.every((r) => r.userAtLimit)).toBe(true);
    await applyDeviceAction(db, actor, { action: "block", deviceIds: [(await rowOf("bea-1", BEA)).id] });
    expect((await (await checkIn(2, token, "bea-3")).json()).reason).toBe("device_pending_approval");
  });

  it("approves a filtered selection in bulk only when it still matches the confirmed count", async ({
    skip: skipTest,
  }) => {
    if (skip) skipTest();
    const filter = { state: "pending" as const, user: BEA };
    await expect(
      applyBulkDeviceAction(db, actor, { action: "approve", filter, expected: 5 }, 10),
    ).rejects.toMatchObject({ code: "conflict" });
    expect(await applyBulkDeviceAction(db, actor, { action: "approve", filter, expected: 2 }, 10)).toEqual({
      changed: 2,
      skipped: 0,
    });
    expect(await db.device.count({ where: { userOid: BEA, state: "allowed" } })).toBe(2);
  });

  it("the reference client checks in, prints what it would do for a queued lock and acknowledges it", async ({
    skip: skipTest,
  }) => {
    if (skip || provider !== "sqlite") skipTest();
    const device = await rowOf("phone-open");
    await applyDeviceAction(db, actor, { action: "lock", deviceIds: [device.id] });
    const args = ["--import", "tsx", "tools/reference-client/client.ts", "check-in", "--url", instances[0].server.url];
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [...args, "--token", await tokenFor(ALEX), "--device-id", "phone-open", "--app-version", "4.2.0"],
      { timeout: 60_000 },
    );
    expect(stdout).toMatch(/^State allowed; policy of version 2 /);
    expect(stdout).toMatch(/- lock \([0-9a-f-]{36}\): would lock the app/);
    expect(stdout).toContain("Acknowledged 1.");
    const lock = await db.deviceCommand.findFirstOrThrow({
      where: { deviceRowId: device.id, kind: "lock" },
      orderBy: { queuedAt: "desc" },
    });
    expect(lock.status).toBe("acknowledged");
  });

  it("keeps the saved policy when the project's limits are saved, and refuses a stale policy save", async ({
    skip: skipTest,
  }) => {
    if (skip) skipTest();
    const loaded = await loadSecurityPolicy(db, projectId);
    expect(loaded.policy.blockNewDevices).toBe(true);
    const { revision } = await updateProject(db, actor, {
      projectId,
      revision: loaded.revision,
      settings: { limits: LIMITS },
    });
    const after = await loadSecurityPolicy(db, projectId);
    expect(after.policy).toEqual(loaded.policy);
    await expect(
      saveSecurityPolicy(db, actor, { projectId, revision: revision - 1, policy: SECURITY_PRESETS.convenient }),
    ).rejects.toMatchObject({ code: "conflict" });
    const audit = await db.auditEntry.findFirstOrThrow({
      where: { action: "project.security.save", targetId: projectId },
    });
    expect(audit.summary).toContain("new devices allowed -> blocked until approved");
  });

  it("answers malformed, oversize and wrongly sent check-ins with 400/405 problems, never a stack trace", async ({
    skip: skipTest,
  }) => {
    if (skip) skipTest();
    const token = await tokenFor(ALEX);
    const cases: Array<[unknown, RegExp]> = [
      ["{not json", /not valid JSON/],
      ["", /JSON object/],
      [{ ...REPORT, model: "" }, /model/],
      [{ ...REPORT, os: { name: "Android" } }, /os\.version/],
      [{ ...REPORT, lastSync: { result: "error" } }, /lastSync\.message/],
      [{ ...REPORT, acknowledgements: ["not-a-uuid"] }, /acknowledgements\[0\]/],
      [{ ...REPORT, extra: 1 }, /extra|Unrecognized/],
      [{ ...REPORT, model: "x".repeat(20_000) }, /larger than 16,384 bytes/],
      // A NUL is text PostgreSQL cannot store: refused here, it never reaches a batch.
      [{ ...REPORT, model: "Pixel\u00008" }, /"model".*must not contain control characters/],
      [{ ...REPORT, os: { name: "Android\u0007", version: "15" } }, /os\.name/],
      // C1 controls too (U+0080-U+009F).
      [{ ...REPORT, model: "a\u0085b" }, /"model".*must not contain control characters/],
      // Half of a UTF-16 pair is no character; PostgreSQL refuses it in JSON too.
      [{ ...REPORT, model: "Pixel\ud800" }, /"model".*lone surrogate/],
      [{ ...REPORT, lastSync: { result: "error", message: "disk\u0000full" } }, /lastSync\.message/],
    ];
    for (const [body, message] of cases) {
      const response = await checkIn(0, token, "phone-open", body);
      expect(response.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      const problem = await response.json();
      expect(JSON.stringify(problem)).toMatch(message);
      expect(JSON.stringify(problem)).not.toMatch(/at \w+ \(|node_modules/);
    }
    const get = await fetch(url(0, "devices/check-in"), { headers: { authorization: `Bearer ${token}` } });
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
  });

  it("keeps what an earlier check-in of the same batch reported when a later one reports less", async ({
    skip: skipTest,
  }) => {
    if (skip) skipTest();
    const row = await rowOf("phone-open");
    const at = Date.now();
    const base = { model: "Pixel 8", os: { name: "Android", version: "15" }, acknowledgements: [] };
    // Both in one batch, as two check-ins a moment apart are: the first reports a failed sync and the database size.
    await recordCheckIns(db, [
      {
        deviceRowId: row.id,
        appVersion: "4.2.0",
        at: new Date(at - 2),
        body: {
          ...base,
          lastSync: { result: "error", message: "disk full" },
          localDatabase: { bytes: 5_000_000, rows: 100 },
        },
      },
      { deviceRowId: row.id, appVersion: "4.2.0", at: new Date(at - 1), body: base },
    ]);
    const after = await rowOf("phone-open");
    expect([after.lastSyncResult, after.lastSyncError, Number(after.localDbBytes)]).toEqual([
      "error",
      "disk full",
      5_000_000,
    ]);
    expect(await db.deviceCheckIn.count({ where: { deviceRowId: row.id, syncError: "disk full" } })).toBe(1);
  });

  it("closes the connection after refusing a body it did not read whole, however long the client goes on sending", async ({
    skip: skipTest,
  }) => {
    if (skip) skipTest();
    const token = await tokenFor(ALEX);
    const { hostname, port } = new URL(instances[0].server.url);
    const socket = net.connect(Number(port), hostname);
    let answer = "";
    socket.on("data", (chunk) => (answer += chunk.toString("latin1")));
    const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
    socket.on("error", () => {});
    socket.write(
      `POST /api/client/v1/devices/check-in HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${token}\r\n` +
        "X-Device-Id: phone-open\r\nX-App-Version: 4.2.0\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
    );
    // A chunked body without end, a kilobyte every few milliseconds, until the server closes.
    let sent = 0;
    const chunk = `400\r\n${" ".repeat(1024)}\r\n`;
    const sending = setInterval(() => {
      if (!socket.destroyed) {
        socket.write(chunk);
        sent += 1024;
      }
    }, 2);
    const open = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`the server still reads after ${sent} bytes`)), 10_000).unref(),
    );
    await Promise.race([closed, open]).finally(() => clearInterval(sending));
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer.toLowerCase()).toContain("connection: close");
    expect(answer).toContain("body_too_large");
    expect(sent).toBeLessThan(1024 * 1024);
  });

  it("takes a client that goes away mid-body for what it is, not for an error of the server", async ({
    skip: skipTest,
  }) => {
    if (skip) skipTest();
    const token = await tokenFor(ALEX);
    const { hostname, port } = new URL(instances[0].server.url);
    // Watched, not replaced: the log line is the outcome here, since nobody reads the answer.
    const errors = vi.spyOn(logger, "error");
    try {
      const socket = net.connect(Number(port), hostname);
      socket.on("error", () => {});
      await new Promise<void>((resolve) => socket.on("connect", () => resolve()));
      socket.write(
        `POST /api/client/v1/devices/check-in HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${token}\r\n` +
          'X-Device-Id: phone-open\r\nX-App-Version: 4.2.0\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"mo',
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      socket.destroy();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(errors.mock.calls.map((call) => call.at(-1))).toEqual([]);
    } finally {
      errors.mockRestore();
    }
  });

  it("takes a sync error's line breaks as the device wrote them", async ({ skip: skipTest }) => {
    if (skip) skipTest();
    const token = await tokenFor(ALEX);
    const message = "Sync failed:\n\tcontact: 403";
    expect((await checkIn(0, token, "phone-open", { ...REPORT, lastSync: { result: "error", message } })).status).toBe(
      200,
    );
    await flushRecorders(instances[0].deps);
    expect((await rowOf("phone-open")).lastSyncError).toBe(message);
  });

  it("stores the rest of a batch when the database refuses one record, and drops only that one", async ({
    skip: skipTest,
  }) => {
    if (skip) skipTest();
    const { deps } = instances[0];
    const version = await db.version.findFirstOrThrow({ where: { projectId } });
    // The device's row, made by its first check-in (allowed, or waiting for approval if new devices are blocked).
    await checkIn(0, await tokenFor(ALEX), "phone-refusal");
    const device = await rowOf("phone-refusal");
    const dropped = { syncs: deps.syncs.dropped, checkIns: deps.checkIns.dropped };
    // Six downloads and, among them, one of a version that is not there (deleted behind the portal's back): the
    // database refuses that row (a foreign key) and with it the batch's one statement.
    for (let i = 0; i < 7; i++)
      deps.syncs.record({
        versionId: i === 3 ? "no-such-version" : version.id,
        userOid: ALEX,
        deviceId: `refusal-${i}`,
        appVersion: "4.2.0",
        downloaded: true,
      });
    // A check-in report with a NUL in it (the device API refuses it, see above; here it stands for any value the
    // database cannot hold): PostgreSQL refuses it, SQLite stores it.
    const report = (model: string) => ({
      deviceRowId: device.id,
      appVersion: "4.2.0",
      at: new Date(),
      body: { ...REPORT, lastSync: { result: "ok" as const }, model, acknowledgements: [] },
    });
    deps.checkIns.record(report("Pixel\u00008"));
    deps.checkIns.record(report("Pixel 9"));
    await flushRecorders(deps);

    expect(deps.syncs.pending + deps.checkIns.pending).toBe(0);
    const stored = await db.download.findMany({ where: { deviceId: { startsWith: "refusal-" } } });
    expect(stored.map((d) => d.deviceId).sort()).toEqual([
      "refusal-0",
      "refusal-1",
      "refusal-2",
      "refusal-4",
      "refusal-5",
      "refusal-6",
    ]);
    expect(deps.syncs.dropped - dropped.syncs).toBe(1);
    expect(deps.checkIns.dropped - dropped.checkIns).toBe(provider === "postgresql" ? 1 : 0);
    expect((await rowOf("phone-refusal")).model).toBe("Pixel 9");
  });

  it("keeps a batch whole when the write fails for any other reason, and drops nothing", async ({ skip: skipTest }) => {
    if (skip) skipTest();
    // PostgreSQL: no server at the address. SQLite: a database without its tables (a file that is not the portal's).
    const empty = provider === "sqlite" ? await createTestSqlite({ migrate: false }) : undefined;
    const away = createDbClient(empty ? empty.url : "postgresql://root@127.0.0.1:1/nothing");
    try {
      const recorder = new SyncRecorder((syncs) => recordDeviceSyncs(away, syncs), { delayMs: 60_000 });
      for (let i = 0; i < 3; i++)
        recorder.record({
          versionId: "v",
          userOid: ALEX,
          deviceId: `away-${i}`,
          appVersion: "4.2.0",
          downloaded: true,
        });
      await recorder.flush();
      expect({ pending: recorder.pending, dropped: recorder.dropped }).toEqual({ pending: 3, dropped: 0 });
    } finally {
      await away.$disconnect().catch(() => {});
      await empty?.cleanup();
    }
  });
}

describe("device security on SQLite", () => suite("sqlite"));
describe("device security on PostgreSQL", () => suite("postgresql"));
