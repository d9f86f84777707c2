// Seeds an environment with a metadata snapshot of the real Web API files (contact, appbase_actionitem, ...)
// into the e2e server's database, for the projects spec. Prints {"environmentId","snapshotId"} as JSON.
import path from "node:path";
import { getDb } from "@/lib/db/client";
import { readMetadataSource } from "@/lib/metadata/read-source";
import { storeSnapshot } from "@/lib/metadata/mutations";

const name = process.env.SEED_ENVIRONMENT_NAME ?? "E2E projects org";
const db = getDb();
const source = await readMetadataSource(
  path.resolve(process.cwd(), "../shared/data/dataverse/webapi-entitydefinitions"),
);
const environment = await db.environment.create({ data: { name } });
const stored = await storeSnapshot(db, null, {
  environmentId: environment.id,
  source: "webapi-json",
  sourceName: "webapi-entitydefinitions",
  document: source.document,
});
process.stdout.write(JSON.stringify({ environmentId: environment.id, snapshotId: stored.snapshot.id }) + "\n");
await db.$disconnect();
