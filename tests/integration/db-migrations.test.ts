// Migrations on a fresh SQLite file and a fresh PostgreSQL database: applied once, never twice, once
// when two instances start together; each provider's folder produces exactly prisma/schema.prisma.
import fs from "node:fs";
import path from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/app-error";
import { applyMigrations } from "@/lib/db/migrate";
import { currentSchema, currentSchemaSql, driftCheck, sqliteMigrationsDrift } from "@/lib/db/migration-authoring";
import { migrationsDir, type Provider } from "@/lib/db/schema-engine";
import { derivePostgresqlSchema } from "@/lib/db/derive-postgresql-schema.mjs";
import { createTempDir, createTestPostgres, postgresForTests } from "../support/test-database";

const run = promisify(execFile);
const root = process.cwd();
const TSX = path.join(root, "node_modules/tsx/dist/cli.mjs");

function migrationNames(provider: Provider): string[] {
  return fs
    .readdirSync(migrationsDir(provider), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** `npm run db:migrate -- --json`, the command a developer runs. */
async function migrateScript(databaseUrl: string): Promise<{ applied: string[] }> {
  const { stdout } = await run(process.execPath, [TSX, "scripts/db-migrate.ts", "--json"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
  return JSON.parse(stdout.trim().split("\n").at(-1)!);
}

/**
 * Several processes that each apply the migrations at the same instant, like portal instances starting
 * together: each loads everything first and waits for a shared start time, so the applies really overlap.
 */
async function migrateInProcesses(databaseUrl: string, count: number): Promise<Array<{ applied: string[] }>> {
  const startAt = Date.now() + 2500;
  const code = `
    const { applyMigrations } = await import(${JSON.stringify(pathToFileURL(path.join(root, "lib/db/migrate.ts")).href)});
    await new Promise((resolve) => setTimeout(resolve, ${startAt} - Date.now()));
    const result = await applyMigrations({ provider: ${JSON.stringify(databaseUrl.startsWith("file:") ? "sqlite" : "postgresql")}, databaseUrl: ${JSON.stringify(databaseUrl)} });
    console.log(JSON.stringify(result));
    process.exit(0);`;
  return Promise.all(
    Array.from({ length: count }, async () => {
      const { stdout } = await run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], {
        cwd: root,
      });
      return JSON.parse(stdout.trim().split("\n").at(-1)!);
    }),
  );
}

// ---------- SQLite ----------

describe("SQLite migrations", () => {
  const temp = createTempDir();
  afterAll(() => temp.cleanup());

  it("creates the file and its folder, applies every migration, then applies nothing", async () => {
    const file = path.join(temp.dir, "nested", "data", "app.db");
    const url = `file:${file}`;
    const first = await applyMigrations({ provider: "sqlite", databaseUrl: url });
    expect(first.applied).toEqual(migrationNames("sqlite"));
    expect(fs.existsSync(file)).toBe(true);

    const second = await migrateScript(url);
    expect(second.applied).toEqual([]);

    const db = new Database(file, { readonly: true });
    try {
      const rows = db
        .prepare("SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY migration_name")
        .all() as Array<{
        migration_name: string;
        finished_at: string | null;
      }>;
      expect(rows.map((row) => row.migration_name)).toEqual(migrationNames("sqlite"));
      expect(rows.every((row) => row.finished_at !== null)).toBe(true);
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    } finally {
      db.close();
    }
  });

  it("applies exactly once when three processes start on the same new file together", async () => {
    const url = `file:${path.join(temp.dir, "race-processes", "app.db")}`;
    const results = await migrateInProcesses(url, 3);
    expect(results.flatMap((result) => result.applied).sort()).toEqual(migrationNames("sqlite"));
    expect(results.some((result) => result.applied.length === 0)).toBe(true);
  });

  it("applies exactly once when two engines in one process race", async () => {
    const url = `file:${path.join(temp.dir, "race-engines", "app.db")}`;
    const results = await Promise.all([0, 1, 2].map(() => applyMigrations({ provider: "sqlite", databaseUrl: url })));
    expect(results.flatMap((result) => result.applied).sort()).toEqual(migrationNames("sqlite"));
  });

  it("says which folder it cannot create instead of failing with a stack", async () => {
    const blocker = path.join(temp.dir, "a-file");
    fs.writeFileSync(blocker, "not a folder");
    const error = await applyMigrations({
      provider: "sqlite",
      databaseUrl: `file:${path.join(blocker, "db", "app.db")}`,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("unavailable");
    expect((error as AppError).message).toContain(path.join(blocker, "db"));
  });
});

// ---------- PostgreSQL ----------

const postgres = await postgresForTests();

describe.skipIf(!postgres.available)("PostgreSQL migrations", () => {
  it("applies every migration to a fresh database, then nothing", async () => {
    const db = await createTestPostgres({ migrate: false });
    try {
      const first = await applyMigrations({ provider: "postgresql", databaseUrl: db.url });
      expect(first.applied).toEqual(migrationNames("postgresql"));
      const second = await migrateScript(db.url);
      expect(second.applied).toEqual([]);

      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        const { rows } = await client.query(
          "SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY migration_name",
        );
        expect(rows.map((row) => row.migration_name)).toEqual(migrationNames("postgresql"));
        expect(rows.every((row) => row.finished_at !== null)).toBe(true);
      } finally {
        await client.end();
      }
    } finally {
      await db.cleanup();
    }
  });

  it("applies exactly once when three processes start on the same new database together", async () => {
    const db = await createTestPostgres({ migrate: false });
    try {
      const results = await migrateInProcesses(db.url, 3);
      expect(results.flatMap((result) => result.applied).sort()).toEqual(migrationNames("postgresql"));
      expect(results.some((result) => result.applied.length === 0)).toBe(true);
      const inProcess = await Promise.all(
        [0, 1].map(() => applyMigrations({ provider: "postgresql", databaseUrl: db.url })),
      );
      expect(inProcess.flatMap((result) => result.applied)).toEqual([]);
    } finally {
      await db.cleanup();
    }
  });

  it("names the host it cannot reach, without credentials", async () => {
    const error = await applyMigrations({
      provider: "postgresql",
      databaseUrl: "postgresql://someone:hunter2@127.0.0.1:1/app",
    }).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("unavailable");
    expect((error as AppError).message).toContain("127.0.0.1:1/app");
    expect((error as AppError).message).not.toContain("hunter2");
  });
});

// ---------- the folders produce exactly the schema ----------

/** Columns, indexes and foreign keys of every table but Prisma's own, in a comparable form. */
function sqliteCatalog(file: string): unknown {
  const db = new Database(file, { readonly: true });
  try {
    const tables = (
      db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name",
        )
        .all() as Array<{ name: string }>
    ).map((row) => row.name);
    return tables.map((table) => ({
      table,
      columns: db.pragma(`table_info("${table}")`),
      indexes: (db.pragma(`index_list("${table}")`) as Array<{ name: string; unique: number }>)
        .map((index) => ({ name: index.name, unique: index.unique, columns: db.pragma(`index_info("${index.name}")`) }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      foreignKeys: db.pragma(`foreign_key_list("${table}")`),
    }));
  } finally {
    db.close();
  }
}

async function postgresCatalog(url: string): Promise<unknown> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = await client.query(
      `SELECT table_name, column_name, data_type, is_nullable, column_default, character_maximum_length, datetime_precision
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
        ORDER BY table_name, column_name`,
    );
    const indexes = await client.query(
      `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY indexname`,
    );
    const constraints = await client.query(
      `SELECT c.conrelid::regclass::text AS table_name, c.conname, c.contype, pg_get_constraintdef(c.oid) AS definition
         FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE n.nspname = 'public' AND c.conrelid::regclass::text <> '"_prisma_migrations"' AND c.conrelid::regclass::text <> '_prisma_migrations'
        ORDER BY c.conname`,
    );
    return { columns: columns.rows, indexes: indexes.rows, constraints: constraints.rows };
  } finally {
    await client.end();
  }
}

describe("drift: each migrations folder produces exactly prisma/schema.prisma", () => {
  it("the schema kept beside the last migration is the current schema, for both providers", async () => {
    const drift = await driftCheck();
    expect(
      drift.sqlite,
      "prisma/schema.prisma changed without a migration: run `npm run db:new-migration -- init --replace-initial` (before the first release) or `npm run db:new-migration -- <name>`",
    ).toBe("");
    expect(
      drift.postgresql,
      "prisma/schema.prisma changed without a PostgreSQL migration: run `npm run db:new-migration -- init --replace-initial` (before the first release) or `npm run db:new-migration -- <name>`",
    ).toBe("");
  });

  it("the committed PostgreSQL schema is the one derived from prisma/schema.prisma", () => {
    const committed = fs.readFileSync(path.join(root, "prisma/schema.postgresql.prisma"), "utf8");
    expect(committed, "prisma/schema.postgresql.prisma is stale: run `npm run db:generate`").toBe(
      derivePostgresqlSchema(fs.readFileSync(path.join(root, "prisma/schema.prisma"), "utf8")),
    );
    expect(currentSchema("postgresql")).toBe(committed);
  });

  it("SQLite: replaying the migrations' SQL on a shadow database yields the current schema", async () => {
    expect(await sqliteMigrationsDrift()).toBe("");
  });

  it("SQLite: a migrated database has the same tables, columns, indexes and keys as the schema built from scratch", async () => {
    const temp = createTempDir();
    try {
      const migrated = path.join(temp.dir, "migrated.db");
      await applyMigrations({ provider: "sqlite", databaseUrl: `file:${migrated}` });
      const direct = path.join(temp.dir, "direct.db");
      const db = new Database(direct);
      db.exec(await currentSchemaSql("sqlite"));
      db.close();
      expect(sqliteCatalog(migrated)).toEqual(sqliteCatalog(direct));
      expect((sqliteCatalog(direct) as unknown[]).length).toBeGreaterThan(0);
    } finally {
      temp.cleanup();
    }
  });

  it.skipIf(!postgres.available)(
    "PostgreSQL: a migrated database has the same columns, indexes and constraints as the schema built from scratch",
    async () => {
      const migrated = await createTestPostgres();
      const direct = await createTestPostgres({ migrate: false });
      try {
        const client = new pg.Client({ connectionString: direct.url });
        await client.connect();
        await client.query(await currentSchemaSql("postgresql"));
        await client.end();
        const expected = await postgresCatalog(direct.url);
        expect(await postgresCatalog(migrated.url)).toEqual(expected);
        expect((expected as { columns: unknown[] }).columns.length).toBeGreaterThan(0);
      } finally {
        await migrated.cleanup();
        await direct.cleanup();
      }
    },
  );
});
