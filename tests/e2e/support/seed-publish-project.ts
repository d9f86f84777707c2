// Seeds, into the e2e server's database, an environment with a real metadata snapshot and an app project
// with contact enabled (SEED_PROJECT_NAME); or, with SEED_CHANGE_PROJECT=<id>, changes that project's
// description the way the project screen would (for "change, then publish v2"). Prints JSON.
import path from "node:path";
import { getDb } from "@/lib/db/client";
import { readMetadataSource } from "@/lib/metadata/read-source";
import { storeSnapshot } from "@/lib/metadata/mutations";
import { createProject, enableTables, updateProject } from "@/lib/customization/mutations";

const db = getDb();
const owner = await db.user.findFirstOrThrow({ where: { role: "owner" } });
const actor = { id: owner.id, label: `${owner.name} <${owner.email}>` };
const change = process.env.SEED_CHANGE_PROJECT;
if (change) {
  const row = await db.project.findUniqueOrThrow({ where: { id: change } });
  await updateProject(db, actor, { projectId: change, revision: row.revision, description: "Adds the field team's notes" });
  process.stdout.write(JSON.stringify({ projectId: change }) + "\n");
} else {
  const name = process.env.SEED_PROJECT_NAME ?? "E2E publish";
  const source = await readMetadataSource(path.resolve(process.cwd(), "../shared/data/dataverse/webapi-entitydefinitions"));
  const environment = await db.environment.create({ data: { name: `${name} org` } });
  const stored = await storeSnapshot(db, actor, { environmentId: environment.id, source: "webapi-json", sourceName: "webapi-entitydefinitions", document: source.document });
  const { id } = await createProject(db, actor, { name, description: "Field sales", environmentId: environment.id, snapshotId: stored.snapshot.id, roles: [{ roleName: "Salesperson", priority: 10 }] });
  await enableTables(db, actor, { projectId: id, tableNames: ["contact"], syncMode: "offline" });
  process.stdout.write(JSON.stringify({ projectId: id }) + "\n");
}
await db.$disconnect();
