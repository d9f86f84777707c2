// The Web API client for one Dataverse org: an app-only token from Entra ID (msal-node, client credentials),
// paging through @odata.nextLink, service-protection throttling (429/503 + Retry-After), and Dataverse's errors.
import { ConfidentialClientApplication, type Configuration, type INetworkModule } from "@azure/msal-node";
import { AppError } from "@/lib/app-error";
import { logger as rootLogger } from "@/lib/logger";
import { ConcurrencyLimit } from "@/lib/dataverse/concurrency-limit";
import { describeErrorBody, networkErrorCode, parseErrorBody, parseRetryAfter } from "@/lib/dataverse/error-body";

export const API_PATH = "/api/data/v9.2/";

export interface DataverseClientOptions {
  /** https://<org>.crm.dynamics.com (any path is dropped). */
  orgUrl: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Entra ID authority host; https://login.microsoftonline.com unless a sovereign cloud or a test issuer. */
  authorityHost?: string;
  /**
   * msal-node settings for a local issuer (tests): PLATFORM.md's recipe of the discovery document as
   * authorityMetadata and a networkClient that sends https://login.test/... to a local server. knownAuthorities
   * defaults to the authority host.
   */
  msal?: {
    knownAuthorities?: string[];
    authorityMetadata?: string;
    cloudDiscoveryMetadata?: string;
    networkClient?: INetworkModule;
  };
  /** The fetch used for Web API requests (not for Entra ID); the global fetch by default. */
  fetch?: typeof fetch;
  /**
   * Tests only: accept an http:// org URL (the local Web API stand-in on 127.0.0.1). Production code never sets it:
   * an access token must not travel in clear text.
   */
  allowInsecureHttp?: boolean;
  /** Requests in flight at once for this client. Dataverse allows 52 per user; we stay far below. Default 6. */
  maxConcurrency?: number;
  /** Retries of one request after 429, 503 or a dropped connection. Default 4. */
  maxRetries?: number;
  /** The longest Retry-After we wait for; a longer one fails at once with a clear error. Default 60 s. */
  maxRetryAfterSeconds?: number;
  /** Per request. Metadata of a large table can take a while. Default 120 s. */
  requestTimeoutMs?: number;
  logger?: Pick<typeof rootLogger, "warn" | "debug">;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  /** Values for the Prefer header, e.g. 'odata.include-annotations="OData.Community.Display.V1.FormattedValue"'. */
  prefer?: string[];
  /** Act as this user (their Entra object id): sends CallerObjectId. The app user needs prvActOnBehalfOfAnotherUser. */
  callerObjectId?: string;
  signal?: AbortSignal;
}

export interface SendOptions extends RequestOptions {
  body?: string;
  contentType?: string;
  /** A POST that only reads (a $batch of GETs) may be retried after a dropped connection like a GET. */
  idempotent?: boolean;
}

export interface DataverseResponse {
  status: number;
  headers: Headers;
  text: string;
}

export interface PageOptions extends RequestOptions {
  /** Rows per page (Prefer: odata.maxpagesize); Dataverse allows at most 5,000. Default 5,000. */
  maxPageSize?: number;
  /** Stop after this many pages with an error rather than loop forever. Default 10,000. */
  maxPages?: number;
  onPage?: (rowsSoFar: number) => void;
}

export interface ClientStats {
  requests: number;
  retries: number;
  throttled: number;
  tokenRefreshes: number;
  maxInFlight: number;
}

const TRANSIENT_NETWORK_CODES = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "EAI_AGAIN"]);

export class DataverseClient {
  readonly orgUrl: string;
  readonly apiBase: string;
  readonly #options: Required<Pick<DataverseClientOptions, "maxRetries" | "maxRetryAfterSeconds" | "requestTimeoutMs">>;
  readonly #fetch: typeof fetch;
  readonly #msal: ConfidentialClientApplication;
  readonly #scope: string;
  readonly #clientId: string;
  readonly #tenantId: string;
  readonly #limit: ConcurrencyLimit;
  readonly #log: Pick<typeof rootLogger, "warn" | "debug">;
  #pendingToken?: Promise<string>;
  #lastToken?: string;
  /** After a 429 every request of this client waits: the limits are per user, not per request. */
  #pausedUntil = 0;
  readonly #stats = { requests: 0, retries: 0, throttled: 0, tokenRefreshes: 0 };

