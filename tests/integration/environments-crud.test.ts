// Environments against real databases (a SQLite file and a fresh PostgreSQL database): create with the
// client secret sealed at rest and never returned, edit with the revision check, replace the secret, refuse
// bad org URLs and GUIDs naming the field, delete only when no project uses it, every write audited.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type Db } from "@/lib/db/client";
import { decryptSecret } from "@/lib/crypto/secret-box";
import {
  createEnvironment,
  deleteEnvironment,
  readEnvironmentSecret,
  replaceEnvironmentSecret,
  saveEnvironmentRoles,
  secretContext,
  updateEnvironment,
} from "@/lib/environments/mutations";
import { listEnvironments, loadEnvironment } from "@/lib/environments/data";
import { storeSnapshot } from "@/lib/metadata/mutations";
import type { MetadataDocument } from "@/lib/metadata/schema";
import { clientForEnvironment, forgetEnvironmentClient } from "@/lib/environments/dataverse-clients";
import { resetConfigForTests } from "@/lib/config";
import { createTestPostgres, createTestSqlite, postgresForTests } from "../support/test-database";

const TENANT = "8a0e6f4c-1b2d-4e5f-9a8b-7c6d5e4f3a2b";
const CLIENT = "11111111-2222-4333-8444-555555555555";
const SECRET = "Xy8Q~super.secret-value_123";

const TINY: MetadataDocument = {
  format: "webapi-json",
  tables: [
    {
      logicalName: "account",
      displayName: { "1033": "Account" },
      displayCollectionName: { "1033": "Accounts" },
      primaryIdColumn: "accountid",
      ownership: "user",
      isActivity: false,
      isIntersect: false,
      custom: false,
      partial: false,
      columns: [
        {
          logicalName: "accountid",
          displayName: {},
          type: "uniqueidentifier",
          requiredLevel: "SystemRequired",
          validForRead: true,
          validForCreate: true,
          validForUpdate: false,
          secured: false,
          custom: false,
        },
      ],
    },
  ],
  relationships: [],
  globalOptionSets: {},
};

async function failure(promise: Promise<unknown>): Promise<{
  code?: string;
  message: string;
  problems?: Array<{ path: string; message: string }>;
}> {
  try {
    await promise;
  } catch (error) {
    return error as never;
  }
  throw new Error("expected a failure, got success");
}

