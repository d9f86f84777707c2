// Reads and checks the environment once. A missing or malformed variable stops start-up with one line
// naming the variable and what it must look like. Safe to import from server code and the CLI.
import { z } from "zod";
import path from "node:path";
import { isIP } from "node:net";

const optionalUrl = (what: string) =>
  z
    .string()
    .trim()
    .url({ message: `must be ${what}` })
    .optional();

// TRUSTED_PROXIES entries are checked here, at start-up; lib/auth/client-address.ts matches addresses against them.

/** "::ffff:192.0.2.1" (an IPv4 peer on a dual-stack socket) -> "192.0.2.1"; brackets and zone ids dropped. */
export function normalizeAddress(text: string): string {
  let a = text.trim();
  if (a.startsWith("[") && a.includes("]")) a = a.slice(1, a.indexOf("]"));
  const zone = a.indexOf("%");
  if (zone > 0) a = a.slice(0, zone);
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(a);
  return (mapped ? mapped[1] : a).toLowerCase();
}

/** Why an entry of TRUSTED_PROXIES is not an IP address or CIDR range, or null when it is. */
export function trustedProxyEntryProblem(entry: string): string | null {
  const [address, bits, extra] = entry.split("/");
  const family = isIP(normalizeAddress(address ?? ""));
  if (!family || extra !== undefined) return `'${entry}' is not an IP address or CIDR range`;
  if (bits === undefined) return null;
  const max = family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > max) return `'${entry}' has a prefix length outside 0-${max}`;
  return null;
}

const uuidLike = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A whole number from the environment's text, between `min` and `max`; every refusal says `message`. */
function wholeNumber(min: number, max: number, message: string) {
  return z.coerce.number({ error: message }).int({ message }).min(min, { message }).max(max, { message });
}

