// Seeds two file-only environments, each with a snapshot of the real Web API files and a project with contact
// enabled: one whose imported solution defined security roles (recorded as a solution upload records them), one
// that knows no roles. Prints {"withRoles","withoutRoles"} (project ids) as JSON. Names from SEED_RUN.
import { getDb } from "@/lib/db/client";
import { recordSolutionRoles } from "@/lib/environments/mutations";
import { SEED_ACTOR, environmentWithSnapshot, offlineProject, readRealWebApi } from "./seed-project";

const run = process.env.SEED_RUN ?? "e2e";
const actor = SEED_ACTOR;
const db = getDb();
const document = await readRealWebApi();

async function projectIn(envName: string, projectName: string, roles: string[]): Promise<string> {
  const at = await environmentWithSnapshot(db, actor, envName, document);
  if (roles.length > 0)
    await recordSolutionRoles(db, actor, {
      environmentId: at.environmentId,
      source: "FieldService_managed.zip",
      roles: roles.map((name) => ({ name })),
    });
  return offlineProject(db, actor, at, { name: projectName, tables: ["contact"] });
}

const withRoles = await projectIn(`Roles org ${run}`, `Field roles ${run}`, [
  "Field Technician",
  "Dispatcher",
  "Sales Manager (Mobile)",
]);
const withoutRoles = await projectIn(`No roles org ${run}`, `Typed roles ${run}`, []);
process.stdout.write(JSON.stringify({ withRoles, withoutRoles }) + "\n");
await db.$disconnect();
