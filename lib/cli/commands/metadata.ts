// `syncwright metadata inspect|diff`: read Dataverse metadata files (Web API JSON, solution zip/XML/folder),
// print counts and the table list, or the differences between two of them.
import type { Command } from "commander";
import { AppError, isAppError } from "@/lib/app-error";
import { CliExit, EXIT } from "@/lib/cli/exit";
import {
  readMetadataSource,
  isUnreadableError,
  type MetadataSource,
  type ReadSourceOptions,
} from "@/lib/metadata/read-source";
import { diffSnapshots, type SnapshotDiff } from "@/lib/metadata/snapshot-diff";
import { summarizeDocument } from "@/lib/metadata/summarize";
import { pluralWord } from "@/lib/format/count";

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

export type ExitCode = 0 | 1 | 2;

export interface InspectOptions {
  json?: boolean;
  maxBytes?: number;
}

export interface DiffOptions extends InspectOptions {
  /** Exit with 1 when the two differ (like `git diff --exit-code`). */
  exitCode?: boolean;
}

function exitCodeOf(error: unknown): ExitCode {
  if (isUnreadableError(error)) return EXIT.usage;
  if (isAppError(error) && (error.code === "invalid" || error.code === "too_large")) return EXIT.invalid;
  return EXIT.invalid;
}

function reportError(error: unknown, options: InspectOptions, io: CliIo): ExitCode {
  const message = error instanceof Error ? error.message : String(error);
  if (options.json) {
    const body =
      error instanceof AppError
        ? { code: error.code, message, problems: error.problems }
        : { code: "internal", message };
    io.out(JSON.stringify({ error: body }, null, 2) + "\n");
  }
  io.err(`syncwright: ${message}\n`);
  return exitCodeOf(error);
}

function readOptions(options: InspectOptions): ReadSourceOptions {
  return options.maxBytes ? { maxFileBytes: options.maxBytes } : {};
}

const count = (n: number) => n.toLocaleString("en-US");

function inspectText(source: MetadataSource): string {
  const summary = summarizeDocument(source.document);
  const lines = [
    `${summary.format}: ${count(summary.tables)} ${pluralWord(summary.tables, "table")}${summary.partialTables ? ` (${summary.partialTables} partial)` : ""}, ${count(summary.columns)} ${pluralWord(summary.columns, "column")}, ` +
      `${count(summary.relationships)} relationships, ${count(summary.optionSets)} global option sets`,
  ];
  const width = Math.min(40, Math.max(...summary.tableList.map((t) => t.logicalName.length), 10));
  for (const table of summary.tableList) {
    const keys = table.primaryId
      ? `${table.primaryId}${table.primaryName ? ` / ${table.primaryName}` : ""}`
      : "(primary id not in source)";
    lines.push(
      `  ${table.logicalName.padEnd(width)}  ${String(table.columns).padStart(5)} column${table.columns === 1 ? " " : "s"}  ${keys}${table.partial ? "  [partial]" : ""}`,
    );
  }
  for (const warning of source.warnings) lines.push(`note: ${warning}`);
  return lines.join("\n") + "\n";
}

/** Runs `metadata inspect` and returns the exit code (output goes through io). */
export async function inspectCommand(
  target: string,
  options: InspectOptions = {},
  io: CliIo = processIo,
): Promise<ExitCode> {
  let source: MetadataSource;
  try {
    source = await readMetadataSource(target, readOptions(options));
  } catch (error) {
    return reportError(error, options, io);
  }
  if (options.json) {
    const summary = summarizeDocument(source.document);
    io.out(JSON.stringify({ ...summary, warnings: source.warnings }, null, 2) + "\n");
  } else {
    io.out(inspectText(source));
  }
  return EXIT.ok;
}

