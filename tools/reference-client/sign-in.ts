// Signs a user in the way a native app does (RFC 8252): OpenID Connect discovery of the issuer, the authorization
// code flow with PKCE (S256), state and nonce, and a loopback redirect the browser comes back to. openid-client does
// the protocol; this module owns the loopback listener, the prompt and the timeout.
import http from "node:http";
import type { AddressInfo } from "node:net";
import * as oidc from "openid-client";

export interface SignInOptions {
  /** The issuer, e.g. https://login.microsoftonline.com/<tenant id>/v2.0 (its discovery document is read). */
  authority: string;
  /** The app registration of the device app: a public client (no secret). */
  clientId: string;
  /** The device API's scope, e.g. api://syncwright-devices/.default; openid profile offline_access are added. */
  scope: string;
  /**
   * The loopback redirect URI as registered, without a port: http://127.0.0.1/ (default, RFC 8252) or
   * http://localhost/ (what Entra's "Mobile and desktop applications" platform offers). The client listens on an
   * ephemeral port of the loopback interface and sends this URI with that port; a port given here is used as is.
   */
  redirectUri?: string;
  /** How long to wait for the browser to come back. Default 5 minutes. */
  timeoutMs?: number;
  /** Where the user is told what to do (the CLI writes to standard error, keeping standard output for results). */
  tell: (message: string) => void;
}

export interface SignedIn {
  accessToken: string;
  /** Who signed in, from the validated ID token (preferred_username, else name, else sub). */
  user: string;
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);
const isLoopback = (url: URL) => LOOPBACK_HOSTS.has(url.hostname);

/** The issuer over HTTPS; plain http only on the loopback interface (a test issuer on this machine). */
function checkIssuerAddress(url: URL, what: string): void {
  if (url.protocol === "https:" || (url.protocol === "http:" && isLoopback(url))) return;
  throw new Error(
    `${what} ${url.href} must use https (plain http is allowed only for an issuer on 127.0.0.1, localhost or [::1]).`,
  );
}

interface Callback {
  /** The redirect URI with the query the browser came back with. */
  url: URL;
  answer(status: number, text: string): Promise<void>;
}

interface Loopback {
  redirectUri: string;
  callback: Promise<Callback>;
  close(): void;
}

/** Listens on the loopback interface for the one request the browser makes to the redirect URI. */
async function listenOnLoopback(template: string): Promise<Loopback> {
  const registered = new URL(template);
  if (registered.protocol !== "http:" || !isLoopback(registered)) {
    throw new Error(
      `The redirect URI ${template} must be a loopback address: http://127.0.0.1/, http://localhost/ or http://[::1]/ (RFC 8252).`,
    );
  }
  let resolveCallback!: (callback: Callback) => void;
  const callback = new Promise<Callback>((resolve) => (resolveCallback = resolve));
  let redirectUri = "";
  let received = false;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", registered);
    // Browsers also ask for /favicon.ico and the like: only the redirect URI's path counts, and only once.
    if (req.method !== "GET" || url.pathname !== registered.pathname || received) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not found.\n");
      return;
    }
    received = true;
    const back = new URL(redirectUri);
    back.search = url.search;
    resolveCallback({
      url: back,
      answer: (status, text) =>
        new Promise<void>((resolve) => {
          res.writeHead(status, {
            "content-type": "text/plain; charset=utf-8",
            "cache-control": "no-store",
            connection: "close",
          });
          res.end(`${text}\n`, () => resolve());
        }),
    });
  });
  // "localhost" is bound as 127.0.0.1, as MSAL does: the address the name must resolve to for the browser.
  const host = registered.hostname === "[::1]" ? "::1" : "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(registered.port ? Number(registered.port) : 0, host, () => resolve());
  });
  const withPort = new URL(registered);
  withPort.port = String((server.address() as AddressInfo).port);
  redirectUri = withPort.href;
  return {
    redirectUri,
    callback,
    close() {
      server.close();
      server.closeAllConnections();
    },
  };
}

function reasonOf(error: unknown): string {
  if (error instanceof oidc.AuthorizationResponseError)
    return `the issuer answered ${error.error}${error.error_description ? `: ${error.error_description}` : ""}`;
  if (error instanceof oidc.ResponseBodyError)
    return `the token endpoint answered ${error.error}${error.error_description ? `: ${error.error_description}` : ""}`;
  // openid-client names the kind of failure and keeps oauth4webapi's precise reason as the cause.
  const { message, cause } = error as Error;
  return cause instanceof Error && cause.message !== message ? `${message}: ${cause.message}` : message;
}

export async function signIn(options: SignInOptions): Promise<SignedIn> {
  const authority = new URL(options.authority);
  checkIssuerAddress(authority, "The authority");
  // openid-client refuses http:// unless told; only a loopback issuer gets here with http.
  const execute = authority.protocol === "http:" ? [oidc.allowInsecureRequests] : [];
  let config: oidc.Configuration;
  try {
    config = await oidc.discovery(authority, options.clientId, undefined, oidc.None(), { execute });
  } catch (error) {
    throw new Error(`Could not read the OpenID Connect discovery document of ${authority.href}: ${reasonOf(error)}`, {
      cause: error,
    });
  }
  const metadata = config.serverMetadata();
  for (const endpoint of [metadata.authorization_endpoint, metadata.token_endpoint]) {
    if (!endpoint) throw new Error(`The issuer ${authority.href} names no authorization or token endpoint.`);
    checkIssuerAddress(new URL(endpoint), "The issuer's endpoint");
  }

  const loopback = await listenOnLoopback(options.redirectUri ?? "http://127.0.0.1/");
  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const signInUrl = oidc.buildAuthorizationUrl(config, {
      redirect_uri: loopback.redirectUri,
      scope: `openid profile offline_access ${options.scope}`,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: "S256",
      state,
      nonce,
    });
    options.tell(`To sign in, open this address in a browser on this device:\n\n  ${signInUrl.href}\n\n`);
    options.tell(
      `Waiting up to ${Math.round(timeoutMs / 1000)} s for the browser to come back to ${loopback.redirectUri} ...\n`,
    );

    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `No sign-in came back to ${loopback.redirectUri} within ${Math.round(timeoutMs / 1000)} s. Open the address printed above in a browser on this device, sign in, and run the client again.`,
            ),
          ),
        timeoutMs,
      );
    });
    const callback = await Promise.race([loopback.callback, timedOut]);
    try {
      // Checks state, redeems the code with the PKCE verifier, validates the ID token's issuer, audience, expiry and nonce.
      const tokens = await oidc.authorizationCodeGrant(config, callback.url, {
        pkceCodeVerifier: codeVerifier,
        expectedState: state,
        expectedNonce: nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      const user = String(claims?.preferred_username ?? claims?.name ?? claims?.sub ?? "unknown user");
      await callback.answer(200, `Signed in to Syncwright as ${user}. You can close this tab.`);
      return { accessToken: tokens.access_token, user };
    } catch (error) {
      const reason = reasonOf(error);
      await callback.answer(
        400,
        `The sign-in failed: ${reason}. You can close this tab; the reference client says more.`,
      );
      throw new Error(`The sign-in failed: ${reason}`, { cause: error });
    }
  } finally {
    clearTimeout(timer);
    loopback.close();
  }
}
