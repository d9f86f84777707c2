// Applies the migrations of the configured database at start-up, once however many instances start together:
// the runtime side of migrations (authoring them: ./migration-authoring.ts; the engine: ./schema-engine.ts).
import Database from "better-sqlite3";
import pg from "pg";
import { AppError } from "@/lib/app-error";
import { getConfig } from "@/lib/config";
import { ensureSqliteFolder, prepareSqliteFile } from "@/lib/db/sqlite-file";
import {
  NO_FILTERS,
  describeDatabase,
  migrationsList,
  openEngine,
  sqliteFilePath,
  unreachable,
  type DatabaseTarget,
  type MigrateOptions,
  type Provider,
} from "@/lib/db/schema-engine";

// Prisma's engine takes advisory lock 72707369 itself on PostgreSQL; ours must differ or we would deadlock.
const PG_MIGRATION_LOCK_KEY = 741_205_503;
const LOCK_WAIT_MS = 5 * 60_000;

// ---------- locks ----------

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs fn while holding the migration lock of the database, so that several instances starting together
 * apply each migration once. SQLite: an exclusive transaction on a lock file beside the database (the OS
 * releases it if the process dies, so no stale lock survives). PostgreSQL: a session advisory lock on a
 * dedicated connection.
 */
async function withMigrationLock<T>(
  target: DatabaseTarget,
  options: MigrateOptions | undefined,
  fn: () => Promise<T>,
): Promise<T> {
  if (target.provider === "postgresql") {
    const client = new pg.Client({ connectionString: target.databaseUrl });
    client.on("error", () => {}); // a dropped connection surfaces through the awaited queries
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => {});
      throw unreachable(target, error);
    }
    try {
      await client.query("SELECT pg_advisory_lock($1)", [PG_MIGRATION_LOCK_KEY]);
      return await fn();
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [PG_MIGRATION_LOCK_KEY]).catch(() => {});
      await client.end().catch(() => {});
    }
  }

  const lockPath = `${sqliteFilePath(target.databaseUrl, options)}.migrate-lock`;
  const lock = new Database(lockPath, { timeout: 0 });
  try {
    // Poll instead of busy-waiting inside SQLite, so a holder in this same process can finish.
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      try {
        lock.exec("BEGIN EXCLUSIVE");
        break;
      } catch (error) {
        if ((error as { code?: string }).code !== "SQLITE_BUSY") throw error;
        if (Date.now() > deadline) {
          throw new AppError(
            "unavailable",
            `Another process has held the migration lock ${lockPath} for over ${LOCK_WAIT_MS / 1000} s`,
          );
        }
        await sleep(25 + Math.random() * 50);
      }
    }
    try {
      return await fn();
    } finally {
      lock.exec("ROLLBACK");
    }
  } finally {
    lock.close();
  }
}

// ---------- applying ----------

export interface ApplyResult {
  provider: Provider;
  /** Where the database is (no credentials). */
  database: string;
  /** Names of the migrations applied now; empty when the database was up to date. */
  applied: string[];
}

/** Applies the provider's pending migrations to the database, inside the migration lock, never twice. */
export async function applyMigrations(target: DatabaseTarget, options?: MigrateOptions): Promise<ApplyResult> {
  const list = migrationsList(target.provider, options);
  if (list.migrationDirectories.length === 0) {
    throw new AppError("internal", `${list.baseDir} holds no migrations: the database cannot be created`);
  }
  const database = describeDatabase(target, options);
  // The folder must exist before the lock file beside the database can be created.
  if (target.provider === "sqlite") ensureSqliteFolder(sqliteFilePath(target.databaseUrl, options));
  return withMigrationLock(target, options, async () => {
    if (target.provider === "sqlite") prepareSqliteFile(sqliteFilePath(target.databaseUrl, options));
    const { engine, close } = await openEngine(target, options);
    try {
      const out = await engine.applyMigrations({ migrationsList: list, filters: NO_FILTERS });
      return { provider: target.provider, database, applied: out.appliedMigrationNames };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new AppError("internal", `Migrating the ${target.provider} database at ${database} failed: ${reason}`, {
        cause: error,
      });
    } finally {
      await close();
    }
  });
}

/**
 * The start-up hook: creates (SQLite) and migrates the configured database before the portal serves.
 * Throws AppError("unavailable") with a one-line message when the database cannot be reached.
 */
export async function ensureDatabase(options?: MigrateOptions & { config?: DatabaseTarget }): Promise<ApplyResult> {
  const config = options?.config ?? getConfig();
  return applyMigrations({ provider: config.provider, databaseUrl: config.databaseUrl }, options);
}
