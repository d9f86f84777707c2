// Real databases for tests: a fresh SQLite file in a temp folder, or a fresh PostgreSQL database with a
// random name on the local server; both with every migration applied, both removed by cleanup().
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import pg from "pg";
import { applyMigrations } from "@/lib/db/migrate";

export interface TestSqlite {
  url: string;
  file: string;
  dir: string;
  cleanup(): Promise<void>;
}

export interface TestPostgres {
  url: string;
  name: string;
  cleanup(): Promise<void>;
}

/** A temp folder that does not hold the database file yet; cleanup removes it. */
export function createTempDir(prefix = "syncwright-db-"): { dir: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A fresh SQLite file with migrations applied (pass migrate: false for an empty one). */
export async function createTestSqlite(options: { migrate?: boolean } = {}): Promise<TestSqlite> {
  const temp = createTempDir();
  const file = path.join(temp.dir, "data", "syncwright.db");
  const url = `file:${file}`;
  if (options.migrate !== false) await applyMigrations({ provider: "sqlite", databaseUrl: url });
  return { url, file, dir: temp.dir, cleanup: async () => temp.cleanup() };
}

// ---------- PostgreSQL ----------

const ADMIN_URLS = process.env.TEST_POSTGRES_URL
  ? [process.env.TEST_POSTGRES_URL]
  : ["postgresql://root@127.0.0.1:5432/postgres", "postgresql://postgres@127.0.0.1:5432/postgres"];

let adminUrl: Promise<{ url: string } | { error: string }> | undefined;

/** The first admin URL that connects (TEST_POSTGRES_URL, else root or postgres on 127.0.0.1:5432). */
export function findPostgres(): Promise<{ url: string } | { error: string }> {
  adminUrl ??= (async () => {
    const errors: string[] = [];
    for (const url of ADMIN_URLS) {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
      try {
        await client.connect();
        await client.query("SELECT 1");
        return { url };
      } catch (error) {
        errors.push(
          `${new URL(url).username}@${new URL(url).host}: ${error instanceof Error ? error.message : String(error)}`,
        );
      } finally {
        await client.end().catch(() => {});
      }
    }
    return { error: `PostgreSQL is not reachable (${errors.join("; ")}). Start it or set TEST_POSTGRES_URL.` };
  })();
  return adminUrl;
}

/**
 * Whether the PostgreSQL tests run. In CI (CI set) an unreachable server fails the run with the reason;
 * on a developer's machine the tests are skipped with a loud warning instead.
 */
export async function postgresForTests(): Promise<
  { available: true; url: string } | { available: false; reason: string }
> {
  const found = await findPostgres();
  if ("url" in found) return { available: true, url: found.url };
  if (process.env.CI) throw new Error(`${found.error} CI=${process.env.CI}: the PostgreSQL tests must run.`);
  console.warn(`\n!!! SKIPPING PostgreSQL tests: ${found.error}\n`);
  return { available: false, reason: found.error };
}

async function adminQuery(sql: string): Promise<void> {
  const found = await findPostgres();
  if (!("url" in found)) throw new Error(found.error);
  const client = new pg.Client({ connectionString: found.url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh, randomly named PostgreSQL database with migrations applied (migrate: false for an empty one). */
export async function createTestPostgres(options: { migrate?: boolean } = {}): Promise<TestPostgres> {
  const found = await findPostgres();
  if (!("url" in found)) throw new Error(found.error);
  const name = `syncwright_test_${crypto.randomBytes(6).toString("hex")}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = new URL(found.url);
  url.pathname = `/${name}`;
  const cleanup = async () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  try {
    if (options.migrate !== false) await applyMigrations({ provider: "postgresql", databaseUrl: url.toString() });
  } catch (error) {
    await cleanup();
    throw error;
  }
  return { url: url.toString(), name, cleanup };
}

/**
 * A fresh database of `provider` with migrations applied, for a suite run on both (describe.each); undefined when
 * PostgreSQL is asked for and not reachable outside CI (the suite skips; in CI postgresForTests throws instead).
 */
export async function createTestDatabase(
  provider: "sqlite" | "postgresql",
): Promise<{ url: string; cleanup(): Promise<void> } | undefined> {
  if (provider === "sqlite") return createTestSqlite();
  const found = await postgresForTests();
  return found.available ? createTestPostgres() : undefined;
}
