// `syncwright export|import|publish|pull`: talk to a portal's automation API (/api/v1) with an API token an
// owner created in Settings > API tokens. --url/--token or SYNCWRIGHT_URL/SYNCWRIGHT_TOKEN; default localhost.
import fs from "node:fs";
import type { Command } from "commander";
import { CliExit, EXIT } from "@/lib/cli/exit";
import { readProjectFile } from "@/lib/bundle/project-file";

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const processIo: CliIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

export const DEFAULT_PORTAL_URL = "http://localhost:3000";

export interface PortalOptions {
  url?: string;
  token?: string;
  json?: boolean;
}

type ExitCode = 0 | 1 | 2;

class PortalError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly problems: Array<{ path: string; message: string }> = [],
  ) {
    super(message);
  }
}

function connection(options: PortalOptions, env: NodeJS.ProcessEnv = process.env): { base: string; token: string } {
  const base = (options.url ?? env.SYNCWRIGHT_URL ?? DEFAULT_PORTAL_URL).replace(/\/+$/, "");
  try {
    new URL(base);
  } catch {
    throw new PortalError(`--url must be an absolute URL such as ${DEFAULT_PORTAL_URL}, got '${base}'`, EXIT.usage);
  }
  const token = options.token ?? env.SYNCWRIGHT_TOKEN;
  if (!token)
    throw new PortalError(
      "Give an API token with --token or SYNCWRIGHT_TOKEN (an owner creates one in Settings > API tokens).",
      EXIT.usage,
    );
  return { base, token };
}

async function call(
  options: PortalOptions,
  method: "GET" | "POST",
  path: string,
  body?: { text: string; type: string },
): Promise<Response> {
  const { base, token } = connection(options);
  let response: Response;
  try {
    response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": body.type } : {}) },
      body: body?.text,
      signal: AbortSignal.timeout(120_000),
    });
  } catch (error) {
    throw new PortalError(
      `Cannot reach the portal at ${base}: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}`,
      EXIT.invalid,
    );
  }
  if (!response.ok) {
    const text = await response.text();
    let detail = text.slice(0, 500);
    let problems: Array<{ path: string; message: string }> = [];
    try {
      const problem = JSON.parse(text) as { detail?: string; problems?: typeof problems };
      detail = problem.detail ?? detail;
      problems = problem.problems ?? [];
    } catch {
      // not a problem document: keep the text
    }
    throw new PortalError(`The portal answered ${response.status}: ${detail}`, EXIT.invalid, problems);
  }
  return response;
}

function readFile(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new PortalError(
      `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      EXIT.usage,
    );
  }
}

function writeOut(text: string | Uint8Array, output: string | undefined, io: CliIo): void {
  if (!output || output === "-") {
    io.out(typeof text === "string" ? text : Buffer.from(text).toString("utf8"));
    return;
  }
  try {
    fs.writeFileSync(output, text);
  } catch (error) {
    throw new PortalError(
      `Cannot write ${output}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      EXIT.usage,
    );
  }
}

const projectPath = (project: string) => `/api/v1/projects/${encodeURIComponent(project)}`;

async function run(io: CliIo, options: PortalOptions, body: () => Promise<ExitCode>): Promise<ExitCode> {
  try {
    return await body();
  } catch (error) {
    const failure =
      error instanceof PortalError
        ? error
        : new PortalError(error instanceof Error ? error.message : String(error), EXIT.invalid);
    if (options.json)
      io.out(`${JSON.stringify({ error: { message: failure.message, problems: failure.problems } }, null, 2)}\n`);
    io.err(`syncwright: ${failure.message}\n`);
    for (const p of failure.problems) io.err(`  ${p.path}: ${p.message}\n`);
    return failure.exitCode;
  }
}

export async function exportCommand(
  options: PortalOptions & { project: string; output?: string },
  io: CliIo = processIo,
): Promise<ExitCode> {
  return run(io, options, async () => {
    const response = await call(options, "GET", `${projectPath(options.project)}/export`);
    writeOut(await response.text(), options.output, io);
    if (options.output && options.output !== "-") io.err(`Exported '${options.project}' to ${options.output}\n`);
    return EXIT.ok;
  });
}

interface Diff {
  lines: string[];
  same: boolean;
}

