// The prebuilt CLI (scripts/build-cli.mjs, bin/syncwright.cjs): the build runs while every file it was built from
// is unchanged, is built again first when one changed, and the command falls back to the TypeScript sources when
// it cannot build; never stale code. Each command keeps V8's code cache beside the build; a cache V8 refuses is
// written again and never changes what the command does.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCli, codeCacheName, commandFile, currentBuild } from "@/scripts/build-cli.mjs";
import { COMMAND_GROUPS } from "@/lib/cli/main";

const root = process.cwd();
const bin = path.join(root, "bin/syncwright.cjs");
/** A line of each group's own command code (in its register, not in the --help table every file holds). */
const OWN_TEXT: Record<string, string> = {
  metadata: "Print the format, counts and the table list of a metadata file or folder",
  filter: "and print the sync-filter tree as JSON",
  bundle: "a bundle (.json as downloaded) or a project file (syncwright export)",
  portal: "API token from Settings > API tokens",
  admin: "Clear the sign-in rate limit of this user",
};
let dir: string;

type Manifest = { build: string; inputs: Array<[string, number, number]> };
const manifest = (): Manifest => JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8")) as Manifest;
const cli = (buildDir: string, ...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, SYNCWRIGHT_CLI_BUILD_DIR: buildDir },
  });

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "syncwright-cli-build-"));
  await buildCli(root, dir);
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("the prebuilt syncwright CLI", () => {
  it("records every source it was built from, and the packages it bundles", () => {
    const files = manifest().inputs.map(([file]) => file);
    expect(files).toEqual(expect.arrayContaining(["lib/cli/main.ts", "lib/cli/commands/bundle.ts", "package.json"]));
    expect(files).toContain("node_modules/commander/package.json");
    expect(files.filter((f) => f.startsWith("node_modules/") && !f.endsWith("/package.json"))).toEqual([]);
    expect(currentBuild(root, dir)).toBe(path.join(dir, manifest().build, "main.cjs"));
  });

  it("holds each command group in a file of its own, and --help in one with no group and no zod", () => {
    const folder = path.join(dir, manifest().build);
    const entry = currentBuild(root, dir)!;
    const text = (file: string) => fs.readFileSync(file, "utf8");
    expect(text(entry)).not.toContain("ZodType");
    for (const group of COMMAND_GROUPS) {
      for (const name of Object.keys(group.commands)) {
        expect(commandFile(entry, name)).toBe(path.join(folder, `${group.id}.cjs`));
      }
    }
    expect(commandFile(entry, "help")).toBe(entry);
    expect(commandFile(entry, "other")).toBe(entry);
    // A group's own code is in its file only.
    for (const group of COMMAND_GROUPS) {
      const file = text(path.join(folder, `${group.id}.cjs`));
      for (const [id, line] of Object.entries(OWN_TEXT)) {
        if (id === group.id) expect(file, `${group.id}.cjs`).toContain(line);
        else expect(file, `${group.id}.cjs holds ${id}'s code`).not.toContain(line);
      }
    }
    expect(Object.keys(OWN_TEXT).sort()).toEqual(COMMAND_GROUPS.map((g) => g.id).sort());
  });

  it("names a code cache after the command", () => {
    expect(codeCacheName([])).toBe("help");
    expect(codeCacheName(["--help"])).toBe("help");
    expect(codeCacheName(["validate", "bundle.json", "--json"])).toBe("validate");
    expect(codeCacheName(["--json", "help", "pull"])).toBe("pull");
    expect(codeCacheName(["../../etc/passwd"])).toBe("other");
  });

  it("stores a command's code cache on its first run, and writes again one V8 refuses", () => {
    const cacheFile = path.join(dir, manifest().build, "v8-cache", "filter.bin");
    fs.rmSync(cacheFile, { force: true });
    const run = () => cli(dir, "filter", "to-fetchxml", "--help");
    const first = run();
    expect(first.status, first.stderr).toBe(0);
    expect(fs.statSync(cacheFile).size).toBeGreaterThan(10_000);

    const second = run();
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr).toBe("");

    // Bytes V8 did not write (a cache from another Node version looks the same to it): refused, run without, rewritten.
    fs.writeFileSync(cacheFile, Buffer.alloc(4096, 7));
    const third = run();
    expect(third.status, third.stderr).toBe(0);
    expect(third.stdout).toBe(first.stdout);
    expect(fs.readFileSync(cacheFile).equals(Buffer.alloc(4096, 7))).toBe(false);
    expect(fs.statSync(cacheFile).size).toBeGreaterThan(10_000);
  }, 60_000);

  it("is stale once a source changed, and the command builds again before it runs", () => {
    const before = manifest();
    const edited = before.inputs.map(([file, mtime, size]): [string, number, number] =>
      file === "lib/cli/commands/bundle.ts" ? [file, mtime - 1000, size] : [file, mtime, size],
    );
    fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ ...before, inputs: edited }));
    expect(currentBuild(root, dir)).toBeNull();

    const result = cli(dir, "--help");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("validate [options] <bundle-or-project-file>");
    expect(result.stderr).toBe("");
    expect(manifest().inputs).toEqual(before.inputs);
    expect(currentBuild(root, dir)).not.toBeNull();
  }, 60_000);

  it("runs the TypeScript sources when it cannot build, and says so", () => {
    const blocked = path.join(dir, "a-file");
    fs.writeFileSync(blocked, "");
    const result = cli(path.join(blocked, "cli"), "--version");
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version);
    expect(result.stderr).toMatch(/^syncwright: cannot build the CLI \(.+\); running the TypeScript sources\n$/);
  }, 60_000);
});
