import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { Command, CommanderError } from "commander";
import { afterAll, describe, expect, it } from "vitest";
import { CliExit } from "@/lib/cli/exit";
import { diffCommand, inspectCommand, register, type CliIo } from "@/lib/cli/commands/metadata";
import { NONPROFIT_ZIP, UNPACKED_DIR, WEBAPI_DIR } from "./real-data";

function capture(): CliIo & { stdout: () => string; stderr: () => string } {
  let out = "";
  let err = "";
  return { out: (t) => void (out += t), err: (t) => void (err += t), stdout: () => out, stderr: () => err };
}

const dir = mkdtempSync(path.join(tmpdir(), "syncwright-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("metadata inspect", () => {
  it("prints one JSON object with format, counts and the table list for the solution zip", async () => {
    const io = capture();
    expect(await inspectCommand(NONPROFIT_ZIP, { json: true }, io)).toBe(0);
    const result = JSON.parse(io.stdout());
    expect(result).toMatchObject({ format: "solution", tables: 41, columns: 1159, relationships: 348, optionSets: 49 });
    expect(result.tableList).toHaveLength(41);
    expect(result.tableList[0]).toEqual({
      logicalName: "account",
      primaryId: null,
      primaryName: null,
      columns: 4,
      partial: true,
    });
    expect(result.tableList.find((t: { logicalName: string }) => t.logicalName === "msnfp_award")).toEqual({
      logicalName: "msnfp_award",
      primaryId: "msnfp_awardid",
      primaryName: "msnfp_name",
      columns: 26,
      partial: false,
    });
    expect(io.stderr()).toBe("");
  });

  it("prints the Web API folder as webapi-json", async () => {
    const io = capture();
    expect(await inspectCommand(WEBAPI_DIR, { json: true }, io)).toBe(0);
    const result = JSON.parse(io.stdout());
    expect([result.format, result.tables, result.columns, result.relationships, result.optionSets]).toEqual([
      "webapi-json",
      17,
      1265,
      4812,
      16,
    ]);
    expect(result.tableList.find((t: { logicalName: string }) => t.logicalName === "contact")).toEqual({
      logicalName: "contact",
      primaryId: "contactid",
      primaryName: "fullname",
      columns: 313,
      partial: false,
    });
  });

  it("prints a short human summary without --json", async () => {
    const io = capture();
    expect(await inspectCommand(UNPACKED_DIR, {}, io)).toBe(0);
    expect(io.stdout().split("\n")[0]).toBe(
      "solution: 2 tables (1 partial), 67 columns, 323 relationships, 0 global option sets",
    );
    expect(io.stdout()).toMatch(/appbase_actionitem\s+66 columns\s+activityid \/ subject/);
    expect(io.stdout()).toMatch(/contact\s+1 column\s+\(primary id not in source\)\s+\[partial\]/);
  });

  it("exits 1 for input that is not valid metadata, naming the file", async () => {
    const io = capture();
    const file = path.join(dir, "broken.json");
    writeFileSync(file, '{\n  "LogicalName": "contact",\n  "Attributes": [\n');
    expect(await inspectCommand(file, {}, io)).toBe(1);
    expect(io.stderr()).toBe(
      `syncwright: ${file}:4:1: not valid JSON: the file ends in the middle of a JSON value (truncated?)\n`,
    );
    const json = capture();
    expect(await inspectCommand(path.resolve("package.json"), { json: true }, json)).toBe(1);
    expect(JSON.parse(json.stdout()).error).toMatchObject({
      code: "invalid",
      message: expect.stringMatching(/not Dataverse metadata/),
    });
  });

  it("exits 1 for a file over --max-bytes and 2 for a missing file", async () => {
    const io = capture();
    expect(await inspectCommand(NONPROFIT_ZIP, { maxBytes: 1000 }, io)).toBe(1);
    expect(io.stderr()).toMatch(/over the limit of 1000 bytes/);
    const missing = capture();
    expect(await inspectCommand(path.join(dir, "nope.zip"), {}, missing)).toBe(2);
    expect(missing.stderr()).toMatch(/nope\.zip: no such file or folder/);
  });
});

