// The `syncwright` command line: wires the subcommand groups and maps errors to exit codes
// (0 ok, 1 invalid input or failed check, 2 usage error or unreadable file). Only the group of the command named
// on the command line is imported; `--help` lists every command from COMMAND_GROUPS without importing any.
import { Command, CommanderError, Help } from "commander";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CliExit } from "@/lib/cli/exit";

/** A file under lib/cli/commands/ that registers its top-level commands on the program. */
export interface CommandGroup {
  /** The file's name under lib/cli/commands/; the prebuilt CLI holds each group in dist/cli/<build>/<id>.cjs. */
  id: string;
  /** Each top-level command the group registers: its help term (name, options, arguments) and one-line description. */
  commands: Record<string, { term: string; description: string }>;
  load: () => Promise<{ register: (program: Command) => void }>;
}

/**
 * Set by scripts/build-cli.mjs (esbuild's define) to the one group a prebuilt file holds ("" for the file that
 * holds none: --help and unknown commands); undefined in the TypeScript sources, which hold every group. Each
 * `load` below tests it inline, so that esbuild drops the import of every other group from the file.
 */
declare const __SYNCWRIGHT_CLI_GROUP__: string | undefined;

const command = (term: string, description: string) => ({ term, description });

/** The load of a group this prebuilt file does not hold (never called: bin/syncwright.cjs runs the group's file). */
const notInThisFile = (id: string) => () =>
  Promise.reject(new Error(`the command group ${id} is not in this file of the prebuilt CLI`));

/**
 * Every command group, in the order `--help` lists them. A new group is one entry here. The terms and descriptions
 * restate what each group registers so that `--help` needs no import; tests/unit/cli/main.test.ts checks they agree.
 */
export const COMMAND_GROUPS: CommandGroup[] = [
  {
    id: "metadata",
    commands: {
      metadata: command(
        "metadata",
        "Read Dataverse metadata: Web API JSON (file or folder), a solution .zip, customizations.xml or an unpacked solution folder",
      ),
    },
    load:
      typeof __SYNCWRIGHT_CLI_GROUP__ === "undefined" || __SYNCWRIGHT_CLI_GROUP__ === "metadata"
        ? () => import("@/lib/cli/commands/metadata")
        : notInThisFile("metadata"),
  },
  {
    id: "filter",
    commands: { filter: command("filter", "Sync filters: FetchXML in and out, OData, and plain English") },
    load:
      typeof __SYNCWRIGHT_CLI_GROUP__ === "undefined" || __SYNCWRIGHT_CLI_GROUP__ === "filter"
        ? () => import("@/lib/cli/commands/filter")
        : notInThisFile("filter"),
  },
  {
    id: "bundle",
    commands: {
      validate: command(
        "validate [options] <bundle-or-project-file>",
        "Check a bundle or project file: schema, content hash, signature (with --public-key), and every project rule against metadata",
      ),
      verify: command("verify [options] <bundle>", "Check a bundle's content hash and signature only"),
      diff: command(
        "diff [options] <a> <b>",
        "Say what changed between two bundles or project files, per table, in the portal's words",
      ),
    },
    load:
      typeof __SYNCWRIGHT_CLI_GROUP__ === "undefined" || __SYNCWRIGHT_CLI_GROUP__ === "bundle"
        ? () => import("@/lib/cli/commands/bundle")
        : notInThisFile("bundle"),
  },
  {
    id: "portal",
    commands: {
      export: command("export [options]", "Export a project from a portal as a project file (canonical JSON)."),
      import: command(
        "import [options] <file>",
        "Import a project file: into an existing project (shows the diff; --yes applies it as new draft revisions) or as a new project.",
      ),
      publish: command("publish [options]", "Publish a project's current configuration as its next version."),
      pull: command("pull [options]", "Download a published version's signed bundle."),
    },
    load:
      typeof __SYNCWRIGHT_CLI_GROUP__ === "undefined" || __SYNCWRIGHT_CLI_GROUP__ === "portal"
        ? () => import("@/lib/cli/commands/portal")
        : notInThisFile("portal"),
  },
  {
    id: "admin",
    commands: {
      admin: command(
        "admin",
        "On the host where the portal's data lives: recover access (reads DATABASE_URL / SYNCWRIGHT_DATA_DIR)",
      ),
    },
    load:
      typeof __SYNCWRIGHT_CLI_GROUP__ === "undefined" || __SYNCWRIGHT_CLI_GROUP__ === "admin"
        ? () => import("@/lib/cli/commands/admin")
        : notInThisFile("admin"),
  },
];

/** package.json's version; the program runs from lib/cli (sources) or dist/cli/<build> (prebuilt). */
function version(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++, dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as {
        name?: string;
        version: string;
      };
      if (pkg.name === "syncwright") return pkg.version;
    } catch {
      // not here: one folder up
    }
  }
  return "unknown";
}

/**
 * A command runs once and exits, so zod's per-schema JIT (code generated with new Function on each object schema's
 * first parse, which no code cache keeps) costs more than it saves: the 300-table bundle's validate spent about a
 * tenth of its CPU on it. zod reads the setting when a schema is built, so it is set before a group's schemas are.
 * Only the CLI does this; the portal, a long-running process, keeps the JIT.
 */
async function oneShotZod(): Promise<void> {
  // The file that holds no group (main.cjs) has no schemas, and so does not bundle zod.
  if (typeof __SYNCWRIGHT_CLI_GROUP__ === "undefined" || __SYNCWRIGHT_CLI_GROUP__ !== "") {
    const { config } = await import("zod");
    config({ jitless: true });
  }
}

/** The command the arguments name (`syncwright help <command>` names <command>), or undefined. */
export function namedCommand(args: string[]): string | undefined {
  const words = args.filter((a) => !a.startsWith("-"));
  return words[0] === "help" ? words[1] : words[0];
}

/**
 * The program with the named command's group registered for real and every other command as a stand-in that only
 * shows in the help. With `all`, every group is registered (tests compare the two).
 */
export async function buildProgram(args: string[] = [], options: { all?: boolean } = {}): Promise<Command> {
  const program = new Command();
  const standIns = new Map<Command, string>();
  const help = new Help();
  program
    .name("syncwright")
    .description(
      "Syncwright: inspect Dataverse metadata, build sync filters, validate, sign and publish customization bundles.",
    )
    .version(version(), "-v, --version")
    // Program options count only before the command, so `pull --version 2` is pull's --version.
    .enablePositionalOptions()
    .configureHelp({ subcommandTerm: (cmd) => standIns.get(cmd) ?? help.subcommandTerm(cmd) })
    .showHelpAfterError()
    .exitOverride();
  const name = namedCommand(args);
  for (const group of COMMAND_GROUPS) {
    if (options.all || (name !== undefined && Object.hasOwn(group.commands, name))) {
      await oneShotZod();
      (await group.load()).register(program);
      continue;
    }
    for (const [commandName, { term, description }] of Object.entries(group.commands)) {
      standIns.set(program.command(commandName).description(description), term);
    }
  }
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = await buildProgram(argv.slice(2));
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CliExit) return error.exitCode;
    if (error instanceof CommanderError) {
      // --help and --version end through exitOverride with exit code 0.
      return error.exitCode === 0 ? 0 : 2;
    }
    process.stderr.write(`syncwright: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
