// API tokens never do more than the user they act for may do now, through the real automation API routes on a
// real SQLite file: every route x every state of that user (owner, editor, viewer, disabled, deleted), then a
// demotion, a re-assignment and a disabling in the same process taking effect on the very next request; and
// Settings' list showing such tokens as limited or suspended with the reason.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbClient, type Db } from "@/lib/db/client";
import { resetConfigForTests } from "@/lib/config";
import { readMetadataSource } from "@/lib/metadata/read-source";
import { storeSnapshot } from "@/lib/metadata/mutations";
import { createProject, enableTables } from "@/lib/customization/mutations";
import { createApiToken, reassignApiToken } from "@/lib/api-tokens/mutations";
import { listApiTokens, listTokenAssignees } from "@/lib/api-tokens/data";
import { changeRole, setUserDisabled } from "@/lib/auth/users";
import * as exportRoute from "@/app/api/v1/projects/[project]/export/route";
import * as importRoute from "@/app/api/v1/projects/[project]/import/route";
import * as publishRoute from "@/app/api/v1/projects/[project]/publish/route";
import * as bundleRoute from "@/app/api/v1/projects/[project]/versions/[number]/bundle/route";
import { startRouteServer, type RouteServer } from "../support/route-server";
import { createTempDir, createTestSqlite } from "../support/test-database";

const SOURCE = path.resolve(process.cwd(), "../shared/data/dataverse/webapi-entitydefinitions");
const ALL_SCOPES = ["projects:read", "projects:write", "publish"] as const;

let db: Db;
let server: RouteServer;
let projectId: string;
let projectFile: string;
let cleanup: () => Promise<void>;
const saved: Record<string, string | undefined> = {};
const users: Record<string, { id: string; email: string; name: string; role: string }> = {};
const tokens: Record<string, { id: string; token: string }> = {};
const owner = () => ({ ...users.owner, label: users.owner.email });

type RouteName = "export" | "import" | "publish" | "bundle";
async function call(route: RouteName, token: string): Promise<Response> {
  const auth = { authorization: `Bearer ${token}` };
  const base = `${server.url}/api/v1/projects/${projectId}`;
  switch (route) {
    case "export":
      return fetch(`${base}/export`, { headers: auth });
    case "import": // a dry run: the diff only, nothing written
      return fetch(`${base}/import`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: projectFile,
      });
    case "publish":
      return fetch(`${base}/publish`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: "{}",
      });
    case "bundle":
      return fetch(`${base}/versions/latest/bundle`, { headers: auth });
  }
}

beforeAll(async () => {
  const database = await createTestSqlite();
  const dataDir = createTempDir("syncwright-data-");
  for (const key of ["DATABASE_URL", "SYNCWRIGHT_DATA_DIR"]) saved[key] = process.env[key];
  process.env.DATABASE_URL = database.url;
  process.env.SYNCWRIGHT_DATA_DIR = dataDir.dir;
  resetConfigForTests();
  db = createDbClient(database.url);
  for (const [key, role, disabled] of [
    ["owner", "owner", false],
    ["owner2", "owner", false],
    ["editor", "editor", false],
    ["viewer", "viewer", false],
    ["disabled", "editor", false],
    ["deleted", "editor", false],
    ["demoted", "editor", false],
  ] as const) {
    const u = await db.user.create({ data: { email: `${key}@example.com`, name: key, role, disabled } });
    users[key] = { id: u.id, email: u.email, name: u.name, role: u.role };
  }
  const actor = owner();
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
    description: "",
    environmentId: env.id,
    snapshotId: snapshot.id,
    roles: [{ roleName: "Salesperson", priority: 10 }],
  }));
  await enableTables(db, actor, { projectId, tableNames: ["contact"], syncMode: "offline" });
  // Each user creates a token with every scope while they may (a token is created by whoever is signed in).
  for (const key of Object.keys(users)) {
    const u = users[key];
    tokens[key] = await createApiToken(
      db,
      { id: u.id, label: u.email },
      { name: `CI of ${key}`, scopes: [...ALL_SCOPES] },
    );
  }
  // Then some of them lose their standing: the states the matrix tries.
  await db.user.update({ where: { id: users.disabled.id }, data: { disabled: true } });
  await db.user.delete({ where: { id: users.deleted.id } });
  server = await startRouteServer([
    { method: "GET", pattern: /^\/api\/v1\/projects\/(?<project>[^/]+)\/export$/, handler: exportRoute.GET },
    { method: "POST", pattern: /^\/api\/v1\/projects\/(?<project>[^/]+)\/import$/, handler: importRoute.POST },
    { method: "POST", pattern: /^\/api\/v1\/projects\/(?<project>[^/]+)\/publish$/, handler: publishRoute.POST },
    {
      method: "GET",
      pattern: /^\/api\/v1\/projects\/(?<project>[^/]+)\/versions\/(?<number>[^/]+)\/bundle$/,
      handler: bundleRoute.GET,
    },
  ]);
  // A version to pull, and the project file to import (by the owner's token).
  expect((await call("publish", tokens.owner.token)).status).toBe(201);
  projectFile = await (await call("export", tokens.owner.token)).text();
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

