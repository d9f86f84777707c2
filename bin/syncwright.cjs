#!/usr/bin/env node
// The `syncwright` command: runs the prebuilt CLI (dist/cli, built by scripts/build-cli.mjs on `npm install`) with
// V8's code cache of the command named (scripts/cli-runner.cjs). When a file it was built from changed since (a
// developer edited lib/), it builds again first; when it cannot build (no esbuild, a read-only install), it runs the
// TypeScript sources through tsx. Never stale code. CommonJS, so that a command's start-up loads no ES module.
"use strict";
const path = require("node:path");
const { pathToFileURL } = require("node:url");
const { currentBuild, runBuild } = require("../scripts/cli-runner.cjs");

const root = path.resolve(__dirname, "..");

async function built() {
  const current = currentBuild(root);
  if (current) return current;
  try {
    const { buildCli } = await import("../scripts/build-cli.mjs");
    return await buildCli(root);
  } catch (error) {
    process.stderr.write(
      `syncwright: cannot build the CLI (${error instanceof Error ? error.message.split("\n")[0] : String(error)}); running the TypeScript sources\n`,
    );
    return null;
  }
}

async function run() {
  const entry = await built();
  if (entry) return runBuild(entry, process.argv);
  const { register } = await import("tsx/esm/api");
  register({ tsconfig: path.join(root, "tsconfig.json") });
  const { main } = await import(pathToFileURL(path.join(root, "lib/cli/main.ts")).href);
  return main(process.argv);
}

run().then((code) => {
  process.exitCode = code;
});
