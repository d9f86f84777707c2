// `npm run db:migrate [-- --json]`: applies the pending migrations to the configured database
// (DATABASE_URL, or the embedded SQLite file under the data folder) and prints what it applied.
import { isAppError } from "@/lib/app-error";
import { ConfigError } from "@/lib/config";
import { ensureDatabase } from "@/lib/db/migrate";

async function main(argv: string[]): Promise<number> {
  const json = argv.includes("--json");
  try {
    const result = await ensureDatabase();
    if (json) {
      console.log(JSON.stringify(result));
    } else if (result.applied.length === 0) {
      console.log(`${result.provider} database at ${result.database} is up to date.`);
    } else {
      console.log(`Applied to the ${result.provider} database at ${result.database}:`);
      for (const name of result.applied) console.log(`  ${name}`);
    }
    return 0;
  } catch (error) {
    if (isAppError(error) || error instanceof ConfigError) {
      console.error(
        json
          ? JSON.stringify({ error: (error as { code?: string }).code ?? "invalid", message: error.message })
          : error.message,
      );
      return 1;
    }
    throw error;
  }
}

// Exit explicitly: after a PostgreSQL migration the Wasm engine leaves a 10 s timer behind that would
// otherwise keep the process alive with nothing left to do.
main(process.argv.slice(2)).then((code) => process.exit(code));
