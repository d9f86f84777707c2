// Bundles of a 300-table, 10,000-column project with views and forms (synthetic org from the real metadata):
// size raw and gzip, build + sign time, and `syncwright validate` wall time beside `node -e 0` in the same run.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { generateKeyPairSync } from "node:crypto";
import { buildSyntheticOrg, syntheticOrgTexts } from "@/bench/synthetic-org";
import { allRowsWhereUnowned, buildProject } from "@/bench/customization.bench";
import { median, round, type Figure } from "@/bench/measure";
import { buildBundle } from "@/lib/bundle/build";
import { keyIdOf } from "@/lib/bundle/sign";
import { verifyBundle } from "@/lib/bundle/verify";
import { ProjectDocumentSchema } from "@/lib/customization/schema";
import { contentHash } from "@/lib/metadata/content-hash";
import { normalizeWebApi } from "@/lib/metadata/import-webapi";

const ROOT = path.resolve(import.meta.dirname, "..");
const SPAWN_RUNS = 5;

function wallTimes(args: string[], runs: number): { median: number; codes: number[] } {
  const times: number[] = [];
  const codes: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const result = spawnSync(process.execPath, args, {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      encoding: "utf8",
    });
    times.push(performance.now() - start);
    codes.push(result.status ?? -1);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], codes };
}

/**
 * The command as users run it: bin/syncwright.cjs once main.ts wires lib/cli/commands/bundle.ts; before that,
 * a runner with the same start-up (tsx, the same tsconfig) that registers only the bundle commands.
 */
function validateEntry(dir: string): { args: string[]; via: string } {
  const wired = fs.readFileSync(path.join(ROOT, "lib/cli/main.ts"), "utf8").includes("commands/bundle");
  if (wired) return { args: [path.join(ROOT, "bin/syncwright.cjs")], via: "bin/syncwright.cjs" };
  const runner = path.join(dir, "validate-runner.mjs");
  fs.writeFileSync(
    runner,
    [
      'import { register } from "tsx/esm/api";',
      'import { pathToFileURL } from "node:url";',
      `const root = ${JSON.stringify(ROOT)};`,
      'register({ tsconfig: root + "/tsconfig.json" });',
      'const { Command } = await import(pathToFileURL(root + "/node_modules/commander/index.js").href);',
      'const { CliExit } = await import(pathToFileURL(root + "/lib/cli/exit.ts").href);',
      'const bundle = await import(pathToFileURL(root + "/lib/cli/commands/bundle.ts").href);',
      "const program = new Command().exitOverride();",
      "bundle.register(program);",
      "try { await program.parseAsync(process.argv); } catch (e) { process.exitCode = e instanceof CliExit ? e.exitCode : 2; }",
    ].join("\n"),
  );
  return { args: [runner], via: "runner registering lib/cli/commands/bundle.ts (not yet wired in main.ts)" };
}

export async function run(): Promise<Figure[]> {
  const org = buildSyntheticOrg({ tables: 300 });
  const texts = syntheticOrgTexts(org);
  const snapshot = normalizeWebApi(texts.map((t) => ({ name: t.name, json: JSON.parse(t.text) as unknown })));
  // A project that passes validation, so validate measures a bundle that passes, as CI runs it.
  const project = ProjectDocumentSchema.parse(allRowsWhereUnowned(buildProject(snapshot), snapshot));
  const shape = {
    tables: project.tables.length,
    columns: project.tables.reduce((n, t) => n + t.columns.length, 0),
    forms: project.tables.reduce((n, t) => n + t.forms.length, 0),
  };
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const signer = { privateKey, keyId: keyIdOf(publicKey) };
  const meta = {
    projectId: "bench",
    projectName: "Bench project",
    version: 1,
    createdAt: new Date().toISOString(),
    createdBy: "bench",
    metadataSnapshotHash: contentHash(snapshot),
    minClientVersion: "1.0.0",
  };

  const figures: Figure[] = [];
  let built = buildBundle(project, meta, signer);
  const buildMs = median(9, () => {
    built = buildBundle(project, meta, signer);
  });
  figures.push({
    name: "bundle build + sign (300 tables with views and forms)",
    value: round(buildMs),
    unit: "ms",
    ...shape,
  });
  figures.push({ name: "bundle size, raw", value: built.bytes.length, unit: "bytes", ...shape });
  figures.push({ name: "bundle size, gzip", value: gzipSync(built.bytes).length, unit: "bytes", ...shape });
  const verifyMs = median(9, () => {
    verifyBundle(built.bytes, { publicKey });
  });
  figures.push({
    name: "bundle verify (parse, schema, hash, signature) in process",
    value: round(verifyMs),
    unit: "ms",
    ...shape,
  });

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "syncwright-bench-bundle-"));
  try {
    const bundleFile = path.join(dir, "bundle.json");
    fs.writeFileSync(bundleFile, built.bytes);
    const keyFile = path.join(dir, "key.pub.pem");
    fs.writeFileSync(keyFile, publicKey.export({ format: "pem", type: "spki" }));
    const metadataDir = path.join(dir, "metadata");
    fs.mkdirSync(metadataDir);
    for (const t of texts) fs.writeFileSync(path.join(metadataDir, t.name), t.text);

    const entry = validateEntry(dir);
    const bare = wallTimes(["-e", "0"], SPAWN_RUNS);
    const full = wallTimes(
      [...entry.args, "validate", bundleFile, "--public-key", keyFile, "--metadata", metadataDir],
      SPAWN_RUNS,
    );
    const alone = wallTimes([...entry.args, "validate", bundleFile, "--public-key", keyFile], SPAWN_RUNS);
    const exit = (codes: number[]) => [...new Set(codes)].join(",");
    figures.push({ name: "node -e 0 (same run, baseline)", value: round(bare.median), unit: "ms", runs: SPAWN_RUNS });
    figures.push({
      name: "syncwright validate bundle --public-key --metadata <300-table org folder>",
      value: round(full.median),
      unit: "ms",
      runs: SPAWN_RUNS,
      ratioToNodeBaseline: round(full.median / bare.median, 1),
      exitCodes: exit(full.codes),
      via: entry.via,
      metadataFiles: texts.length,
    });
    figures.push({
      name: "syncwright validate bundle --public-key (no metadata)",
      value: round(alone.median),
      unit: "ms",
      runs: SPAWN_RUNS,
      ratioToNodeBaseline: round(alone.median / bare.median, 1),
      exitCodes: exit(alone.codes),
      via: entry.via,
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}
