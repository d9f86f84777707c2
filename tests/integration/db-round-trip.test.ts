// Every model of prisma/schema.prisma through the generated clients on both providers: create, read back
// equal, update, delete. A model without a fixture here fails the test, so new models get one.
import fs from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, pingDatabase, type Db } from "@/lib/db/client";
import { createTestPostgres, createTestSqlite, postgresForTests } from "../support/test-database";

const schemaModels = [
  ...fs.readFileSync(path.join(process.cwd(), "prisma/schema.prisma"), "utf8").matchAll(/^model\s+(\w+)\s*\{/gm),
].map((m) => m[1]);

type Row = Record<string, unknown>;
interface Delegate {
  create(args: { data: Row }): Promise<Row>;
  findUnique(args: { where: Row }): Promise<Row | null>;
  findUniqueOrThrow(args: { where: Row }): Promise<Row>;
  update(args: { where: Row; data: Row }): Promise<Row>;
  delete(args: { where: Row }): Promise<Row>;
}

interface Fixture {
  model: string;
  /** The row to create; may use ids of rows created before it (fixtures run in order). */
  data(ids: Record<string, string>): Row;
  update: Row;
  /** Models whose primary key is not a generated `id`. */
  key?: (row: Row) => Row;
}

const at = (iso: string) => new Date(iso);
const bytes = (text: string) => new Uint8Array(Buffer.from(text, "utf8"));

// Dependency order: a row's relations are created before it and deleted after it.
const fixtures: Fixture[] = [
  {
    model: "User",
    data: () => ({
      email: "ada@example.com",
      name: "Ada Lovelace",
      role: "owner",
      passwordHash: "scrypt$1$abc",
      entraOid: "00000000-0000-4000-8000-000000000001",
    }),
    update: { role: "viewer", disabled: true, passwordHash: null },
  },
  {
    model: "Session",
    data: (ids) => ({ id: "session-1", userId: ids.User, expiresAt: at("2030-01-02T03:04:05.678Z") }),
    update: { revokedAt: at("2030-01-01T00:00:00.001Z"), lastSeenAt: at("2029-12-31T23:59:59.999Z") },
  },
  {
    model: "OneTimeToken",
    data: () => ({
      tokenHash: "sha256:setup",
      purpose: "invite",
      email: "bob@example.com",
      role: "editor",
      expiresAt: at("2030-05-05T05:05:05.005Z"),
    }),
    update: { usedAt: at("2030-05-05T05:00:00.000Z") },
  },
  {
    model: "SignInThrottle",
    data: () => ({ key: "account:ada@example.com", failures: 3, lastAtMs: BigInt(Date.UTC(2030, 0, 1, 10)) }),
    update: { failures: 4, lastAtMs: BigInt(Date.UTC(2030, 0, 1, 10, 15)) },
    key: (row) => ({ key: row.key }),
  },
  {
    model: "AuditEntry",
    data: (ids) => ({
      actorId: ids.User,
      actorLabel: "Ada Lovelace",
      action: "user.invite",
      targetType: "user",
      targetId: "u2",
      summary: "Invited bob — «editor»",
      before: null,
      after: '{"role":"editor"}',
      requestId: "req-1",
    }),
    update: { summary: "Invited bob again" },
  },
  {
    model: "ApiToken",
    data: (ids) => ({
      name: "CI",
      tokenHash: "sha256:token",
      prefix: "sw_abc",
      scopes: '["validate"]',
      createdById: ids.User,
    }),
    update: { lastUsedAt: at("2030-02-02T02:02:02.202Z"), revokedAt: at("2030-03-03T03:03:03.303Z") },
  },
  {
    model: "Environment",
    data: () => ({
      name: "Contoso prod",
      orgUrl: "https://contoso.crm4.dynamics.com",
      tenantId: "t",
      clientId: "c",
      secretCipher: "v1:abc",
      rolesJson: "[]",
    }),
    update: { name: "Contoso production", revision: 2, rolesFetchedAt: at("2030-04-04T04:04:04.404Z") },
  },
  {
    model: "MetadataSnapshot",
    data: (ids) => ({
      environmentId: ids.Environment,
      source: "webapi-json",
      sourceName: "EntityDefinitions.json",
      contentHash: "sha256:meta",
      tableCount: 2,
      columnCount: 30,
      relationshipCount: 4,
      optionSetCount: 5,
      // Every byte value, so a text or encoding conversion anywhere would show.
      document: new Uint8Array(Array.from({ length: 512 }, (_, i) => i % 256)),
    }),
    update: { sourceName: "renamed.json", document: bytes("{}") },
  },
  {
    model: "SnapshotOrgDefinitions",
    data: (ids) => ({
      snapshotId: ids.MetadataSnapshot,
      table: "contact",
      formCount: 2,
      viewCount: 3,
      definitions: new Uint8Array(Array.from({ length: 256 }, (_, i) => 255 - i)),
    }),
    update: { formCount: 1, definitions: bytes("{}") },
    key: (row) => ({ snapshotId_table: { snapshotId: row.snapshotId, table: row.table } }),
  },
  {
    model: "ImportJob",
    data: (ids) => ({ environmentId: ids.Environment, status: "running", total: 100 }),
    update: { status: "done", done: 100, snapshotId: "snap", message: "ok" },
  },
  {
    model: "Project",
    data: (ids) => ({
      name: "Field sales",
      environmentId: ids.Environment,
      snapshotId: ids.MetadataSnapshot,
      settings: '{"limits":{}}',
    }),
    update: { description: "Reps on the road", revision: 2, currentVersionId: "v1" },
  },
  {
    model: "ProjectRole",
    data: (ids) => ({ projectId: ids.Project, roleName: "Salesperson", roleId: "r1", priority: 10 }),
    update: { priority: 20 },
  },
  {
    model: "TableConfig",
    data: (ids) => ({
      projectId: ids.Project,
      tableName: "account",
      document: '{"columns":["name"]}',
      updatedById: ids.User,
    }),
    update: { revision: 2, document: '{"columns":["name","telephone1"]}' },
  },
  {
    model: "Version",
    data: (ids) => ({
      projectId: ids.Project,
      number: 1,
      createdByLabel: "Ada Lovelace",
      contentHash: "sha256:bundle",
      size: 3,
      snapshotId: ids.MetadataSnapshot,
      minClientVersion: "15.0.0",
      bundleHash: "sha256:bytes",
      bundle: bytes('{"a":1}'),
    }),
    update: { notes: "first", warnings: '["w"]' },
  },
  {
    model: "Download",
    data: (ids) => ({
      versionId: ids.Version,
      userOid: "oid-1",
      userName: "Rep",
      deviceId: "device-1",
      appVersion: "15.2.1",
    }),
    update: { appVersion: "15.3.0" },
  },
  {
    model: "Device",
    data: (ids) => ({
      deviceId: "device-1",
      userOid: "oid-1",
      userName: "Rep",
      appVersion: "15.2.1",
      versionId: ids.Version,
      firstSeenAt: at("2030-02-02T02:02:02.002Z"),
      lastSeenAt: at("2030-02-03T03:03:03.003Z"),
    }),
    update: {
      lastDownloadAt: at("2030-02-03T03:03:03.003Z"),
      appVersion: "15.3.0",
      state: "blocked",
      stateChangedAt: at("2030-02-04T04:04:04.004Z"),
      model: "Pixel 8",
      osName: "Android",
      osVersion: "15",
      lastSyncResult: "error",
      lastSyncError: "timeout",
      localDbBytes: 5_000_000_000n,
      localDbRows: 120_000n,
      projectId: "project-1",
    },
  },
  {
    model: "DeviceCommand",
    data: (ids) => ({
      id: "0193a5c4-0000-7000-8000-000000000001",
      deviceRowId: ids.Device,
      kind: "wipe",
      queuedById: ids.User,
      queuedByLabel: "Ada Lovelace",
      queuedAt: at("2030-02-05T05:05:05.005Z"),
    }),
    update: { status: "sent", sentAt: at("2030-02-06T06:06:06.006Z"), sentTo: "request-1" },
  },
  {
    model: "DeviceCheckIn",
    data: (ids) => ({
      id: "0193a5c4-0000-7000-8000-000000000002",
      deviceRowId: ids.Device,
      at: at("2030-02-07T07:07:07.007Z"),
      appVersion: "15.3.0",
      syncResult: "ok",
      dbBytes: 5_000_000_000n,
      dbRows: 120_000n,
    }),
    update: { syncResult: "error", syncError: "no network" },
  },
];

/** Byte fields come back as Uint8Array (or Buffer); compare them as plain byte arrays. */
function normalize(row: Row): Row {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Uint8Array ? Array.from(v) : v]));
}

