// `npm start` in a clone whose generated Prisma clients are missing or older than prisma/schema.prisma: the
// check (scripts/prisma-clients.mjs, step 0 of scripts/start.mjs) generates them, or says exactly what to run.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = process.cwd();
let clone: string;
const client = (provider: string) => path.join(clone, "lib/db/generated", provider, "client.ts");
const check = () =>
  spawnSync(process.execPath, [path.join(clone, "scripts/prisma-clients.mjs")], {
    cwd: clone,
    encoding: "utf8",
    timeout: 170_000,
  });

/** The generated clients an hour older than the schema, as after pulling a schema change. */
function makeOlderThanSchema(): void {
  const schema = fs.statSync(path.join(clone, "prisma/schema.prisma")).mtime;
  const earlier = new Date(schema.getTime() - 3_600_000);
  for (const provider of ["sqlite", "postgresql"]) fs.utimesSync(client(provider), earlier, earlier);
}

beforeAll(() => {
  // The files a clone has that generation reads; the installed packages are the real ones.
  clone = fs.mkdtempSync(path.join(os.tmpdir(), "syncwright-clone-"));
  for (const file of [
    "package.json",
    "prisma/schema.prisma",
    "scripts/prisma-clients.mjs",
    "scripts/prisma-generate.mjs",
    "scripts/derive-schemas.mjs",
  ]) {
    fs.mkdirSync(path.dirname(path.join(clone, file)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file), path.join(clone, file));
  }
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(clone, "node_modules"));
});
afterAll(() => fs.rmSync(clone, { recursive: true, force: true }));

describe("the Prisma clients at start-up", () => {
  it("are generated when missing, left alone when current, generated again when older than the schema", () => {
    const first = check();
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain("Generating the Prisma clients (missing: lib/db/generated/sqlite/client.ts)");
    for (const provider of ["sqlite", "postgresql"]) expect(fs.existsSync(client(provider))).toBe(true);

    const again = check();
    expect([again.status, again.stdout, again.stderr]).toEqual([0, "", ""]);

    makeOlderThanSchema();
    const stale = check();
    expect(stale.status, stale.stderr).toBe(0);
    expect(stale.stdout).toContain("older than prisma/schema.prisma");
    const schema = fs.statSync(path.join(clone, "prisma/schema.prisma")).mtimeMs;
    for (const provider of ["sqlite", "postgresql"])
      expect(fs.statSync(client(provider)).mtimeMs).toBeGreaterThan(schema);
  }, 180_000);

  it("says exactly what to run when they cannot be generated", () => {
    fs.appendFileSync(path.join(clone, "prisma/schema.prisma"), "\nmodel Broken {\n");
    makeOlderThanSchema();
    const failed = check();
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain("Run `npm run db:generate` (or `npm install`)");
  }, 180_000);
});
