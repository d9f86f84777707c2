// Derives the PostgreSQL schema, then generates both Prisma clients (lib/db/generated/{sqlite,postgresql}).
// Runs as postinstall, so a fresh clone is ready after `npm install` / `npm ci`.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { deriveSchemas, SOURCE_SCHEMA, POSTGRESQL_SCHEMA } from "./derive-schemas.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(path.join(root, "package.json"));

deriveSchemas(root);

// `prisma generate` never runs the schema engine, but the CLI insists on one and would otherwise try to
// download it from a host many networks cannot reach. Any existing executable satisfies it; node is one.
// Never run `prisma migrate` / `db push` this way: lib/db/migrate.ts does migrations with the Wasm engine.
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
  CHECKPOINT_DISABLE: "1",
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
};
const cli = require.resolve("prisma/build/index.js");

for (const schema of [SOURCE_SCHEMA, POSTGRESQL_SCHEMA]) {
  const result = spawnSync(process.execPath, [cli, "generate", "--schema", schema], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
  });
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    console.error(`prisma generate failed for ${schema} (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
  console.log(`generated the Prisma client for ${schema}`);
}
