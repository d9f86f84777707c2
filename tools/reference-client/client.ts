// The reference device client: what a mobile app does on first sync, small enough to read, for integrators and tests.
// Signs the user in (authorization code flow with PKCE at the OpenID Connect issuer, sign-in.ts) or takes a given
// token, downloads the customization, verifies its content hash and Ed25519 signature, and prints each table's
// sync FetchXML. `check-in` reports the device to the portal, prints what it would do for each command it gets
// (lock, wipe, full sync), and acknowledges them with a second check-in.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import type { KeyObject } from "node:crypto";
import { verifyBundle } from "@/lib/bundle/verify";
import { parsePublicKeyPem } from "@/lib/bundle/sign";
import { toFetchXml } from "@/lib/filters/to-fetchxml";
import { signIn, type SignInOptions } from "./sign-in";
import type { CheckInAnswer, CommandKind } from "@/lib/devices/schema";

export interface ClientOptions {
  /** The portal, e.g. https://syncwright.contoso.com */
  url: string;
  /** A user's Entra access token for the portal's device API audience, when the caller already has one. */
  token?: string;
  /** Otherwise: sign the user in at this issuer (authority, public client id, device API scope, loopback redirect). */
  signIn?: SignInOptions;
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

async function accessToken(options: Pick<ClientOptions, "token" | "signIn">): Promise<string> {
  if (options.token) return options.token;
  if (!options.signIn) throw new Error("Give --token, or --authority with --client-id and --scope to sign in.");
  const { accessToken, user } = await signIn(options.signIn);
  options.signIn.tell(`Signed in as ${user}.\n`);
  return accessToken;
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
    throw new Error(
      `The bundle failed verification (signature ${result.signature}): ${result.problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`,
    );
  }
  // The ETag is the content hash the manifest states (and verifyBundle recomputed).
  if (etag !== `"${result.manifest.contentSha256}"`)
    throw new Error(`The ETag ${etag} is not the bundle's content hash ${result.manifest.contentSha256}.`);
  const tables = result.content.tables.map((t) => ({
    table: t.tableName,
    fetchXml: t.syncMode === "offline" ? toFetchXml(t.tableName, t.syncFilter, { columns: t.columns }) : null,
  }));
  return { status: 200, etag, version: result.manifest.version, project: result.manifest.projectName, tables };
}

export interface CheckInResult {
  /** The first check-in's answer; a refused device has status 403 and the reason. */
  status: number;
  reason?: string;
  answer?: CheckInAnswer;
  /** What the client did for each command it got (a real app would do it). */
  actions: string[];
  /** Command ids acknowledged by the second check-in. */
  acknowledged: string[];
}

const WOULD_DO: Record<CommandKind, string> = {
  lock: "lock the app until the user signs in again",
  wipe: "delete the local database and every cached file, then sign the user out",
  "full-sync": "drop the local database and download every record again",
};

/** What this client reports about itself (a real app reports its device and its last sync). */
function report(acknowledgements: string[]) {
  return {
    model: "reference-client",
    os: { name: process.platform, version: process.versions.node },
    lastSync: { result: "ok" },
    localDatabase: { bytes: 0, rows: 0 },
    acknowledgements,
  };
}