function describe(value: unknown): string {
  if (value === undefined) return "(none)";
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function diffText(diff: SnapshotDiff): string {
  if (diff.identical) return "No differences.\n";
  const c = diff.counts;
  const lines = [
    `tables: +${c.tablesAdded} -${c.tablesRemoved} ~${c.tablesChanged}; columns: +${c.columnsAdded} -${c.columnsRemoved} ~${c.columnsChanged}; ` +
      `relationships: +${diff.relationshipsAdded.length} -${diff.relationshipsRemoved.length} ~${diff.relationshipsChanged.length}; ` +
      `global option sets: +${diff.optionSetsAdded.length} -${diff.optionSetsRemoved.length} ~${diff.optionSetsChanged.length}`,
  ];
  for (const table of diff.tablesAdded) lines.push(`+ table ${table}`);
  for (const table of diff.tablesRemoved) lines.push(`- table ${table}`);
  for (const table of diff.tablesChanged) {
    lines.push(`~ table ${table.table}`);
    for (const change of table.changes)
      lines.push(`    ${change.field}: ${describe(change.before)} -> ${describe(change.after)}`);
    for (const column of table.columnsAdded) lines.push(`    + ${column}`);
    for (const column of table.columnsRemoved) lines.push(`    - ${column}`);
    for (const column of table.columnsChanged) {
      lines.push(
        `    ~ ${column.column}: ${column.changes.map((change) => `${change.field} ${describe(change.before)} -> ${describe(change.after)}`).join("; ")}`,
      );
    }
  }
  for (const name of diff.relationshipsAdded) lines.push(`+ relationship ${name}`);
  for (const name of diff.relationshipsRemoved) lines.push(`- relationship ${name}`);
  for (const name of diff.relationshipsChanged) lines.push(`~ relationship ${name}`);
  for (const name of diff.optionSetsAdded) lines.push(`+ option set ${name}`);
  for (const name of diff.optionSetsRemoved) lines.push(`- option set ${name}`);
  for (const name of diff.optionSetsChanged) lines.push(`~ option set ${name}`);
  return lines.join("\n") + "\n";
}

/** Runs `metadata diff` and returns the exit code. */
export async function diffCommand(
  before: string,
  after: string,
  options: DiffOptions = {},
  io: CliIo = processIo,
): Promise<ExitCode> {
  let a: MetadataSource;
  let b: MetadataSource;
  try {
    a = await readMetadataSource(before, readOptions(options));
    b = await readMetadataSource(after, readOptions(options));
  } catch (error) {
    return reportError(error, options, io);
  }
  const diff = diffSnapshots(a.document, b.document);
  io.out(options.json ? JSON.stringify(diff, null, 2) + "\n" : diffText(diff));
  return options.exitCode && !diff.identical ? EXIT.invalid : EXIT.ok;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new CliExit(EXIT.usage, `--max-bytes must be a positive whole number, got ${value}`);
  return n;
}

async function finish(code: Promise<ExitCode>): Promise<void> {
  const result = await code;
  if (result !== EXIT.ok) throw new CliExit(result);
}

export function register(program: Command): void {
  const metadata = program
    .command("metadata")
    .description(
      "Read Dataverse metadata: Web API JSON (file or folder), a solution .zip, customizations.xml or an unpacked solution folder",
    );
  metadata
    .command("inspect")
    .description("Print the format, counts and the table list of a metadata file or folder")
    .argument(
      "<file-or-folder>",
      "Web API JSON file or folder, solution .zip, customizations.xml, Entity.xml or unpacked solution folder",
    )
    .option("--json", "print one JSON object for machines")
    .option("--max-bytes <bytes>", "refuse files larger than this", positiveInteger)
    .action((target: string, options: InspectOptions) => finish(inspectCommand(target, options)));
  metadata
    .command("diff")
    .description("Show tables, columns, relationships and option sets added, removed or changed from <a> to <b>")
    .argument("<a>", "the earlier metadata file or folder")
    .argument("<b>", "the later metadata file or folder")
    .option("--json", "print one JSON object for machines")
    .option("--exit-code", "exit with 1 when the two differ")
    .option("--max-bytes <bytes>", "refuse files larger than this", positiveInteger)
    .action((a: string, b: string, options: DiffOptions) => finish(diffCommand(a, b, options)));
}
