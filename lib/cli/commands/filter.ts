// `syncwright filter from-fetchxml` and `filter to-fetchxml`: sync filters between FetchXML, the filter
// tree (JSON), OData and English, checked against metadata when given.
import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { isAppError } from "@/lib/app-error";
import { jsonDepthProblem } from "@/lib/parse-input";
import { CliExit, EXIT } from "@/lib/cli/exit";
import { readMetadataSource } from "@/lib/metadata/read-source";
import type { MetadataDocument } from "@/lib/metadata/schema";
import { parseFetchXml } from "@/lib/filters/parse-fetchxml";
import { FilterGroupSchema, SyncFilterSchema, type FilterGroup, type SyncFilter } from "@/lib/filters/schema";
import { toFetchXml } from "@/lib/filters/to-fetchxml";
import { toODataFilter } from "@/lib/filters/to-odata";
import { filterToText } from "@/lib/filters/to-text";
import { validateFilter, type FilterProblem } from "@/lib/filters/validate";

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

const defaultIo: Io = {
  out: (t) => process.stdout.write(t.endsWith("\n") ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith("\n") ? t : `${t}\n`),
};

async function readText(file: string, io: Io): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (e) {
    io.err(`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    throw new CliExit(EXIT.usage);
  }
}

async function loadMetadata(source: string | undefined, io: Io): Promise<MetadataDocument | undefined> {
  if (!source) return undefined;
  try {
    return (await readMetadataSource(source)).document;
  } catch (e) {
    io.err(`syncwright: ${e instanceof Error ? e.message : String(e)}`);
    throw new CliExit(
      isAppError(e) && e.code === "invalid" && !(e.details as { unreadable?: boolean } | undefined)?.unreadable
        ? EXIT.invalid
        : EXIT.usage,
    );
  }
}

function printProblems(problems: FilterProblem[], io: Io): void {
  for (const p of problems)
    io.err(`${p.severity}: ${p.table}${p.column ? `.${p.column}` : ""} at ${p.path}: ${p.message}`);
}

export async function fromFetchXml(
  file: string,
  options: { metadata?: string; table?: string; json?: boolean },
  io: Io = defaultIo,
): Promise<void> {
  const text = await readText(file, io);
  let parsed;
  try {
    parsed = parseFetchXml(text, { name: file });
  } catch (e) {
    if (!isAppError(e)) throw e;
    if (options.json) io.out(JSON.stringify({ ok: false, problems: e.problems }, null, 2));
    else for (const p of e.problems) io.err(`error: ${p.path}: ${p.message}`);
    throw new CliExit(EXIT.invalid);
  }
  if (options.table && parsed.table && options.table !== parsed.table) {
    io.err(`error: ${file}: the FetchXML is for table ${parsed.table}, not ${options.table}`);
    throw new CliExit(EXIT.invalid);
  }
  const table = options.table ?? parsed.table;
  const metadata = await loadMetadata(options.metadata, io);
  let problems: FilterProblem[] = [];
  if (metadata) {
    if (!table) {
      io.err("syncwright: a lone <filter> names no table: pass --table to check it against --metadata");
      throw new CliExit(EXIT.usage);
    }
    problems = validateFilter(table, parsed.filter, metadata);
  }
  const failed = problems.some((p) => p.severity === "error");
  if (options.json)
    io.out(JSON.stringify({ ok: !failed, table: table ?? null, filter: parsed.filter, problems }, null, 2));
  else {
    printProblems(problems, io);
    if (!failed) io.out(JSON.stringify(parsed.filter, null, 2));
  }
  if (failed) throw new CliExit(EXIT.invalid);
}

export async function toFetchXmlCommand(
  file: string,
  options: { table: string; metadata?: string; odata?: boolean; text?: boolean; json?: boolean },
  io: Io = defaultIo,
): Promise<void> {
  const text = await readText(file, io);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    io.err(`error: ${file}: not JSON (${e instanceof Error ? e.message : String(e)})`);
    throw new CliExit(EXIT.invalid);
  }
  const deep = jsonDepthProblem(json);
  if (deep) {
    io.err(`error: ${file}: ${deep.path}: ${deep.message}`);
    throw new CliExit(EXIT.invalid);
  }
  const isSync = typeof json === "object" && json !== null && "preset" in json;
  const result = isSync ? SyncFilterSchema.safeParse(json) : FilterGroupSchema.safeParse(json);
  if (!result.success) {
    for (const issue of result.error.issues)
      io.err(`error: ${file}: ${issue.path.length ? issue.path.join(".") : "(top)"}: ${issue.message}`);
    throw new CliExit(EXIT.invalid);
  }
  const filter = result.data as SyncFilter | FilterGroup;
  const metadata = await loadMetadata(options.metadata, io);
  const problems = metadata ? validateFilter(options.table, filter, metadata) : [];
  const failed = problems.some((p) => p.severity === "error");
  printProblems(problems, io);
  if (failed) {
    if (options.json) io.out(JSON.stringify({ ok: false, problems }, null, 2));
    throw new CliExit(EXIT.invalid);
  }
  const primaryIdColumn = metadata?.tables.find((t) => t.logicalName === options.table)?.primaryIdColumn;
  let fetchXml: string;
  try {
    fetchXml = toFetchXml(options.table, filter, { primaryIdColumn });
  } catch (e) {
    if (!isAppError(e)) throw e;
    for (const p of e.problems) io.err(`error: ${p.path}: ${p.message}`);
    throw new CliExit(EXIT.invalid);
  }
  const odata =
    options.odata || options.json ? toODataFilter(options.table, filter, metadata, { primaryIdColumn }) : undefined;
  const sentence = options.text || options.json ? filterToText(options.table, filter, metadata) : undefined;
  if (options.json) {
    io.out(JSON.stringify({ ok: true, fetchXml, odata, text: sentence, problems }, null, 2));
    return;
  }
  if (!options.odata && !options.text) {
    io.out(fetchXml);
    return;
  }
  if (odata) {
    if (!odata.ok) {
      io.err(`error: ${odata.path}: not representable in OData: ${odata.reason}`);
      throw new CliExit(EXIT.invalid);
    }
    for (const note of odata.notes) io.err(`note: ${note}`);
    io.out(odata.filter);
  }
  if (sentence !== undefined) io.out(sentence);
}

export function register(program: Command): void {
  const filter = program.command("filter").description("Sync filters: FetchXML in and out, OData, and plain English");
  filter
    .command("from-fetchxml")
    .description("Read FetchXML (a whole <fetch> or a <filter>) and print the sync-filter tree as JSON")
    .argument("<file>", "a FetchXML file")
    .option("--metadata <file-or-folder>", "check the filter against this metadata (Web API JSON or a solution)")
    .option("--table <name>", "the table's logical name (required for a lone <filter> with --metadata)")
    .option("--json", "machine output: { ok, table, filter, problems }")
    .action(async (file: string, options: { metadata?: string; table?: string; json?: boolean }) =>
      fromFetchXml(file, options),
    );
  filter
    .command("to-fetchxml")
    .description("Read a sync filter (or filter tree) as JSON and print FetchXML, or the OData filter or the sentence")
    .argument("<filter.json>", 'a sync filter { preset, filter? } or a filter group { kind: "group", ... }')
    .requiredOption("--table <name>", "the table's logical name")
    .option(
      "--metadata <file-or-folder>",
      "check the filter and use display names, option labels and lookups from this metadata",
    )
    .option("--odata", "print the OData $filter instead of FetchXML")
    .option("--text", "print the filter as an English sentence")
    .option("--json", "machine output: { ok, fetchXml, odata, text, problems }")
    .action(
      async (
        file: string,
        options: { table: string; metadata?: string; odata?: boolean; text?: boolean; json?: boolean },
      ) => toFetchXmlCommand(file, options),
    );
}