  constructor(options: DataverseClientOptions) {
    this.orgUrl = normalizeOrgUrl(options.orgUrl, options.allowInsecureHttp === true);
    this.apiBase = `${this.orgUrl}${API_PATH}`;
    this.#scope = `${this.orgUrl}/.default`;
    this.#clientId = options.clientId;
    this.#tenantId = options.tenantId;
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#limit = new ConcurrencyLimit(options.maxConcurrency ?? 6);
    this.#options = {
      maxRetries: options.maxRetries ?? 4,
      maxRetryAfterSeconds: options.maxRetryAfterSeconds ?? 60,
      requestTimeoutMs: options.requestTimeoutMs ?? 120_000,
    };
    this.#log = options.logger ?? rootLogger;
    const authorityHost = (options.authorityHost ?? "https://login.microsoftonline.com").replace(/\/+$/, "");
    const config: Configuration = {
      auth: {
        clientId: options.clientId,
        clientSecret: options.clientSecret,
        authority: `${authorityHost}/${options.tenantId}`,
        // Trust exactly the configured host (as lib/auth/entra.ts does): no instance discovery round trip.
        knownAuthorities: options.msal?.knownAuthorities ?? [new URL(authorityHost).host],
        authorityMetadata: options.msal?.authorityMetadata,
        cloudDiscoveryMetadata: options.msal?.cloudDiscoveryMetadata,
      },
      system: {
        ...(options.msal?.networkClient ? { networkClient: options.msal.networkClient } : {}),
        loggerOptions: { piiLoggingEnabled: false, logLevel: 0 /* Error */, loggerCallback: () => {} },
      },
    };
    this.#msal = new ConfidentialClientApplication(config);
  }

  get stats(): ClientStats {
    return { ...this.#stats, maxInFlight: this.#limit.maxActive };
  }

  /** GET a path under /api/data/v9.2/ (or an absolute URL of this org, such as a nextLink) and parse the JSON. */
  async getJson<T = unknown>(path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.send("GET", path, options);
    return parseJson<T>(response.text, `GET ${describePath(path)}`);
  }

  /**
   * Every row of a collection: sends Prefer: odata.maxpagesize=N on each request and follows @odata.nextLink
   * unchanged (Dataverse pages with a skip token, never $skip).
   */
  async getAllPages<T = Record<string, unknown>>(path: string, options: PageOptions = {}): Promise<T[]> {
    const maxPageSize = options.maxPageSize ?? 5000;
    if (!Number.isInteger(maxPageSize) || maxPageSize < 1 || maxPageSize > 5000) {
      throw new AppError("invalid", `maxPageSize must be between 1 and 5000, got ${maxPageSize}.`);
    }
    const maxPages = options.maxPages ?? 10_000;
    const rows: T[] = [];
    const seen = new Set<string>();
    let next: string | undefined = path;
    for (let page = 0; next !== undefined; page++) {
      if (page >= maxPages) {
        throw new AppError(
          "upstream",
          `Dataverse returned more than ${maxPages} pages for ${describePath(path)}; stopped.`,
        );
      }
      seen.add(next);
      const body: unknown = await this.getJson(next, {
        ...options,
        prefer: [`odata.maxpagesize=${maxPageSize}`, ...(options.prefer ?? [])],
      });
      const value = (body as { value?: unknown })?.value;
      if (!Array.isArray(value)) {
        throw new AppError("upstream", `Dataverse answered GET ${describePath(next)} without a "value" array.`);
      }
      rows.push(...(value as T[]));
      options.onPage?.(rows.length);
      const link = (body as { "@odata.nextLink"?: unknown })["@odata.nextLink"];
      next = typeof link === "string" && link !== "" ? link : undefined;
      if (next !== undefined && seen.has(next)) {
        throw new AppError(
          "upstream",
          `Dataverse returned the same @odata.nextLink twice for ${describePath(path)}; stopped.`,
        );
      }
    }
    return rows;
  }

  /**
   * One request with the token, the concurrency limit, 401 -> one retry with a fresh token, and 429/503 ->
   * wait Retry-After and retry (bounded). Success is any 2xx; anything else becomes an AppError.
   */
  async send(method: string, path: string, options: SendOptions = {}): Promise<DataverseResponse> {
    const url = this.resolve(path);
    const what = `${method} ${describePath(url)}`;
    let refreshedToken = false;
    let staleToken: string | undefined;
    // Retries of 429/503 and of dropped connections share one budget; the single 401 retry is separate.
    let retries = 0;
    for (;;) {
      await this.#waitWhilePaused(options.signal);
      const token = staleToken === undefined ? await this.#token() : await this.#refreshToken(staleToken);
      staleToken = undefined;
      let response: Response;
      let text: string;
      try {
        ({ response, text } = await this.#limit.run(async () => {
          // A 429 may have arrived while this request waited for a slot.
          await this.#waitWhilePaused(options.signal);
          this.#stats.requests++;
          const signals = [
            AbortSignal.timeout(this.#options.requestTimeoutMs),
            ...(options.signal ? [options.signal] : []),
          ];
          const res = await this.#fetch(url, {
            method,
            headers: this.#headers(token, options),
            body: options.body,
            signal: AbortSignal.any(signals),
          });
          return { response: res, text: await res.text() };
        }));
      } catch (error) {
        if (options.signal?.aborted) throw error;
        const code = networkErrorCode(error);
        // Only a request that changes nothing may be sent twice after a connection died mid-way.
        const idempotent = method === "GET" || method === "HEAD" || options.idempotent === true;
        if (code && TRANSIENT_NETWORK_CODES.has(code) && idempotent && retries < this.#options.maxRetries) {
          this.#stats.retries++;
          this.#log.warn(
            { org: this.orgUrl, request: what, code, retry: retries + 1 },
            "Dataverse connection dropped; retrying",
          );
          await sleep(backoffSeconds(retries) * 1000, options.signal);
          retries++;
          continue;
        }
        throw this.#networkError(error, what, code);
      }

      if (response.ok) return { status: response.status, headers: response.headers, text };

      if (response.status === 401) {
        if (!refreshedToken) {
          refreshedToken = true;
          staleToken = token;
          this.#log.debug({ org: this.orgUrl, request: what }, "Dataverse refused the token; getting a fresh one");
          continue;
        }
        throw this.#httpError(response, text, what, {
          prefix: `Dataverse at ${this.orgUrl} refused a fresh access token (401) for ${what}. Check that application ${this.#clientId} is an application user of this org with a security role.`,
        });
      }

      if (response.status === 429 || response.status === 503) {
        this.#stats.throttled++;
        const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
        const waitSeconds = retryAfter ?? backoffSeconds(retries);
        const busy = response.status === 429 ? "is throttling requests (429)" : "is unavailable (503)";
        if (waitSeconds > this.#options.maxRetryAfterSeconds) {
          throw this.#httpError(response, text, what, {
            code: response.status === 429 ? "rate_limited" : "unavailable",
            prefix: `Dataverse at ${this.orgUrl} ${busy} and asks to wait ${Math.ceil(waitSeconds)} s, longer than the ${this.#options.maxRetryAfterSeconds} s we wait; try again later.`,
            retryAfterSeconds: waitSeconds,
          });
        }
        if (retries >= this.#options.maxRetries) {
          throw this.#httpError(response, text, what, {
            code: response.status === 429 ? "rate_limited" : "unavailable",
            prefix: `Dataverse at ${this.orgUrl} ${busy} and still was after ${this.#options.maxRetries} retries of ${what}; try again later.`,
            retryAfterSeconds: waitSeconds,
          });
        }
        this.#stats.retries++;
        if (response.status === 429) this.#pausedUntil = Math.max(this.#pausedUntil, Date.now() + waitSeconds * 1000);
        this.#log.warn(
          { org: this.orgUrl, request: what, status: response.status, waitSeconds, retry: retries + 1 },
          "Dataverse asked us to wait",
        );
        await sleep(waitSeconds * 1000, options.signal);
        retries++;
        continue;
      }

      throw this.#httpError(response, text, what, {});
    }
  }

  /** An absolute URL for a path under the API, or an absolute URL that must belong to this org. */
  resolve(path: string): string {
    if (/^https?:\/\//i.test(path)) {
      const url = new URL(path);
      // The token goes with every request: never follow a link to another host.
      if (url.origin !== this.orgUrl) {
        throw new AppError(
          "upstream",
          `Refusing to send the org's token to ${url.origin}: a link from Dataverse pointed outside ${this.orgUrl}.`,
        );
      }
      return url.href;
    }
    return new URL(path.replace(/^\/+/, ""), this.apiBase).href;
  }

  #headers(token: string, options: SendOptions): Record<string, string> {
    const headers: Record<string, string> = {
      Accept: "application/json",
      "OData-MaxVersion": "4.0",
      "OData-Version": "4.0",
      ...options.headers,
      Authorization: `Bearer ${token}`,
    };
    if (options.prefer && options.prefer.length > 0) headers.Prefer = options.prefer.join(",");
    if (options.callerObjectId) headers.CallerObjectId = options.callerObjectId;
    if (options.body !== undefined) headers["Content-Type"] = options.contentType ?? "application/json; charset=utf-8";
    return headers;
  }

  async #waitWhilePaused(signal?: AbortSignal): Promise<void> {
    const wait = this.#pausedUntil - Date.now();
    if (wait > 0) await sleep(wait, signal);
  }

  /** The cached token (msal keeps it until shortly before expiry); concurrent callers share one acquisition. */
  #token(): Promise<string> {
    this.#pendingToken ??= this.#acquire(false).finally(() => (this.#pendingToken = undefined));
    return this.#pendingToken;
  }

  /** A fresh token, unless another request already replaced the one that was refused. */
  async #refreshToken(refused: string): Promise<string> {
    if (this.#pendingToken) {
      const token = await this.#pendingToken;
      if (token !== refused) return token;
    }
    if (this.#lastToken !== undefined && this.#lastToken !== refused) return this.#lastToken;
    this.#stats.tokenRefreshes++;
    this.#pendingToken ??= this.#acquire(true).finally(() => (this.#pendingToken = undefined));
    return this.#pendingToken;
  }

  async #acquire(skipCache: boolean): Promise<string> {
    let result;
    try {
      result = await this.#msal.acquireTokenByClientCredential({ scopes: [this.#scope], skipCache });
    } catch (cause) {
      const detail = describeMsalError(cause);
      throw new AppError(
        "upstream",
        `Entra ID gave no token for application ${this.#clientId} in tenant ${this.#tenantId} (scope ${this.#scope}): ${detail}`,
        { cause, details: { org: this.orgUrl } },
      );
    }
    if (!result?.accessToken) {
      throw new AppError(
        "upstream",
        `Entra ID returned no access token for application ${this.#clientId} in tenant ${this.#tenantId}.`,
      );
    }
    this.#lastToken = result.accessToken;
    return result.accessToken;
  }

  #networkError(error: unknown, what: string, code: string | undefined): AppError {
    if (error instanceof AppError) return error;
    const name = (error as { name?: unknown } | null)?.name;
    if (name === "TimeoutError") {
      const limit = this.#options.requestTimeoutMs;
      return new AppError(
        "unavailable",
        `Dataverse at ${this.orgUrl} did not answer ${what} within ${limit < 1000 ? `${limit} ms` : `${Math.round(limit / 1000)} s`}.`,
        {
          cause: error,
          details: { org: this.orgUrl },
        },
      );
    }
    const reason = code ?? (error instanceof Error ? error.message : String(error));
    return new AppError("unavailable", `Cannot reach the Dataverse org at ${this.orgUrl} (${reason}) for ${what}.`, {
      cause: error,
      details: { org: this.orgUrl, networkCode: code },
    });
  }

  #httpError(
    response: Response,
    text: string,
    what: string,
    extra: { prefix?: string; code?: "rate_limited" | "unavailable"; retryAfterSeconds?: number },
  ): AppError {
    const body = parseErrorBody(text);
    const said = body
      ? describeErrorBody(body)
      : `Dataverse answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""} for ${what}${text.trim() ? `: ${text.trim().slice(0, 200)}` : ""}`;
    const message = extra.prefix ? `${extra.prefix} Dataverse said: ${said}` : said;
    const code = extra.code ?? (response.status === 404 ? "not_found" : "upstream");
    return new AppError(code, message, {
      details: {
        org: this.orgUrl,
        request: what,
        status: response.status,
        dataverseCode: body?.code ?? "",
        requestId: response.headers.get("x-ms-service-request-id") ?? undefined,
        retryAfterSeconds: extra.retryAfterSeconds,
      },
    });
  }
}

