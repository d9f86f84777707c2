#!/usr/bin/env node
// The `syncwright` CLI as prebuilt JavaScript: esbuild bundles lib/cli/main.ts into one CommonJS file,
// dist/cli/<build id>/main.cjs, in which each module (so each command group) is evaluated only when first imported,
// and dist/cli/manifest.json records the build and every file it was built from (path, mtime, size).
// bin/syncwright.mjs runs the build only while each of those files is unchanged (currentBuild: one stat per file,
// about 60), and builds again first otherwise, so an edit under lib/ never runs stale code. Runs on `npm install`
// (postinstall); `node scripts/build-cli.mjs` builds by hand.
//
// runBuild loads the file through vm.Script with V8's code cache: the first run of each command stores the bytecode
// of every function it compiled (dist/cli/<build id>/v8-cache/<command>.bin), and later runs of that command skip
// parsing and compiling them. Node 20 has no module compile cache (module.enableCompileCache is Node 22), and ES
// modules cannot take cached data, hence CommonJS. V8 checks each cache against the source and its own version and
// flags; a cache it rejects is written again, and one that cannot be written (a read-only install) is only skipped.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import path from "node:path";
import vm from "node:vm";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const MANIFEST_FORMAT = 1;
/** Build folders no manifest names any more are removed once this old (a process may still be loading one). */
const KEEP_OLD_BUILDS_MS = 10 * 60_000;

/** Where the build lives: dist/cli, or SYNCWRIGHT_CLI_BUILD_DIR (tests build into a temporary folder). */
export function buildDir(root = ROOT) {
  return process.env.SYNCWRIGHT_CLI_BUILD_DIR || path.join(root, "dist", "cli");
}

const ENTRY = "main.cjs";

/**
 * The entry file (main.cjs) of the current build, or null when there is none or any file it was built from changed
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
  const entry = path.join(dir, manifest.build, ENTRY);
  return existsSync(entry) ? entry : null;
}

/** The code cache's file name for the command the arguments name: its name, "help" for none, "other" for a typo. */
export function codeCacheName(args) {
  const words = args.filter((a) => !a.startsWith("-"));
  const named = words[0] === "help" ? words[1] : words[0];
  if (named === undefined) return "help";
  return /^[a-z][a-z-]{0,31}$/.test(named) ? named : "other";
}

/**
 * Commands that import modules at run time (admin loads the portal's TypeScript through tsx). Node 20's vm.Script
 * cannot import() without --experimental-vm-modules, so these load the file with require and keep no code cache.
 */
const IMPORTING_COMMANDS = new Set(["admin"]);

/**
 * Loads a build (currentBuild's or buildCli's entry) with the code cache of the command `argv` names, and runs
 * the CLI on `argv`. Resolves to the exit code; stores the cache after the run when there was none or V8 refused it.
 */
export async function runBuild(entry, argv) {
  const command = codeCacheName(argv.slice(2));
  if (IMPORTING_COMMANDS.has(command)) return createRequire(entry)(entry).main(argv);
  const cacheFile = path.join(path.dirname(entry), "v8-cache", `${command}.bin`);
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // no cache yet for this command
  }
  // CommonJS's own wrapper, on the source's first line so that stack traces keep their line numbers.
  const source = `(function (exports, require, module, __filename, __dirname) { ${readFileSync(entry, "utf8")}\n})`;
  const script = new vm.Script(source, { filename: entry, cachedData });
  const loaded = { exports: {} };
  script.runInThisContext()(loaded.exports, createRequire(entry), loaded, entry, path.dirname(entry));
  const code = await loaded.exports.main(argv);
  if (!cachedData || script.cachedDataRejected) {
    try {
      mkdirSync(path.dirname(cacheFile), { recursive: true });
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(temporary, script.createCachedData());
      renameSync(temporary, cacheFile);
    } catch {
      // A read-only install runs without a cache.
    }
  }
  return code;
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
    format: "cjs",
    outExtension: { ".js": ".cjs" },
    platform: "node",
    target: "node20",
    tsconfig: path.join(root, "tsconfig.json"),
    outdir: dir,
    // The sources find package.json and the project folder from import.meta.url, which CommonJS lacks.
    define: { "import.meta.url": "__importMetaUrl" },
    banner: { js: 'const __importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  // A warning here is code that would misbehave in the bundle (e.g. import.meta.dirname, which CommonJS lacks).
  if (result.warnings.length > 0) {
    const { formatMessages } = esbuild;
    const text = await formatMessages(result.warnings, { kind: "warning" });
    throw new Error(`the CLI bundle has warnings:\n${text.join("\n")}`);
  }

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
  if (!existsSync(path.join(target, ENTRY))) {
    const temporary = path.join(dir, `.tmp-${process.pid}-${Date.now()}`);
    mkdirSync(temporary, { recursive: true });
    for (const f of files) writeFileSync(path.join(temporary, f.name), f.contents);
    try {
      renameSync(temporary, target);
    } catch (error) {
      rmSync(temporary, { recursive: true, force: true });
      if (!existsSync(path.join(target, ENTRY))) throw error;
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
  return path.join(target, ENTRY);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const started = performance.now();
  const entry = await buildCli();
  console.log(
    `built the syncwright CLI: ${path.relative(ROOT, entry)} (${Math.round(performance.now() - started)} ms)`,
  );
}
