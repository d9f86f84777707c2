// Seeds a project with contact enabled (offline) on a snapshot of the real Web API files, for the filter
// editor spec. Prints {"projectId"} as JSON. Names come from SEED_ENVIRONMENT_NAME / SEED_PROJECT_NAME.
import { getDb } from "@/lib/db/client";
import { SEED_ACTOR, environmentWithSnapshot, offlineProject, readRealWebApi } from "./seed-project";

const db = getDb();
const at = await environmentWithSnapshot(
  db,
  SEED_ACTOR,
  process.env.SEED_ENVIRONMENT_NAME ?? "E2E filter org",
  await readRealWebApi(),
);
const id = await offlineProject(db, SEED_ACTOR, at, {
  name: process.env.SEED_PROJECT_NAME ?? "E2E filter project",
  tables: ["contact"],
});
process.stdout.write(JSON.stringify({ projectId: id }) + "\n");
await db.$disconnect();
