// One Dataverse Web API client per environment in this server process, so the token cache and the
// throttling pause are shared by every import and check of the same org. A settings change makes a new one.
import "server-only";
import { AppError } from "@/lib/app-error";
import { getConfig } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import { DataverseClient } from "@/lib/dataverse/client";
import { missingConnectionSettings } from "@/lib/environments/data";
import { readEnvironmentSecret } from "@/lib/environments/mutations";

interface Entry {
  /** The settings the client was made from; a different fingerprint means the settings changed. */
  fingerprint: string;
  client: DataverseClient;
}

const globalForClients = globalThis as typeof globalThis & { __syncwrightDataverseClients?: Map<string, Entry> };
// On globalThis: Next's dev server re-evaluates modules, and a second map would mean a second token cache.
const clients = (globalForClients.__syncwrightDataverseClients ??= new Map());

/** The client of an environment, made on first use and again after its settings (revision) change. */
export async function clientForEnvironment(db: Db, environmentId: string): Promise<DataverseClient> {
  const row = await db.environment.findUnique({
    where: { id: environmentId },
    select: { name: true, orgUrl: true, tenantId: true, clientId: true, secretCipher: true, revision: true },
  });
  if (!row) throw new AppError("not_found", `There is no environment ${environmentId}.`);
  const missing = missingConnectionSettings({ ...row, hasSecret: !!row.secretCipher });
  if (!row.orgUrl || !row.tenantId || !row.clientId || missing.length) {
    throw new AppError("invalid", `${row.name} cannot reach its org yet: set its ${missing.join(", ")} first.`);
  }
  const fingerprint = `${row.revision}|${row.orgUrl}|${row.tenantId}|${row.clientId}`;
  const cached = clients.get(environmentId);
  if (cached && cached.fingerprint === fingerprint) return cached.client;
  const secret = await readEnvironmentSecret(db, environmentId);
  const client = new DataverseClient({
    orgUrl: row.orgUrl,
    tenantId: row.tenantId,
    clientId: row.clientId,
    clientSecret: secret ?? "",
    authorityHost: getConfig().authorityHost,
  });
  clients.set(environmentId, { fingerprint, client });
  return client;
}

/** Drops the cached client (after an edit, a secret change or a delete). */
export function forgetEnvironmentClient(environmentId: string): void {
  clients.delete(environmentId);
}
