// The Prisma client of the configured database: SQLite (embedded default) or PostgreSQL, picked by
// DATABASE_URL. The rest of lib/ reaches the database only through getDb() in data.ts / mutations.ts.
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { getConfig } from "@/lib/config";
import { providerOf, sqliteFilePath, type Provider } from "@/lib/db/database-url";
import { prepareSqliteFile, SQLITE_BUSY_TIMEOUT_MS } from "@/lib/db/sqlite-file";
import { PrismaClient as SqlitePrismaClient } from "@/lib/db/generated/sqlite/client";
import { PrismaClient as PostgresqlPrismaClient } from "@/lib/db/generated/postgresql/client";

/** The client type everyone uses. Both generated clients come from one model, so their API is the same. */
export type Db = SqlitePrismaClient;

// Marked on the client itself under a registered symbol: the production server loads this module twice (Next's
// bundle and the device API's front) and both use the client kept on globalThis.
const PROVIDER = Symbol.for("syncwright.db.provider");

/** A new client for a database URL (file:... or postgresql://...). Tests use it; the app uses getDb(). */
export function createDbClient(databaseUrl: string): Db {
  let client: Db;
  if (providerOf(databaseUrl) === "sqlite") {
    const file = sqliteFilePath(databaseUrl);
    prepareSqliteFile(file);
    // timeout is SQLite's busy_timeout: a second writer waits for the first instead of failing at once.
    client = new SqlitePrismaClient({
      adapter: new PrismaBetterSqlite3({ url: file, timeout: SQLITE_BUSY_TIMEOUT_MS }),
    });
  } else {
    // The one narrowing cast: the PostgreSQL client is generated from the same models as the SQLite one
    // (scripts/derive-schemas.mjs changes only the provider), so its delegates have identical signatures.
    client = new PostgresqlPrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) }) as unknown as Db;
  }
  Object.defineProperty(client, PROVIDER, { value: providerOf(databaseUrl) });
  return client;
}

/** The provider behind a client made by createDbClient, for the few statements whose SQL differs between them. */
export function providerOfClient(db: Db): Provider {
  const provider = (db as unknown as Record<symbol, Provider | undefined>)[PROVIDER];
  if (!provider)
    throw new Error(
      "providerOfClient: the client was not made by createDbClient (a transaction client has no provider of its own)",
    );
  return provider;
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
    return {
      ok: false,
      reason:
        message
          .split("\n")
          .find((line) => line.trim() !== "")
          ?.trim() ?? "unknown error",
    };
  }
}
