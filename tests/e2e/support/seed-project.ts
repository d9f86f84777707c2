// What the e2e seed scripts share: the real Web API metadata files, a snapshot of them stored in an environment, and
// a project on that snapshot with some tables offline. Each script adds what its spec needs on top.
import path from "node:path";
import type { Db } from "@/lib/db/client";
import type { AuditActor } from "@/lib/audit/schema";
import type { CreateProjectInput } from "@/lib/customization/schema";
import { createProject, enableTables } from "@/lib/customization/mutations";
import { readMetadataSource } from "@/lib/metadata/read-source";
import { storeSnapshot } from "@/lib/metadata/mutations";
import type { MetadataDocument } from "@/lib/metadata/schema";

/** The actor of scripts that run before any portal user exists. */
export const SEED_ACTOR: AuditActor = { id: "e2e-seed", label: "e2e seed" };

/** The real Web API export in ../shared (read from the repository root, where the specs run the scripts). */
export async function readRealWebApi(): Promise<MetadataDocument> {
  const source = await readMetadataSource(
    path.resolve(process.cwd(), "../shared/data/dataverse/webapi-entitydefinitions"),
  );
  return source.document;
}

/** Stores `document` as a snapshot of the environment, as an upload of the Web API files would (null: by the system). */
export async function storeRealSnapshot(
  db: Db,
  actor: AuditActor | null,
  environmentId: string,
  document: MetadataDocument,
): Promise<string> {
  const { snapshot } = await storeSnapshot(db, actor, {
    environmentId,
    source: "webapi-json",
    sourceName: "webapi-entitydefinitions",
    document,
  });
  return snapshot.id;
}

/** A file-only environment named `name` with `document` stored as its snapshot. */
export async function environmentWithSnapshot(
  db: Db,
  actor: AuditActor | null,
  name: string,
  document: MetadataDocument,
): Promise<{ environmentId: string; snapshotId: string }> {
  const environment = await db.environment.create({ data: { name } });
  return { environmentId: environment.id, snapshotId: await storeRealSnapshot(db, actor, environment.id, document) };
}

/** A project on the snapshot with `tables` offline; no roles and an empty description unless given. */
export async function offlineProject(
  db: Db,
  actor: AuditActor,
  on: { environmentId: string; snapshotId: string },
  project: Omit<CreateProjectInput, "environmentId" | "snapshotId" | "description" | "roles"> &
    Partial<Pick<CreateProjectInput, "description" | "roles">> & { tables: string[] },
): Promise<string> {
  const { tables, ...input } = project;
  const { id } = await createProject(db, actor, { description: "", roles: [], ...input, ...on });
  await enableTables(db, actor, { projectId: id, tableNames: tables, syncMode: "offline" });
  return id;
}
