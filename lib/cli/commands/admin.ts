// `syncwright admin reset-password <email>` and `syncwright admin unlock <email>`: recovery on the host where the
// portal's data lives (like `gitlab-rake` or `gitea admin user change-password`). They open the configured
// database directly (DATABASE_URL, else the SQLite file in SYNCWRIGHT_DATA_DIR, relative paths from the project
// folder as `npm start` reads them), so whoever may run them can read the data anyway. Both are audited as
// "host administrator". Exit codes: 0 ok, 1 no such user, 2 usage or no database here.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { register as registerHooks } from "node:module";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { CliExit, EXIT } from "@/lib/cli/exit";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

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

/**
 * The portal's own modules mark themselves `server-only`, a package that throws outside React's server build.
 * Here, as in the production server (scripts/server-only-hook.mjs), it resolves to an empty module.
 */
let hooked = false;
function allowServerModules(): void {
  if (hooked) return;
  hooked = true;
  registerHooks(
    "data:text/javascript," +
      encodeURIComponent(
        'export async function resolve(s, c, n) { return s === "server-only" ? { url: "data:text/javascript,", shortCircuit: true } : n(s, c); }',
      ),
  );
}

/** Opens the portal's database as the portal would, or ends with exit 2 saying why not. */
async function openPortalDatabase(io: AdminIo) {
  allowServerModules();
  const { parseConfig, ConfigError } = await import("@/lib/config");
  let config;
  try {
    config = parseConfig(process.env, root);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(`${error.message}\n`);
      throw new CliExit(EXIT.usage);
    }
    throw error;
  }
  const { providerOf, sqliteFilePath } = await import("@/lib/db/database-url");
  if (providerOf(config.databaseUrl) === "sqlite" && !fs.existsSync(sqliteFilePath(config.databaseUrl, root))) {
    io.err(
      `No portal database at ${sqliteFilePath(config.databaseUrl, root)}. Run this on the host where the portal's data ` +
        `lives, with the portal's SYNCWRIGHT_DATA_DIR or DATABASE_URL.\n`,
    );
    throw new CliExit(EXIT.usage);
  }
  const { createDbClient } = await import("@/lib/db/client");
  return { db: createDbClient(config.databaseUrl), config };
}

/** Runs one admin action against the database; a missing user ends with exit 1. */
async function withPortalDatabase(
  io: AdminIo,
  run: (ctx: Awaited<ReturnType<typeof openPortalDatabase>>) => Promise<void>,
): Promise<number> {
  const ctx = await openPortalDatabase(io);
  const { isAppError } = await import("@/lib/app-error");
  try {
    await run(ctx);
    return EXIT.ok;
  } catch (error) {
    if (isAppError(error) && (error.code === "not_found" || error.code === "invalid")) {
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
  return withPortalDatabase(io, async ({ db, config }) => {
    const { createPasswordResetLink, hostAdministrator } = await import("@/lib/auth/recovery");
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
  return withPortalDatabase(io, async ({ db }) => {
    const { unlockAccount, hostAdministrator } = await import("@/lib/auth/recovery");
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