export function createDataverseClient(options: DataverseClientOptions): DataverseClient {
  return new DataverseClient(options);
}

/** The origin of an org URL; https only unless insecure http is explicitly allowed (tests). */
export function normalizeOrgUrl(orgUrl: string, allowInsecureHttp = false): string {
  let url: URL;
  try {
    url = new URL(orgUrl.trim());
  } catch {
    throw new AppError("invalid", `The org URL "${orgUrl}" is not a URL; expected https://<org>.crm.dynamics.com.`, {
      problems: [{ path: "orgUrl", message: "must be an absolute URL such as https://contoso.crm.dynamics.com" }],
    });
  }
  if (url.protocol !== "https:" && !(allowInsecureHttp && url.protocol === "http:")) {
    throw new AppError("invalid", `The org URL must use https://, got ${url.origin}.`, {
      problems: [{ path: "orgUrl", message: "must start with https://" }],
    });
  }
  return url.origin;
}

/** The Dataverse code (0x...) of an error from this client, for callers that branch on it (e.g. 0x8004E023). */
export function dataverseCodeOf(error: unknown): string | undefined {
  if (!(error instanceof AppError)) return undefined;
  const details = error.details as { dataverseCode?: unknown } | undefined;
  return typeof details?.dataverseCode === "string" && details.dataverseCode !== "" ? details.dataverseCode : undefined;
}

