// Microsoft Entra ID sign-in: authorization code flow with PKCE through msal-node, `state` and `nonce` kept in a
// short-lived sealed cookie, and the ID token verified again here (signature, issuer, audience, expiry, nonce,
// tenant) because msal-node only decodes it. No database: sign-in.ts maps the identity to a portal user.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import {
  ConfidentialClientApplication,
  CryptoProvider,
  type AuthenticationResult,
  type INetworkModule,
} from "@azure/msal-node";
import { createLocalJWKSet, jwtVerify, errors as joseErrors, type JSONWebKeySet, type JWTPayload } from "jose";
import { z } from "zod";
import { AppError } from "@/lib/app-error";
import { cookieOptions, sealCookieValue, unsealCookieValue, type CookieOptions } from "@/lib/auth/session-cookie";
import { safeReturnPath } from "@/lib/auth/return-path";

export interface EntraConfig {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** https://login.microsoftonline.com unless a sovereign cloud (or a test issuer). */
  authorityHost: string;
}

/** Test plumbing only: how to reach a local issuer that poses as `authorityHost`. Production passes nothing. */
export interface EntraClientOptions {
  /** Replaces msal-node's HTTP client; also used here to fetch the discovery document and the signing keys. */
  networkClient?: INetworkModule;
  /** The OpenID discovery document as a JSON string, so msal-node does not fetch it. */
  authorityMetadata?: string;
}

export interface EntraIdentity {
  /** Object id of the user in the tenant: the stable key a portal user is linked by. */
  oid: string;
  tid: string;
  /** `email`, else `preferred_username` (the UPN); may be absent for guest accounts without either. */
  email: string | null;
  name: string | null;
}

export const ENTRA_COOKIE = "sw_entra";
export const ENTRA_COOKIE_TTL_SECONDS = 10 * 60;
const SCOPES = ["openid", "profile", "email"];
const CLOCK_TOLERANCE_SECONDS = 120;

const TransientSchema = z.object({
  state: z.string().min(16),
  nonce: z.string().min(16),
  codeVerifier: z.string().min(43),
  returnTo: z.string().optional(),
});

export function authorityUrl(config: EntraConfig): string {
  return `${config.authorityHost.replace(/\/$/, "")}/${config.tenantId}`;
}

/** A msal-node client for the configured tenant; `options` only in tests (see EntraClientOptions). */
export function createMsalClient(config: EntraConfig, options: EntraClientOptions = {}): ConfidentialClientApplication {
  return new ConfidentialClientApplication({
    auth: {
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      authority: authorityUrl(config),
      // Trust exactly the configured host; no instance discovery round trip to Microsoft's global endpoint.
      knownAuthorities: [new URL(config.authorityHost).host],
      ...(options.authorityMetadata ? { authorityMetadata: options.authorityMetadata } : {}),
    },
    system: {
      ...(options.networkClient ? { networkClient: options.networkClient } : {}),
      loggerOptions: { piiLoggingEnabled: false, logLevel: 0 /* Error */, loggerCallback: () => {} },
    },
  });
}

export interface TransientCookie {
  name: typeof ENTRA_COOKIE;
  value: string;
  options: CookieOptions;
}

/**
 * First leg: the URL to send the browser to, and the sealed cookie that remembers this attempt's state, nonce
 * and PKCE verifier for ten minutes. `returnTo` is a same-site path to land on after sign-in.
 */
export async function startEntraSignIn(
  config: EntraConfig,
  params: { secret: string; baseUrl: string; returnTo?: string; options?: EntraClientOptions },
): Promise<{ url: string; transientCookie: TransientCookie }> {
  const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
  const state = randomToken();
  const nonce = randomToken();
  const client = createMsalClient(config, params.options);
  const url = await client.getAuthCodeUrl({
    scopes: SCOPES,
    redirectUri: config.redirectUri,
    codeChallenge: challenge,
    codeChallengeMethod: "S256",
    state,
    nonce,
    responseMode: "query",
    prompt: "select_account",
  });
  // Keep exactly the state the authority will echo, whatever msal-node made of ours.
  const sentState = new URL(url).searchParams.get("state") ?? state;
  const returnTo = safeReturnPath(params.returnTo, params.baseUrl);
  const value = await sealCookieValue(
    { state: sentState, nonce, codeVerifier: verifier, ...(returnTo ? { returnTo } : {}) },
    params.secret,
    ENTRA_COOKIE_TTL_SECONDS,
  );
  return {
    url,
    transientCookie: { name: ENTRA_COOKIE, value, options: cookieOptions(params.baseUrl, ENTRA_COOKIE_TTL_SECONDS) },
  };
}

