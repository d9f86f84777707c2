// The command table in lib/cli/main.ts: `--help` lists every command without importing a group, the table says
// exactly what each group registers, and only the named command's group is imported.
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Command, Help } from "commander";
import { buildProgram, COMMAND_GROUPS, namedCommand } from "@/lib/cli/main";

afterEach(() => vi.restoreAllMocks());

describe("the command groups of syncwright", () => {
  it("name exactly the commands each group registers, with their help terms and descriptions", async () => {
    const help = new Help();
    for (const group of COMMAND_GROUPS) {
      const program = new Command();
      (await group.load()).register(program);
      const registered = Object.fromEntries(
        program.commands.map((c) => [c.name(), { term: help.subcommandTerm(c), description: c.description() }]),
      );
      expect(registered).toEqual(group.commands);
    }
  });

  it("are each named after their file under lib/cli/commands/ (the prebuilt CLI's <id>.cjs)", () => {
    const ids = COMMAND_GROUPS.map((g) => g.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(fs.existsSync(path.join("lib/cli/commands", `${id}.ts`)), id).toBe(true);
  });

  it("give the same --help as registering every group, without importing one", async () => {
    const loads = COMMAND_GROUPS.map((group) => vi.spyOn(group, "load"));
    const lazy = (await buildProgram(["--help"])).helpInformation();
    for (const load of loads) expect(load).not.toHaveBeenCalled();
    const full = (await buildProgram([], { all: true })).helpInformation();
    expect(lazy).toBe(full);
    expect(lazy).toContain("validate [options] <bundle-or-project-file>");
  });

  it("import only the group of the command named (help <command> names it too)", async () => {
    const loads = COMMAND_GROUPS.map((group) => vi.spyOn(group, "load"));
    const bundleGroup = COMMAND_GROUPS.findIndex((g) => "validate" in g.commands);
    for (const args of [
      ["validate", "x.json"],
      ["help", "verify"],
      ["-h", "diff"],
    ]) {
      for (const load of loads) load.mockClear();
      await buildProgram(args);
      expect(loads.map((l) => l.mock.calls.length)).toEqual(loads.map((_, i) => (i === bundleGroup ? 1 : 0)));
    }
    expect(namedCommand(["--version"])).toBeUndefined();
  });

  it("hand `pull --version 2` to pull (program options count only before the command)", async () => {
    const program = await buildProgram(["pull"]);
    const pull = program.commands.find((c) => c.name() === "pull")!;
    let seen: Record<string, unknown> | undefined;
    pull.action((options: Record<string, unknown>) => void (seen = options));
    await program.parseAsync(["node", "syncwright", "pull", "--project", "Field sales", "--version", "2"]);
    expect(seen).toMatchObject({ project: "Field sales", version: "2" });
  });
});
