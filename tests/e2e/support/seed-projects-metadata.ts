// Seeds an environment with a metadata snapshot of the real Web API files (contact, appbase_actionitem, ...)
// into the e2e server's database, for the projects spec. Prints {"environmentId","snapshotId"} as JSON.
import { getDb } from "@/lib/db/client";
import { environmentWithSnapshot, readRealWebApi } from "./seed-project";

const db = getDb();
const at = await environmentWithSnapshot(
  db,
  null,
  process.env.SEED_ENVIRONMENT_NAME ?? "E2E projects org",
  await readRealWebApi(),
);
process.stdout.write(JSON.stringify(at) + "\n");
await db.$disconnect();
