// Seeds a project for the validation panel spec: contact and annotation offline on a snapshot of the real Web API
// files, with "Offline tables: advised below" set to 2, so the project raises the "Many offline tables" warning.
// Prints {"projectId"} as JSON.
import path from "node:path";
import { getDb } from "@/lib/db/client";
import { readMetadataSource } from "@/lib/metadata/read-source";
import { storeSnapshot } from "@/lib/metadata/mutations";
import { createProject, enableTables } from "@/lib/customization/mutations";
import { DEFAULT_SETTINGS } from "@/lib/customization/schema";

const envName = process.env.SEED_ENVIRONMENT_NAME ?? "E2E validation org";
const projectName = process.env.SEED_PROJECT_NAME ?? "E2E validation project";
const actor = { id: "e2e-seed", label: "e2e seed" };
const db = getDb();
const source = await readMetadataSource(
  path.resolve(process.cwd(), "../shared/data/dataverse/webapi-entitydefinitions"),
);
const environment = await db.environment.create({ data: { name: envName } });
const { snapshot } = await storeSnapshot(db, actor, {
  environmentId: environment.id,
  source: "webapi-json",
  sourceName: "webapi-entitydefinitions",
  document: source.document,
});
const { id } = await createProject(db, actor, {
  name: projectName,
  description: "",
  environmentId: environment.id,
  snapshotId: snapshot.id,
  roles: [{ roleName: "Salesperson", priority: 10 }],
  settings: { ...DEFAULT_SETTINGS, limits: { ...DEFAULT_SETTINGS.limits, maxTablesAdvised: 2 } },
});
await enableTables(db, actor, { projectId: id, tableNames: ["contact", "annotation"], syncMode: "offline" });
process.stdout.write(JSON.stringify({ projectId: id }) + "\n");
await db.$disconnect();
