// Seeds a project for the import-from-org spec: a snapshot of the real org's Web API metadata
// (../shared/data/dataverse/webapi-entitydefinitions) that keeps the same org's forms and views from its unpacked
// solution (solution-unpacked: the same ids; contact's main form "Person - Core" and appbase_actionitem's views),
// as the Web API stand-in joins them; contact and appbase_actionitem enabled offline, for Alex's Salesperson role.
// Prints {"projectId"} as JSON.
import path from "node:path";
import { getDb } from "@/lib/db/client";
import { readMetadataSource } from "@/lib/metadata/read-source";
import { readOrgDefinitions } from "@/lib/metadata/read-definitions";
import { storeSnapshot } from "@/lib/metadata/mutations";
import { createProject, enableTables } from "@/lib/customization/mutations";
import { createEnvironment } from "@/lib/environments/mutations";

const DATA = path.resolve(process.cwd(), "../shared/data/dataverse");
const db = getDb();
// The editor global setup seeds (the owner comes from the onboarding spec, which this one does not need).
const editor = await db.user.findFirstOrThrow({ where: { role: "editor" } });
const actor = { id: editor.id, label: `${editor.name} <${editor.email}>` };
const name = process.env.SEED_PROJECT_NAME ?? "E2E import";
const source = await readMetadataSource(path.join(DATA, "webapi-entitydefinitions"));
const definitions = await readOrgDefinitions(path.join(DATA, "solution-unpacked"));
const environment = await createEnvironment(db, actor, { name: `${name} org` });
const stored = await storeSnapshot(db, actor, {
  environmentId: environment.id,
  source: "webapi-json",
  sourceName: "webapi-entitydefinitions with solution-unpacked forms and views",
  document: source.document,
  definitions,
});
const highest = await db.projectRole.aggregate({ where: { roleName: "Salesperson" }, _max: { priority: true } });
const { id } = await createProject(db, actor, {
  name,
  description: "Forms and views from the org",
  environmentId: environment.id,
  snapshotId: stored.snapshot.id,
  roles: [{ roleName: "Salesperson", priority: (highest._max.priority ?? 9) + 1 }],
});
await enableTables(db, actor, { projectId: id, tableNames: ["contact", "appbase_actionitem"], syncMode: "offline" });
process.stdout.write(JSON.stringify({ projectId: id }) + "\n");
await db.$disconnect();
