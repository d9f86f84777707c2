// App projects as the portal opens them: a 300-table, 10,000-column project stored in a SQLite file,
// loaded by loadProjectDocument (rows -> one validated document) and validated against its snapshot.
// The loaders import "server-only", so the measurement runs in a child node with the react-server condition.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { round, type Figure } from "./measure";

function medianOf(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function measure(): Promise<Figure[]> {
  const { applyMigrations } = await import("@/lib/db/migrate");
  const { createDbClient } = await import("@/lib/db/client");
  const { buildSyntheticOrg, syntheticOrgInputs } = await import("@/bench/synthetic-org");
  const { normalizeWebApi } = await import("@/lib/metadata/import-webapi");
  const { storeSnapshot } = await import("@/lib/metadata/mutations");
  const { loadSnapshotDocument } = await import("@/lib/metadata/data");
  const { buildProject } = await import("@/bench/customization.bench");
  const { createProject } = await import("@/lib/customization/mutations");
  const { loadProjectDocument, loadProjectWorkspace } = await import("@/lib/customization/data");
  const { validateProject } = await import("@/lib/customization/validate");

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "syncwright-bench-projects-"));
  const url = `file:${path.join(dir, "bench.db")}`;
  try {
    await applyMigrations({ provider: "sqlite", databaseUrl: url });
    const db = createDbClient(url);
    const actor = { id: "bench", label: "bench" };
    const snapshot = normalizeWebApi(syntheticOrgInputs(buildSyntheticOrg({ tables: 1000 })));
    const env = await db.environment.create({ data: { name: "Bench org" } });
    const stored = await storeSnapshot(db, null, {
      environmentId: env.id,
      source: "webapi-json",
      sourceName: "synthetic",
      document: snapshot,
    });
    const snapshotId = stored.snapshot.id;
    const input = buildProject(snapshot);
    const { id } = await createProject(db, actor, {
      name: "Bench project",
      description: "",
      environmentId: env.id,
      snapshotId,
      roles: [{ roleName: "Salesperson", priority: 10 }],
    });
    await db.tableConfig.createMany({
      data: input.tables!.map((t) => ({ projectId: id, tableName: t.tableName, document: JSON.stringify(t) })),
    });

    const shape = {
      tables: input.tables!.length,
      columns: input.tables!.reduce((n, t) => n + (t.columns?.length ?? 0), 0),
    };
    const figures: Figure[] = [];

    // First open after start: the snapshot is read from the database and unpacked (then cached).
    let start = performance.now();
    const first = await loadProjectDocument(db, id);
    const firstSnapshot = await loadSnapshotDocument(db, snapshotId);
    validateProject(first.project, firstSnapshot);
    figures.push({
      name: "project opens and validates, first time (snapshot unpacked)",
      value: round(performance.now() - start),
      unit: "ms",
      ...shape,
    });

    const load: number[] = [];
    const validate: number[] = [];
    const open: number[] = [];
    const workspace: number[] = [];
    let issues = 0;
    for (let i = 0; i < 9; i++) {
      start = performance.now();
      const loaded = await loadProjectDocument(db, id);
      const t1 = performance.now();
      const doc = await loadSnapshotDocument(db, snapshotId);
      const t2 = performance.now();
      issues = validateProject(loaded.project, doc).length;
      const t3 = performance.now();
      load.push(t1 - start);
      validate.push(t3 - t2);
      open.push(t3 - start);
      start = performance.now();
      const ws = await loadProjectWorkspace(db, id);
      validateProject(ws.loaded.project, ws.metadata);
      workspace.push(performance.now() - start);
    }
    figures.push({
      name: "loadProjectDocument (300 rows -> one validated document)",
      value: round(medianOf(load)),
      unit: "ms",
      ...shape,
    });
    figures.push({
      name: "validateProject on the loaded project",
      value: round(medianOf(validate)),
      unit: "ms",
      ...shape,
      issues,
    });
    figures.push({
      name: "project opens and validates (load + cached snapshot + validate)",
      value: round(medianOf(open)),
      unit: "ms",
      ...shape,
    });
    figures.push({
      name: "project page data (loadProjectWorkspace + validate on its trimmed metadata)",
      value: round(medianOf(workspace)),
      unit: "ms",
      ...shape,
    });
    await db.$disconnect();
    return figures;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<Figure[]> {
  const child = spawnSync(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", import.meta.filename, "--worker"],
    {
      cwd: process.cwd(),
      encoding: "utf8",
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const line = child.stdout
    .trim()
    .split("\n")
    .reverse()
    .find((l) => l.startsWith("FIGURES "));
  if (!line) throw new Error(`projects bench worker failed (exit ${child.status}): ${child.stderr.slice(-2000)}`);
  return JSON.parse(line.slice("FIGURES ".length)) as Figure[];
}

if (process.argv.includes("--worker") && process.argv[1] === import.meta.filename) {
  const figures = await measure();
  process.stdout.write(`FIGURES ${JSON.stringify(figures)}\n`);
  process.exit(0);
}
