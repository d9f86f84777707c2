// The Prisma client of the configured database: SQLite (embedded default) or PostgreSQL, picked by
// DATABASE_URL. The rest of lib/ reaches the database only through getDb() in data.ts / mutations.ts.
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { getConfig } from "@/lib/config";
import { providerOf, sqliteFilePath } from "@/lib/db/database-url";
import { prepareSqliteFile, SQLITE_BUSY_TIMEOUT_MS } from "@/lib/db/sqlite-file";
import { PrismaClient as SqlitePrismaClient } from "@/lib/db/generated/sqlite/client";
import { PrismaClient as PostgresqlPrismaClient } from "@/lib/db/generated/postgresql/client";

/** The client type everyone uses. Both generated clients come from one model, so their API is the same. */
export type Db = SqlitePrismaClient;

/** A new client for a database URL (file:... or postgresql://...). Tests use it; the app uses getDb(). */
export function createDbClient(databaseUrl: string): Db {
  if (providerOf(databaseUrl) === "sqlite") {
    const file = sqliteFilePath(databaseUrl);
    prepareSqliteFile(file);
    // timeout is SQLite's busy_timeout: a second writer waits for the first instead of failing at once.
    return new SqlitePrismaClient({ adapter: new PrismaBetterSqlite3({ url: file, timeout: SQLITE_BUSY_TIMEOUT_MS }) });
  }
  const client = new PostgresqlPrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  // The one narrowing cast: the PostgreSQL client is generated from the same models as the SQLite one
  // (scripts/derive-schemas.mjs changes only the provider), so its delegates have identical signatures.
  return client as unknown as Db;
}

const globalForDb = globalThis as typeof globalThis & { __syncwrightDb?: { url: string; client: Db } };

/**
 * The process's client for the configured database. Kept on globalThis so that Next's dev server,
 * which re-evaluates modules on every change, does not open a new pool each time.
 */
export function getDb(): Db {
  const url = getConfig().databaseUrl;
  if (globalForDb.__syncwrightDb?.url !== url) {
    globalForDb.__syncwrightDb = { url, client: createDbClient(url) };
  }
  return globalForDb.__syncwrightDb.client;
}

/** Reachability for the health check: never throws, never leaks credentials. */
export async function pingDatabase(db: Db = getDb()): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    await db.$queryRawUnsafe("SELECT 1");
    return { ok: true };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: message.split("\n").find((line) => line.trim() !== "")?.trim() ?? "unknown error" };
  }
}
