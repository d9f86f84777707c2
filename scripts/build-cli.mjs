#!/usr/bin/env node
// The `syncwright` CLI as prebuilt JavaScript: esbuild bundles lib/cli/main.ts into CommonJS files under
// dist/cli/<build id>/, one per command group (<id>.cjs holds that group's commands and only the code they import;
// main.cjs holds none, for --help), and dist/cli/manifest.json records the build and every file it was built from
// (path, mtime, size).
// bin/syncwright.cjs runs the build only while each of those files is unchanged (currentBuild: one stat per file,
// about 90), and builds again first otherwise, so an edit under lib/ never runs stale code. Runs on `npm install`
// (postinstall); `node scripts/build-cli.mjs` builds by hand. scripts/cli-runner.cjs runs a build.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import runner from "./cli-runner.cjs";

const { COMMANDS, ENTRY, MANIFEST_FORMAT, buildDir, evaluateCommonJs } = runner;
export const { codeCacheName, commandFile, currentBuild, runBuild } = runner;
export { buildDir };

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** Build folders no manifest names any more are removed once this old (a process may still be loading one). */
const KEEP_OLD_BUILDS_MS = 10 * 60_000;

/** The package folder of a file under node_modules ("node_modules/@scope/name" or "node_modules/name"). */
function packageFolder(file) {
  const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(file);
  return match ? match[1] : null;
}

/**
 * commander requires node:child_process at load, for executable subcommands, which syncwright has none of; loading
 * it (with net, dgram and their bindings) costs every command about 6 ms. Its spawn is required when first called.
 */
const lazyChildProcess = {
  name: "lazy-child-process",
  setup(build) {
    build.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer)
        ? { path: "child_process", namespace: "lazy-child-process" }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "lazy-child-process" }, () => ({
      contents: 'module.exports = { spawn: (...args) => require("node:child_process").spawn(...args) };',
      loader: "js",
    }));
  },
};

/** The esbuild options of one file of the build: lib/cli/main.ts holding `group` ("" for none) as `name`.cjs. */
function fileOptions(root, dir, name, group) {
  return {
    absWorkingDir: root,
    entryPoints: { [name]: "lib/cli/main.ts" },
    bundle: true,
    format: "cjs",
    outExtension: { ".js": ".cjs" },
    platform: "node",
    target: "node20",
    tsconfig: path.join(root, "tsconfig.json"),
    outdir: dir,
    // The sources find package.json and the project folder from import.meta.url, which CommonJS lacks.
    define: { "import.meta.url": "__importMetaUrl", __SYNCWRIGHT_CLI_GROUP__: JSON.stringify(group) },
    banner: { js: 'const __importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
    write: false,
    metafile: true,
    logLevel: "silent",
    plugins: [lazyChildProcess],
    minifyWhitespace: true,
    legalComments: "none",
  };
}

/** The command groups (id and command names) of a built main.cjs, read by evaluating its text. */
function groupsOf(text, file) {
  const { exports } = evaluateCommonJs(text, file);
  return exports.COMMAND_GROUPS.map((group) => ({ id: group.id, commands: Object.keys(group.commands) }));
}

/**
 * Builds the CLI and records it in the manifest; returns the entry file. Safe to run from several processes at once.
 * The build is one file per command group (<id>.cjs: the program with that group's commands and only the code they
 * import) and main.cjs (every command as a stand-in: --help, --version and unknown commands); commands.json names
 * each command's file. A command so loads, and keeps in its code cache, only its own group's code.
 */
export async function buildCli(root = ROOT, dir = buildDir(root)) {
  const esbuild = await import("esbuild");
  const main = await esbuild.build(fileOptions(root, dir, "main", ""));
  const groups = groupsOf(main.outputFiles[0].text, path.join(dir, ENTRY));
  const results = [
    main,
    ...(await Promise.all(groups.map((group) => esbuild.build(fileOptions(root, dir, group.id, group.id))))),
  ];
  // A warning here is code that would misbehave in the bundle (e.g. import.meta.dirname, which CommonJS lacks).
  const warnings = results.flatMap((r) => r.warnings);
  if (warnings.length > 0) {
    const text = await esbuild.formatMessages(warnings, { kind: "warning" });
    throw new Error(`the CLI bundle has warnings:\n${text.join("\n")}`);
  }
  const commands = Object.fromEntries(groups.flatMap((group) => group.commands.map((name) => [name, group.id])));

  // The sources, each bundled package's package.json (a reinstall changes it), and what decides the build's shape.
  const inputs = new Set(["package.json", "tsconfig.json", "scripts/build-cli.mjs", "scripts/cli-runner.cjs"]);
  for (const file of results.flatMap((r) => Object.keys(r.metafile.inputs))) {
    if (file.startsWith(`${lazyChildProcess.name}:`)) continue; // made up by the plugin, not a file
    const pkg = packageFolder(file);
    inputs.add(pkg ? `${pkg}/package.json` : file);
  }
  const recorded = [...inputs].sort().map((file) => {
    const info = statSync(path.resolve(root, file));
    return [file, info.mtimeMs, info.size];
  });

  // The build's id is its content's hash: identical builds from concurrent processes land in the same folder.
  const hash = createHash("sha256");
  const files = results
    .flatMap((r) => r.outputFiles)
    .map((f) => ({ name: path.relative(dir, f.path), contents: f.contents }));
  files.push({ name: COMMANDS, contents: Buffer.from(JSON.stringify(commands) + "\n") });
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