/** A cookie that deletes the transient one; set it on the callback's response whatever the outcome. */
export function clearedEntraCookie(baseUrl: string): TransientCookie {
  return { name: ENTRA_COOKIE, value: "", options: cookieOptions(baseUrl, 0) };
}

function refuse(message: string, reason: string, cause?: unknown): AppError {
  return new AppError("unauthorized", message, { details: { reason }, cause });
}

const RETRY = "Start the sign-in again from the sign-in page.";

/**
 * Second leg, on the redirect URI: checks the returned `state` against the cookie, redeems the code with the
 * PKCE verifier and the nonce, verifies the ID token, and returns who signed in. Every failure is
 * AppError("unauthorized") with a message a person can act on; `details.reason` says why, for the log.
 */
export async function finishEntraSignIn(
  config: EntraConfig,
  params: {
    code?: string | null;
    state?: string | null;
    /** `error` and `error_description` from the callback's query, when the authority reports a failure. */
    error?: string | null;
    errorDescription?: string | null;
    transientCookie: string | undefined | null;
    secret: string;
    options?: EntraClientOptions;
  },
): Promise<EntraIdentity & { returnTo?: string }> {
  if (params.error) {
    const cancelled = params.error === "access_denied";
    throw refuse(
      cancelled
        ? `Microsoft sign-in was cancelled. ${RETRY}`
        : `Microsoft refused the sign-in (${params.error}). ${RETRY}`,
      `authority:${params.error}`,
    );
  }
  const transient = await unsealCookieValue(
    params.transientCookie,
    params.secret,
    ENTRA_COOKIE_TTL_SECONDS,
    TransientSchema,
  );
  if (!transient)
    throw refuse(`This sign-in attempt expired or was started in another browser. ${RETRY}`, "no_transient_cookie");
  if (!params.state || !equalSecrets(params.state, transient.state)) {
    throw refuse(`The sign-in response does not belong to this sign-in attempt. ${RETRY}`, "state_mismatch");
  }
  if (!params.code) throw refuse(`The sign-in response carries no authorization code. ${RETRY}`, "no_code");

  const client = createMsalClient(config, params.options);
  let result: AuthenticationResult;
  try {
    result = await client.acquireTokenByCode(
      {
        code: params.code,
        codeVerifier: transient.codeVerifier,
        redirectUri: config.redirectUri,
        scopes: SCOPES,
        state: transient.state,
        // msal-node 7 compares this with the ID token's nonce; without it every sign-in fails (PLATFORM.md).
        nonce: transient.nonce,
      },
      { code: params.code, state: params.state },
    );
  } catch (error) {
    const code = (error as { errorCode?: string }).errorCode ?? "unknown";
    if (code === "nonce_mismatch")
      throw refuse(`The sign-in response does not belong to this sign-in attempt. ${RETRY}`, "nonce_mismatch", error);
    throw refuse(`Microsoft sign-in could not be completed (${code}). ${RETRY}`, `msal:${code}`, error);
  }
  if (!result.idToken) throw refuse(`Microsoft returned no ID token. ${RETRY}`, "no_id_token");

  const claims = await verifyIdToken(config, result.idToken, transient.nonce, params.options);
  return { ...identityFrom(claims), ...(transient.returnTo ? { returnTo: transient.returnTo } : {}) };
}

function identityFrom(claims: JWTPayload): EntraIdentity {
  const text = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : null);
  const oid = text(claims.oid);
  const tid = text(claims.tid);
  if (!oid || !tid)
    throw refuse(`The Microsoft account did not identify itself (no oid or tid claim). ${RETRY}`, "missing_claims");
  const email = text(claims.email) ?? text(claims.preferred_username);
  return { oid, tid, email: email && email.includes("@") ? email.toLowerCase() : null, name: text(claims.name) };
}