export const EnvSchema = z
  .object({
    NODE_ENV: z.string().optional(),
    PORT: z.coerce.number({ message: "must be a port number such as 3000" }).int().min(1).max(65535).default(3000),
    HOST: z.string().default("127.0.0.1"),
    /** Public base URL of the portal, used in links printed on the console and redirect URIs. */
    SYNCWRIGHT_URL: optionalUrl("an absolute URL such as https://syncwright.example.com"),
    /** Where the embedded database, keys and secrets live. */
    SYNCWRIGHT_DATA_DIR: z.string().optional(),
    DATABASE_URL: z
      .string()
      .regex(/^(postgres(ql)?:\/\/|file:)/, {
        message: "must be postgresql://user:password@host:5432/db or file:./path.db",
      })
      .optional(),
    /** 32+ characters; generated into the data folder when absent. */
    SESSION_SECRET: z.string().min(32, { message: "must be at least 32 characters" }).optional(),
    /** 64 hex characters (32 bytes) for AES-256-GCM; generated into the data folder when absent. */
    SECRET_ENCRYPTION_KEY: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, { message: "must be 64 hexadecimal characters (32 bytes)" })
      .optional(),
    /** Bundle signing (Ed25519): PEM text of a PKCS#8 private key, or the path of a PEM file; generated into the data folder when absent. */
    SYNCWRIGHT_SIGNING_PRIVATE_KEY: z
      .string()
      .trim()
      .min(1, {
        message: "must be a PEM Ed25519 private key (-----BEGIN PRIVATE KEY-----...) or the path of a PEM file",
      })
      .optional(),
    /** Optional: the public half of SYNCWRIGHT_SIGNING_PRIVATE_KEY (PEM text or a file path); start-up refuses a pair that does not match. */
    SYNCWRIGHT_SIGNING_PUBLIC_KEY: z
      .string()
      .trim()
      .min(1, { message: "must be a PEM Ed25519 public key (-----BEGIN PUBLIC KEY-----...) or the path of a PEM file" })
      .optional(),
    ENTRA_TENANT_ID: z.string().regex(uuidLike, { message: "must be the directory (tenant) id, a GUID" }).optional(),
    ENTRA_CLIENT_ID: z.string().regex(uuidLike, { message: "must be the application (client) id, a GUID" }).optional(),
    ENTRA_CLIENT_SECRET: z.string().min(1).optional(),
    ENTRA_REDIRECT_URI: optionalUrl("the absolute callback URL, e.g. https://host/auth/entra/callback"),
    /**
     * Entra ID authority host for sign-in and for the app tokens of the Dataverse Web API: a sovereign cloud
     * (https://login.microsoftonline.us, https://login.chinacloudapi.cn) or a test issuer. Default https://login.microsoftonline.com.
     */
    ENTRA_AUTHORITY_HOST: optionalUrl("an https URL such as https://login.microsoftonline.com"),
    /** Device API: accepted audiences of device access tokens (app id URI and/or client id), comma-separated. */
    DEVICE_TOKEN_AUDIENCE: z
      .string()
      .trim()
      .min(1, { message: "must name the device app's audience, e.g. api://syncwright or its client id" })
      .optional(),
    /** Device API: the Entra tenant whose tokens devices send (issuer https://login.microsoftonline.com/<tenant>/v2.0). */
    DEVICE_TOKEN_TENANT_ID: z
      .string()
      .regex(uuidLike, { message: "must be the directory (tenant) id of the device users, a GUID" })
      .optional(),
    /** Device API: the exact token issuer, instead of the one derived from DEVICE_TOKEN_TENANT_ID (sovereign clouds, tests). */
    DEVICE_TOKEN_ISSUER: optionalUrl("the token issuer URL, e.g. https://login.microsoftonline.com/<tenant>/v2.0"),
    /** Device API: where the issuer's signing keys are, instead of the jwks_uri of its discovery document. */
    DEVICE_TOKEN_JWKS_URI: optionalUrl("the JWKS URL of the token issuer"),
    /**
     * Reverse proxies whose X-Forwarded-For is believed (comma-separated IPs and CIDR ranges); default none: the
     * sign-in rate limit then uses the socket address, whatever the client sends.
     */
    TRUSTED_PROXIES: z
      .string()
      .optional()
      .superRefine((text, ctx) => {
        for (const entry of (text ?? "").split(",").map((e) => e.trim())) {
          const problem = entry ? trustedProxyEntryProblem(entry) : null;
          if (problem)
            ctx.addIssue({
              code: "custom",
              message: `must be comma-separated IP addresses or CIDR ranges such as 10.0.0.0/8, 192.0.2.10 (${problem})`,
            });
        }
      }),
    /** Device API: the most devices one user may use (blocked ones do not count); a new one past it gets 403. Default 10. */
    SYNCWRIGHT_MAX_DEVICES_PER_USER: wholeNumber(1, 10_000, "must be a whole number from 1 to 10000").default(10),
    /** Device API: days of download and check-in history kept (0 keeps it all); the devices' own rows stay. Default 180. */
    SYNCWRIGHT_SYNC_HISTORY_DAYS: wholeNumber(
      0,
      36_500,
      "must be a whole number of days from 0 (keep all) to 36500",
    ).default(180),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  })
  .superRefine((env, ctx) => {
    if (env.SYNCWRIGHT_SIGNING_PUBLIC_KEY && !env.SYNCWRIGHT_SIGNING_PRIVATE_KEY) {
      ctx.addIssue({
        code: "custom",
        path: ["SYNCWRIGHT_SIGNING_PRIVATE_KEY"],
        message: "is required when SYNCWRIGHT_SIGNING_PUBLIC_KEY is set (the portal signs with the private key)",
      });
    }
    if ((env.DEVICE_TOKEN_TENANT_ID || env.DEVICE_TOKEN_ISSUER) && !env.DEVICE_TOKEN_AUDIENCE) {
      ctx.addIssue({
        code: "custom",
        path: ["DEVICE_TOKEN_AUDIENCE"],
        message: "is required when the device token tenant or issuer is set",
      });
    }
    if (env.DEVICE_TOKEN_AUDIENCE && !env.DEVICE_TOKEN_TENANT_ID && !env.DEVICE_TOKEN_ISSUER) {
      ctx.addIssue({
        code: "custom",
        path: ["DEVICE_TOKEN_TENANT_ID"],
        message: "is required when DEVICE_TOKEN_AUDIENCE is set (or set DEVICE_TOKEN_ISSUER)",
      });
    }
    const entra = ["ENTRA_TENANT_ID", "ENTRA_CLIENT_ID", "ENTRA_CLIENT_SECRET", "ENTRA_REDIRECT_URI"] as const;
    const set = entra.filter((k) => env[k]);
    if (set.length > 0 && set.length < entra.length) {
      const missing = entra.filter((k) => !env[k]);
      ctx.addIssue({
        code: "custom",
        path: [missing[0]],
        message: `is required when ${set.join(", ")} ${set.length === 1 ? "is" : "are"} set (Entra ID needs all four)`,
      });
    }
  });