function suite(provider: "sqlite" | "postgresql") {
  let db: Db;
  let cleanup: () => Promise<void> = async () => {};
  let skip = false;
  let actor: { id: string; label: string };
  const key = randomBytes(32);
  const options = { secretKey: key, requestId: "req-env" };

  beforeAll(async () => {
    const database =
      provider === "postgresql"
        ? await postgresForTests().then((pg) => (pg.available ? createTestPostgres() : null))
        : await createTestSqlite();
    if (!database) {
      skip = true;
      return;
    }
    db = createDbClient(database.url);
    const owner = await db.user.create({ data: { email: "olivia@example.com", name: "Olivia", role: "owner" } });
    actor = { id: owner.id, label: "Olivia <olivia@example.com>" };
    cleanup = async () => {
      await db.$disconnect();
      await database.cleanup();
    };
  }, 60_000);
  afterAll(async () => cleanup());

  it("creates an environment with its secret sealed at rest and never returned", async (ctx) => {
    if (skip) ctx.skip();
    const env = await createEnvironment(
      db,
      actor,
      {
        name: " Contoso prod ",
        orgUrl: "https://contoso.crm4.dynamics.com/main.aspx?app=x",
        tenantId: TENANT.toUpperCase(),
        clientId: CLIENT,
        clientSecret: SECRET,
      },
      options,
    );
    expect(env).toMatchObject({
      name: "Contoso prod",
      orgUrl: "https://contoso.crm4.dynamics.com",
      tenantId: TENANT,
      clientId: CLIENT,
      hasSecret: true,
      revision: 1,
      snapshotCount: 0,
    });
    expect(JSON.stringify(env)).not.toContain(SECRET);
    expect(env).not.toHaveProperty("secretCipher");
    expect(JSON.stringify(await listEnvironments(db))).not.toContain("v1:");

    // The raw row holds a v1 AES-GCM cipher bound to this environment, not the secret.
    const raw = await db.environment.findUniqueOrThrow({ where: { id: env.id } });
    expect(raw.secretCipher).toMatch(/^v1:/);
    expect(raw.secretCipher).not.toContain(SECRET);
    expect(raw.secretCipher).not.toContain(Buffer.from(SECRET).toString("base64url"));
    expect(decryptSecret(raw.secretCipher!, key, secretContext(env.id))).toBe(SECRET);
    expect(() => decryptSecret(raw.secretCipher!, key, secretContext("another"))).toThrow(/integrity/);
    expect(await readEnvironmentSecret(db, env.id, options)).toBe(SECRET);

    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "environment.create", targetId: env.id } });
    expect(entry.requestId).toBe("req-env");
    expect(JSON.stringify(entry)).not.toContain(SECRET);
    expect(JSON.stringify(entry)).not.toContain(raw.secretCipher!);
  });

  it("creates an environment with only a name, for file imports", async (ctx) => {
    if (skip) ctx.skip();
    const env = await createEnvironment(
      db,
      actor,
      { name: "Files only", orgUrl: "", tenantId: "", clientId: "", clientSecret: "" },
      options,
    );
    expect(env).toMatchObject({ orgUrl: null, tenantId: null, clientId: null, hasSecret: false });
    expect(await readEnvironmentSecret(db, env.id, options)).toBeNull();
  });

  it("refuses bad org URLs, GUIDs and duplicate names, naming the field", async (ctx) => {
    if (skip) ctx.skip();
    for (const orgUrl of [
      "http://contoso.crm.dynamics.com",
      "https://example.com",
      "not a url",
      "https://dynamics.com",
    ]) {
      const error = await failure(createEnvironment(db, actor, { name: `Bad ${orgUrl}`, orgUrl }, options));
      expect(error).toMatchObject({ code: "invalid", problems: [{ path: "orgUrl" }] });
    }
    const guid = await failure(
      createEnvironment(db, actor, { name: "Bad tenant", tenantId: "contoso.onmicrosoft.com" }, options),
    );
    expect(guid).toMatchObject({
      code: "invalid",
      problems: [{ path: "tenantId", message: expect.stringContaining("GUID") }],
    });
    // PostgreSQL cannot store a NUL in text: refused as the field's problem, before the database is asked.
    const nul = await failure(createEnvironment(db, actor, { name: "Con\u0000toso" }, options));
    expect(nul).toMatchObject({
      code: "invalid",
      problems: [{ path: "name", message: expect.stringContaining("NUL") }],
    });
    const taken = await failure(createEnvironment(db, actor, { name: "Files only" }, options));
    expect(taken).toMatchObject({ code: "conflict", problems: [{ path: "name" }] });
    for (const ok of [
      "https://contoso.crm.dynamics.com",
      "https://org.crm9.dynamics.com",
      "https://gov.crm.dynamics.us",
      "https://org.crm.dynamics.cn",
    ]) {
      const env = await createEnvironment(db, actor, { name: `Ok ${ok}`, orgUrl: ok }, options);
      expect(env.orgUrl).toBe(ok);
    }
  });

  it("edits with the revision check: a stale save is a conflict and changes nothing", async (ctx) => {
    if (skip) ctx.skip();
    const env = await createEnvironment(
      db,
      actor,
      { name: "Edit me", orgUrl: "https://edit.crm.dynamics.com" },
      options,
    );
    const edited = await updateEnvironment(
      db,
      actor,
      {
        environmentId: env.id,
        revision: 1,
        name: "Edited",
        orgUrl: "https://edited.crm.dynamics.com",
        tenantId: TENANT,
        clientId: CLIENT,
      },
      options,
    );
    expect(edited).toMatchObject({ name: "Edited", orgUrl: "https://edited.crm.dynamics.com", revision: 2 });
    const stale = await failure(
      updateEnvironment(db, actor, { environmentId: env.id, revision: 1, name: "Stale", orgUrl: "" }, options),
    );
    expect(stale).toMatchObject({ code: "conflict" });
    expect(stale.message).toMatch(/Someone else changed Edited/);
    expect(await loadEnvironment(db, env.id)).toMatchObject({ name: "Edited", revision: 2 });
    const audits = await db.auditEntry.findMany({ where: { targetId: env.id }, orderBy: { at: "asc" } });
    expect(audits.map((a) => a.action)).toEqual(["environment.create", "environment.update"]);
    expect(JSON.parse(audits[1].before!)).toMatchObject({ name: "Edit me" });
  });

  it("replaces the secret (a new cipher, the old secret gone), bumping the revision", async (ctx) => {
    if (skip) ctx.skip();
    const env = await createEnvironment(db, actor, { name: "Rotate", clientSecret: "old-secret" }, options);
    const before = await db.environment.findUniqueOrThrow({ where: { id: env.id } });
    const after = await replaceEnvironmentSecret(
      db,
      actor,
      { environmentId: env.id, clientSecret: "new-secret" },
      options,
    );
    expect(after).toMatchObject({ hasSecret: true, revision: 2 });
    const raw = await db.environment.findUniqueOrThrow({ where: { id: env.id } });
    expect(raw.secretCipher).not.toBe(before.secretCipher);
    expect(await readEnvironmentSecret(db, env.id, options)).toBe("new-secret");
    expect(
      await failure(replaceEnvironmentSecret(db, actor, { environmentId: env.id, clientSecret: "  " }, options)),
    ).toMatchObject({ code: "invalid" });
    const entry = await db.auditEntry.findFirstOrThrow({
      where: { action: "environment.secret.replace", targetId: env.id },
    });
    expect(entry.summary).toBe("Replaced the client secret of Rotate");
    expect(JSON.stringify(entry)).not.toContain("new-secret");
  });

  it("stores security roles read from the org", async (ctx) => {
    if (skip) ctx.skip();
    const env = await createEnvironment(db, actor, { name: "Roles" }, options);
    const saved = await saveEnvironmentRoles(
      db,
      actor,
      { environmentId: env.id, roles: [{ id: "r1", name: "Salesperson", businessUnitId: "bu1" }] },
      options,
    );
    expect(saved.roles).toEqual([{ id: "r1", name: "Salesperson", businessUnitId: "bu1" }]);
    expect(saved.rolesFetchedAt).toBeInstanceOf(Date);
  });

  it("keeps one Dataverse client per environment until its settings change; names what is missing", async (ctx) => {
    if (skip) ctx.skip();
    // The configured key (as the app uses it), not the test key: set through the environment for this case.
    const saved = process.env.SECRET_ENCRYPTION_KEY;
    process.env.SECRET_ENCRYPTION_KEY = randomBytes(32).toString("hex");
    resetConfigForTests();
    try {
      const partial = await createEnvironment(db, actor, {
        name: `Client cache ${provider}`,
        orgUrl: "https://cache.crm.dynamics.com",
        tenantId: TENANT,
      });
      expect(await failure(clientForEnvironment(db, partial.id))).toMatchObject({
        code: "invalid",
        message: expect.stringContaining("client id, client secret"),
      });
      await updateEnvironment(db, actor, {
        environmentId: partial.id,
        revision: 1,
        name: partial.name,
        orgUrl: partial.orgUrl,
        tenantId: TENANT,
        clientId: CLIENT,
      });
      await replaceEnvironmentSecret(db, actor, { environmentId: partial.id, clientSecret: SECRET });
      const first = await clientForEnvironment(db, partial.id);
      expect(first.orgUrl).toBe("https://cache.crm.dynamics.com");
      expect(await clientForEnvironment(db, partial.id)).toBe(first);
      await updateEnvironment(db, actor, {
        environmentId: partial.id,
        revision: 3,
        name: partial.name,
        orgUrl: "https://cache2.crm.dynamics.com",
        tenantId: TENANT,
        clientId: CLIENT,
      });
      const second = await clientForEnvironment(db, partial.id);
      expect(second).not.toBe(first);
      expect(second.orgUrl).toBe("https://cache2.crm.dynamics.com");
      forgetEnvironmentClient(partial.id);
      expect(await clientForEnvironment(db, partial.id)).not.toBe(second);
    } finally {
      if (saved === undefined) delete process.env.SECRET_ENCRYPTION_KEY;
      else process.env.SECRET_ENCRYPTION_KEY = saved;
      resetConfigForTests();
    }
  });

  it("deletes an environment with its snapshots, but not while a project uses it", async (ctx) => {
    if (skip) ctx.skip();
    const used = await createEnvironment(db, actor, { name: "Used" }, options);
    const { snapshot } = await storeSnapshot(db, actor, {
      environmentId: used.id,
      source: "webapi-json",
      sourceName: "tiny.json",
      document: TINY,
    });
    await db.project.create({ data: { name: "Field app", environmentId: used.id, snapshotId: snapshot.id } });
    const refused = await failure(deleteEnvironment(db, actor, { environmentId: used.id }, options));
    expect(refused).toMatchObject({ code: "conflict" });
    expect(refused.message).toContain("Field app");
    expect(await db.environment.count({ where: { id: used.id } })).toBe(1);

    const free = await createEnvironment(db, actor, { name: "Free" }, options);
    await storeSnapshot(db, actor, {
      environmentId: free.id,
      source: "webapi-json",
      sourceName: "tiny.json",
      document: TINY,
    });
    await deleteEnvironment(db, actor, { environmentId: free.id }, options);
    expect(await db.environment.count({ where: { id: free.id } })).toBe(0);
    expect(await db.metadataSnapshot.count({ where: { environmentId: free.id } })).toBe(0);
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "environment.delete", targetId: free.id } });
    expect(entry.summary).toBe("Deleted environment Free with its 1 metadata snapshot");
    expect(await failure(loadEnvironment(db, free.id))).toMatchObject({ code: "not_found" });
  });
}

describe("environments on SQLite", () => suite("sqlite"));
describe("environments on PostgreSQL", () => suite("postgresql"));
