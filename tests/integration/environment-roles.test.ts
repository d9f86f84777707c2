// The security roles an environment knows, end to end on real databases: read from the org through the Dataverse
// Web API stand-in (`roles?$select=name,roleid,_businessunitid_value,...`, paged, with formatted values) by a live
// import, kept when the org refuses them (an application user without prvReadRole: the import still succeeds and
// says so); recorded from a solution upload that defines roles (the real nonprofit zip with a <Roles> section in
// Dataverse's shape) and replaced by its re-import; and what they mean for a project: a role the org's list lacks is
// refused on save, one only unverified (solutions' roles) is saved and warned of when publishing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { createDbClient, type Db } from "@/lib/db/client";
import { DataverseClient } from "@/lib/dataverse/client";
import { chunksOf } from "@/lib/http/request-body";
import { loadEnvironment } from "@/lib/environments/data";
import { startLiveImport } from "@/lib/metadata/import-job";
import { receiveMetadataUpload } from "@/lib/metadata/upload-core";
import { createProject, setProjectRoles } from "@/lib/customization/mutations";
import { loadProjectDocument } from "@/lib/customization/data";
import { checkForPublish } from "@/lib/versions/mutations";
import { createLogger } from "@/lib/logger";
import { REAL_ROLE_TEMPLATES, startDataverseStandin, type DataverseStandin } from "@/tests/support/dataverse-standin";
import { enableAppTokens, type AppTokens } from "@/tests/support/dataverse-standin/app-tokens";
import { startOidcServer, type OidcTestServer } from "@/tests/support/oidc-server";
import { createTestPostgres, createTestSqlite, postgresForTests } from "../support/test-database";
import { NONPROFIT_ZIP } from "../unit/metadata/real-data";

const quiet = createLogger({ level: "silent" });
let oidc: OidcTestServer;
let tokens: AppTokens;
let standin: DataverseStandin;

beforeAll(async () => {
  oidc = await startOidcServer();
  tokens = enableAppTokens(oidc);
  // A small page size: the 21 roles come in several pages, as a big org's would.
  standin = await startDataverseStandin({ ...tokens.standinAuth, maxPageSize: 5 });
}, 60_000);
afterAll(async () => {
  await standin?.close();
  await oidc?.stop();
});
beforeEach(() => standin.reset());

async function clientFor(): Promise<DataverseClient> {
  return new DataverseClient({
    orgUrl: standin.url,
    allowInsecureHttp: true,
    logger: quiet,
    ...(await tokens.clientOptions()),
  });
}

/** The real nonprofit solution zip with two roles defined where Dataverse writes them (it ships `<Roles></Roles>`). */
function nonprofitWithRoles(names: string[]): Uint8Array {
  const files = unzipSync(new Uint8Array(readFileSync(NONPROFIT_ZIP)));
  const text = strFromU8(files["customizations.xml"]);
  expect(text).toContain("<Roles></Roles>");
  const roles = names
    .map(
      (name, i) =>
        `<Role id="{7a3c1e20-0000-4000-8000-00000000000${i + 1}}" name="${name}"><RolePrivileges><RolePrivilege name="prvReadContact" level="Global" /></RolePrivileges></Role>`,
    )
    .join("");
  files["customizations.xml"] = strToU8(text.replace("<Roles></Roles>", `<Roles>${roles}</Roles>`));
  return zipSync(files, { level: 1 });
}

async function upload(db: Db, environmentId: string, actor: { id: string; label: string }, bytes: Uint8Array) {
  const form = new FormData();
  form.append("files", new File([bytes as BlobPart], "NonprofitCore_2_2_3_0_managed.zip"));
  const request = new Request("http://127.0.0.1/upload", { method: "POST", body: form });
  return receiveMetadataUpload(db, {
    environmentId,
    headers: request.headers,
    body: chunksOf(request.body),
    actor,
    requestId: "req-upload",
  });
}

