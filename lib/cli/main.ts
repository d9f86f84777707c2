// The `syncwright` command line: wires the subcommand groups and maps errors to exit codes
// (0 ok, 1 invalid input or failed check, 2 usage error or unreadable file).
import { Command, CommanderError } from "commander";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CliExit } from "@/lib/cli/exit";

const here = path.dirname(fileURLToPath(import.meta.url));

function version(): string {
  const pkg = JSON.parse(readFileSync(path.resolve(here, "../../package.json"), "utf8")) as { version: string };
  return pkg.version;
}

/** Each group registers its own subcommands; later issues add files to lib/cli/commands/. */
async function registerCommands(program: Command): Promise<void> {
  const groups: Array<() => Promise<{ register: (program: Command) => void }>> = [
    () => import("@/lib/cli/commands/metadata"),
    () => import("@/lib/cli/commands/filter"),
    () => import("@/lib/cli/commands/bundle"),
    () => import("@/lib/cli/commands/portal"),
    () => import("@/lib/cli/commands/admin"),
  ];
  for (const load of groups) (await load()).register(program);
}

export async function buildProgram(): Promise<Command> {
  const program = new Command();
  program
    .name("syncwright")
    .description(
      "Syncwright: inspect Dataverse metadata, build sync filters, validate, sign and publish customization bundles.",
    )
    .version(version(), "-v, --version")
    .showHelpAfterError()
    .exitOverride();
  await registerCommands(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = await buildProgram();
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
