// `syncwright validate|verify|diff`: checks on bundle and project files for consultants and CI, with no portal.
// validate = schema + hash + signature (given a key) + every project rule against metadata; verify = hash and
// signature only; diff = the portal's words for what changed. Exit 0 ok, 1 invalid, 2 unreadable or usage.
// Synchronous reads: a command reads its files one after another, and node:fs/promises costs start-up to load.
import { readFileSync, statSync } from "node:fs";
import { createPublicKey, type KeyObject } from "node:crypto";
import { Option, type Command } from "commander";
import { AppError, isAppError } from "@/lib/app-error";
import { CliExit, EXIT } from "@/lib/cli/exit";
import { parseJsonBytes } from "@/lib/bundle/json-text";
import { projectFileFromJson } from "@/lib/bundle/project-file";
import { verifyBundle, verifyBundleJson, type SignatureState } from "@/lib/bundle/verify";
import { parsePublicKeyPem, keyIdOf } from "@/lib/bundle/sign";
import type { BundleManifest } from "@/lib/bundle/schema";
import type { ProjectDocument } from "@/lib/customization/schema";
import type { Severity } from "@/lib/customization/validate";
import type { MetadataDocument } from "@/lib/metadata/schema";
import type { KnownRoles } from "@/lib/environments/known-roles";
import { countOf } from "@/lib/format/count";

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const processIo: CliIo = {
  out: (t) => process.stdout.write(t.endsWith("\n") ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith("\n") ? t : `${t}\n`),
};

/** Larger than any real bundle (a 1,000-table project is a few MB); refuses a wrong file before reading it. */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;
const FORMATS = ["text", "json", "junit"] as const;
export type OutputFormat = (typeof FORMATS)[number];

/** One finding of validate, in every output format: where it is and what is wrong. */
export interface Finding {
  severity: Severity;
  /** Which check: file, schema, hash, signature, rules, metadata. */
  check: "file" | "schema" | "hash" | "signature" | "rules" | "metadata";
  /** "manifest.version", "tables/contact/columns/fax", "bundle.json:1:200". */
  path: string;
  message: string;
  code?: string;
  table?: string;
}

interface LoadedInput {
  kind: "bundle" | "project";
  project?: ProjectDocument;
  manifest?: BundleManifest;
  signature: SignatureState;
  keyId?: string;
  findings: Finding[];
}

function usage(io: CliIo, message: string): never {
  io.err(`syncwright: ${message}`);
  throw new CliExit(EXIT.usage);
}

async function readInput(file: string, io: CliIo): Promise<Buffer> {
  try {
    const info = statSync(file);
    if (!info.isFile()) usage(io, `${file}: not a file`);
    if (info.size > MAX_INPUT_BYTES) {
      io.err(
        `error: ${file}: the file is ${info.size} bytes, over the limit of ${MAX_INPUT_BYTES} bytes for a bundle or project file`,
      );
      throw new CliExit(EXIT.invalid);
    }
    return readFileSync(file);
  } catch (e) {
    if (e instanceof CliExit) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    usage(io, `${file}: ${code === "ENOENT" ? "no such file" : `cannot be read (${code ?? String(e)})`}`);
  }
}

/** A public key from a PEM file, or fetched from a URL (PEM, JSON with publicKeyPem, a JWK or a JWKS). */
export async function loadPublicKey(source: string, io: CliIo): Promise<KeyObject> {
  let text: string;
  if (/^https?:\/\//i.test(source)) {
    try {
      const response = await fetch(source, {
        headers: { accept: "application/x-pem-file, application/json, text/plain" },
        signal: AbortSignal.timeout(15_000),
      });
      if (!response.ok)
        usage(io, `--public-key ${source}: the server answered ${response.status} ${response.statusText}`);
      text = await response.text();
    } catch (e) {
      if (e instanceof CliExit) throw e;
      usage(
        io,
        `--public-key ${source}: cannot be fetched (${e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e)})`,
      );
    }
  } else {
    try {
      text = readFileSync(source, "utf8");
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      usage(
        io,
        `--public-key ${source}: ${code === "ENOENT" ? "no such file" : `cannot be read (${code ?? String(e)})`}`,
      );
    }
  }
  try {
    return publicKeyFromText(text, `--public-key ${source}`);
  } catch (e) {
    usage(io, e instanceof Error ? e.message : String(e));
  }
}

