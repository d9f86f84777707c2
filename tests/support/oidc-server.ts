// A local OpenID Connect issuer for tests (oauth2-mock-server on 127.0.0.1, random port) that poses as a
// Microsoft Entra tenant at https://login.test/<tenant>/v2.0: real signed tokens, discovery and JWKS.
// msal-node refuses http:// authorities, so it is given the login.test form and a network client that
// carries those requests to the local port (see PLATFORM.md). Also mints access tokens for API tests, and
// answers an authorization-code sign-in with a delegated access token for the scope's resource, as Entra does.
import type { IncomingMessage } from "node:http";
import {
  OAuth2Issuer,
  OAuth2Server,
  type MutableRedirectUri,
  type MutableResponse,
  type MutableToken,
  type Payload,
} from "oauth2-mock-server";
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from "@azure/msal-node";
import { randomUUID } from "node:crypto";
import type { EntraClientOptions, EntraConfig } from "@/lib/auth/entra";

export const TEST_AUTHORITY_HOST = "https://login.test";

export interface TestUserClaims {
  oid: string;
  tid?: string;
  preferred_username?: string;
  email?: string;
  name?: string;
  [claim: string]: unknown;
}

export interface MintOptions {
  aud: string | string[];
  claims?: Record<string, unknown>;
  /** Seconds from now; negative for a token that has already expired. Default 3600. */
  expiresIn?: number;
}

export interface Minter {
  /** The `iss` of the tokens it mints. */
  issuer: string;
  mintAccessToken(options: MintOptions): Promise<string>;
  /** An ID token for the given audience (client id) and nonce, with the given claims. */
  mintIdToken(options: MintOptions & { nonce?: string }): Promise<string>;
}

export interface OidcTestServer extends Minter {
  tenantId: string;
  clientId: string;
  /** http://127.0.0.1:PORT, where the issuer really listens. */
  localOrigin: string;
  server: OAuth2Server;
  /** Claims added to every ID token (and oid/tid to every access token) from now on. */
  setUser(claims: TestUserClaims): void;
  /** Changes the payload of the next ID token the token endpoint signs (e.g. a wrong nonce, an old exp). */
  tamperNextIdToken(change: (payload: Payload) => void): void;
  /** Makes the token endpoint answer the next code redemption with this ID token instead of its own. */
  replaceNextIdToken(idToken: string): void;
  /** The portal's Entra configuration pointing at this issuer. */
  entraConfig(overrides?: Partial<EntraConfig>): EntraConfig;
  /** What createMsalClient needs to reach this issuer: the network client and the discovery document. */
  msalOptions(): Promise<EntraClientOptions>;
  networkClient: INetworkModule;
  /** https://login.test/... -> http://127.0.0.1:PORT/... */
  toLocal(url: string): string;
  /** Plays the browser at the authorize endpoint: returns what the issuer redirects back with. */
  authorize(authorizeUrl: string): Promise<{ redirect: URL; code: string | null; state: string | null }>;
  /** Another issuer with its own signing key (by default another tenant's URL), for tokens that must be refused. */
  createForeignIssuer(options?: { issuer?: string }): Promise<Minter>;
  stop(): Promise<void>;
}

function minterFor(issuer: OAuth2Issuer): Minter {
  const build = (options: MintOptions, extra: Record<string, unknown>) =>
    issuer.buildToken({
      expiresIn: options.expiresIn ?? 3600,
      scopesOrTransform: (_header, payload) => {
        Object.assign(payload, { aud: options.aud, ...extra, ...options.claims });
        if ((options.expiresIn ?? 3600) <= 0) payload.nbf = payload.iat + (options.expiresIn ?? 0) - 60;
      },
    });
  return {
    issuer: issuer.url!,
    mintAccessToken: (options) => build(options, { sub: options.claims?.oid ?? "test-subject" }),
    mintIdToken: (options) =>
      build(options, {
        sub: options.claims?.oid ?? "test-subject",
        ...(options.nonce ? { nonce: options.nonce } : {}),
      }),
  };
}

export interface OidcServerOptions {
  tenantId?: string;
  clientId?: string;
  /**
   * The issuer the tokens and the discovery document name; default https://login.test/<tenant>/v2.0. An HTTPS
   * front that forwards <issuer>/... to this server (tests/support/https-tenant.ts) names its own URL here.
   * "loopback": the server's own http://127.0.0.1:PORT, for a client that finds the issuer by discovery itself
   * (the reference device client) and so must reach the address the issuer names.
   */
  issuerUrl?: string | "loopback";
}

/**
 * The resource a scope asks a token for, as Entra reads it: "api://syncwright-devices/.default" and
 * "api://syncwright-devices/Bundles.Read" are for api://syncwright-devices; "openid profile" for none.
 */
export function resourceOfScope(scope: string | undefined): string | undefined {
  const resourceScope = (scope ?? "").split(" ").find((s) => s.includes("/"));
  return resourceScope ? resourceScope.slice(0, resourceScope.lastIndexOf("/")) : undefined;
}

