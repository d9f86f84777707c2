// Import of a project file: the diff against the target project first, then the file's configuration
// written as new draft revisions through the projects domain's own mutations (each validated and
// audited). Published versions are never touched: the admin publishes the result when it is right.
import "server-only";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/app-error";
import type { AuditActor } from "@/lib/audit/schema";
import { diffBundles, type BundleDiff } from "@/lib/bundle/diff";
import { canonicalJson } from "@/lib/bundle/canonical-json";
import { loadProjectDocument } from "@/lib/customization/data";
import { createProject, enableTables, removeTable, saveTableConfig, setProjectRoles, updateProject } from "@/lib/customization/mutations";
import type { ProjectDocument } from "@/lib/customization/schema";
import { loadSnapshotDocument } from "@/lib/metadata/data";

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

/** The project named by id or, failing that, by name. */
export async function resolveProject(db: Db, idOrName: string): Promise<{ id: string; name: string }> {
  const row = (await db.project.findUnique({ where: { id: idOrName }, select: { id: true, name: true } })) ?? (await db.project.findUnique({ where: { name: idOrName }, select: { id: true, name: true } }));
  if (!row) throw new AppError("not_found", `No project with id or name '${idOrName}'`);
  return row;
}

/** The file as it would land in the target: the target keeps its name, environment and snapshot. */
function asTarget(file: ProjectDocument, target: ProjectDocument): ProjectDocument {
  return { ...file, name: target.name, environmentId: target.environmentId, snapshotId: target.snapshotId };
}

/** What importing `file` into the project would change, in the diff's words. */
export async function planImport(db: Db, projectId: string, file: ProjectDocument): Promise<BundleDiff> {
  const { project } = await loadProjectDocument(db, projectId);
  const metadata = await loadSnapshotDocument(db, project.snapshotId).catch(() => undefined);
  return diffBundles(project, asTarget(file, project), metadata ? { metadata } : {});
}

/**
 * Writes the file's configuration into an existing project: description and settings, roles, then tables
 * removed, added and changed, each as a new revision. Every step checks the revision it read, so a
 * concurrent edit turns into a conflict instead of being overwritten.
 */
export async function applyImport(db: Db, actor: AuditActor, projectId: string, file: ProjectDocument, options: { requestId?: string } = {}): Promise<{ diff: BundleDiff }> {
  const loaded = await loadProjectDocument(db, projectId);
  const current = loaded.project;
  const wanted = asTarget(file, current);
  const diff = await planImport(db, projectId, file);
  let revision = loaded.projectRevision;
  if (current.description !== wanted.description || !same(current.settings, wanted.settings)) {
    ({ revision } = await updateProject(db, actor, { projectId, revision, description: wanted.description, settings: wanted.settings }, options));
  }
  if (!same(current.roles, wanted.roles)) {
    ({ revision } = await setProjectRoles(db, actor, { projectId, revision, roles: wanted.roles }, options));
  }
  const have = new Map(current.tables.map((t) => [t.tableName, t]));
  const want = new Map(wanted.tables.map((t) => [t.tableName, t]));
  for (const name of have.keys()) {
    if (!want.has(name)) await removeTable(db, actor, { projectId, tableName: name, revision: loaded.revisions[name] }, options);
  }
  const added = [...want.keys()].filter((n) => !have.has(n));
  const revisions = { ...loaded.revisions };
  if (added.length) Object.assign(revisions, (await enableTables(db, actor, { projectId, tableNames: added, syncMode: "offline" }, options)).revisions);
  for (const [name, config] of want) {
    const before = have.get(name);
    if (before && same(before, config)) continue;
    await saveTableConfig(db, actor, { projectId, tableName: name, revision: revisions[name], config }, options);
  }
  return { diff };
}

/** Creates a new project from the file (optionally renamed, or on another environment and snapshot). */
export async function importAsNew(db: Db, actor: AuditActor, file: ProjectDocument, target: { name?: string; environmentId?: string; snapshotId?: string } = {}, options: { requestId?: string } = {}): Promise<{ id: string }> {
  const environmentId = target.environmentId ?? file.environmentId;
  let snapshotId = target.snapshotId ?? file.snapshotId;
  const snapshot = await db.metadataSnapshot.findFirst({ where: { id: snapshotId, environmentId }, select: { id: true } });
  if (!snapshot) {
    // Another portal: the file's snapshot does not exist here; use the environment's newest.
    const newest = await db.metadataSnapshot.findFirst({ where: { environmentId }, orderBy: { createdAt: "desc" }, select: { id: true } });
    if (!newest) throw new AppError("invalid", `Environment '${environmentId}' has no metadata snapshot to import onto; import metadata first or name another environment.`, { problems: [{ path: "environmentId", message: "has no snapshot" }] });
    snapshotId = newest.id;
  }
  const { id } = await createProject(db, actor, { name: target.name ?? file.name, description: file.description, environmentId, snapshotId, roles: file.roles, settings: file.settings }, options);
  if (file.tables.length) {
    const { revisions } = await enableTables(db, actor, { projectId: id, tableNames: file.tables.map((t) => t.tableName), syncMode: "offline" }, options);
    for (const config of file.tables) await saveTableConfig(db, actor, { projectId: id, tableName: config.tableName, revision: revisions[config.tableName], config }, options);
  }
  return { id };
}