function publicKeyFromText(text: string, where: string): KeyObject {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(trimmed) as Record<string, unknown>;
    } catch {
      throw new AppError("invalid", `${where}: neither a PEM public key nor JSON`);
    }
    if (typeof json.publicKeyPem === "string") return parsePublicKeyPem(json.publicKeyPem, where);
    if (typeof json.publicKey === "string") return parsePublicKeyPem(json.publicKey, where);
    const jwk = Array.isArray(json.keys)
      ? (json.keys as Array<Record<string, unknown>>).find((k) => k.kty === "OKP" && k.crv === "Ed25519")
      : json;
    if (jwk && jwk.kty === "OKP" && jwk.crv === "Ed25519" && typeof jwk.x === "string") {
      return createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: jwk.x }, format: "jwk" });
    }
    throw new AppError("invalid", `${where}: the JSON holds no Ed25519 public key (publicKeyPem, a JWK or a JWKS)`);
  }
  return parsePublicKeyPem(trimmed, where);
}

/** Reads a bundle or a project file into findings: the file, schema, hash and signature checks. */
function loadInput(bytes: Buffer, name: string, publicKey: KeyObject | undefined): LoadedInput {
  const json = parseJsonBytes(bytes, name);
  if (!json.ok)
    return {
      // Unreadable, so named by how it starts: a project file written by Syncwright opens with its "format".
      kind: /"format"\s*:\s*"syncwright-project"/.test(bytes.subarray(0, 4096).toString("latin1"))
        ? "project"
        : "bundle",
      signature: "absent",
      findings: [{ severity: "error", check: "file", path: json.problem.path, message: json.problem.message }],
    };
  const value = json.value as Record<string, unknown> | null;
  if (
    value &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    value.format !== undefined &&
    value.manifest === undefined
  ) {
    const result = projectFileFromJson(value, name);
    if (!result.ok)
      return {
        kind: "project",
        signature: "absent",
        findings: result.problems.map((p) => ({
          severity: "error",
          check: "schema",
          path: p.path,
          message: p.message,
        })),
      };
    return { kind: "project", project: result.project, signature: "absent", findings: [] };
  }
  const result = verifyBundleJson(json, { publicKey, name });
  const findings: Finding[] = result.problems.map((p) => ({
    severity: "error",
    check:
      p.path === "manifest.contentSha256"
        ? "hash"
        : p.path.startsWith("signature") && result.manifest
          ? "signature"
          : p.path === name
            ? "file"
            : "schema",
    path: p.path,
    message: p.message,
  }));
  if (result.signature === "unchecked") {
    findings.push({
      severity: "info",
      check: "signature",
      path: "signature",
      message: `signed by key ${result.keyId}; not checked (pass --public-key to check it)`,
    });
  }
  return {
    kind: "bundle",
    project: result.content,
    manifest: result.manifest,
    signature: result.signature,
    keyId: result.keyId,
    findings,
  };
}

// The metadata readers (XML, zip) and the rules load only with --metadata: every syncwright command starts faster.
async function loadMetadata(source: string, io: CliIo): Promise<MetadataDocument> {
  const { isUnreadableError, readMetadataSource } = await import("@/lib/metadata/read-source");
  try {
    return (await readMetadataSource(source)).document;
  } catch (e) {
    io.err(`syncwright: --metadata ${e instanceof Error ? e.message : String(e)}`);
    throw new CliExit(isUnreadableError(e) ? EXIT.usage : EXIT.invalid);
  }
}

/**
 * The security roles a solution given as --metadata defines: the project's roles are then checked against them
 * (a role none of them is, is unverified). Web API JSON, or a solution without roles, checks none.
 */