describe("a token never does more than the user it acts for may do now", () => {
  // Expected status per route for a token holding every scope, by the state of its user.
  const ok = { export: 200, import: 200, publish: 201, bundle: 200 };
  const matrix: Record<string, Record<RouteName, number>> = {
    owner: ok,
    editor: ok,
    viewer: { export: 200, import: 403, publish: 403, bundle: 200 },
    disabled: { export: 401, import: 401, publish: 401, bundle: 401 },
    deleted: { export: 401, import: 401, publish: 401, bundle: 401 },
  };

  for (const [state, expected] of Object.entries(matrix)) {
    for (const route of Object.keys(expected) as RouteName[]) {
      it(`${state}'s token: ${route} -> ${expected[route]}`, async () => {
        const response = await call(route, tokens[state].token);
        const text = await response.text();
        expect(response.status, text).toBe(expected[route]);
        if (expected[route] === 401) {
          expect(response.headers.get("content-type")).toBe("application/problem+json");
          expect(JSON.parse(text).detail).toContain(
            state === "disabled"
              ? "the user who created this token is disabled"
              : "the user who created this token no longer exists",
          );
        }
        if (expected[route] === 403) {
          expect(JSON.parse(text).detail).toMatch(/acts for viewer@example\.com, whose role \(viewer\) may no longer/);
        }
      });
    }
  }

  it("takes a demotion, a re-assignment and a disabling into account on the very next request", async () => {
    const token = tokens.demoted.token;
    expect((await call("publish", token)).status).toBe(201);

    await changeRole(db, { ...owner(), role: "owner" }, { userId: users.demoted.id, role: "viewer" });
    const refused = await call("publish", token);
    expect(refused.status).toBe(403);
    expect((await refused.json()).detail).toContain("may no longer publish versions");
    expect((await call("import", token)).status).toBe(403);
    // What a viewer may do, the token still does.
    expect((await call("export", token)).status).toBe(200);
    expect((await call("bundle", token)).status).toBe(200);

    // An owner re-assigns it to another owner: the same secret publishes again, as that owner.
    await reassignApiToken(db, owner(), { id: tokens.demoted.id, userId: users.owner2.id });
    const published = await call("publish", token);
    expect(published.status).toBe(201);
    const version = await db.version.findFirstOrThrow({ where: { projectId }, orderBy: { number: "desc" } });
    expect(version.createdById).toBe(users.owner2.id);
    expect(version.createdByLabel).toContain("owner2@example.com");
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: "token.reassign" } });
    expect(entry.summary).toBe(
      `Re-assigned API token 'CI of demoted' (swt_${token.slice(4, 12)}…) from demoted@example.com to owner2@example.com`,
    );
    expect(entry.actorLabel).toBe("owner@example.com");

    // Its new user is disabled: refused with 401 and the reason, at once.
    await setUserDisabled(db, { ...owner(), role: "owner" }, { userId: users.owner2.id, disabled: true });
    const suspended = await call("export", token);
    expect(suspended.status).toBe(401);
    expect((await suspended.json()).detail).toContain("the user who created this token is disabled");
  });

  it("refuses to re-assign to a viewer, a disabled user, or a revoked token", async () => {
    await expect(reassignApiToken(db, owner(), { id: tokens.editor.id, userId: users.viewer.id })).rejects.toThrow(
      /cannot hold API tokens/,
    );
    await expect(reassignApiToken(db, owner(), { id: tokens.editor.id, userId: users.disabled.id })).rejects.toThrow(
      /cannot hold API tokens/,
    );
    await db.apiToken.update({ where: { id: tokens.viewer.id }, data: { revokedAt: new Date() } });
    await expect(reassignApiToken(db, owner(), { id: tokens.viewer.id, userId: users.owner.id })).rejects.toThrow(
      /is revoked/,
    );
  });
});

describe("Settings > API tokens", () => {
  it("lists tokens of disabled, deleted and demoted users as suspended or limited with the reason", async () => {
    const list = await listApiTokens(db);
    const byName = Object.fromEntries(list.map((t) => [t.name, t]));
    expect(byName["CI of owner"]).toMatchObject({
      status: "active",
      statusReason: null,
      createdBy: "owner@example.com",
    });
    expect(byName["CI of disabled"]).toMatchObject({
      status: "suspended",
      statusReason: "the user who created this token is disabled",
    });
    expect(byName["CI of deleted"]).toMatchObject({
      status: "suspended",
      statusReason: "the user who created this token no longer exists",
      actsFor: null,
    });
    expect(byName["CI of viewer"]).toMatchObject({ status: "revoked", statusReason: null });
    // Re-assigned to owner2, who was then disabled.
    expect(byName["CI of demoted"]).toMatchObject({ status: "suspended", createdBy: "owner2@example.com" });
    await db.apiToken.create({
      data: {
        name: "limited",
        tokenHash: "x".repeat(64),
        prefix: "AAAAAAAA",
        scopes: JSON.stringify(["projects:read", "publish"]),
        createdById: users.demoted.id,
      },
    });
    expect((await listApiTokens(db)).find((t) => t.name === "limited")).toMatchObject({
      status: "limited",
      statusReason: "demoted@example.com is now viewer and may no longer use publish",
    });
    // Who a token can be given to: enabled owners and editors only.
    expect((await listTokenAssignees(db)).map((a) => a.email)).toEqual(["owner@example.com", "editor@example.com"]);
  });
});