/** msal's "invalid_client: Error(s): ... - Description: AADSTS7000215: ... - Correlation ID: ..." -> the useful part. */
function describeMsalError(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const code = (cause as { errorCode?: unknown }).errorCode;
  const description = /Description: (.*?)(?: - Correlation ID:| - Trace ID:|$)/s.exec(cause.message)?.[1]?.trim();
  const text = description ?? cause.message.split("\n")[0] ?? cause.message;
  return typeof code === "string" && code !== "" && !text.startsWith(code) ? `${code}: ${text}` : text;
}

function parseJson<T>(text: string, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (cause) {
    throw new AppError(
      "upstream",
      `Dataverse answered ${what} with something that is not JSON: ${text.slice(0, 120)}`,
      { cause },
    );
  }
}

/** The path after /api/data/v9.2/ for messages: shorter, and never a token or a host we did not choose. */
function describePath(pathOrUrl: string): string {
  const index = pathOrUrl.indexOf(API_PATH);
  const tail = index >= 0 ? pathOrUrl.slice(index + API_PATH.length) : pathOrUrl;
  let decoded = tail;
  try {
    decoded = decodeURIComponent(tail);
  } catch {
    // keep the encoded form
  }
  return decoded.length > 200 ? `${decoded.slice(0, 200)}...` : decoded;
}

/** 1, 2, 4, 8 ... seconds (capped at 30) when Dataverse gives no Retry-After. */
function backoffSeconds(retry: number): number {
  return Math.min(30, 2 ** retry);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