async function loadSolutionRoles(source: string, io: CliIo): Promise<KnownRoles | undefined> {
  const [{ readSolutionRoles }, { knownRolesOf }] = await Promise.all([
    import("@/lib/metadata/solution-roles"),
    import("@/lib/environments/known-roles"),
  ]);
  try {
    const { roles } = await readSolutionRoles(source);
    if (roles.length === 0) return undefined;
    return knownRolesOf({ org: null, solutions: [{ source, importedAt: new Date().toISOString(), roles }] });
  } catch (e) {
    io.err(
      `syncwright: warning: the security roles of ${source} could not be read, so role names are not checked: ${e instanceof Error ? e.message : String(e)}`,
    );
    return undefined;
  }
}

export interface ValidateOptions {
  metadata?: string;
  format?: string;
  publicKey?: string;
}

export interface ValidateReport {
  ok: boolean;
  file: string;
  kind: "bundle" | "project";
  project?: { name: string; tables: number };
  manifest?: BundleManifest;
  signature: SignatureState;
  keyId?: string;
  metadataChecked: boolean;
  errors: number;
  warnings: number;
  findings: Finding[];
}

/** `syncwright validate`: prints the report in the chosen format; exits 1 when any error was found. */
export async function validateCommand(
  file: string,
  options: ValidateOptions = {},
  io: CliIo = processIo,
): Promise<ValidateReport> {
  const format = (options.format ?? "text") as OutputFormat;
  if (!FORMATS.includes(format)) usage(io, `--format must be one of ${FORMATS.join(", ")}, not '${options.format}'`);
  const publicKey = options.publicKey ? await loadPublicKey(options.publicKey, io) : undefined;
  const metadata = options.metadata ? await loadMetadata(options.metadata, io) : undefined;
  const knownRoles = options.metadata ? await loadSolutionRoles(options.metadata, io) : undefined;
  const bytes = await readInput(file, io);
  const input = loadInput(bytes, file, publicKey);
  const findings = [...input.findings];

  if (input.project && metadata) {
    const [{ validateProject }, { contentHash }] = await Promise.all([
      import("@/lib/customization/validate"),
      import("@/lib/metadata/content-hash"),
    ]);
    if (input.manifest && input.manifest.metadataSnapshotHash !== contentHash(metadata)) {
      findings.push({
        severity: "info",
        check: "metadata",
        path: "manifest.metadataSnapshotHash",
        message:
          "the metadata given is not the snapshot the bundle was built against (checking against the metadata given)",
      });
    }
    for (const issue of validateProject(input.project, metadata, knownRoles ? { knownRoles } : {})) {
      findings.push({
        severity: issue.severity,
        check: "rules",
        path: issue.path,
        message: issue.message,
        code: issue.code,
        table: issue.table,
      });
    }
  }
  const errors = findings.filter((f) => f.severity === "error").length;
  const report: ValidateReport = {
    ok: errors === 0,
    file,
    kind: input.kind,
    ...(input.project ? { project: { name: input.project.name, tables: input.project.tables.length } } : {}),
    ...(input.manifest ? { manifest: input.manifest } : {}),
    signature: input.signature,
    ...(input.keyId ? { keyId: input.keyId } : {}),
    metadataChecked: Boolean(metadata && input.project),
    errors,
    warnings: findings.filter((f) => f.severity === "warning").length,
    findings,
  };
  if (format === "json") io.out(JSON.stringify(report, null, 2));
  else if (format === "junit") io.out(toJunit(report));
  else printText(report, io);
  if (!report.ok) throw new CliExit(EXIT.invalid);
  return report;
}

