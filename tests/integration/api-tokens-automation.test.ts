// API tokens and the automation API over HTTP with the real route handlers and a real SQLite file: tokens
// hashed at rest and shown once, scopes enforced, revocation; the CLI's export/import/publish/pull against
// it; export -> import -> export byte-identical; import shows its diff first and never touches versions.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type Db } from "@/lib/db/client";
import { resetConfigForTests } from "@/lib/config";
import { readMetadataSource } from "@/lib/metadata/read-source";
import { storeSnapshot } from "@/lib/metadata/mutations";
import { createProject, enableTables, saveTableConfig } from "@/lib/customization/mutations";
import { loadTableConfig } from "@/lib/customization/data";
import { createApiToken, revokeApiToken } from "@/lib/api-tokens/mutations";
import { listApiTokens } from "@/lib/api-tokens/data";
import { verifyBundle } from "@/lib/bundle/verify";
import { loadSigningKeys } from "@/lib/bundle/keys";
import { exportCommand, importCommand, publishCommand, pullCommand, type CliIo } from "@/lib/cli/commands/portal";
import * as exportRoute from "@/app/api/v1/projects/[project]/export/route";
import * as importRoute from "@/app/api/v1/projects/[project]/import/route";
import * as importNewRoute from "@/app/api/v1/projects/import/route";
import * as publishRoute from "@/app/api/v1/projects/[project]/publish/route";
import * as bundleRoute from "@/app/api/v1/projects/[project]/versions/[number]/bundle/route";
import { startRouteServer, type RouteServer } from "../support/route-server";
import { createTempDir, createTestSqlite } from "../support/test-database";

const SOURCE = path.resolve(process.cwd(), "../shared/data/dataverse/webapi-entitydefinitions");

let db: Db;
let server: RouteServer;
let projectId: string;
let dataDir: { dir: string; cleanup(): void };
let cleanup: () => Promise<void>;
let actor: { id: string; label: string };
const tokens: Record<string, string> = {};
const saved: Record<string, string | undefined> = {};

function capture(): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    out: (t: string) => void (io.stdout += t),
    err: (t: string) => void (io.stderr += t),
  };
  return io;
}

beforeAll(async () => {
  const database = await createTestSqlite();
  dataDir = createTempDir("syncwright-data-");
  for (const key of ["DATABASE_URL", "SYNCWRIGHT_DATA_DIR"]) saved[key] = process.env[key];
  // The route handlers use the process's configured database and data folder, as in the portal.
  process.env.DATABASE_URL = database.url;
  process.env.SYNCWRIGHT_DATA_DIR = dataDir.dir;
  resetConfigForTests();
  db = createDbClient(database.url);
  const ada = await db.user.create({ data: { email: "ada@example.com", name: "Ada", role: "owner" } });
  actor = { id: ada.id, label: "Ada <ada@example.com>" };
  const env = await db.environment.create({ data: { name: "Contoso" } });
  const source = await readMetadataSource(SOURCE);
  const { snapshot } = await storeSnapshot(db, actor, {
    environmentId: env.id,
    source: "webapi-json",
    sourceName: "webapi",
    document: source.document,
  });
  ({ id: projectId } = await createProject(db, actor, {
    name: "Field sales",
    description: "For the field",
    environmentId: env.id,
    snapshotId: snapshot.id,
    roles: [{ roleName: "Salesperson", priority: 10 }],
  }));
  await enableTables(db, actor, { projectId, tableNames: ["contact", "appbase_actionitem"], syncMode: "offline" });
  for (const [name, scopes] of Object.entries({
    read: ["projects:read"],
    write: ["projects:read", "projects:write"],
    publish: ["publish", "projects:read"],
  } as const)) {
    tokens[name] = (await createApiToken(db, actor, { name: `CI ${name}`, scopes: [...scopes] })).token;
  }
  const project = "(?<project>[^/]+)";
  server = await startRouteServer([
    { method: "GET", pattern: new RegExp(`^/api/v1/projects/${project}/export$`), handler: exportRoute.GET },
    { method: "POST", pattern: /^\/api\/v1\/projects\/import$/, handler: importNewRoute.POST },
    { method: "POST", pattern: new RegExp(`^/api/v1/projects/${project}/import$`), handler: importRoute.POST },
    { method: "POST", pattern: new RegExp(`^/api/v1/projects/${project}/publish$`), handler: publishRoute.POST },
    {
      method: "GET",
      pattern: new RegExp(`^/api/v1/projects/${project}/versions/(?<number>[^/]+)/bundle$`),
      handler: bundleRoute.GET,
    },
  ]);
  cleanup = async () => {
    await db.$disconnect();
    await database.cleanup();
    dataDir.cleanup();
  };
}, 60_000);