export async function importCommand(
  file: string,
  options: PortalOptions & { into?: string; asNew?: boolean; name?: string; environment?: string; yes?: boolean },
  io: CliIo = processIo,
): Promise<ExitCode> {
  return run(io, options, async () => {
    if (Boolean(options.into) === Boolean(options.asNew))
      throw new PortalError("Give exactly one of --into <project> or --as-new.", EXIT.usage);
    const text = readFile(file);
    // Checked here first, with the same reader as the portal, so a broken file is named with its line and column
    // without a round trip (and without a token).
    const local = readProjectFile(text, file);
    if (!local.ok)
      throw new PortalError(`${file} is not a project file that can be imported`, EXIT.invalid, local.problems);
    const body = { text, type: "application/json" };
    if (options.asNew) {
      const query = new URLSearchParams({
        ...(options.name ? { name: options.name } : {}),
        ...(options.environment ? { environment: options.environment } : {}),
      });
      const response = await call(options, "POST", `/api/v1/projects/import${query.size ? `?${query}` : ""}`, body);
      const result = (await response.json()) as { projectId: string };
      io.out(
        options.json ? `${JSON.stringify(result, null, 2)}\n` : `Created project ${result.projectId} from ${file}\n`,
      );
      return EXIT.ok;
    }
    const path = `${projectPath(options.into!)}/import`;
    // The plan answers the revisions its diff was made against; sending them back makes the portal refuse
    // (409, nothing written) if anyone changed the project between the diff shown here and the apply.
    const plan = (await (await call(options, "POST", path, body)).json()) as { diff: Diff; basis?: unknown };
    if (!options.json) {
      io.out(
        plan.diff.same
          ? `No changes: '${options.into}' already has this configuration.\n`
          : `Importing ${file} into '${options.into}' changes:\n${plan.diff.lines.map((l) => `  ${l}\n`).join("")}`,
      );
    }
    if (plan.diff.same || !options.yes) {
      if (options.json) io.out(`${JSON.stringify({ applied: false, diff: plan.diff }, null, 2)}\n`);
      else if (!plan.diff.same)
        io.out("Nothing written. Run again with --yes to apply these changes as new draft revisions.\n");
      return EXIT.ok;
    }
    const query = new URLSearchParams({ apply: "1", ...(plan.basis ? { basis: JSON.stringify(plan.basis) } : {}) });
    const applied = (await (await call(options, "POST", `${path}?${query}`, body)).json()) as { diff: Diff };
    io.out(
      options.json
        ? `${JSON.stringify({ applied: true, diff: applied.diff }, null, 2)}\n`
        : "Applied as new draft revisions; publish when ready.\n",
    );
    return EXIT.ok;
  });
}

export async function publishCommand(
  options: PortalOptions & { project: string; notes?: string; minClientVersion?: string },
  io: CliIo = processIo,
): Promise<ExitCode> {
  return run(io, options, async () => {
    const payload = JSON.stringify({
      notes: options.notes ?? "",
      ...(options.minClientVersion ? { minClientVersion: options.minClientVersion } : {}),
    });
    const result = (await (
      await call(options, "POST", `${projectPath(options.project)}/publish`, {
        text: payload,
        type: "application/json",
      })
    ).json()) as {
      number: number;
      contentHash: string;
      size: number;
      warnings: Array<{ path: string; message: string; acknowledged?: { note: string; by: string } }>;
    };
    if (options.json) io.out(`${JSON.stringify(result, null, 2)}\n`);
    else {
      io.out(
        `Published version ${result.number} of '${options.project}' (${result.size} bytes, content ${result.contentHash.slice(0, 12)})\n`,
      );
      for (const w of result.warnings)
        io.out(
          `  warning: ${w.path}: ${w.message}${w.acknowledged ? ` (acknowledged by ${w.acknowledged.by}: ${w.acknowledged.note})` : ""}\n`,
        );
    }
    return EXIT.ok;
  });
}

export async function pullCommand(
  options: PortalOptions & { project: string; version?: string; output?: string },
  io: CliIo = processIo,
): Promise<ExitCode> {
  return run(io, options, async () => {
    const version = options.version ?? "latest";
    if (version !== "latest" && !/^[1-9]\d*$/.test(version))
      throw new PortalError(`--version must be a number such as 3, got '${version}'`, EXIT.usage);
    const response = await call(options, "GET", `${projectPath(options.project)}/versions/${version}/bundle`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    writeOut(bytes, options.output, io);
    if (options.output && options.output !== "-")
      io.err(
        `Pulled version ${response.headers.get("x-syncwright-version")} of '${options.project}' to ${options.output} (${bytes.length} bytes)\n`,
      );
    return EXIT.ok;
  });
}

function finish(result: Promise<ExitCode>): Promise<void> {
  return result.then((code) => {
    if (code !== EXIT.ok) throw new CliExit(code);
  });
}

const portalOptions = (command: Command) =>
  command
    .option("--url <url>", `portal URL (env SYNCWRIGHT_URL, default ${DEFAULT_PORTAL_URL})`)
    .option("--token <token>", "API token from Settings > API tokens (env SYNCWRIGHT_TOKEN)")
    .option("--json", "machine-readable output");

export function register(program: Command): void {
  portalOptions(
    program.command("export").description("Export a project from a portal as a project file (canonical JSON)."),
  )
    .requiredOption("--project <id|name>", "the project")
    .option("-o, --output <file>", "write to this file instead of standard output")
    .action((options) => finish(exportCommand(options)));
  portalOptions(
    program
      .command("import")
      .description(
        "Import a project file: into an existing project (shows the diff; --yes applies it as new draft revisions) or as a new project.",
      ),
  )
    .argument("<file>", "the project file")
    .option("--into <id|name>", "the existing project to update")
    .option("--as-new", "create a new project")
    .option("--name <name>", "with --as-new: the new project's name")
    .option("--environment <id>", "with --as-new: the environment to create it in")
    .option("--yes", "apply the changes after showing them")
    .action((file: string, options) => finish(importCommand(file, options)));
  portalOptions(
    program.command("publish").description("Publish a project's current configuration as its next version."),
  )
    .requiredOption("--project <id|name>", "the project")
    .option("--notes <text>", "release notes")
    .option("--min-client-version <version>", "oldest app version that can run it")
    .action((options) => finish(publishCommand(options)));
  portalOptions(program.command("pull").description("Download a published version's signed bundle."))
    .requiredOption("--project <id|name>", "the project")
    .option("--version <n>", "the version number (default: the latest)")
    .option("-o, --output <file>", "write to this file instead of standard output")
    .action((options) => finish(pullCommand(options)));
}
