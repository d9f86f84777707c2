// Runs the prebuilt `syncwright` CLI (built by scripts/build-cli.mjs into dist/cli/<build id>/): finds the current
// build (currentBuild), picks the file of the command named (commandFile) and loads it through vm.Script with V8's
// code cache of that command (runBuild). CommonJS, like bin/syncwright.cjs that requires it: a command's start-up
// then loads no ES module at all (Node's ES module loader alone costs about a tenth of `node -e 0`).
//
// V8's code cache: the first run of each command stores the bytecode of every function it compiled
// (dist/cli/<build id>/v8-cache/<command>.bin), and later runs of that command skip parsing and compiling them.
// Node 20 has no module compile cache (module.enableCompileCache is Node 22), and ES modules cannot take cached data,
// hence CommonJS. V8 checks each cache against the source and its own version and flags; a cache it rejects is
// written again, and one that cannot be written (a read-only install) is only skipped.
"use strict";
const { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } = require("node:fs");
const { createRequire } = require("node:module");
const path = require("node:path");
const vm = require("node:vm");

const ROOT = path.resolve(__dirname, "..");
/** 2: one file per command group and commands.json (1 was one main.cjs). */
const MANIFEST_FORMAT = 2;

/** Where the build lives: dist/cli, or SYNCWRIGHT_CLI_BUILD_DIR (tests build into a temporary folder). */
function buildDir(root = ROOT) {
  return process.env.SYNCWRIGHT_CLI_BUILD_DIR || path.join(root, "dist", "cli");
}

const ENTRY = "main.cjs";
/** In a build's folder: which group's file (<id>.cjs) holds each command. */
const COMMANDS = "commands.json";

/**
 * The entry file (main.cjs) of the current build, or null when there is none or any file it was built from changed
 * since (mtime or size differs, or it is gone).
 */
function currentBuild(root = ROOT, dir = buildDir(root)) {
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
function codeCacheName(args) {
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
 * Evaluates CommonJS `text` as the file `file` (its require resolves from there), through vm.Script so that V8's
 * code cache can be given (`cachedData`) and made (the returned script). CommonJS's own wrapper sits on the text's
 * first line, so stack traces keep their line numbers.
 */
function evaluateCommonJs(text, file, cachedData) {
  const source = `(function (exports, require, module, __filename, __dirname) { ${text}\n})`;
  const script = new vm.Script(source, { filename: file, cachedData });
  const loaded = { exports: {} };
  script.runInThisContext()(loaded.exports, createRequire(file), loaded, file, path.dirname(file));
  return { script, exports: loaded.exports };
}

/**
 * Loads a build (currentBuild's or buildCli's entry) with the code cache of the command `argv` names, and runs
 * the CLI on `argv`. Resolves to the exit code; stores the cache after the run when there was none or V8 refused it.
 */
async function runBuild(entry, argv) {
  const command = codeCacheName(argv.slice(2));
  const file = commandFile(entry, command);
  if (IMPORTING_COMMANDS.has(command)) return createRequire(file)(file).main(argv);
  const cacheFile = path.join(path.dirname(entry), "v8-cache", `${command}.bin`);
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // no cache yet for this command
  }
  const { script, exports } = evaluateCommonJs(readFileSync(file, "utf8"), file, cachedData);
  const code = await exports.main(argv);
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

/** The file of the build (entry: its main.cjs) that holds `command`: its group's, or main.cjs for none or a typo. */
function commandFile(entry, command) {
  const commands = JSON.parse(readFileSync(path.join(path.dirname(entry), COMMANDS), "utf8"));
  return Object.hasOwn(commands, command) ? path.join(path.dirname(entry), `${commands[command]}.cjs`) : entry;
}

module.exports = {
  MANIFEST_FORMAT,
  ENTRY,
  COMMANDS,
  buildDir,
  currentBuild,
  codeCacheName,
  runBuild,
  commandFile,
  evaluateCommonJs,
};