afterAll(async () => {
  await server?.close();
  await cleanup?.();
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  resetConfigForTests();
});

const get = (p: string, token?: string) =>
  fetch(`${server.url}${p}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe("API tokens", () => {
  it("stores only a hash, lists the prefix and scopes, never the token", async () => {
    expect(tokens.read).toMatch(/^swt_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    const rows = await db.apiToken.findMany();
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(JSON.stringify(row)).not.toContain(tokens.read.slice(13));
    const list = await listApiTokens(db);
    expect(list.find((t) => t.name === "CI write")).toMatchObject({
      scopes: ["projects:read", "projects:write"],
      createdBy: "ada@example.com",
      revokedAt: null,
    });
    expect(JSON.stringify(list)).not.toContain("tokenHash");
    expect(await db.auditEntry.count({ where: { action: "token.create" } })).toBe(3);
  });

  it("refuses a missing, unknown or revoked token with 401 and a token without the scope with 403", async () => {
    const exportPath = `/api/v1/projects/${projectId}/export`;
    expect((await get(exportPath)).status).toBe(401);
    expect((await get(exportPath, "swt_AAAAAAAA_" + "a".repeat(43))).status).toBe(401);
    expect((await get(exportPath, tokens.read)).status).toBe(200);
    const publish = await fetch(`${server.url}/api/v1/projects/${projectId}/publish`, {
      method: "POST",
      headers: { authorization: `Bearer ${tokens.read}`, "content-type": "application/json" },
      body: "{}",
    });
    expect(publish.status).toBe(403);
    expect((await publish.json()).detail).toContain("lacks the scope 'publish'");
    const extra = await createApiToken(db, actor, { name: "to revoke", scopes: ["projects:read"] });
    expect((await get(exportPath, extra.token)).status).toBe(200);
    await revokeApiToken(db, actor, { id: extra.id });
    expect((await get(exportPath, extra.token)).status).toBe(401);
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: extra.id } })).lastUsedAt).not.toBeNull();
  });
});

describe("syncwright export/import/publish/pull against the portal", () => {
  it("exports, imports back and exports again byte-identically; import shows the diff first and keeps versions", async () => {
    const dir = createTempDir("syncwright-cli-");
    try {
      const file1 = path.join(dir.dir, "field-sales.json");
      const opts = { url: server.url, token: tokens.write };
      expect(await exportCommand({ ...opts, project: "Field sales", output: file1 }, capture())).toBe(0);
      const original = fs.readFileSync(file1, "utf8");
      expect(JSON.parse(original)).toMatchObject({ format: "syncwright-project", project: { name: "Field sales" } });

      // A published version, then a change in the portal that the import will undo.
      const pub = capture();
      expect(
        await publishCommand({ url: server.url, token: tokens.publish, project: "Field sales", notes: "from CI" }, pub),
      ).toBe(0);
      expect(pub.stdout).toMatch(/Published version 1 of 'Field sales'/);
      const v1 = await db.version.findFirstOrThrow({ where: { projectId } });
      const contact = await loadTableConfig(db, projectId, "contact");
      await saveTableConfig(db, actor, {
        projectId,
        tableName: "contact",
        revision: contact.revision,
        config: { ...contact.config, columns: [...contact.config.columns, "fax"] },
      });
      const revisionBefore = (await loadTableConfig(db, projectId, "contact")).revision;

      const dry = capture();
      expect(await importCommand(file1, { ...opts, into: "Field sales" }, dry)).toBe(0);
      expect(dry.stdout).toMatch(/contact: .*fax/);
      expect(dry.stdout).toContain("Nothing written");
      expect((await loadTableConfig(db, projectId, "contact")).revision).toBe(revisionBefore);

      const applied = capture();
      expect(await importCommand(file1, { ...opts, into: "Field sales", yes: true }, applied)).toBe(0);
      expect(applied.stdout).toContain("Applied as new draft revisions");
      expect((await loadTableConfig(db, projectId, "contact")).revision).toBe(revisionBefore + 1);

      const file2 = path.join(dir.dir, "again.json");
      expect(await exportCommand({ ...opts, project: projectId, output: file2 }, capture())).toBe(0);
      expect(fs.readFileSync(file2, "utf8")).toBe(original);

      // Versions untouched by the import.
      const versions = await db.version.findMany({ where: { projectId } });
      expect(versions).toHaveLength(1);
      expect(Buffer.from(versions[0].bundle).equals(Buffer.from(v1.bundle))).toBe(true);

      const again = capture();
      expect(await importCommand(file1, { ...opts, into: "Field sales", yes: true }, again)).toBe(0);
      expect(again.stdout).toContain("No changes");
    } finally {
      dir.cleanup();
    }
  });

  it("imports a file as a new project with the same configuration", async () => {
    const dir = createTempDir("syncwright-cli-");
    try {
      const file = path.join(dir.dir, "p.json");
      const opts = { url: server.url, token: tokens.write };
      await exportCommand({ ...opts, project: "Field sales", output: file }, capture());
      const io = capture();
      expect(await importCommand(file, { ...opts, asNew: true, name: "Field sales copy" }, io)).toBe(0);
      const copyFile = path.join(dir.dir, "copy.json");
      expect(await exportCommand({ ...opts, project: "Field sales copy", output: copyFile }, capture())).toBe(0);
      expect(fs.readFileSync(copyFile, "utf8")).toBe(
        fs.readFileSync(file, "utf8").replace('"name": "Field sales"', '"name": "Field sales copy"'),
      );
    } finally {
      dir.cleanup();
    }
  });

  it("pulls the latest or a numbered version, signed with the portal's key", async () => {
    const io = capture();
    expect(await pullCommand({ url: server.url, token: tokens.read, project: "Field sales" }, io)).toBe(0);
    const keys = loadSigningKeys({ dataDir: dataDir.dir });
    const result = verifyBundle(io.stdout, { publicKey: keys.publicKey });
    expect(result.ok).toBe(true);
    expect(result.manifest?.version).toBe(1);
    const missing = capture();
    expect(
      await pullCommand({ url: server.url, token: tokens.read, project: "Field sales", version: "9" }, missing),
    ).toBe(1);
    expect(missing.stderr).toMatch(/404: This project has no version 9/);
    // The copy imported above has never been published: "latest" names none.
    const none = capture();
    expect(await pullCommand({ url: server.url, token: tokens.read, project: "Field sales copy" }, none)).toBe(1);
    expect(none.stderr).toMatch(/404: Project 'Field sales copy' has no published version yet/);
  });

  it("exits 2 for usage errors and unreadable files, 1 for refusals", async () => {
    const io = capture();
    expect(
      await importCommand("/nonexistent/file.json", { url: server.url, token: tokens.write, into: "Field sales" }, io),
    ).toBe(2);
    expect(io.stderr).toMatch(/Cannot read \/nonexistent\/file.json: ENOENT/);
    expect(await importCommand("x.json", { url: server.url, token: tokens.write }, capture())).toBe(2);
    expect(await exportCommand({ url: server.url, project: "Field sales" }, capture())).toBe(
      process.env.SYNCWRIGHT_TOKEN ? 1 : 2,
    );
    const refused = capture();
    expect(await exportCommand({ url: server.url, token: "swt_nope", project: "Field sales" }, refused)).toBe(1);
    expect(refused.stderr).toMatch(/401/);
    const broken = createTempDir("syncwright-cli-");
    try {
      const bad = path.join(broken.dir, "bad.json");
      fs.writeFileSync(bad, '{"format": "syncwright-project", "formatVersion": 1, "project": {"name": 5}}');
      const invalid = capture();
      expect(await importCommand(bad, { url: server.url, token: tokens.write, into: "Field sales" }, invalid)).toBe(1);
      expect(invalid.stderr).toMatch(/project\.name/);
    } finally {
      broken.cleanup();
    }
  });
});
