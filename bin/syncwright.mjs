#!/usr/bin/env node
// The `syncwright` command: runs the prebuilt CLI (dist/cli, built by scripts/build-cli.mjs on `npm install`) with
// V8's code cache of the command named (runBuild). When a file it was built from changed since (a developer edited
// lib/), it builds again first; when it cannot build (no esbuild, a read-only install), it runs the TypeScript
// sources through tsx. Never stale code.
import { fileURLToPath, pathToFileURL } from "node:url";
import path from "node:path";
import { buildCli, currentBuild, runBuild } from "../scripts/build-cli.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

async function built() {
  const current = currentBuild(root);
  if (current) return current;
  try {
    return await buildCli(root);
  } catch (error) {
    process.stderr.write(
      `syncwright: cannot build the CLI (${error instanceof Error ? error.message.split("\n")[0] : String(error)}); running the TypeScript sources\n`,
    );
    return null;
  }
}

const entry = await built();
if (entry) {
  process.exitCode = await runBuild(entry, process.argv);
} else {
  const { register } = await import("tsx/esm/api");
  register({ tsconfig: path.join(root, "tsconfig.json") });
  const { main } = await import(pathToFileURL(path.join(root, "lib/cli/main.ts")).href);
  process.exitCode = await main(process.argv);
}
