// GET /api/health: whether the database answers, and the app version. For load balancers and monitoring.
import { getDb } from "@/lib/db/client";
import { getConfig } from "@/lib/config";
import { withPublic, json } from "@/app/_server/route";
import packageJson from "@/package.json";

export const dynamic = "force-dynamic";

export const GET = withPublic(async () => {
  const started = Date.now();
  let database: { ok: boolean; provider: string; latencyMs: number; error?: string };
  const provider = getConfig().provider;
  try {
    await getDb().$queryRawUnsafe("SELECT 1");
    database = { ok: true, provider, latencyMs: Date.now() - started };
  } catch {
    database = { ok: false, provider, latencyMs: Date.now() - started, error: "The database did not answer." };
  }
  return json(
    { status: database.ok ? "ok" : "unavailable", version: packageJson.version, database },
    { status: database.ok ? 200 : 503 },
  );
});
