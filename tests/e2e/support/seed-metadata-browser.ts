// Seeds one environment with two metadata snapshots of real Dataverse files into the e2e server's database,
// for the metadata browser spec: the Web API files (contact in full) and the Nonprofit Core managed solution
// (system tables marked partial). Prints {"environmentId","webapiSnapshotId","solutionSnapshotId"} as JSON.
import path from "node:path";
import { getDb } from "@/lib/db/client";
import { readMetadataSource } from "@/lib/metadata/read-source";
import { storeSnapshot } from "@/lib/metadata/mutations";

const name = process.env.SEED_ENVIRONMENT_NAME ?? "E2E metadata browser org";
const data = path.resolve(process.cwd(), "../shared/data/dataverse");
const db = getDb();
const environment = await db.environment.create({ data: { name } });
const ids: Record<string, string> = { environmentId: environment.id };
for (const [key, file] of [
  ["solutionSnapshotId", "solution-nonprofit-core/NonprofitCore_2_2_3_0_managed.zip"],
  ["webapiSnapshotId", "webapi-entitydefinitions"],
] as const) {
  const source = await readMetadataSource(path.join(data, file));
  const stored = await storeSnapshot(db, null, {
    environmentId: environment.id,
    source: source.format,
    sourceName: path.basename(file),
    document: source.document,
  });
  ids[key] = stored.snapshot.id;
}
process.stdout.write(JSON.stringify(ids) + "\n");
await db.$disconnect();