describe("metadata diff", () => {
  it("shows what changed between a solution and the org, and exits 0 (or 1 with --exit-code)", async () => {
    const io = capture();
    const org = path.join(dir, "actionitem");
    mkdirSync(org);
    for (const f of readdirSync(WEBAPI_DIR).filter((name) => name.startsWith("appbase_actionitem.")))
      copyFileSync(path.join(WEBAPI_DIR, f), path.join(org, f));
    expect(await diffCommand(UNPACKED_DIR, org, {}, io)).toBe(0);
    const text = io.stdout();
    expect(text).toMatch(/^tables: \+0 -1 ~1; columns: \+39 -2 ~\d+;/);
    expect(text).toContain("- table contact");
    expect(text).toContain("~ table appbase_actionitem");
    expect(text).toContain("    - appbase_category");
    expect(text).toContain("    + versionnumber");
    expect(await diffCommand(UNPACKED_DIR, org, { exitCode: true }, capture())).toBe(1);
    const json = capture();
    await diffCommand(UNPACKED_DIR, org, { json: true }, json);
    expect(JSON.parse(json.stdout())).toMatchObject({ identical: false, tablesRemoved: ["contact"] });
    const same = capture();
    expect(await diffCommand(NONPROFIT_ZIP, NONPROFIT_ZIP, { exitCode: true }, same)).toBe(0);
    expect(same.stdout()).toBe("No differences.\n");
  });

  it("exits 2 when one side cannot be read", async () => {
    expect(await diffCommand(NONPROFIT_ZIP, path.join(dir, "missing"), {}, capture())).toBe(2);
  });
});

describe("registered commands", () => {
  function program(): Command {
    const p = new Command().exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} });
    register(p);
    return p;
  }

  it("ends with CliExit carrying the exit code", async () => {
    await expect(
      program().parseAsync(["node", "syncwright", "metadata", "inspect", path.join(dir, "missing.json")]),
    ).rejects.toMatchObject({ exitCode: 2 });
    await expect(
      program().parseAsync(["node", "syncwright", "metadata", "inspect", path.join(dir, "missing.json")]),
    ).rejects.toBeInstanceOf(CliExit);
  });

  it("leaves usage errors to commander (the main program maps them to exit 2)", async () => {
    await expect(program().parseAsync(["node", "syncwright", "metadata", "inspect"])).rejects.toBeInstanceOf(
      CommanderError,
    );
    await expect(
      program().parseAsync(["node", "syncwright", "metadata", "inspect", "x", "--max-bytes", "lots"]),
    ).rejects.toMatchObject({ exitCode: 2 });
  });
});

describe("the syncwright command (node bin/syncwright.cjs)", () => {
  const bin = path.resolve(process.cwd(), "bin", "syncwright.cjs");
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: "utf8", timeout: 60_000 });

  it("inspects the solution zip with --json and exits 0", () => {
    const result = run("metadata", "inspect", NONPROFIT_ZIP, "--json");
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      format: "solution",
      tables: 41,
      columns: 1159,
      relationships: 348,
      optionSets: 49,
    });
  }, 60_000);

  it("exits 1 for non-metadata, 2 for a missing file and for a missing argument", () => {
    expect(run("metadata", "inspect", path.resolve(process.cwd(), "package.json")).status).toBe(1);
    const missing = run("metadata", "inspect", path.join(dir, "missing.zip"));
    expect([missing.status, missing.stderr.trim()]).toEqual([
      2,
      `syncwright: ${path.join(dir, "missing.zip")}: no such file or folder`,
    ]);
    expect(run("metadata", "inspect").status).toBe(2);
  }, 60_000);
});
