// Gives the newest version of a project (SEED_PROJECT_ID) SEED_WARNINGS recorded warnings, in the e2e server's
// database, so a spec can look at how the history shows many of them.
import { getDb } from "@/lib/db/client";

const db = getDb();
const projectId = process.env.SEED_PROJECT_ID!;
const count = Number(process.env.SEED_WARNINGS ?? 7);
const version = await db.version.findFirstOrThrow({ where: { projectId }, orderBy: { number: "desc" } });
const warnings = Array.from({ length: count }, (_, i) => ({ path: `tables[${i}]`, message: `Warning ${i + 1}` }));
await db.version.update({ where: { id: version.id }, data: { warnings: JSON.stringify(warnings) } });
await db.$disconnect();
