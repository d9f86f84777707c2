#!/usr/bin/env node
// The generated Prisma clients (lib/db/generated/{sqlite,postgresql}) must exist and be newer than
// prisma/schema.prisma: a fresh clone without `npm install`'s postinstall, or a pulled schema change, would
// otherwise fail later with an unhelpful "Cannot find package". `npm start` (scripts/start.mjs) generates them
// when they are missing or stale, and says exactly what to run when it cannot.
import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PROVIDERS = ["sqlite", "postgresql"];

/** Why the clients need generating ("missing: ...", "older than prisma/schema.prisma: ..."), or null when current. */
export function prismaClientsProblem(root = ROOT) {
  const schema = statSync(path.join(root, "prisma", "schema.prisma")).mtimeMs;
  for (const provider of PROVIDERS) {
    const client = path.join("lib", "db", "generated", provider, "client.ts");
    const info = statSync(path.join(root, client), { throwIfNoEntry: false });
    if (!info) return `missing: ${client}`;
    if (info.mtimeMs < schema) return `older than prisma/schema.prisma: ${client}`;
  }
  return null;
}

/** Generates the clients when they are missing or stale; false (after saying what to run) when that fails. */
export function ensurePrismaClients(root = ROOT) {
  const problem = prismaClientsProblem(root);
  if (!problem) return true;
  console.log(`Generating the Prisma clients (${problem})...`);
  const result = spawnSync(process.execPath, [path.join(root, "scripts", "prisma-generate.mjs")], {
    cwd: root,
    stdio: "inherit",
  });
  const still = result.status === 0 ? prismaClientsProblem(root) : "prisma generate failed";
  if (!still) return true;
  console.error(
    `The Prisma clients could not be generated (${still}). Run \`npm run db:generate\` (or \`npm install\`) in ${root}, then \`npm start\` again.`,
  );
  return false;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = ensurePrismaClients() ? 0 : 1;
}
