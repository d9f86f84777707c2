// Seeds a project for the validation panel spec: contact and annotation offline on a snapshot of the real Web API
// files, with "Offline tables: advised below" set to 2, so the project raises the "Many offline tables" warning.
// Prints {"projectId"} as JSON.
import { getDb } from "@/lib/db/client";
import { DEFAULT_SETTINGS } from "@/lib/customization/schema";
import { SEED_ACTOR, environmentWithSnapshot, offlineProject, readRealWebApi } from "./seed-project";

const db = getDb();
const at = await environmentWithSnapshot(
  db,
  SEED_ACTOR,
  process.env.SEED_ENVIRONMENT_NAME ?? "E2E validation org",
  await readRealWebApi(),
);
const id = await offlineProject(db, SEED_ACTOR, at, {
  name: process.env.SEED_PROJECT_NAME ?? "E2E validation project",
  roles: [{ roleName: "Salesperson", priority: 10 }],
  settings: { ...DEFAULT_SETTINGS, limits: { ...DEFAULT_SETTINGS.limits, maxTablesAdvised: 2 } },
  tables: ["contact", "annotation"],
});
process.stdout.write(JSON.stringify({ projectId: id }) + "\n");
await db.$disconnect();