function printText(report: ValidateReport, io: CliIo): void {
  for (const f of report.findings) {
    const line = `${f.severity}: ${f.path}: ${f.message}${f.code ? ` [${f.code}]` : ""}`;
    if (f.severity === "error") io.err(line);
    else io.out(line);
  }
  const what = report.kind === "bundle" ? "bundle" : "project file";
  if (!report.ok) {
    io.err(
      `${report.file}: invalid ${what}: ${countOf(report.errors, "error")}, ${countOf(report.warnings, "warning")}`,
    );
    return;
  }
  const parts = [
    report.project ? `'${report.project.name}', ${countOf(report.project.tables, "table")}` : "",
    report.manifest
      ? `version ${report.manifest.version}, content sha256 ${report.manifest.contentSha256.slice(0, 12)}`
      : "",
    report.kind === "bundle" ? `signature ${report.signature}${report.keyId ? ` (key ${report.keyId})` : ""}` : "",
    report.metadataChecked
      ? `rules checked against the metadata, ${countOf(report.warnings, "warning")}`
      : "rules not checked (pass --metadata)",
  ].filter(Boolean);
  io.out(`${report.file}: valid ${what}: ${parts.join("; ")}`);
}

const xml = (text: string) =>
  text
    // XML 1.0 cannot carry most control characters even escaped; a message never needs them.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "?")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");

/**
 * JUnit XML for CI test reports: one test case per check (file, schema, hash, signature) and one per table
 * for the rules; each error is a <failure>, warnings go to the case's <system-out>.
 */