function delegate(db: Db, model: string): Delegate {
  const key = model[0].toLowerCase() + model.slice(1);
  const found = (db as unknown as Record<string, Delegate | undefined>)[key];
  if (!found) throw new Error(`the generated client has no delegate ${key} for model ${model}`);
  return found;
}

async function roundTripEveryModel(db: Db): Promise<void> {
  const ids: Record<string, string> = {};
  const created: Array<{ fixture: Fixture; where: Row }> = [];
  for (const fixture of fixtures) {
    const models = delegate(db, fixture.model);
    const data = fixture.data(ids);
    const row = await models.create({ data });
    const where = fixture.key ? fixture.key(row) : { id: row.id };
    if (typeof row.id === "string") ids[fixture.model] = row.id;
    created.push({ fixture, where });

    const read = await models.findUniqueOrThrow({ where });
    expect(normalize(read), `${fixture.model} read back`).toEqual(normalize(row));
    expect(normalize(read), `${fixture.model} holds what was written`).toMatchObject(normalize(data));

    const updated = await models.update({ where, data: fixture.update });
    const reread = await models.findUniqueOrThrow({ where });
    expect(normalize(reread), `${fixture.model} after update`).toEqual(normalize(updated));
    expect(normalize(reread), `${fixture.model} holds the update`).toMatchObject(normalize(fixture.update));
  }
  for (const { fixture, where } of created.reverse()) {
    const models = delegate(db, fixture.model);
    await models.delete({ where });
    expect(await models.findUnique({ where }), `${fixture.model} after delete`).toBeNull();
  }
}

