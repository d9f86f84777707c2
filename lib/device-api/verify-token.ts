// Checks a device's Entra ID access token: signature against the tenant's published keys (JWKS, found
// through the discovery document), issuer, audience and expiry; yields who the user is (oid).
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from "jose";
import { AppError } from "@/lib/app-error";
import { withoutControlCharacters } from "@/lib/devices/schema";

export interface DeviceTokenSettings {
  /** Accepted `iss` values. */
  issuers: string[];
  /** Accepted `aud` values (the app id URI and/or client id). */
  audiences: string[];
  /** The key set; when absent, the discovery document's jwks_uri. */
  jwksUri?: string;
  discoveryUrl: string;
  /** Seconds of clock skew allowed on exp/nbf. Default 60. */
  clockToleranceSeconds?: number;
}

export interface TokenVerifierOptions {
  /** Verified tokens remembered (until they expire, at most `maxCacheMs`), so a device's next request skips RS256. Default 10,000. */
  cacheEntries?: number;
  /** The longest a verified token is remembered. Default 5 minutes. */
  maxCacheMs?: number;
  now?: () => number;
}

export interface DeviceIdentity {
  oid: string;
  name: string | null;
  tenantId: string | null;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Entra signs access tokens with RS256; anything else (including "none") is refused before any key is looked at.
const ALGORITHMS = ["RS256"];

export type TokenVerifier = (authorization: string | null) => Promise<DeviceIdentity>;

/**
 * A remembered header's key in the map: its last characters, which are the token's signature. Hashing the whole
 * 1-2 KB header for the lookup cost about 1 us a request; the entry keeps the whole header, compared on each hit.
 */
const KEY_CHARACTERS = 64;

const unauthorized = (message: string, cause?: unknown) => new AppError("unauthorized", message, { cause });

/**
 * A verifier whose key set is fetched once and refreshed by jose when an unknown key id appears. A token that
 * verified is remembered until its own expiry (never longer than `maxCacheMs`): the same bytes verify the same
 * way until then, and a refused token is never remembered.
 */
export function createTokenVerifier(settings: DeviceTokenSettings, options: TokenVerifierOptions = {}): TokenVerifier {
  const now = options.now ?? Date.now;
  const cacheEntries = options.cacheEntries ?? 10_000;
  const maxCacheMs = options.maxCacheMs ?? 5 * 60_000;
  const verified = new Map<string, { header: string; identity: DeviceIdentity; until: number }>();
  let keys: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined;
  const keySet = () =>
    (keys ??= (async () => {
      let uri = settings.jwksUri;
      if (!uri) {
        const response = await fetch(settings.discoveryUrl, { signal: AbortSignal.timeout(10_000) });
        if (!response.ok)
          throw new AppError(
            "unavailable",
            `The token issuer's discovery document ${settings.discoveryUrl} answered ${response.status}.`,
          );
        const doc = (await response.json()) as { jwks_uri?: unknown };
        if (typeof doc.jwks_uri !== "string")
          throw new AppError("unavailable", `The discovery document ${settings.discoveryUrl} has no jwks_uri.`);
        uri = doc.jwks_uri;
      }
      return createRemoteJWKSet(new URL(uri), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
    })().catch((error) => {
      keys = undefined; // try discovery again on the next request
      throw error;
    }));

  return async (authorization) => {
    // Remembered by the whole header (found by its ending): a device's next request is one lookup and one compare.
    const header = authorization ?? "";
    const key = header.slice(-KEY_CHARACTERS);
    const known = verified.get(key);
    if (known?.header === header) {
      if (known.until > now()) return known.identity;
      verified.delete(key);
    }
    const match = /^Bearer\s+([A-Za-z0-9\-_.]+)\s*$/i.exec(header);
    if (!match) throw unauthorized("Send the Entra ID access token as 'Authorization: Bearer <token>'.");
    const token = match[1];
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await keySet(), {
        issuer: settings.issuers,
        audience: settings.audiences,
        algorithms: ALGORITHMS,
        clockTolerance: settings.clockToleranceSeconds ?? 60,
        currentDate: new Date(now()),
        requiredClaims: ["exp"],
      }));
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw unauthorized(reasonOf(error), error);
    }
    const oid = payload.oid;
    if (typeof oid !== "string" || !GUID.test(oid))
      throw unauthorized("The access token has no user object id (oid claim); sign in as a user, not an app.");
    // Kept without control characters: the name is stored with the device's syncs, and PostgreSQL cannot store a NUL.
    const name =
      typeof payload.preferred_username === "string"
        ? withoutControlCharacters(payload.preferred_username)
        : typeof payload.name === "string"
          ? withoutControlCharacters(payload.name)
          : null;
    const identity = { oid: oid.toLowerCase(), name, tenantId: typeof payload.tid === "string" ? payload.tid : null };
    // exp is required above; the tolerance is not extended to remembered tokens.
    const until = Math.min((payload.exp as number) * 1000, now() + maxCacheMs);
    if (until > now()) {
      // A header with the same ending makes way; set anew, the map stays ordered by age for the bound.
      verified.delete(key);
      if (verified.size >= cacheEntries) verified.delete(verified.keys().next().value as string);
      verified.set(key, { header, identity, until });
    }
    return identity;
  };
}

function reasonOf(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return "The access token has expired; get a new one.";
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === "iss") return "The access token was issued by another tenant or issuer.";
    if (error.claim === "aud") return "The access token is for another application (audience).";
    return `The access token's '${error.claim}' claim is not acceptable.`;
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed)
    return "The access token's signature does not verify.";
  if (error instanceof joseErrors.JWKSNoMatchingKey)
    return "The access token is signed by a key the tenant does not publish.";
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return "The access token is not signed with RS256.";
  if (error instanceof joseErrors.JOSEError) return "The access token is not a valid signed token.";
  return "The access token could not be checked.";
}
