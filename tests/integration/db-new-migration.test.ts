// Creating migrations: a schema change becomes one new folder per provider (SQL + the schema it leads to),
// an unchanged schema writes nothing, and the initial migration can be regenerated while it is alone.
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/app-error";
import { applyMigrations } from "@/lib/db/migrate";
import { createMigration, driftCheck, sqliteMigrationsDrift } from "@/lib/db/migration-authoring";
import { migrationsDir, type Provider } from "@/lib/db/schema-engine";
import { derivePostgresqlSchema } from "@/lib/db/derive-postgresql-schema.mjs";
import { createTempDir, createTestPostgres, postgresForTests } from "../support/test-database";

const repo = process.cwd();
const temps: Array<() => void> = [];
afterEach(() => temps.splice(0).forEach((cleanup) => cleanup()));

/** A copy of the project's prisma/ folder (schema + migrations) to change freely. */
function projectCopy(): string {
  const temp = createTempDir("syncwright-migrations-");
  temps.push(temp.cleanup);
  fs.cpSync(path.join(repo, "prisma"), path.join(temp.dir, "prisma"), { recursive: true });
  return temp.dir;
}

/**
 * The copy as it was before its first release: only the initial migration, and prisma/schema.prisma as that
 * migration left it (the schema it keeps beside its SQL).
 */
function loneInitial(root: string): string {
  const [init, ...later] = folders(root, "sqlite");
  for (const provider of ["sqlite", "postgresql"] as const) {
    for (const name of later) fs.rmSync(path.join(migrationsDir(provider, { root }), name), { recursive: true });
  }
  fs.copyFileSync(
    path.join(migrationsDir("sqlite", { root }), init, "schema.prisma"),
    path.join(root, "prisma/schema.prisma"),
  );
  return init;
}

function addUserField(root: string, line: string): void {
  const file = path.join(root, "prisma/schema.prisma");
  const text = fs.readFileSync(file, "utf8");
  const next = text.replace(/model User \{\n/, `model User {\n  ${line}\n`);
  expect(next).not.toBe(text);
  fs.writeFileSync(file, next);
}

const folders = (root: string, provider: Provider) =>
  fs
    .readdirSync(migrationsDir(provider, { root }), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

describe("createMigration", () => {
  it("refuses to write an empty migration", async () => {
    const root = projectCopy();
    const before = { sqlite: folders(root, "sqlite"), postgresql: folders(root, "postgresql") };
    const error = await createMigration("nothing", { root }).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toMatch(/has not changed/);
    expect({ sqlite: folders(root, "sqlite"), postgresql: folders(root, "postgresql") }).toEqual(before);
  });

  it("writes the next migration for both providers, which brings a database from the last one to the new schema", async () => {
    const root = projectCopy();
    const existing = folders(root, "sqlite");
    addUserField(root, "nickname String?");
    expect((await driftCheck({ root })).sqlite).toMatch(/ALTER TABLE "User" ADD COLUMN "nickname" TEXT/);

    const result = await createMigration("Add nickname!", { root, now: new Date("2099-01-02T03:04:05Z") });
    expect(result.name).toBe("20990102030405_add_nickname");
    for (const provider of ["sqlite", "postgresql"] as const) {
      expect(folders(root, provider)).toEqual([...existing, "20990102030405_add_nickname"]);
      const dir = path.join(migrationsDir(provider, { root }), "20990102030405_add_nickname");
      expect(fs.readFileSync(path.join(dir, "migration.sql"), "utf8")).toMatch(
        /ALTER TABLE "User" ADD COLUMN\s+"nickname" TEXT/,
      );
      const kept = fs.readFileSync(path.join(dir, "schema.prisma"), "utf8");
      const source = fs.readFileSync(path.join(root, "prisma/schema.prisma"), "utf8");
      expect(kept).toBe(provider === "sqlite" ? source : derivePostgresqlSchema(source));
    }
    expect(await driftCheck({ root })).toEqual({ sqlite: "", postgresql: "" });
    expect(await sqliteMigrationsDrift({ root })).toBe("");

    const sqliteDir = createTempDir();
    temps.push(sqliteDir.cleanup);
    const applied = await applyMigrations(
      { provider: "sqlite", databaseUrl: `file:${path.join(sqliteDir.dir, "app.db")}` },
      { root },
    );
    expect(applied.applied).toEqual([...existing, "20990102030405_add_nickname"]);

    const postgres = await postgresForTests();
    if (postgres.available) {
      const db = await createTestPostgres({ migrate: false });
      try {
        const out = await applyMigrations({ provider: "postgresql", databaseUrl: db.url }, { root });
        expect(out.applied).toEqual([...existing, "20990102030405_add_nickname"]);
      } finally {
        await db.cleanup();
      }
    }

    const again = await createMigration("again", { root }).catch((e) => e);
    expect(again).toBeInstanceOf(AppError);
    const replace = await createMigration("init", { root, replaceInitial: true }).catch((e) => e);
    expect((replace as AppError).code).toBe("conflict");
  });

  it("regenerates a lone initial migration, and leaves it alone when it is current", async () => {
    const root = projectCopy();
    const init = loneInitial(root);
    expect(folders(root, "sqlite")).toHaveLength(1);

    expect(await createMigration("init", { root, replaceInitial: true })).toEqual({
      name: null,
      written: [],
      removed: [],
    });
    expect(folders(root, "sqlite")).toEqual([init]);

    addUserField(root, "nickname String?");
    const result = await createMigration("init", { root, replaceInitial: true, now: new Date("2099-01-01T00:00:00Z") });
    expect(result.name).toBe("20990101000000_init");
    for (const provider of ["sqlite", "postgresql"] as const) {
      expect(folders(root, provider)).toEqual(["20990101000000_init"]);
      const sql = fs.readFileSync(
        path.join(migrationsDir(provider, { root }), "20990101000000_init", "migration.sql"),
        "utf8",
      );
      expect(sql).toMatch(/CREATE TABLE "User" \([^;]*"nickname" TEXT/);
    }
    expect(await driftCheck({ root })).toEqual({ sqlite: "", postgresql: "" });
  });
});

describe("derivePostgresqlSchema", () => {
  const source = fs.readFileSync(path.join(repo, "prisma/schema.prisma"), "utf8");

  it("changes only the provider and the client output, and says it is generated", () => {
    const derived = derivePostgresqlSchema(source);
    expect(derived).toMatch(/^\/\/ GENERATED by scripts\/derive-schemas\.mjs/);
    expect(derived).toMatch(/datasource db \{\s*provider = "postgresql"/);
    expect(derived).toContain('output   = "../lib/db/generated/postgresql"');
    const strip = (text: string) =>
      text
        .replace(/^\/\/ (GENERATED|Edit prisma).*\n/gm, "")
        .replace(/"postgresql"|"sqlite"|generated\/\w+/g, "X")
        .replace(/^\n/, "");
    expect(strip(derived)).toBe(strip(source));
  });

  it("refuses provider-specific native types with the line they are on", () => {
    const withNative = source.replace("name           String\n", "name           String @db.Text\n");
    expect(withNative).not.toBe(source);
    expect(() => derivePostgresqlSchema(withNative)).toThrow(
      /prisma\/schema\.prisma:\d+: @db\.Text is provider-specific/,
    );
  });

  it("refuses a schema without a datasource block", () => {
    expect(() => derivePostgresqlSchema("model A {\n  id Int @id\n}\n")).toThrow(/no datasource block/);
  });
});