function suite(provider: "sqlite" | "postgresql") {
  let db: Db;
  let cleanup: () => Promise<void> = async () => {};
  let skip = false;
  let actor: { id: string; label: string };

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

  it("a live import reads the org's roles through the Web API and a project's roles are checked against them", async (ctx) => {
    if (skip) ctx.skip();
    const environmentId = (await db.environment.create({ data: { name: "Contoso live" } })).id;
    const { finished } = await startLiveImport(
      db,
      actor,
      { environmentId, client: await clientFor() },
      { read: { tables: ["contact", "systemuser"] } },
    );
    const job = await finished;
    expect(job.status).toBe("done");
    expect(job.message).not.toMatch(/security roles/);

    const rolesRequests = standin.requests.filter((r) => r.path === "roles");
    expect(rolesRequests.length).toBeGreaterThan(1); // paged: 21 rows, 5 a page
    expect(decodeURIComponent(rolesRequests[0].search)).toContain("$select=name,roleid,_businessunitid_value");

    const environment = await loadEnvironment(db, environmentId);
    expect(environment.roles).toHaveLength(21);
    expect(environment.rolesFetchedAt).toBeInstanceOf(Date);
    expect(environment.roles?.find((r) => r.name === "System Administrator")?.templateId).toBe(
      REAL_ROLE_TEMPLATES["System Administrator"],
    );
    expect(environment.roles?.find((r) => r.name === "Field Technician")?.businessUnitName).toBeTruthy();
    expect(environment.knownRoles.source).toBe("org");
    expect(environment.knownRoles.roles.map((r) => r.name)).toEqual([
      "Basic User",
      "Delegate",
      "Field Technician",
      "Sales Manager (Mobile)",
      "Salesperson",
      "System Administrator",
      "System Customizer",
    ]);
    const actions = await db.auditEntry.findMany({ where: { targetId: environmentId }, orderBy: { at: "asc" } });
    expect(actions.map((a) => a.action)).toEqual([
      "metadata.import.start",
      "metadata.snapshot.import",
      "environment.roles.refresh",
    ]);

    // The org's list is complete: a misspelt role is refused on save, a listed one (any case) is saved.
    const snapshotId = job.snapshotId!;
    const project = await createProject(db, actor, {
      environmentId,
      snapshotId,
      name: "Field sales",
      description: "",
      roles: [{ roleName: "field technician", priority: 5 }],
    });
    const loaded = await loadProjectDocument(db, project.id);
    await expect(
      setProjectRoles(
        db,
        actor,
        {
          projectId: project.id,
          revision: loaded.projectRevision,
          roles: [{ roleName: "Feild Technician", priority: 5 }],
        },
        { onAssignmentsChanged: () => {} },
      ),
    ).rejects.toMatchObject({ code: "invalid", message: expect.stringContaining("Feild Technician") });
  });

  it("an org that refuses its roles (no prvReadRole) costs the import nothing: the job says so", async (ctx) => {
    if (skip) ctx.skip();
    const environmentId = (await db.environment.create({ data: { name: "Contoso locked" } })).id;
    const remove = standin.route("GET", /^roles$/, () => ({
      status: 403,
      body: {
        error: {
          code: "0x80040220",
          message:
            "Principal user (Id=00000000-0000-0000-0000-00000000a99e, type=8, roleCount=1, privilegeCount=12, accessMode=0), is missing prvReadRole privilege (Id=00000000-0000-0000-0000-000000000000) on OTC=1036 for entity 'role'.",
        },
      },
    }));
    try {
      const { finished } = await startLiveImport(
        db,
        actor,
        { environmentId, client: await clientFor() },
        { read: { tables: ["contact"] } },
      );
      const job = await finished;
      expect(job.status).toBe("done");
      expect(job.message).toMatch(/the org's security roles could not be read .*prvReadRole/);
      const environment = await loadEnvironment(db, environmentId);
      expect(environment.roles).toBeNull();
      expect(environment.knownRoles.source).toBe("none");
    } finally {
      remove();
    }
  });

  it("a solution upload that defines roles records them; its re-import replaces them; publishing warns of an unverified role", async (ctx) => {
    if (skip) ctx.skip();
    const environmentId = (await db.environment.create({ data: { name: "Contoso files" } })).id;
    const first = await upload(db, environmentId, actor, nonprofitWithRoles(["Fundraiser", "Volunteer Coordinator"]));
    expect(first.status).toBe(201);
    expect(first.body.message).toContain("Its 2 security roles (Fundraiser, Volunteer Coordinator) are offered");
    let environment = await loadEnvironment(db, environmentId);
    expect(environment.roles).toBeNull();
    expect(environment.solutionRoles).toEqual([
      {
        source: "NonprofitCore_2_2_3_0_managed.zip",
        importedAt: expect.any(String),
        roles: [
          { name: "Fundraiser", id: "7a3c1e20-0000-4000-8000-000000000001" },
          { name: "Volunteer Coordinator", id: "7a3c1e20-0000-4000-8000-000000000002" },
        ],
      },
    ]);
    expect(environment.knownRoles).toMatchObject({ source: "solutions" });

    // The same metadata again, with one role renamed: the snapshot is a duplicate, the roles are replaced.
    const again = await upload(db, environmentId, actor, nonprofitWithRoles(["Fundraiser", "Volunteer Lead"]));
    expect(again.status).toBe(200);
    environment = await loadEnvironment(db, environmentId);
    expect(environment.knownRoles.roles.map((r) => r.name)).toEqual(["Fundraiser", "Volunteer Lead"]);
    const audits = await db.auditEntry.findMany({
      where: { targetId: environmentId, action: "environment.roles.solution" },
      orderBy: { at: "asc" },
    });
    expect(audits.map((a) => a.summary)).toEqual([
      "Recorded 2 security roles of Contoso files from NonprofitCore_2_2_3_0_managed.zip: Fundraiser, Volunteer Coordinator",
      "Recorded 2 security roles of Contoso files from NonprofitCore_2_2_3_0_managed.zip: Fundraiser, Volunteer Lead",
    ]);

    // Only the solutions' roles are known: a role they lack is saved (it may exist in the org), and warned of.
    const snapshot = await db.metadataSnapshot.findFirstOrThrow({ where: { environmentId } });
    const project = await createProject(db, actor, {
      environmentId,
      snapshotId: snapshot.id,
      name: "Fundraising",
      description: "",
      roles: [
        { roleName: "fundraiser", priority: 5 },
        { roleName: "Grant Manager", priority: 3 },
      ],
    });
    const loaded = await loadProjectDocument(db, project.id);
    const check = await checkForPublish(db, loaded.project);
    const roleWarnings = check.warnings.filter((w) => w.path.startsWith("roles"));
    expect(roleWarnings.map((w) => w.path)).toEqual(["roles/Grant%20Manager"]);
    expect(roleWarnings[0].message).toMatch(/Grant Manager/);
  });
}

describe("environment roles on SQLite", () => suite("sqlite"));
describe("environment roles on PostgreSQL", () => suite("postgresql"));
