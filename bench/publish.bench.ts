// Publishing the 300-table project with views and forms as the server does it (publishVersion: load the project,
// validate it against its snapshot, build + sign, store the version with its audit entry in one transaction), on a
// fresh SQLite file and, when reachable, a fresh PostgreSQL database: cold and warm times, the split, the bundle size.
import { generateKeyPairSync } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { gzipSync } from "node:zlib";
import { buildSyntheticOrg, syntheticOrgTexts } from "@/bench/synthetic-org";
import { allRowsWhereUnowned, buildProject } from "@/bench/customization.bench";
import { round, type Figure } from "@/bench/measure";
import { keyIdOf } from "@/lib/bundle/sign";
import { createDbClient, type Db } from "@/lib/db/client";
import { loadProjectDocument } from "@/lib/customization/data";
import { createProject, enableTables, saveTableConfig } from "@/lib/customization/mutations";
import { ProjectDocumentSchema, type ProjectDocument } from "@/lib/customization/schema";
import { clearSnapshotDocumentCache } from "@/lib/metadata/data";
import { normalizeWebApi } from "@/lib/metadata/import-webapi";
import { storeSnapshot } from "@/lib/metadata/mutations";
import type { MetadataDocument } from "@/lib/metadata/schema";
import { buildBundle } from "@/lib/versions/bundle-port";
import { contentOfVersion, loadVersionBundle } from "@/lib/versions/data";
import { checkForPublish, publishVersion, type PublishOptions } from "@/lib/versions/mutations";
import { createTestPostgres, createTestSqlite, findPostgres } from "@/tests/support/test-database";

/** Timed warm publishes, after one warm-up publish (the cold one comes before both). */
const RUNS = Number(process.env.BENCH_PUBLISH_RUNS ?? 7);

type Provider = "sqlite" | "postgresql";

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)];

function stats(times: number[]): { median: number; p95: number; min: number; max: number } {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    median: sorted[Math.floor(sorted.length / 2)],
    p95: percentile(sorted, 0.95),
    min: sorted[0],
    max: sorted[sorted.length - 1],
  };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

function shapeOf(project: ProjectDocument) {
  return {
    tables: project.tables.length,
    columns: project.tables.reduce((n, t) => n + t.columns.length, 0),
    views: project.tables.reduce((n, t) => n + t.views.length, 0),
    forms: project.tables.reduce((n, t) => n + t.forms.length, 0),
  };
}

/**
 * The project stored through the portal's own writes: the snapshot (storeSnapshot), the project (createProject),
 * its 300 tables (enableTables), then each table's config as the editor saves it (saveTableConfig).
 */
async function storeProject(db: Db, snapshot: MetadataDocument, project: ProjectDocument) {
  const user = await db.user.create({ data: { email: "bench@example.com", name: "Bench", role: "owner" } });
  const actor = { id: user.id, label: "Bench <bench@example.com>" };
  // As the integration tests do: an environment row with no org connection (createEnvironment needs a tenant
  // and a secret key, and publish reads only its roles, which are none when not connected).
  const env = await db.environment.create({ data: { name: "Bench org" } });
  const stored = await storeSnapshot(db, actor, {
    environmentId: env.id,
    source: "webapi-json",
    sourceName: "synthetic 300-table org",
    document: snapshot,
  });
  const { id: projectId } = await createProject(db, actor, {
    name: project.name,
    description: "",
    environmentId: env.id,
    snapshotId: stored.snapshot.id,
    roles: project.roles,
    settings: project.settings,
  });
  await enableTables(db, actor, { projectId, tableNames: project.tables.map((t) => t.tableName), syncMode: "offline" });
  for (const config of project.tables) {
    await saveTableConfig(db, actor, { projectId, tableName: config.tableName, revision: 1, config });
  }
  return { actor, projectId, environmentId: env.id, snapshotId: stored.snapshot.id };
}

