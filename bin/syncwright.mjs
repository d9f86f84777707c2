#!/usr/bin/env node
// The `syncwright` command: runs the prebuilt CLI (dist/cli, built by scripts/build-cli.mjs on `npm install`).
// When a file it was built from changed since (a developer edited lib/), it builds again first; when it cannot
// build (no esbuild, a read-only install), it runs the TypeScript sources through tsx. Never stale code.
import { fileURLToPath, pathToFileURL } from "node:url";
import path from "node:path";
import { currentBuild } from "../scripts/build-cli.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

async function entry() {
  const built = currentBuild(root);
  if (built) return pathToFileURL(built).href;
  try {
    const { buildCli } = await import("../scripts/build-cli.mjs");
    return pathToFileURL(await buildCli(root)).href;
  } catch (error) {
    process.stderr.write(
      `syncwright: cannot build the CLI (${error instanceof Error ? error.message.split("\n")[0] : String(error)}); running the TypeScript sources\n`,
    );
    const { register } = await import("tsx/esm/api");
    register({ tsconfig: path.join(root, "tsconfig.json") });
    return pathToFileURL(path.join(root, "lib/cli/main.ts")).href;
  }
}

const { main } = await import(await entry());
process.exitCode = await main(process.argv);