export type Env = z.infer<typeof EnvSchema>;

export interface Config {
  port: number;
  host: string;
  baseUrl: string;
  dataDir: string;
  databaseUrl: string;
  provider: "sqlite" | "postgresql";
  sessionSecret?: string;
  secretEncryptionKey?: string;
  /** SYNCWRIGHT_SIGNING_PRIVATE_KEY / _PUBLIC_KEY as given (PEM or path); read by lib/bundle/keys.ts. */
  signingPrivateKey?: string;
  signingPublicKey?: string;
  entra?: { tenantId: string; clientId: string; clientSecret: string; redirectUri: string; authorityHost: string };
  /** Entra ID authority host (ENTRA_AUTHORITY_HOST, no trailing slash): sign-in and the Dataverse clients' app tokens. */
  authorityHost: string;
  logLevel: Env["LOG_LEVEL"];
  production: boolean;
  /**
   * TRUSTED_PROXIES: the proxies (IPs and CIDR ranges, checked) whose X-Forwarded-For the sign-in rate limit believes;
   * none by default. lib/auth/client-address.ts matches addresses against them.
   */
  trustedProxies: string[];
  /** Which Entra access tokens the device API accepts; undefined until configured (the API then answers 503). */
  deviceTokens?: { issuers: string[]; audiences: string[]; jwksUri?: string; discoveryUrl: string };
  /** SYNCWRIGHT_MAX_DEVICES_PER_USER. */
  maxDevicesPerUser: number;
  /** SYNCWRIGHT_SYNC_HISTORY_DAYS: downloads and check-ins older than this are removed; 0 keeps them all. */
  syncHistoryDays: number;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** Parses an environment into the configuration; throws ConfigError with one line naming the variable. */
export function parseConfig(source: Record<string, string | undefined>, cwd = process.cwd()): Config {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = String(issue.path[0] ?? "environment");
    throw new ConfigError(`Configuration error: ${name} ${issue.message}.`);
  }
  const env = result.data;
  const dataDir = path.resolve(cwd, env.SYNCWRIGHT_DATA_DIR ?? "data");
  const databaseUrl = env.DATABASE_URL ?? `file:${path.join(dataDir, "syncwright.db")}`;
  const provider = databaseUrl.startsWith("file:") ? "sqlite" : "postgresql";
  const authorityHost = (env.ENTRA_AUTHORITY_HOST ?? "https://login.microsoftonline.com").replace(/\/+$/, "");
  const baseUrl = (env.SYNCWRIGHT_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, "");
  return {
    port: env.PORT,
    host: env.HOST,
    baseUrl,
    dataDir,
    databaseUrl,
    provider,
    sessionSecret: env.SESSION_SECRET,
    secretEncryptionKey: env.SECRET_ENCRYPTION_KEY,
    signingPrivateKey: env.SYNCWRIGHT_SIGNING_PRIVATE_KEY,
    signingPublicKey: env.SYNCWRIGHT_SIGNING_PUBLIC_KEY,
    entra: env.ENTRA_TENANT_ID
      ? {
          tenantId: env.ENTRA_TENANT_ID,
          clientId: env.ENTRA_CLIENT_ID!,
          clientSecret: env.ENTRA_CLIENT_SECRET!,
          redirectUri: env.ENTRA_REDIRECT_URI!,
          authorityHost,
        }
      : undefined,
    authorityHost,
    logLevel: env.LOG_LEVEL,
    production: env.NODE_ENV === "production",
    trustedProxies: (env.TRUSTED_PROXIES ?? "")
      .split(",")
      .map((e) => e.trim())
      .filter(Boolean),
    deviceTokens: deviceTokensOf(env),
    maxDevicesPerUser: env.SYNCWRIGHT_MAX_DEVICES_PER_USER,
    syncHistoryDays: env.SYNCWRIGHT_SYNC_HISTORY_DAYS,
  };
}