/** Signature (the authority's published keys), issuer, audience, expiry, nonce and tenant of an ID token. */
export async function verifyIdToken(
  config: EntraConfig,
  idToken: string,
  nonce: string,
  options: EntraClientOptions = {},
): Promise<JWTPayload> {
  const metadata = await loadMetadata(config, options);
  const issuer = metadata.issuer.replace("{tenantid}", config.tenantId);
  const verifyWith = async (jwks: JSONWebKeySet) =>
    jwtVerify(idToken, createLocalJWKSet(jwks), {
      issuer,
      audience: config.clientId,
      algorithms: ["RS256", "RS384", "RS512", "PS256", "ES256"],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ["exp", "iat", "nonce"],
    });
  let payload: JWTPayload;
  try {
    try {
      payload = (await verifyWith(await loadJwks(metadata.jwks_uri, options, false))).payload;
    } catch (error) {
      // Keys rotate: one refetch when the token names a key we have not seen.
      if (!(error instanceof joseErrors.JWKSNoMatchingKey)) throw error;
      payload = (await verifyWith(await loadJwks(metadata.jwks_uri, options, true))).payload;
    }
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired)
      throw refuse(`The Microsoft sign-in has expired. ${RETRY}`, "id_token_expired", error);
    if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === "iss") {
      throw refuse(`The sign-in came from an unexpected issuer. ${RETRY}`, "id_token_issuer", error);
    }
    const reason = error instanceof joseErrors.JOSEError ? error.code : "invalid";
    throw refuse(`The Microsoft ID token could not be verified. ${RETRY}`, `id_token:${reason}`, error);
  }
  if (typeof payload.nonce !== "string" || !equalSecrets(payload.nonce, nonce)) {
    throw refuse(`The sign-in response does not belong to this sign-in attempt. ${RETRY}`, "nonce_mismatch");
  }
  if (typeof payload.tid === "string" && payload.tid.toLowerCase() !== config.tenantId.toLowerCase()) {
    throw refuse(`This Microsoft account belongs to another organization. ${RETRY}`, "tenant_mismatch");
  }
  return payload;
}

const MetadataSchema = z.object({ issuer: z.string().min(1), jwks_uri: z.string().url() });
type Metadata = z.infer<typeof MetadataSchema>;

const CACHE_MS = 60 * 60 * 1000;
const metadataCache = new Map<string, { at: number; value: Metadata }>();
const jwksCache = new Map<string, { at: number; value: JSONWebKeySet }>();

async function getJson(url: string, options: EntraClientOptions): Promise<unknown> {
  if (options.networkClient) {
    const response = await options.networkClient.sendGetRequestAsync<unknown>(url);
    if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
    return response.body;
  }
  const response = await fetch(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return response.json();
}

async function loadMetadata(config: EntraConfig, options: EntraClientOptions): Promise<Metadata> {
  if (options.authorityMetadata) return MetadataSchema.parse(JSON.parse(options.authorityMetadata));
  const url = `${authorityUrl(config)}/v2.0/.well-known/openid-configuration`;
  const hit = metadataCache.get(url);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.value;
  try {
    const value = MetadataSchema.parse(await getJson(url, options));
    metadataCache.set(url, { at: Date.now(), value });
    return value;
  } catch (error) {
    throw new AppError("upstream", `Could not read Microsoft's sign-in configuration from ${url}. Try again later.`, {
      cause: error,
    });
  }
}

async function loadJwks(url: string, options: EntraClientOptions, refresh: boolean): Promise<JSONWebKeySet> {
  // The cache is keyed by network client too, so tests with their own local issuer never share keys.
  const key = options.networkClient ? `${url}#${identityOf(options.networkClient)}` : url;
  const hit = jwksCache.get(key);
  if (hit && !refresh && Date.now() - hit.at < CACHE_MS) return hit.value;
  if (hit && refresh && Date.now() - hit.at < 30_000) return hit.value; // at most one refetch every 30 s
  try {
    const body = await getJson(url, options);
    const value = z.object({ keys: z.array(z.record(z.string(), z.unknown())) }).parse(body) as JSONWebKeySet;
    jwksCache.set(key, { at: Date.now(), value });
    return value;
  } catch (error) {
    throw new AppError("upstream", `Could not read Microsoft's signing keys from ${url}. Try again later.`, {
      cause: error,
    });
  }
}

const clientIds = new WeakMap<object, string>();
function identityOf(client: object): string {
  let id = clientIds.get(client);
  if (!id) {
    id = randomToken();
    clientIds.set(client, id);
  }
  return id;
}

function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

function equalSecrets(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb);
}