export async function startOidcServer(options: OidcServerOptions = {}): Promise<OidcTestServer> {
  const tenantId = options.tenantId ?? randomUUID();
  const clientId = options.clientId ?? randomUUID();
  const loopback = options.issuerUrl === "loopback";
  let issuerUrl = loopback ? "" : (options.issuerUrl ?? `${TEST_AUTHORITY_HOST}/${tenantId}/v2.0`);

  const server = new OAuth2Server();
  await server.issuer.keys.generate("RS256");
  // Set before start(): the server keeps a URL that is already set, so tokens carry Entra's issuer form.
  if (!loopback) server.issuer.url = issuerUrl;
  await server.start(0, "127.0.0.1");
  const localOrigin = `http://127.0.0.1:${server.address().port}`;
  // The mock would name itself http://localhost:PORT; the loopback issuer is the address it listens on.
  if (loopback) server.issuer.url = issuerUrl = localOrigin;

  let user: TestUserClaims = {
    oid: randomUUID(),
    tid: tenantId,
    preferred_username: "ada@contoso.test",
    name: "Ada Lovelace",
  };
  let tamper: ((payload: Payload) => void) | null = null;
  let replacement: string | null = null;
  // The scope each authorization code was issued for: the mock forgets it, Entra issues the code's token for it.
  const scopeOfCode = new Map<string, string>();
  server.service.on(
    "beforeAuthorizeRedirect",
    (redirect: MutableRedirectUri, req: IncomingMessage & { query?: Record<string, unknown> }) => {
      const code = redirect.url.searchParams.get("code");
      if (code && typeof req.query?.scope === "string") scopeOfCode.set(code, req.query.scope);
    },
  );

  // The same hook sees access and ID tokens; only ID tokens come without a `scope` claim.
  server.service.on("beforeTokenSigning", (token: MutableToken, req: { body?: unknown }) => {
    const isIdToken = !("scope" in token.payload);
    Object.assign(token.payload, { oid: user.oid, tid: user.tid ?? tenantId });
    const body = (req.body ?? {}) as Record<string, string | undefined>;
    if (!isIdToken && body.grant_type === "authorization_code") {
      // A delegated token, as Entra issues it for the resource of the authorized scope: the user's names, the
      // calling app in azp (the mock would leave the audience out).
      const resource = resourceOfScope(body.scope ?? scopeOfCode.get(body.code ?? ""));
      if (resource) token.payload.aud = resource;
      Object.assign(token.payload, {
        azp: body.client_id,
        preferred_username: user.preferred_username,
        name: user.name,
      });
    }
    if (!isIdToken) return;
    if (body.code) scopeOfCode.delete(body.code);
    Object.assign(token.payload, user, { sub: user.oid });
    if (tamper) {
      const change = tamper;
      tamper = null;
      change(token.payload);
    }
  });
  server.service.on("beforeResponse", (response: MutableResponse) => {
    if (replacement && response.body && typeof response.body === "object" && "id_token" in response.body) {
      response.body.id_token = replacement;
      replacement = null;
    }
  });

  const toLocal = (url: string): string => {
    if (url.startsWith(issuerUrl)) return localOrigin + url.slice(issuerUrl.length);
    // Never let a test reach the internet because of an unexpected URL.
    throw new Error(`The test OIDC server does not serve ${url}`);
  };

  async function send<T>(
    method: "GET" | "POST",
    url: string,
    init?: NetworkRequestOptions,
  ): Promise<NetworkResponse<T>> {
    const response = await fetch(toLocal(url), { method, headers: init?.headers, body: init?.body });
    const text = await response.text();
    let body: unknown = {};
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      body = { raw: text };
    }
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => (headers[key.toLowerCase()] = value));
    return { status: response.status, headers, body: body as T };
  }

  const networkClient: INetworkModule = {
    sendGetRequestAsync: <T>(url: string, init?: NetworkRequestOptions) => send<T>("GET", url, init),
    sendPostRequestAsync: <T>(url: string, init?: NetworkRequestOptions) => send<T>("POST", url, init),
  };

  let metadata: string | undefined;

  return {
    ...minterFor(server.issuer),
    tenantId,
    clientId,
    localOrigin,
    server,
    networkClient,
    toLocal,
    setUser(claims) {
      user = { tid: tenantId, ...claims };
    },
    tamperNextIdToken(change) {
      tamper = change;
    },
    replaceNextIdToken(idToken) {
      replacement = idToken;
    },
    entraConfig(overrides = {}) {
      return {
        tenantId,
        clientId,
        clientSecret: "test-client-secret",
        redirectUri: "http://localhost:3000/auth/entra/callback",
        authorityHost: TEST_AUTHORITY_HOST,
        ...overrides,
      };
    },
    async msalOptions() {
      metadata ??= JSON.stringify(await (await fetch(`${localOrigin}/.well-known/openid-configuration`)).json());
      return { networkClient, authorityMetadata: metadata };
    },
    async authorize(authorizeUrl) {
      const response = await fetch(toLocal(authorizeUrl), { redirect: "manual" });
      const location = response.headers.get("location");
      if (response.status !== 302 || !location)
        throw new Error(`authorize answered ${response.status}: ${await response.text()}`);
      const redirect = new URL(location);
      return { redirect, code: redirect.searchParams.get("code"), state: redirect.searchParams.get("state") };
    },
    async createForeignIssuer(foreign = {}) {
      const issuer = new OAuth2Issuer();
      issuer.url = foreign.issuer ?? `${TEST_AUTHORITY_HOST}/${randomUUID()}/v2.0`;
      await issuer.keys.generate("RS256");
      return minterFor(issuer);
    },
    async stop() {
      if (server.listening) await server.stop();
    },
  };
}