function deviceTokensOf(env: Env): Config["deviceTokens"] {
  if (!env.DEVICE_TOKEN_AUDIENCE) return undefined;
  const tenant = env.DEVICE_TOKEN_TENANT_ID;
  const primary = (env.DEVICE_TOKEN_ISSUER ?? `https://login.microsoftonline.com/${tenant}/v2.0`).replace(/\/$/, "");
  // Entra issues v1 tokens (iss https://sts.windows.net/<tenant>/) to apps that have not opted into v2.
  const issuers = env.DEVICE_TOKEN_ISSUER ? [primary] : [primary, `https://sts.windows.net/${tenant}/`];
  return {
    issuers,
    audiences: env.DEVICE_TOKEN_AUDIENCE.split(",")
      .map((a) => a.trim())
      .filter(Boolean),
    jwksUri: env.DEVICE_TOKEN_JWKS_URI,
    discoveryUrl: `${primary}/.well-known/openid-configuration`,
  };
}

let cached: Config | undefined;

/** The process's configuration, parsed once. */
export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/** For tests that change the environment between cases. */
export function resetConfigForTests(): void {
  cached = undefined;
}

/** One environment variable the device API still needs: its name, what it holds and an example. */
export interface MissingSetting {
  name: string;
  holds: string;
  example: string;
}

export type DeviceApiSetup =
  { configured: true; issuers: string[]; audiences: string[] } | { configured: false; missing: MissingSetting[] };

const DEVICE_SETTINGS: Record<"DEVICE_TOKEN_TENANT_ID" | "DEVICE_TOKEN_AUDIENCE", MissingSetting> = {
  DEVICE_TOKEN_TENANT_ID: {
    name: "DEVICE_TOKEN_TENANT_ID",
    holds:
      "the directory (tenant) id of the Entra ID tenant your device users sign in to; the token issuer and its keys are derived from it (or set DEVICE_TOKEN_ISSUER and DEVICE_TOKEN_JWKS_URI instead, for sovereign clouds)",
    example: "00000000-0000-0000-0000-000000000000 (your tenant's id)",
  },
  DEVICE_TOKEN_AUDIENCE: {
    name: "DEVICE_TOKEN_AUDIENCE",
    holds:
      "the audience of the access tokens the mobile app sends: the Application ID URI or the client id of its app registration (comma-separated for several)",
    example: "api://syncwright",
  },
};

/**
 * Whether the device API can admit devices, and if not, which variables are missing and what each holds. Without
 * them every device request gets 503 while publishing still works, so the portal says so where admins look.
 */
export function deviceApiSetup(source: Record<string, string | undefined> = process.env): DeviceApiSetup {
  const value = (name: string) => source[name]?.trim() || undefined;
  const missing: MissingSetting[] = [];
  if (!value("DEVICE_TOKEN_TENANT_ID") && !value("DEVICE_TOKEN_ISSUER"))
    missing.push(DEVICE_SETTINGS.DEVICE_TOKEN_TENANT_ID);
  if (!value("DEVICE_TOKEN_AUDIENCE")) missing.push(DEVICE_SETTINGS.DEVICE_TOKEN_AUDIENCE);
  if (missing.length) return { configured: false, missing };
  const env = EnvSchema.safeParse(source);
  const tokens = env.success ? deviceTokensOf(env.data) : undefined;
  if (!tokens) return { configured: false, missing: [DEVICE_SETTINGS.DEVICE_TOKEN_AUDIENCE] };
  return { configured: true, issuers: tokens.issuers, audiences: tokens.audiences };
}
