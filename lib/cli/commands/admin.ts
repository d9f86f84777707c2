// `syncwright admin reset-password <email>` and `syncwright admin unlock <email>`: recovery on the host where the
// portal's data lives (like `gitlab-rake` or `gitea admin user change-password`). They open the configured
// database directly (DATABASE_URL, else the SQLite file in SYNCWRIGHT_DATA_DIR, relative paths from the project
// folder as `npm start` reads them), so whoever may run them can read the data anyway. Both are audited as
// "host administrator". Exit codes: 0 ok, 1 no such user, 2 usage or no database here.
//
// The portal's modules (Prisma clients with their native SQLite driver and Wasm engine, `server-only` markers) are
// loaded from the project's TypeScript sources at run time, never imported statically here: this file stays safe
// to bundle into a prebuilt CLI, and the portal code it runs is the portal's own.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { register as registerHooks } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Command } from "commander";
import { CliExit, EXIT } from "@/lib/cli/exit";

/** The project folder: the nearest folder up from this file whose package.json is Syncwright's. */
function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++, dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: string };
      if (pkg.name === "syncwright") return dir;
    } catch {
      // not here: one folder up
    }
  }
  throw new Error("cannot find the Syncwright project folder");
}

/**
 * The portal modules the commands use, from the sources. The portal's modules mark themselves `server-only`, a
 * package that throws outside React's server build; here, as in the production server
 * (scripts/server-only-hook.mjs), it resolves to an empty module. A prebuilt CLI first registers tsx.
 */
async function portal() {
  const root = projectRoot();
  registerHooks(
    "data:text/javascript," +
      encodeURIComponent(
        'export async function resolve(s, c, n) { return s === "server-only" ? { url: "data:text/javascript,", shortCircuit: true } : n(s, c); }',
      ),
  );
  if (!import.meta.url.endsWith(".ts")) {
    const tsxApi = "tsx/esm/api"; // not a literal import: a bundler leaves it to run time
    const { register } = (await import(tsxApi)) as { register: (options: { tsconfig: string }) => unknown };
    register({ tsconfig: path.join(root, "tsconfig.json") });
  }
  const load = (file: string) => import(pathToFileURL(path.join(root, file)).href);
  return {
    root,
    config: (await load("lib/config.ts")) as typeof import("@/lib/config"),
    databaseUrl: (await load("lib/db/database-url.ts")) as typeof import("@/lib/db/database-url"),
    client: (await load("lib/db/client.ts")) as typeof import("@/lib/db/client"),
    appError: (await load("lib/app-error.ts")) as typeof import("@/lib/app-error"),
    recovery: (await load("lib/auth/recovery.ts")) as typeof import("@/lib/auth/recovery"),
  };
}

export interface AdminIo {
  out: (text: string) => void;
  err: (text: string) => void;
}
const processIo: AdminIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

function whoRuns(): string {
  try {
    return `${os.userInfo().username}@${os.hostname()}`;
  } catch {
    return `uid ${process.getuid?.() ?? "?"}@${os.hostname()}`;
  }
}

/** Opens the portal's database as the portal would, or ends with exit 2 saying why not. */
async function openPortalDatabase(io: AdminIo) {
  const modules = await portal();
  const { root } = modules;
  let config;
  try {
    config = modules.config.parseConfig(process.env, root);
  } catch (error) {
    if (error instanceof modules.config.ConfigError) {
      io.err(`${error.message}\n`);
      throw new CliExit(EXIT.usage);
    }
    throw error;
  }
  const { providerOf, sqliteFilePath } = modules.databaseUrl;
  if (providerOf(config.databaseUrl) === "sqlite" && !fs.existsSync(sqliteFilePath(config.databaseUrl, root))) {
    io.err(
      `No portal database at ${sqliteFilePath(config.databaseUrl, root)}. Run this on the host where the portal's data ` +
        `lives, with the portal's SYNCWRIGHT_DATA_DIR or DATABASE_URL.\n`,
    );
    throw new CliExit(EXIT.usage);
  }
  return { db: modules.client.createDbClient(config.databaseUrl), config, modules };
}

/** Runs one admin action against the database; a missing user ends with exit 1. */
async function withPortalDatabase(
  io: AdminIo,
  run: (ctx: Awaited<ReturnType<typeof openPortalDatabase>>) => Promise<void>,
): Promise<number> {
  const ctx = await openPortalDatabase(io);
  try {
    await run(ctx);
    return EXIT.ok;
  } catch (error) {
    if (ctx.modules.appError.isAppError(error) && (error.code === "not_found" || error.code === "invalid")) {
      io.err(`${error.message}\n`);
      return EXIT.invalid;
    }
    throw error;
  } finally {
    await ctx.db.$disconnect();
  }
}

export async function resetPasswordCommand(
  email: string,
  options: { json?: boolean },
  io: AdminIo = processIo,
): Promise<number> {
  return withPortalDatabase(io, async ({ db, config, modules }) => {
    const { createPasswordResetLink, hostAdministrator } = modules.recovery;
    const link = await createPasswordResetLink(db, hostAdministrator(whoRuns()), email, { baseUrl: config.baseUrl });
    if (options.json) {
      io.out(`${JSON.stringify({ email: link.email, url: link.url, expiresAt: link.expiresAt.toISOString() })}\n`);
      return;
    }
    io.out(
      `One-time password reset link for ${link.email} (works once, until ${link.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC):\n` +
        `  ${link.url}\n`,
    );
    if (link.disabled) io.out("Note: this account is disabled; an owner must enable it before it can sign in.\n");
  });
}

export async function unlockCommand(
  email: string,
  options: { json?: boolean },
  io: AdminIo = processIo,
): Promise<number> {
  return withPortalDatabase(io, async ({ db, modules }) => {
    const { unlockAccount, hostAdministrator } = modules.recovery;
    const result = await unlockAccount(db, hostAdministrator(whoRuns()), email);
    if (options.json) io.out(`${JSON.stringify(result)}\n`);
    else
      io.out(
        `Cleared the sign-in counters of ${result.email} (${result.cleared} counter${result.cleared === 1 ? "" : "s"}); it can sign in again from any address.\n`,
      );
  });
}

/** Registers `syncwright admin ...`. */
export function register(program: Command): void {
  const admin = program
    .command("admin")
    .description(
      "On the host where the portal's data lives: recover access (reads DATABASE_URL / SYNCWRIGHT_DATA_DIR)",
    );
  admin
    .command("reset-password")
    .description("Print a one-time link (valid one hour) that sets a new password for this user")
    .argument("<email>", "the user's email")
    .option("--json", "machine output: { email, url, expiresAt }")
    .action(async (email: string, options: { json?: boolean }) => {
      const code = await resetPasswordCommand(email, options);
      if (code !== 0) throw new CliExit(code as 1 | 2);
    });
  admin
    .command("unlock")
    .description("Clear the sign-in rate limit of this user's account")
    .argument("<email>", "the user's email")
    .option("--json", "machine output: { email, cleared }")
    .action(async (email: string, options: { json?: boolean }) => {
      const code = await unlockCommand(email, options);
      if (code !== 0) throw new CliExit(code as 1 | 2);
    });
}
