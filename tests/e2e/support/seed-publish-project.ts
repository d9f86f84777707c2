// Seeds, into the e2e server's database, an environment with a real metadata snapshot and an app project
// with contact enabled (SEED_PROJECT_NAME), connected to the run's HTTPS test org when SEED_TENANT holds its
// E2ETenant JSON (the device API resolves users' roles there). Prints JSON.
import { getDb } from "@/lib/db/client";
import { createEnvironment } from "@/lib/environments/mutations";
import { offlineProject, readRealWebApi, storeRealSnapshot } from "./seed-project";
import type { E2ETenant } from "./state";

const db = getDb();
const owner = await db.user.findFirstOrThrow({ where: { role: "owner" } });
const actor = { id: owner.id, label: `${owner.name} <${owner.email}>` };
{
  const name = process.env.SEED_PROJECT_NAME ?? "E2E publish";
  const tenant = process.env.SEED_TENANT ? (JSON.parse(process.env.SEED_TENANT) as E2ETenant) : undefined;
  const environment = await createEnvironment(db, actor, {
    name: `${name} org`,
    tenantId: tenant?.tenantId,
    clientId: tenant?.clientId,
    clientSecret: tenant?.clientSecret,
  });
  // The org URL check admits Dataverse hosts only (*.crm.dynamics.com ...); the test org is https://127.0.0.1:PORT.
  if (tenant) await db.environment.update({ where: { id: environment.id }, data: { orgUrl: tenant.origin } });
  const snapshotId = await storeRealSnapshot(db, actor, environment.id, await readRealWebApi());
  // Several specs seed a project for Alex's role and publish it; the newest one must be the one his device gets,
  // whatever the others left behind (a strict security policy, newer versions): it gets the highest priority.
  const highest = await db.projectRole.aggregate({ where: { roleName: "Salesperson" }, _max: { priority: true } });
  const id = await offlineProject(
    db,
    actor,
    { environmentId: environment.id, snapshotId },
    {
      name,
      description: "Field sales",
      roles: [{ roleName: "Salesperson", priority: (highest._max.priority ?? 9) + 1 }],
      tables: ["contact"],
    },
  );
  process.stdout.write(JSON.stringify({ projectId: id }) + "\n");
}
await db.$disconnect();