async function measure(
  provider: Provider,
  url: string,
  snapshot: MetadataDocument,
  built: ProjectDocument,
  firstInProcess: boolean,
): Promise<Figure[]> {
  const db = createDbClient(url);
  try {
    const setup = await timed(() => storeProject(db, snapshot, built));
    const { actor, projectId } = setup.value;

    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    const options: PublishOptions = { signer: { privateKey, keyId: keyIdOf(publicKey) } };
    const publish = () => publishVersion(db, actor, { projectId, notes: "" }, options);

    // Cold, as the first publish after the server starts: the snapshot is not in the process's cache (read from
    // the database, gunzip, JSON.parse) and the validator builds its lookup maps for that document object. For
    // the first database measured it is also the first publish in the process (code not compiled yet, Prisma's
    // queries not planned); for the next one only the snapshot is cold.
    clearSnapshotDocumentCache();
    const cold = await timed(publish);
    await publish(); // warm-up
    const warm: number[] = [];
    let last = cold.value;
    for (let i = 0; i < RUNS; i++) {
      const run = await timed(publish);
      warm.push(run.ms);
      last = run.value;
    }

    // The split, each part alone with the same inputs: load the project, validate (snapshot cached),
    // build + sign; what remains of a publish is the store transaction's database work.
    const loads: number[] = [];
    const checks: number[] = [];
    const builds: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const load = await timed(() => loadProjectDocument(db, projectId));
      loads.push(load.ms);
      const checked = await timed(() => checkForPublish(db, load.value.project));
      checks.push(checked.ms);
      const meta = {
        projectId,
        projectName: built.name,
        versionNumber: last.number + 1,
        createdAt: new Date().toISOString(),
        createdBy: actor.label,
        snapshotHash: checked.value.snapshotHash,
        minClientVersion: "1.0.0",
      };
      const start = performance.now();
      buildBundle(load.value.project, meta, options.signer);
      builds.push(performance.now() - start);
    }
    // The snapshot alone cold again, code warm: the whole publish, then load + checkForPublish by themselves.
    clearSnapshotDocumentCache();
    const coldSnapshot = await timed(publish);
    last = coldSnapshot.value;
    clearSnapshotDocumentCache();
    const coldCheck = await timed(async () => checkForPublish(db, (await loadProjectDocument(db, projectId)).project));

    // After the timings (so the cold publish is the first to run this code): what publish read must be the
    // document buildProject made (tables come back sorted by name).
    const loaded = (await loadProjectDocument(db, projectId)).project;
    const byName = (tables: ProjectDocument["tables"]) =>
      [...tables].sort((a, b) => (a.tableName < b.tableName ? -1 : 1));
    const storedAsBuilt = isDeepStrictEqual(
      { ...loaded, tables: byName(loaded.tables) },
      {
        ...built,
        environmentId: setup.value.environmentId,
        snapshotId: setup.value.snapshotId,
        tables: byName(built.tables),
      },
    );
    const base = { provider, ...shapeOf(loaded), storedAsBuilt, warnings: last.warnings.length };

    const { version, bytes } = await loadVersionBundle(db, projectId, last.number);
    const inBundle = shapeOf(contentOfVersion(bytes).content);
    const w = stats(warm);
    const split = { load: stats(loads).median, check: stats(checks).median, buildSign: stats(builds).median };
    const rest = w.median - split.load - split.check - split.buildSign;
    const figures: Figure[] = [];
    const name = (what: string) => `publish ${what} (300 tables with views and forms, ${provider})`;
    figures.push({
      name: name("warm, median"),
      value: round(w.median),
      unit: "ms",
      runs: RUNS,
      min: round(w.min),
      max: round(w.max),
      ...base,
    });
    figures.push({
      name: name("warm, p95"),
      value: round(w.p95),
      unit: "ms",
      runs: RUNS,
      note: `nearest rank of ${RUNS} runs`,
      ...base,
    });
    figures.push({
      name: name("cold, first on this database (snapshot not cached)"),
      value: round(cold.ms),
      unit: "ms",
      firstPublishInProcess: firstInProcess,
      ...base,
    });
    figures.push({
      name: name("cold, snapshot not cached, code warm"),
      value: round(coldSnapshot.ms),
      unit: "ms",
      ...base,
    });
    figures.push({
      name: name("part, cold: load project + checkForPublish (snapshot not cached)"),
      value: round(coldCheck.ms),
      unit: "ms",
      ...base,
    });
    figures.push({
      name: name("part: load project document"),
      value: round(split.load),
      unit: "ms",
      runs: RUNS,
      ...base,
    });
    figures.push({
      name: name("part: checkForPublish (snapshot cached, validate)"),
      value: round(split.check),
      unit: "ms",
      runs: RUNS,
      ...base,
    });
    figures.push({
      name: name("part: build + sign bundle"),
      value: round(split.buildSign),
      unit: "ms",
      runs: RUNS,
      ...base,
    });
    figures.push({
      name: name("part: store transaction, rest (warm median less the parts)"),
      value: round(rest),
      unit: "ms",
      ...base,
    });
    figures.push({
      name: name("stored bundle size, raw"),
      value: bytes.length,
      unit: "bytes",
      version: version.number,
      sizeColumn: version.size,
      ...inBundle,
      provider,
    });
    figures.push({
      name: name("stored bundle size, gzip"),
      value: gzipSync(bytes).length,
      unit: "bytes",
      version: version.number,
      ...inBundle,
      provider,
    });
    figures.push({
      name: name("setup: snapshot, project, enable + save 300 table configs"),
      value: round(setup.ms),
      unit: "ms",
      ...base,
    });
    return figures;
  } finally {
    await db.$disconnect();
  }
}

export async function run(): Promise<Figure[]> {
  const org = buildSyntheticOrg({ tables: 300 });
  const snapshot = normalizeWebApi(
    syntheticOrgTexts(org).map((t) => ({ name: t.name, json: JSON.parse(t.text) as unknown })),
  );
  const built = ProjectDocumentSchema.parse(allRowsWhereUnowned(buildProject(snapshot), snapshot));
  const figures: Figure[] = [];

  const sqlite = await createTestSqlite();
  try {
    figures.push(...(await measure("sqlite", sqlite.url, snapshot, built, true)));
  } finally {
    await sqlite.cleanup();
  }

  const found = await findPostgres();
  if (!("url" in found)) {
    figures.push({
      name: "publish (300 tables with views and forms, postgresql)",
      value: Number.NaN,
      unit: "ms",
      provider: "postgresql",
      skipped: found.error,
    });
    return figures;
  }
  const postgres = await createTestPostgres();
  try {
    figures.push(...(await measure("postgresql", postgres.url, snapshot, built, false)));
  } finally {
    await postgres.cleanup();
  }
  return figures;
}
