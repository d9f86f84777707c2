#!/usr/bin/env node
// `npm start`: generates the Prisma clients when missing or stale, checks the configuration, creates and
// migrates the database, prints the one-time setup link when there is no owner yet, builds the app when the
// build is missing or older than the sources, then serves it. Nothing else needs installing.
import { spawnSync, spawn } from "node:child_process";
import { existsSync, statSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensurePrismaClients } from "./prisma-clients.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");

function run(args, options = {}) {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit", env: process.env, ...options });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// 0. The generated Prisma clients: missing in a clone that skipped postinstall, stale after a schema change.
if (!ensurePrismaClients(root)) process.exit(1);

// 1. Configuration, database, secrets, setup link (TypeScript, run with the react-server condition so
//    server-only modules load outside Next).
run(["--conditions=react-server", "--import", "tsx", path.join(root, "scripts", "prestart.ts")]);

// 2. Build when needed.
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "generated" || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}
const buildId = path.join(root, process.env.NEXT_DIST_DIR || ".next", "BUILD_ID");
const sources = [
  "app",
  "components",
  "lib",
  "public",
  "next.config.ts",
  "package.json",
  "proxy.ts",
  "prisma/schema.prisma",
]
  .map((p) => path.join(root, p))
  .filter((p) => existsSync(p))
  .map((p) => (statSync(p).isDirectory() ? newestSource(p) : statSync(p).mtimeMs));
if (
  !existsSync(buildId) ||
  Math.max(...sources) > statSync(buildId).mtimeMs ||
  process.env.SYNCWRIGHT_REBUILD === "1"
) {
  console.log("Building the portal (first start or changed sources)...");
  run([nextBin, "build"], { env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
}

// 3. Serve: scripts/server.ts puts the device API in front of Next (see there). TypeScript through tsx, with
//    `server-only` resolved to an empty module for the device API's modules (scripts/server-only-hook.mjs).
const child = spawn(
  process.execPath,
  [
    "--import",
    "tsx",
    "--import",
    path.join(root, "scripts", "server-only-hook.mjs"),
    path.join(root, "scripts", "server.ts"),
  ],
  {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  },
);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
