// The reference device client: what a mobile app does on first sync, in ~150 lines, for integrators and tests.
// Gets an access token (given, or client credentials at the OpenID Connect token endpoint), downloads the
// customization, verifies its content hash and Ed25519 signature, and prints each table's sync FetchXML.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import type { KeyObject } from "node:crypto";
import { verifyBundle } from "@/lib/bundle/verify";
import { parsePublicKeyPem } from "@/lib/bundle/sign";
import { toFetchXml } from "@/lib/filters/to-fetchxml";

export interface ClientOptions {
  /** The portal, e.g. https://syncwright.contoso.com */
  url: string;
  /** A user's Entra access token for the portal's device API audience. */
  token?: string;
  /** Or: client credentials at this token endpoint (test issuers put a user's oid into such tokens). */
  tokenEndpoint?: string;
  clientId?: string;
  clientSecret?: string;
  scope?: string;
  deviceId: string;
  appVersion: string;
  /** The portal's public key: a PEM file or URL (the portal serves it at /.well-known/syncwright-signing-key). */
  publicKey: string;
  /** Send If-None-Match with this ETag (what the device stored after its last download). */
  etag?: string;
}

export interface ClientResult {
  status: number;
  etag: string | null;
  version?: number;
  project?: string;
  tables: Array<{ table: string; fetchXml: string | null }>;
}

async function accessToken(options: ClientOptions): Promise<string> {
  if (options.token) return options.token;
  if (!options.tokenEndpoint || !options.clientId || !options.clientSecret || !options.scope) {
    throw new Error("Give --token, or --token-endpoint with --client-id, --client-secret and --scope.");
  }
  const response = await fetch(options.tokenEndpoint, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: options.clientId, client_secret: options.clientSecret, scope: options.scope }),
  });
  if (!response.ok) throw new Error(`The token endpoint answered ${response.status}: ${await response.text()}`);
  const body = (await response.json()) as { access_token?: string };
  if (!body.access_token) throw new Error("The token endpoint answered without an access_token.");
  return body.access_token;
}

async function publicKeyOf(source: string): Promise<KeyObject> {
  const pem = /^https?:\/\//.test(source) ? await (await fetch(source)).text() : fs.readFileSync(source, "utf8");
  return parsePublicKeyPem(pem, source);
}

export async function runReferenceClient(options: ClientOptions): Promise<ClientResult> {
  const token = await accessToken(options);
  const response = await fetch(`${options.url.replace(/\/+$/, "")}/api/client/v1/customization`, {
    headers: {
      authorization: `Bearer ${token}`,
      "x-device-id": options.deviceId,
      "x-app-version": options.appVersion,
      ...(options.etag ? { "if-none-match": options.etag } : {}),
    },
  });
  const etag = response.headers.get("etag");
  if (response.status === 304) return { status: 304, etag, tables: [] };
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as { detail?: string };
    throw new Error(`The portal answered ${response.status}: ${problem.detail ?? response.statusText}`);
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  const result = verifyBundle(bytes, { publicKey: await publicKeyOf(options.publicKey), name: "downloaded bundle" });
  if (!result.ok || result.signature !== "valid" || !result.manifest || !result.content) {
    throw new Error(`The bundle failed verification (signature ${result.signature}): ${result.problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`);
  }
  // The ETag is the content hash the manifest states (and verifyBundle recomputed).
  if (etag !== `"${result.manifest.contentSha256}"`) throw new Error(`The ETag ${etag} is not the bundle's content hash ${result.manifest.contentSha256}.`);
  const tables = result.content.tables.map((t) => ({
    table: t.tableName,
    fetchXml: t.syncMode === "offline" ? toFetchXml(t.tableName, t.syncFilter, { columns: t.columns }) : null,
  }));
  return { status: 200, etag, version: result.manifest.version, project: result.manifest.projectName, tables };
}

async function cli(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: "string", default: process.env.SYNCWRIGHT_URL ?? "http://localhost:3000" },
      token: { type: "string" },
      "token-endpoint": { type: "string" },
      "client-id": { type: "string" },
      "client-secret": { type: "string" },
      scope: { type: "string" },
      "device-id": { type: "string", default: "reference-client" },
      "app-version": { type: "string", default: "1.0.0" },
      "public-key": { type: "string" },
      etag: { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  const publicKey = values["public-key"] ?? `${values.url}/.well-known/syncwright-signing-key`;
  try {
    const result = await runReferenceClient({
      url: values.url!,
      token: values.token,
      tokenEndpoint: values["token-endpoint"],
      clientId: values["client-id"],
      clientSecret: values["client-secret"],
      scope: values.scope,
      deviceId: values["device-id"]!,
      appVersion: values["app-version"]!,
      publicKey,
      etag: values.etag,
    });
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else if (result.status === 304) process.stdout.write(`Up to date (ETag ${result.etag}).\n`);
    else {
      process.stdout.write(`Project '${result.project}', version ${result.version}, ETag ${result.etag}: hash and signature verified.\n`);
      for (const t of result.tables) process.stdout.write(`\n## ${t.table}\n${t.fetchXml ?? "(online only: not synchronized)"}\n`);
    }
    return 0;
  } catch (error) {
    process.stderr.write(`reference-client: ${(error as Error).message}\n`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = await cli(process.argv.slice(2));
}
