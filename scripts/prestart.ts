// Before the portal serves: check the configuration (one line per problem), create and migrate the database,
// and print the one-time setup link while there is no owner. Run by scripts/start.mjs.
import { parseConfig, ConfigError } from "@/lib/config";
import { AppError } from "@/lib/app-error";

async function main(): Promise<number> {
  let config;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  const { secureDataFolder } = await import("@/lib/data-folder");
  const tightened = secureDataFolder(config.dataDir);
  if (tightened.length)
    console.log(`Data folder ${config.dataDir}: made ${tightened.join(", ")} readable by this user only (0600).`);
  const { ensureDatabase } = await import("@/lib/db/migrate");
  const { getDb } = await import("@/lib/db/client");
  const { ensureSetupLink } = await import("@/lib/auth/setup");
  const { getSessionSecret } = await import("@/lib/auth/secrets");
  const { pruneSessions } = await import("@/lib/auth/session");
  const { pruneThrottle } = await import("@/lib/auth/throttle");

  try {
    const result = await ensureDatabase();
    console.log(
      result.applied.length
        ? `Database ${result.database} (${result.provider}): applied ${result.applied.join(", ")}.`
        : `Database ${result.database} (${result.provider}) is up to date.`,
    );
  } catch (error) {
    console.error(error instanceof AppError ? `Database error: ${error.message}` : `Database error: ${String(error)}`);
    return 1;
  }
  getSessionSecret(config);
  const db = getDb();
  await pruneSessions(db);
  await pruneThrottle(db);
  const link = await ensureSetupLink(db, config.baseUrl);
  if (link) {
    console.log("");
    console.log("  No owner yet. Create the owner account with this one-time link (valid for one hour):");
    console.log(`  ${link.url}`);
    console.log("");
  }
  if (config.entra) console.log(`Microsoft Entra ID sign-in is on (tenant ${config.entra.tenantId}).`);
  await db.$disconnect();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`Start-up failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
