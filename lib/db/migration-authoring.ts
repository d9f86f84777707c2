// Writing and checking migrations (npm run db:new-migration, the drift checks): the SQL between the schema kept
// beside the last migration and prisma/schema.prisma, for SQLite and PostgreSQL alike.
import fs from "node:fs";
import path from "node:path";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";
import { AppError } from "@/lib/app-error";
import { derivePostgresqlSchema } from "@/lib/db/derive-postgresql-schema.mjs";
import {
  KEPT_SCHEMA_FILE,
  LOCK_FILE,
  MIGRATION_FILE,
  NO_FILTERS,
  PROVIDERS,
  datamodel,
  isEmptyMigration,
  lockfileContent,
  migrationsDir,
  migrationsList,
  openEngine,
  readMigrationFolders,
  rootOf,
  type MigrateOptions,
  type MigrationFolder,
  type Provider,
} from "@/lib/db/schema-engine";

export function currentSchema(provider: Provider, options?: MigrateOptions): string {
  const source = path.join(rootOf(options), "prisma", "schema.prisma");
  let text: string;
  try {
    text = fs.readFileSync(source, "utf8");
  } catch (error) {
    throw new AppError("invalid", `Cannot read ${source}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
      cause: error,
    });
  }
  return provider === "sqlite" ? text : derivePostgresqlSchema(text);
}

// ---------- creating and checking ----------

function lastKeptSchema(provider: Provider, folders: MigrationFolder[], options?: MigrateOptions): string | null {
  const last = folders.at(-1);
  if (!last) return null;
  if (last.keptSchema === null) {
    throw new AppError(
      "invalid",
      `${path.join(migrationsDir(provider, options), last.name)}: no ${KEPT_SCHEMA_FILE} beside the migration, so the next one cannot be computed`,
    );
  }
  return last.keptSchema;
}

async function diffSchemas(engine: SchemaEngine, from: string | null, to: string): Promise<string> {
  const out = await engine.diff({
    from: from === null ? { tag: "empty" } : datamodel(from),
    to: datamodel(to),
    script: true,
    exitCode: null,
    filters: NO_FILTERS,
  });
  return isEmptyMigration(out.stdout) ? "" : (out.stdout ?? "");
}

function timestamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

export interface CreateMigrationOptions extends MigrateOptions {
  /**
   * Regenerate the initial migration from scratch (allowed only while it is the only one): for the time
   * before the first release, when the model still changes freely.
   */
  replaceInitial?: boolean;
  now?: Date;
}

export interface CreateMigrationResult {
  /** The folder name used for both providers, or null when the initial migration was already current. */
  name: string | null;
  written: string[];
  removed: string[];
}

/**
 * Writes the next migration for both providers: the SQL that leads from the schema kept beside the last
 * migration (or from nothing) to the current schema, plus a copy of that schema. Refuses an empty one.
 */
export async function createMigration(
  rawName: string,
  options?: CreateMigrationOptions,
): Promise<CreateMigrationResult> {
  const slug = rawName
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!slug) throw new AppError("invalid", `Migration name "${rawName}" must contain letters or digits`);

  const { engine, close } = await openEngine(null);
  const plans: Array<{ provider: Provider; folders: MigrationFolder[]; schema: string; sql: string }> = [];
  try {
    for (const provider of PROVIDERS) {
      const folders = readMigrationFolders(provider, options);
      if (options?.replaceInitial && folders.length > 1) {
        throw new AppError(
          "conflict",
          `${migrationsDir(provider, options)} holds ${folders.length} migrations; --replace-initial only rewrites a lone initial migration`,
        );
      }
      const from = options?.replaceInitial ? null : lastKeptSchema(provider, folders, options);
      const schema = currentSchema(provider, options);
      plans.push({ provider, folders, schema, sql: await diffSchemas(engine, from, schema) });
    }
  } finally {
    await close();
  }

  if (plans.every((plan) => plan.sql === "")) {
    throw new AppError(
      "invalid",
      "prisma/schema.prisma has not changed since the last migration: no empty migration written",
    );
  }
  if (options?.replaceInitial) {
    const unchanged = plans.every((plan) => {
      const only = plan.folders[0];
      return only && only.sql === plan.sql && only.keptSchema === plan.schema;
    });
    if (unchanged) return { name: null, written: [], removed: [] };
  }

  // One name for both providers, after every existing folder so the order of history holds.
  let date = options?.now ?? new Date();
  const existing = plans.flatMap((plan) => (options?.replaceInitial ? [] : plan.folders.map((folder) => folder.name)));
  let name = `${timestamp(date)}_${slug}`;
  while (existing.some((folder) => folder >= name)) {
    date = new Date(date.getTime() + 1000);
    name = `${timestamp(date)}_${slug}`;
  }

  const written: string[] = [];
  const removed: string[] = [];
  for (const plan of plans) {
    const dir = migrationsDir(plan.provider, options);
    if (options?.replaceInitial) {
      for (const folder of plan.folders) {
        fs.rmSync(path.join(dir, folder.name), { recursive: true, force: true });
        removed.push(path.join(dir, folder.name));
      }
    }
    fs.mkdirSync(path.join(dir, name), { recursive: true });
    const lockPath = path.join(dir, LOCK_FILE);
    if (!fs.existsSync(lockPath)) fs.writeFileSync(lockPath, lockfileContent(plan.provider));
    fs.writeFileSync(path.join(dir, name, MIGRATION_FILE), plan.sql);
    fs.writeFileSync(path.join(dir, name, KEPT_SCHEMA_FILE), plan.schema);
    written.push(path.join(dir, name));
  }
  return { name, written, removed };
}

/**
 * For each provider, the SQL that would lead from the schema kept beside the last migration to the
 * current schema: empty strings mean the migrations folders are in sync with prisma/schema.prisma.
 */
export async function driftCheck(options?: MigrateOptions): Promise<Record<Provider, string>> {
  const { engine, close } = await openEngine(null);
  try {
    const result = {} as Record<Provider, string>;
    for (const provider of PROVIDERS) {
      const from = lastKeptSchema(provider, readMigrationFolders(provider, options), options);
      result[provider] = await diffSchemas(engine, from, currentSchema(provider, options));
    }
    return result;
  } finally {
    await close();
  }
}

/**
 * SQLite only: replays the migrations folder on an in-memory shadow database and diffs the result
 * against the current schema; empty when the SQL itself (not only the kept schema) produces the schema.
 * PostgreSQL's shadow-database path is unsafe with adapter-pg (PLATFORM.md); its test compares catalogs.
 */
export async function sqliteMigrationsDrift(options?: MigrateOptions): Promise<string> {
  const { engine, close } = await openEngine(null);
  try {
    const out = await engine.diff({
      from: { tag: "migrations", ...migrationsList("sqlite", options) },
      to: datamodel(currentSchema("sqlite", options)),
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    });
    return isEmptyMigration(out.stdout) ? "" : (out.stdout ?? "");
  } finally {
    await close();
  }
}

/** The SQL that creates the current schema from nothing; tests compare its result with the migrations'. */
export async function currentSchemaSql(provider: Provider, options?: MigrateOptions): Promise<string> {
  const { engine, close } = await openEngine(null);
  try {
    return await diffSchemas(engine, null, currentSchema(provider, options));
  } finally {
    await close();
  }
}
