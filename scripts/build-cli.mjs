#!/usr/bin/env node
// The `syncwright` CLI as prebuilt JavaScript: esbuild bundles lib/cli/main.ts (each command group a chunk of its
// own, loaded only when named) into dist/cli/<build id>/, and dist/cli/manifest.json records the build and every
// file it was built from (path, mtime, size). bin/syncwright.mjs runs the build only while each of those files is
// unchanged (currentBuild: one stat per file, about 60), and builds again first otherwise, so an edit under lib/
// never runs stale code. Runs on `npm install` (postinstall); `node scripts/build-cli.mjs` builds by hand.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const MANIFEST_FORMAT = 1;
/** Build folders no manifest names any more are removed once this old (a process may still be loading one). */
const KEEP_OLD_BUILDS_MS = 10 * 60_000;

/** Where the build lives: dist/cli, or SYNCWRIGHT_CLI_BUILD_DIR (tests build into a temporary folder). */
export function buildDir(root = ROOT) {
  return process.env.SYNCWRIGHT_CLI_BUILD_DIR || path.join(root, "dist", "cli");
}

/**
 * The entry file (main.js) of the current build, or null when there is none or any file it was built from changed
 * since (mtime or size differs, or it is gone).
 */
export function currentBuild(root = ROOT, dir = buildDir(root)) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8"));
  } catch {
    return null;
  }
  if (manifest.format !== MANIFEST_FORMAT || typeof manifest.build !== "string") return null;
  for (const [file, mtimeMs, size] of manifest.inputs) {
    const info = statSync(path.resolve(root, file), { throwIfNoEntry: false });
    if (!info || info.mtimeMs !== mtimeMs || info.size !== size) return null;
  }
  const entry = path.join(dir, manifest.build, "main.js");
  return existsSync(entry) ? entry : null;
}

/** The package folder of a file under node_modules ("node_modules/@scope/name" or "node_modules/name"). */
function packageFolder(file) {
  const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(file);
  return match ? match[1] : null;
}

/** Builds the CLI and records it in the manifest; returns the entry file. Safe to run from several processes at once. */
export async function buildCli(root = ROOT, dir = buildDir(root)) {
  const esbuild = await import("esbuild");
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { main: "lib/cli/main.ts" },
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    tsconfig: path.join(root, "tsconfig.json"),
    outdir: dir,
    chunkNames: "chunk-[hash]",
    // Bundled CommonJS packages (commander) require node built-ins.
    banner: {
      js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);',
    },
    write: false,
    metafile: true,
    logLevel: "silent",
  });

  // The sources, each bundled package's package.json (a reinstall changes it), and what decides the build's shape.
  const inputs = new Set(["package.json", "tsconfig.json", "scripts/build-cli.mjs"]);
  for (const file of Object.keys(result.metafile.inputs)) {
    const pkg = packageFolder(file);
    inputs.add(pkg ? `${pkg}/package.json` : file);
  }
  const recorded = [...inputs].sort().map((file) => {
    const info = statSync(path.resolve(root, file));
    return [file, info.mtimeMs, info.size];
  });

  // The build's id is its content's hash: identical builds from concurrent processes land in the same folder.
  const hash = createHash("sha256");
  const files = result.outputFiles.map((f) => ({ name: path.relative(dir, f.path), contents: f.contents }));
  for (const f of files) hash.update(f.name).update("\0").update(f.contents);
  const build = hash.digest("hex").slice(0, 16);
  const target = path.join(dir, build);
  if (!existsSync(path.join(target, "main.js"))) {
    const temporary = path.join(dir, `.tmp-${process.pid}-${Date.now()}`);
    mkdirSync(temporary, { recursive: true });
    for (const f of files) writeFileSync(path.join(temporary, f.name), f.contents);
    try {
      renameSync(temporary, target);
    } catch (error) {
      rmSync(temporary, { recursive: true, force: true });
      if (!existsSync(path.join(target, "main.js"))) throw error;
    }
  }
  const manifestTemp = path.join(dir, `.manifest-${process.pid}-${Date.now()}.json`);
  writeFileSync(manifestTemp, JSON.stringify({ format: MANIFEST_FORMAT, build, inputs: recorded }) + "\n");
  renameSync(manifestTemp, path.join(dir, "manifest.json"));

  const now = Date.now();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === build) continue;
    const full = path.join(dir, entry.name);
    if (now - statSync(full).mtimeMs > KEEP_OLD_BUILDS_MS) rmSync(full, { recursive: true, force: true });
  }
  return path.join(target, "main.js");
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const started = performance.now();
  const entry = await buildCli();
  console.log(
    `built the syncwright CLI: ${path.relative(ROOT, entry)} (${Math.round(performance.now() - started)} ms)`,
  );
}