/** Checks in, acts on the commands it gets (prints what it would do), and acknowledges them with a second check-in. */
export async function runCheckIn(options: Omit<ClientOptions, "publicKey" | "etag">): Promise<CheckInResult> {
  const token = await accessToken(options);
  const send = (acknowledgements: string[]) =>
    fetch(`${options.url.replace(/\/+$/, "")}/api/client/v1/devices/check-in`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "x-device-id": options.deviceId,
        "x-app-version": options.appVersion,
        "content-type": "application/json",
      },
      body: JSON.stringify(report(acknowledgements)),
    });
  const response = await send([]);
  if (response.status === 403) {
    const problem = (await response.json().catch(() => ({}))) as { reason?: string; detail?: string };
    return { status: 403, reason: problem.reason ?? "forbidden", actions: [problem.detail ?? ""], acknowledged: [] };
  }
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as { detail?: string };
    throw new Error(`The portal answered ${response.status}: ${problem.detail ?? response.statusText}`);
  }
  const answer = (await response.json()) as CheckInAnswer;
  const actions = answer.commands.map(
    (c) => `${c.kind} (${c.id}): would ${WOULD_DO[c.kind] ?? "ignore an unknown command"}`,
  );
  const ids = answer.commands.map((c) => c.id);
  if (ids.length) {
    const ack = await send(ids);
    if (!ack.ok) throw new Error(`The acknowledging check-in was answered ${ack.status}.`);
  }
  return { status: response.status, answer, actions, acknowledged: ids };
}

async function cli(argv: string[]): Promise<number> {
  try {
    const checkIn = argv[0] === "check-in";
    if (checkIn) argv = argv.slice(1);
    const { values } = parseArgs({
      args: argv,
      options: {
        url: { type: "string", default: process.env.SYNCWRIGHT_URL ?? "http://localhost:3000" },
        token: { type: "string" },
        authority: { type: "string" },
        "client-id": { type: "string" },
        scope: { type: "string" },
        "redirect-uri": { type: "string" },
        "sign-in-timeout": { type: "string", default: "300" },
        "device-id": { type: "string", default: "reference-client" },
        "app-version": { type: "string", default: "1.0.0" },
        "public-key": { type: "string" },
        etag: { type: "string" },
        json: { type: "boolean", default: false },
      },
    });
    const tell = (message: string) => void process.stderr.write(message);
    let signInOptions: SignInOptions | undefined;
    if (!values.token) {
      if (!values.authority || !values["client-id"] || !values.scope)
        throw new Error("Give --token, or --authority with --client-id and --scope to sign in.");
      const timeoutSeconds = Number(values["sign-in-timeout"]);
      if (!(timeoutSeconds > 0))
        throw new Error(`--sign-in-timeout takes a number of seconds, not '${values["sign-in-timeout"]}'.`);
      signInOptions = {
        authority: values.authority,
        clientId: values["client-id"],
        scope: values.scope,
        redirectUri: values["redirect-uri"],
        timeoutMs: timeoutSeconds * 1000,
        tell,
      };
    }
    if (checkIn) {
      const result = await runCheckIn({
        url: values.url!,
        token: values.token,
        signIn: signInOptions,
        deviceId: values["device-id"]!,
        appVersion: values["app-version"]!,
      });
      if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else if (result.status === 403) process.stdout.write(`Refused (${result.reason}): ${result.actions[0]}\n`);
      else {
        const a = result.answer!;
        process.stdout.write(
          `State ${a.state}; policy ${a.policy ? `of version ${a.policy.version} (${a.policy.bundle})` : "none (no published project)"}; ${a.commands.length} command${a.commands.length === 1 ? "" : "s"}.\n`,
        );
        for (const line of result.actions) process.stdout.write(`- ${line}\n`);
        if (result.acknowledged.length) process.stdout.write(`Acknowledged ${result.acknowledged.length}.\n`);
      }
      return result.status === 403 ? 1 : 0;
    }
    const result = await runReferenceClient({
      url: values.url!,
      token: values.token,
      signIn: signInOptions,
      deviceId: values["device-id"]!,
      appVersion: values["app-version"]!,
      publicKey: values["public-key"] ?? `${values.url}/.well-known/syncwright-signing-key`,
      etag: values.etag,
    });
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else if (result.status === 304) process.stdout.write(`Up to date (ETag ${result.etag}).\n`);
    else {
      process.stdout.write(
        `Project '${result.project}', version ${result.version}, ETag ${result.etag}: hash and signature verified.\n`,
      );
      for (const t of result.tables)
        process.stdout.write(`\n## ${t.table}\n${t.fetchXml ?? "(online only: not synchronized)"}\n`);
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