it("has a round-trip fixture for every model of prisma/schema.prisma", () => {
  expect(schemaModels.length).toBeGreaterThan(0);
  expect(
    fixtures.map((f) => f.model).sort(),
    "add a fixture to tests/integration/db-round-trip.test.ts for each new model",
  ).toEqual([...schemaModels].sort());
});

describe("SQLite round trip", () => {
  let sqlite: Awaited<ReturnType<typeof createTestSqlite>>;
  let db: Db;
  beforeAll(async () => {
    sqlite = await createTestSqlite();
    db = createDbClient(sqlite.url);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await sqlite?.cleanup();
  });

  it("creates, reads back, updates and deletes a row of every model", async () => {
    await roundTripEveryModel(db);
  });

  it("makes a writer wait while another process holds the write lock, instead of failing", async () => {
    // Another process (a second portal instance, a backup) takes the write lock for 700 ms.
    const holder = spawn(
      process.execPath,
      [
        "-e",
        `const db = new (require("better-sqlite3"))(${JSON.stringify(sqlite.file)});
       db.exec("BEGIN IMMEDIATE"); db.prepare("INSERT INTO SignInThrottle (key, failures, lastAtMs) VALUES ('address:holder', 0, 1893456000000)").run();
       console.log("locked");
       setTimeout(() => { db.exec("COMMIT"); db.close(); }, 700);`,
      ],
      { cwd: process.cwd(), stdio: ["ignore", "pipe", "inherit"] },
    );
    const exited = new Promise((resolve) => holder.on("exit", resolve));
    await new Promise<void>((resolve, reject) => {
      holder.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("locked") && resolve());
      holder.on("exit", (code) => reject(new Error(`lock holder exited with ${code}`)));
    });
    const started = Date.now();
    await db.signInThrottle.create({ data: { key: "address:waiter", lastAtMs: BigInt(Date.now()) } });
    expect(Date.now() - started, "the write waited for the other process's lock").toBeGreaterThan(300);
    await exited;
    expect(await db.signInThrottle.count({ where: { key: { in: ["address:holder", "address:waiter"] } } })).toBe(2);
  });

  it("answers the health ping", async () => {
    expect(await pingDatabase(db)).toEqual({ ok: true });
  });
});

const postgres = await postgresForTests();

describe.skipIf(!postgres.available)("PostgreSQL round trip", () => {
  let database: Awaited<ReturnType<typeof createTestPostgres>>;
  let db: Db;
  beforeAll(async () => {
    database = await createTestPostgres();
    db = createDbClient(database.url);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.cleanup();
  });

  it("creates, reads back, updates and deletes a row of every model", async () => {
    await roundTripEveryModel(db);
  });

  it("answers the health ping, and reports an unreachable server", async () => {
    expect(await pingDatabase(db)).toEqual({ ok: true });
    const unreachable = createDbClient("postgresql://root@127.0.0.1:1/nothing");
    try {
      const result = await pingDatabase(unreachable);
      expect(result.ok).toBe(false);
    } finally {
      await unreachable.$disconnect();
    }
  });
});