export function toJunit(report: ValidateReport): string {
  const cases = new Map<string, Finding[]>();
  const add = (name: string, finding?: Finding) => {
    if (!cases.has(name)) cases.set(name, []);
    if (finding) cases.get(name)!.push(finding);
  };
  for (const check of report.kind === "bundle" ? ["file", "schema", "hash", "signature"] : ["file", "schema"])
    add(check);
  if (report.metadataChecked) add("rules: project");
  for (const f of report.findings) {
    if (f.check === "rules" || f.check === "metadata") add(`rules: ${f.table ?? "project"}`, f);
    else add(f.check, f);
  }
  const body: string[] = [];
  let failures = 0;
  for (const [name, findings] of cases) {
    const errors = findings.filter((f) => f.severity === "error");
    const others = findings.filter((f) => f.severity !== "error");
    body.push(`    <testcase classname="${xml(report.file)}" name="${xml(name)}">`);
    if (errors.length) {
      failures++;
      const text = errors.map((f) => `${f.path}: ${f.message}${f.code ? ` [${f.code}]` : ""}`).join("\n");
      body.push(
        `      <failure message="${xml(`${countOf(errors.length, "error")}: ${errors[0].message}`)}" type="${xml(errors[0].code ?? name)}">${xml(text)}</failure>`,
      );
    }
    if (others.length)
      body.push(
        `      <system-out>${xml(others.map((f) => `${f.severity}: ${f.path}: ${f.message}`).join("\n"))}</system-out>`,
      );
    body.push("    </testcase>");
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="syncwright validate" tests="${cases.size}" failures="${failures}">`,
    `  <testsuite name="${xml(report.file)}" tests="${cases.size}" failures="${failures}" errors="0" skipped="0">`,
    ...body,
    "  </testsuite>",
    "</testsuites>",
    "",
  ].join("\n");
}

export interface VerifyCommandOptions {
  publicKey?: string;
  json?: boolean;
}

/** `syncwright verify`: the content hash and the signature only. */
export async function verifyCommand(file: string, options: VerifyCommandOptions, io: CliIo = processIo): Promise<void> {
  if (!options.publicKey)
    usage(io, "verify needs --public-key <file|url> (the portal's public key, e.g. https://<portal>/.well-known/...)");
  const publicKey = await loadPublicKey(options.publicKey, io);
  const bytes = await readInput(file, io);
  const result = verifyBundle(bytes, { publicKey, name: file });
  if (options.json) {
    io.out(
      JSON.stringify(
        {
          ok: result.ok,
          file,
          signature: result.signature,
          keyId: result.keyId ?? null,
          expectedKeyId: keyIdOf(publicKey),
          manifest: result.manifest ?? null,
          problems: result.problems,
        },
        null,
        2,
      ),
    );
  } else if (result.ok) {
    const m = result.manifest!;
    io.out(
      `${file}: verified: '${m.projectName}' version ${m.version}, signed by key ${result.keyId}, content sha256 ${m.contentSha256}`,
    );
  } else {
    for (const p of result.problems) io.err(`error: ${p.path}: ${p.message}`);
    io.err(`${file}: NOT verified`);
  }
  if (!result.ok) throw new CliExit(EXIT.invalid);
}

export interface DiffCommandOptions {
  metadata?: string;
  json?: boolean;
}

function projectOf(bytes: Buffer, name: string, io: CliIo): ProjectDocument {
  const input = loadInput(bytes, name, undefined);
  const errors = input.findings.filter((f) => f.severity === "error");
  if (errors.length || !input.project) {
    for (const f of errors) io.err(`error: ${f.path}: ${f.message}`);
    throw new CliExit(EXIT.invalid);
  }
  return input.project;
}

/** `syncwright diff <a> <b>`: what changed from a to b (bundles or project files), in the portal's words. */
export async function diffCommand(
  a: string,
  b: string,
  options: DiffCommandOptions = {},
  io: CliIo = processIo,
): Promise<string[]> {
  const metadata = options.metadata ? await loadMetadata(options.metadata, io) : undefined;
  const before = projectOf(await readInput(a, io), a, io);
  const after = projectOf(await readInput(b, io), b, io);
  // The diff's wording (summaries, filters in words) loads only for diff: validate and verify start faster.
  const { diffBundles } = await import("@/lib/bundle/diff");
  const diff = diffBundles(before, after, { metadata });
  if (options.json)
    io.out(JSON.stringify({ same: diff.same, project: diff.project, tables: diff.tables, lines: diff.lines }, null, 2));
  else io.out(diff.same ? "no differences" : diff.lines.join("\n"));
  return diff.lines;
}

function rethrow(error: unknown, io: CliIo): never {
  if (error instanceof CliExit) throw error;
  if (isAppError(error)) {
    io.err(`syncwright: ${error.message}`);
    throw new CliExit(EXIT.invalid);
  }
  throw error;
}

export function register(program: Command): void {
  program
    .command("validate")
    .description(
      "Check a bundle or project file: schema, content hash, signature (with --public-key), and every project rule against metadata",
    )
    .argument("<bundle-or-project-file>", "a bundle (.json as downloaded) or a project file (syncwright export)")
    .option(
      "--metadata <file-or-folder>",
      "check every rule against this metadata (Web API JSON, solution zip or folder)",
    )
    .option("--public-key <file|url>", "check the signature with this public key (PEM file or the portal's URL)")
    .addOption(
      new Option("--format <format>", "output: text, json or junit (XML for CI test reports)")
        .choices([...FORMATS])
        .default("text"),
    )
    .action(async (file: string, options: ValidateOptions) => {
      await validateCommand(file, options).catch((e) => rethrow(e, processIo));
    });
  program
    .command("verify")
    .description("Check a bundle's content hash and signature only")
    .argument("<bundle>", "a bundle file")
    .requiredOption("--public-key <file|url>", "the portal's public key: a PEM file or its URL")
    .option("--json", "machine output: { ok, signature, keyId, manifest, problems }")
    .action(async (file: string, options: VerifyCommandOptions) => {
      await verifyCommand(file, options).catch((e) => rethrow(e, processIo));
    });
  program
    .command("diff")
    .description("Say what changed between two bundles or project files, per table, in the portal's words")
    .argument("<a>", "the older bundle or project file")
    .argument("<b>", "the newer bundle or project file")
    .option("--metadata <file-or-folder>", "word filter conditions and fields with display names and option labels")
    .option("--json", "machine output: { same, project, tables, lines }")
    .action(async (a: string, b: string, options: DiffCommandOptions) => {
      await diffCommand(a, b, options).catch((e) => rethrow(e, processIo));
    });
}
