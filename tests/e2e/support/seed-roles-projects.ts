// Seeds two file-only environments, each with a snapshot of the real Web API files and a project with contact
// enabled: one whose imported solution defined security roles (recorded as a solution upload records them), one
// that knows no roles. Prints {"withRoles","withoutRoles"} (project ids) as JSON. Names from SEED_RUN.
import path from "node:path";
import { getDb } from "@/lib/db/client";
import { readMetadataSource } from "@/lib/metadata/read-source";
import { storeSnapshot } from "@/lib/metadata/mutations";
import { recordSolutionRoles } from "@/lib/environments/mutations";
import { createProject, enableTables } from "@/lib/customization/mutations";

const run = process.env.SEED_RUN ?? "e2e";
const actor = { id: "e2e-seed", label: "e2e seed" };
const db = getDb();
const source = await readMetadataSource(
  path.resolve(process.cwd(), "../shared/data/dataverse/webapi-entitydefinitions"),
);

async function projectIn(envName: string, projectName: string, roles: string[]): Promise<string> {
  const environment = await db.environment.create({ data: { name: envName } });
  const { snapshot } = await storeSnapshot(db, actor, {
    environmentId: environment.id,
    source: "webapi-json",
    sourceName: "webapi-entitydefinitions",
    document: source.document,
  });
  if (roles.length > 0)
    await recordSolutionRoles(db, actor, {
      environmentId: environment.id,
      source: "FieldService_managed.zip",
      roles: roles.map((name) => ({ name })),
    });
  const { id } = await createProject(db, actor, {
    name: projectName,
    description: "",
    environmentId: environment.id,
    snapshotId: snapshot.id,
    roles: [],
  });
  await enableTables(db, actor, { projectId: id, tableNames: ["contact"], syncMode: "offline" });
  return id;
}

const withRoles = await projectIn(`Roles org ${run}`, `Field roles ${run}`, [
  "Field Technician",
  "Dispatcher",
  "Sales Manager (Mobile)",
]);
const withoutRoles = await projectIn(`No roles org ${run}`, `Typed roles ${run}`, []);
process.stdout.write(JSON.stringify({ withRoles, withoutRoles }) + "\n");
await db.$disconnect();
