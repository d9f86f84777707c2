// `syncwright metadata inspect|diff|forms|views`: read Dataverse metadata files (Web API JSON, solution zip/XML/folder),
// print counts and the table list, the differences between two of them, or the org's forms and views as the
// importer sees them.
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

// ---------- metadata forms | views ----------

export interface DefinitionsOptions extends InspectOptions {
  table?: string;
  /** `forms` only: print this form in the project's Form shape. */
  form?: string;
  /** `views` only: print this view in the project's View shape. */
  view?: string;
  /** The admin's language (LCID) for names and labels; default 1033. */
  language?: number;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

async function readDefinitions(target: string, options: DefinitionsOptions, io: CliIo) {
  const source = await readMetadataSource(target, readOptions(options));
  const { readOrgDefinitions } = await import("@/lib/metadata/read-definitions");
  let definitions;
  try {
    definitions = await readOrgDefinitions(target);
  } catch (error) {
    throw isAppError(error)
      ? error
      : new AppError("invalid", `${target}: cannot be read (${String(error)})`, {
          details: { unreadable: true },
        });
  }
  const table = options.table?.toLowerCase();
  if (table && !source.document.tables.some((t) => t.logicalName === table)) {
    const known = [...definitions.forms, ...definitions.views].some((d) => d.table === table);
    if (!known) throw new AppError("invalid", `${target}: there is no table '${table}' in it`);
  }
  const forms = definitions.forms.filter((d) => !table || d.table === table);
  const views = definitions.views.filter((d) => !table || d.table === table);
  if (definitions.forms.length + definitions.views.length === 0 && !options.json)
    io.err(
      source.format === "webapi-json"
        ? "note: no systemforms/savedqueries responses with formxml/layoutxml in these files\n"
        : "note: this solution holds no forms or views\n",
    );
  return { document: source.document, forms, views };
}

const sameId = (a: string, b: string) => a.replace(/[{}]/g, "").toLowerCase() === b.replace(/[{}]/g, "").toLowerCase();

/** Runs `metadata forms`: the org's main, quick create, card and quick view forms with their counts. */
export async function formsCommand(
  target: string,
  options: DefinitionsOptions = {},
  io: CliIo = processIo,
): Promise<ExitCode> {
  try {
    const { document, forms } = await readDefinitions(target, options, io);
    const { importOrgForm, orgFormKind, FORM_TYPE_NAMES } = await import("@/lib/forms/import-form");
    const importOptions = { languageCode: options.language, metadata: document };
    if (options.form) {
      const def = forms.find((f) => sameId(f.id, options.form!));
      if (!def)
        throw new AppError(
          "invalid",
          `${target}: there is no form ${options.form}${options.table ? ` of '${options.table}'` : ""}`,
        );
      if (!orgFormKind(def))
        throw new AppError(
          "invalid",
          `form ${def.id} is a ${FORM_TYPE_NAMES[def.type ?? -1] ?? "form of unknown type"}, which cannot be imported`,
        );
      const imported = importOrgForm(def, importOptions);
      if (!imported.importable)
        throw new AppError("invalid", `form ${def.id} ('${imported.name}') is ${imported.notImportableReason}`);
      io.out(JSON.stringify(imported.form, null, 2) + "\n");
      for (const item of imported.skipped) io.err(`note: skipped ${item.what} in ${item.where}\n`);
      return EXIT.ok;
    }
    const listed = [];
    const other: Array<{ table: string; id: string; name: string; type: number | null }> = [];
    for (const def of forms) {
      if (!orgFormKind(def)) {
        other.push({ table: def.table, id: def.id, name: def.name, type: def.type });
        continue;
      }
      const imported = importOrgForm(def, importOptions);
      listed.push({
        table: imported.table,
        id: imported.id,
        name: imported.name,
        kind: imported.kind,
        tabs: imported.counts.tabs,
        sections: imported.counts.sections,
        fields: imported.counts.fields,
        associatedLists: imported.counts.associatedLists,
        headerFields: imported.counts.headerFields,
        importable: imported.importable,
        skipped: imported.skipped,
      });
    }
    if (options.json) {
      io.out(JSON.stringify({ forms: listed, notListed: other }, null, 2) + "\n");
      return EXIT.ok;
    }
    const lines = [
      `${plural(listed.length, "form")}${other.length ? ` (and ${other.length} dashboards, task flows or other forms a device never opens)` : ""}`,
    ];
    for (const f of listed) {
      lines.push(
        `  ${f.table}  ${f.kind}  ${f.name}  {${f.id}}: ${plural(f.tabs, "tab")}, ${plural(f.sections, "section")}, ` +
          `${plural(f.fields, "field")}, ${plural(f.associatedLists, "associated list")}, ${plural(f.headerFields, "header field")}` +
          `${f.importable ? "" : "  [cannot be imported]"}${f.skipped.length ? `; ${f.skipped.length} skipped:` : ""}`,
      );
      for (const item of f.skipped) lines.push(`      - ${item.what} (${item.where})`);
    }
    io.out(lines.join("\n") + "\n");
    return EXIT.ok;
  } catch (error) {
    return reportError(error, options, io);
  }
}

/** Runs `metadata views`: the org's views with their columns, sort and whether they filter. */
export async function viewsCommand(
  target: string,
  options: DefinitionsOptions = {},
  io: CliIo = processIo,
): Promise<ExitCode> {
  try {
    const { views } = await readDefinitions(target, options, io);
    const { importOrgView } = await import("@/lib/forms/import-view");
    const importOptions = { languageCode: options.language };
    if (options.view) {
      const def = views.find((v) => sameId(v.id, options.view!));
      if (!def)
        throw new AppError(
          "invalid",
          `${target}: there is no view ${options.view}${options.table ? ` of '${options.table}'` : ""}`,
        );
      const imported = importOrgView(def, importOptions);
      if (!imported.view)
        throw new AppError("invalid", `view ${def.id} ('${imported.name}') is ${imported.notImportableReason}`);
      io.out(JSON.stringify(imported.view, null, 2) + "\n");
      for (const item of imported.skipped) io.err(`note: skipped ${item.what} in ${item.where}\n`);
      return EXIT.ok;
    }
    const listed = views.map((def) => {
      const v = importOrgView(def, importOptions);
      return {
        table: v.table,
        id: v.id,
        name: v.name,
        kind: v.kind,
        columns: v.columns,
        sort: v.sort,
        hasFilter: v.hasFilter,
        quickFind: v.quickFind,
        orgDefault: v.orgDefault,
        importable: v.importable,
        skipped: v.skipped,
      };
    });
    if (options.json) {
      io.out(JSON.stringify({ views: listed }, null, 2) + "\n");
      return EXIT.ok;
    }
    const lines = [plural(listed.length, "view")];
    for (const v of listed) {
      const sort = v.sort.map((s) => `${s.column}${s.descending ? " desc" : ""}`).join(", ");
      lines.push(
        `  ${v.table}  ${v.kind}${v.orgDefault ? " (default)" : ""}  ${v.name}  {${v.id}}: ${v.columns.map((c) => c.column).join(", ") || "(no columns)"}` +
          `${sort ? `; sort ${sort}` : ""}${v.hasFilter ? "; filtered" : ""}${v.importable ? "" : "  [cannot be imported]"}`,
      );
      for (const item of v.skipped) lines.push(`      - skipped ${item.what} (${item.where})`);
    }
    io.out(lines.join("\n") + "\n");
    return EXIT.ok;
  } catch (error) {
    return reportError(error, options, io);
  }
}

function languageCode(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0 || n > 99_999)
    throw new CliExit(
      EXIT.usage,
      `--language must be a language code such as 1033 (English) or 1031 (German), got ${value}`,
    );
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
  metadata
    .command("forms")
    .description("List the org's main, quick create, card and quick view forms with what an import keeps and skips")
    .argument("<file-or-folder>", "solution .zip, customizations.xml, unpacked solution folder or Web API JSON")
    .option("--table <table>", "only this table's forms (logical name)")
    .option("--form <id>", "print this form (formid) in the project's Form shape")
    .option("--language <lcid>", "language of names and labels (default 1033, English)", languageCode)
    .option("--json", "print one JSON object for machines")
    .option("--max-bytes <bytes>", "refuse files larger than this", positiveInteger)
    .action((target: string, options: DefinitionsOptions) => finish(formsCommand(target, options)));
  metadata
    .command("views")
    .description("List the org's views (public, lookup, associated, quick find, ...) with columns, sort and filter")
    .argument("<file-or-folder>", "solution .zip, customizations.xml, unpacked solution folder or Web API JSON")
    .option("--table <table>", "only this table's views (logical name)")
    .option("--view <id>", "print this view (savedqueryid) in the project's View shape")
    .option("--language <lcid>", "language of names (default 1033, English)", languageCode)
    .option("--json", "print one JSON object for machines")
    .option("--max-bytes <bytes>", "refuse files larger than this", positiveInteger)
    .action((target: string, options: DefinitionsOptions) => finish(viewsCommand(target, options)));
}
