// Writes prisma/schema.postgresql.prisma, derived from prisma/schema.prisma (the one model source) by
// lib/db/derive-postgresql-schema.mjs. Plain Node so it runs in postinstall before any TypeScript tooling.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { derivePostgresqlSchema, SOURCE_SCHEMA } from "../lib/db/derive-postgresql-schema.mjs";

export { SOURCE_SCHEMA };
export const POSTGRESQL_SCHEMA = "prisma/schema.postgresql.prisma";

/**
 * Writes the derived schema file(s) under root; returns the paths written.
 * @param {string} root
 * @returns {string[]}
 */
export function deriveSchemas(root) {
  const source = fs.readFileSync(path.join(root, SOURCE_SCHEMA), "utf8");
  const target = path.join(root, POSTGRESQL_SCHEMA);
  const derived = derivePostgresqlSchema(source);
  const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : null;
  if (current !== derived) fs.writeFileSync(target, derived);
  return [target];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  try {
    for (const file of deriveSchemas(root)) console.log(`derived ${path.relative(root, file)}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
