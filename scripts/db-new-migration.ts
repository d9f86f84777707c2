// `npm run db:new-migration -- <name> [--replace-initial]`: writes the next migration for both providers
// (prisma/migrations/{sqlite,postgresql}/<timestamp>_<name>/migration.sql + the schema it leads to).
import path from "node:path";
import { spawnSync } from "node:child_process";
import { isAppError } from "@/lib/app-error";
import { createMigration } from "@/lib/db/migration-authoring";

const USAGE = `usage: npm run db:new-migration -- <name> [--replace-initial]

Writes the SQL from the schema kept beside the last migration to prisma/schema.prisma, for SQLite and
PostgreSQL. --replace-initial regenerates a lone initial migration from scratch (only before the first
release: a database migrated with the old one must be recreated).`;

async function main(argv: string[]): Promise<number> {
  const flags = argv.filter((arg) => arg.startsWith("-"));
  const names = argv.filter((arg) => !arg.startsWith("-"));
  const unknown = flags.filter((flag) => flag !== "--replace-initial");
  if (flags.includes("--help") || flags.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  if (unknown.length > 0 || names.length !== 1) {
    console.error(unknown.length > 0 ? `unknown option ${unknown[0]}\n\n${USAGE}` : USAGE);
    return 2;
  }
  try {
    const result = await createMigration(names[0], { replaceInitial: flags.includes("--replace-initial") });
    if (result.name === null) {
      console.log("The initial migration already matches prisma/schema.prisma: nothing changed.");
      return 0;
    }
    for (const folder of result.removed) console.log(`removed ${path.relative(process.cwd(), folder)}`);
    for (const folder of result.written) console.log(`wrote   ${path.relative(process.cwd(), folder)}`);
    // The schema changed, so the derived PostgreSQL schema and both clients must follow.
    const generate = spawnSync(process.execPath, [path.join(process.cwd(), "scripts/prisma-generate.mjs")], {
      stdio: "inherit",
    });
    return generate.status === 0 ? 0 : 1;
  } catch (error) {
    if (isAppError(error)) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
