// A local stand-in of the Dataverse Web API (node:http on 127.0.0.1) speaking the real wire format: metadata from
// the real EntityDefinitions files, security roles / users / teams, paging links, 429/503/401 on demand.
//
// What it checks like Dataverse: a Bearer token signed by the test OpenID Connect server (JWKS via jose) whose
// audience is the org URL (this server's origin). What it records for tests: every request (path, status, Prefer,
// CallerObjectId, times) and the most requests it had in flight at once.
//
// Extension points: `route()` adds or overrides a path (checked before the built-in ones); `options.rows` holds
// sample rows per entity set; `options.fetchXml` answers `<entityset>?fetchXml=...` (aggregate counts for the
// footprint work; by default the evaluator of dataverse-standin/fetchxml.ts, which refuses an aggregate over
// 50,000 rows with 0x8004E023 like Dataverse).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from "jose";
import { loadRealTables, MetadataStore, type StandinTable } from "./dataverse-standin/metadata-store";
import { evaluateFetchXml, type FetchXmlContext } from "./dataverse-standin/fetchxml";
import {
  annotationWanted,
  buildSkipToken,
  matchesFilter,
  parseExpand,
  parseFilter,
  parsePrefer,
  parseQuery,
  parseSelect,
  project,
  readSkipToken,
  odataErrorBody,
  UnsupportedQueryError,
  type ParsedQuery,
  type Preferences,
} from "./dataverse-standin/odata";
import {
  businessUnitRow,
  defaultDirectory,
  effectiveRoleIds,
  roleRow,
  teamRow,
  userRow,
  type StandinDirectory,
} from "./dataverse-standin/directory";
import { loadRealFormsAndViews } from "./dataverse-standin/forms-views";

export type { StandinTable } from "./dataverse-standin/metadata-store";
export { loadRealTables, REAL_WEBAPI_DIR } from "./dataverse-standin/metadata-store";
export {
  defaultDirectory,
  guidFor,
  REAL_ROLE_TEMPLATES,
  roleId,
  type StandinDirectory,
} from "./dataverse-standin/directory";
export { evaluateFetchXml, AGGREGATE_LIMIT, type FetchXmlContext } from "./dataverse-standin/fetchxml";

export const API_PATH = "/api/data/v9.2/";
type Row = Record<string, unknown>;

export interface StandinRequest {
  method: string;
  /** Decoded path after /api/data/v9.2/, e.g. "EntityDefinitions(LogicalName='contact')". */
  path: string;
  query: ParsedQuery;
  headers: http.IncomingHttpHeaders;
  prefer: Preferences;
  callerObjectId?: string;
  claims: JWTPayload;
  body: string;
}

export interface StandinReply {
  status: number;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is instead of `body` (an HTML error page of a gateway, say). */
  text?: string;
  headers?: Record<string, string>;
}

export type StandinHandler = (request: StandinRequest, match: RegExpExecArray) => StandinReply | Promise<StandinReply>;

export interface FetchXmlRequest {
  entitySet: string;
  fetchXml: string;
  callerObjectId?: string;
  rows: Row[];
  standin: DataverseStandin;
  /** Everything the built-in evaluator needs: call evaluateFetchXml(request.context) to fall back to it. */
  context: FetchXmlContext;
}

export interface DataverseStandinOptions {
  /** Issuer URL of the test OpenID Connect server; tokens from anyone else are refused. */
  issuer: string;
  /** Default: jwks_uri from the issuer's discovery document. */
  jwksUri?: string;
  /** Expected `aud`; default the org URL the client targets (publicOrigin, or this server's origin). */
  audience?: string;
  /** Real tables to serve (logical names); default every table in the real folder. */
  realTables?: string[];
  /** Replace the real tables altogether (a synthetic org). */
  tables?: StandinTable[];
  /** Added to the real tables. */
  extraTables?: StandinTable[];
  directory?: StandinDirectory;
  /** Sample rows per entity set, with their primary id column and table (logical name) for FetchXML. */
  rows?: Record<string, { primaryIdAttribute: string; rows: Row[]; logicalName?: string }>;
  /** The server's own page size cap (Dataverse: 5,000); make it small to force paging. */
  maxPageSize?: number;
  /**
   * The org URL clients use when this server sits behind an HTTPS front (tests/support/https-tenant.ts): the
   * audience it expects and the origin of the links it answers. Default http://127.0.0.1:<its port>.
   */
  publicOrigin?: string;
  /** Delay before each answer, so that concurrency becomes observable. */
  latencyMs?: number;
  /** Answers `<entityset>?fetchXml=...`; default: the built-in evaluator over the sample rows (fetchxml.ts). */
  fetchXml?: (request: FetchXmlRequest) => StandinReply | Promise<StandinReply>;
}

/** The application user (the app registration's user in the org) when no CallerObjectId is sent. */
export const APPLICATION_USER_ID = "00000000-0000-0000-0000-00000000a99e";

export interface LoggedRequest {
  method: string;
  path: string;
  search: string;
  status: number;
  prefer?: string;
  callerObjectId?: string;
  startedAt: number;
  endedAt: number;
}

interface Fault {
  /** 0: drop the connection without an answer. */
  status: 0 | 401 | 429 | 503;
  retryAfterSeconds?: number;
  code: string;
  message: string;
  match?: (path: string) => boolean;
}

export interface DataverseStandin {
  /** The org URL, e.g. http://127.0.0.1:53211 (no trailing slash). */
  url: string;
  /** `${url}/api/data/v9.2/` */
  apiBase: string;
  /** Where it really listens (http://127.0.0.1:PORT): the same as url unless publicOrigin was given. */
  localUrl: string;
  requests: LoggedRequest[];
  /** Most requests in flight at once since start or reset(). */
  readonly maxConcurrent: number;
  readonly inFlight: number;
  metadata: MetadataStore;
  directory: StandinDirectory;
  /** Answer the next `count` requests (optionally only matching paths) with 429 and Retry-After. */
  throttleNext(
    count: number,
    options?: { retryAfterSeconds?: number | null; status?: 429 | 503; match?: (path: string) => boolean },
  ): void;
  /** Answer the next `count` requests with 401 as if the token had expired. */
  rejectTokenNext(count: number): void;
  /** Close the connection of the next `count` requests without answering (a dropped connection). */
  dropNext(count: number): void;
  /** Faults not yet used. */
  readonly pendingFaults: number;
  /**
   * Add or override a route; the pattern is matched against the decoded path after /api/data/v9.2/. Returns a
   * function that removes it again (reset() keeps routes, as extensions usually install them once).
   */
  route(method: string, pattern: RegExp, handler: StandinHandler): () => void;
  /** Replace the sample rows of an entity set (logicalName: its table, when the real metadata does not say). */
  setRows(entitySet: string, primaryIdAttribute: string, rows: Row[], logicalName?: string): void;
  reset(): void;
  close(): Promise<void>;
}

/** Dataverse's answer when an aggregate FetchXML matches more than 50,000 rows. */
export function aggregateLimitError(): StandinReply {
  return {
    status: 400,
    body: odataError("0x8004E023", "AggregateQueryRecordLimit exceeded. Cannot perform this operation."),
  };
}

export const odataError = odataErrorBody;

const GUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

export async function startDataverseStandin(options: DataverseStandinOptions): Promise<DataverseStandin> {
  const tables = options.tables ?? [...loadRealTables(undefined, options.realTables), ...(options.extraTables ?? [])];
  const metadata = new MetadataStore(tables);
  const directory = options.directory ?? defaultDirectory();
  const entitySets = new Map<string, { primaryIdAttribute: string; logicalName?: string; rows: () => Row[] }>();
  entitySets.set("roles", {
    primaryIdAttribute: "roleid",
    logicalName: "role",
    rows: () => directory.roles.map((r) => roleRow(directory, r)),
  });
  entitySets.set("businessunits", {
    primaryIdAttribute: "businessunitid",
    logicalName: "businessunit",
    rows: () => directory.businessUnits.map((b) => businessUnitRow(b, directory)),
  });
  entitySets.set("systemusers", {
    primaryIdAttribute: "systemuserid",
    logicalName: "systemuser",
    rows: () => directory.users.map((u) => userRow(u, directory)),
  });
  entitySets.set("teams", {
    primaryIdAttribute: "teamid",
    logicalName: "team",
    rows: () => directory.teams.map((t) => teamRow(t, directory)),
  });
  // The org's forms and views of the served tables, from real data (forms-views.ts).
  const definitions = loadRealFormsAndViews(options.tables ? [] : options.realTables);
  entitySets.set("systemforms", {
    primaryIdAttribute: "formid",
    logicalName: "systemform",
    rows: () => definitions.systemforms,
  });
  entitySets.set("savedqueries", {
    primaryIdAttribute: "savedqueryid",
    logicalName: "savedquery",
    rows: () => definitions.savedqueries,
  });
  for (const [name, set] of Object.entries(options.rows ?? {})) {
    entitySets.set(name, {
      primaryIdAttribute: set.primaryIdAttribute,
      logicalName: set.logicalName,
      rows: () => set.rows,
    });
  }
  const tableOfEntitySet = (entitySet: string): string | undefined =>
    entitySets.get(entitySet)?.logicalName ??
    metadata.logicalNames.find((name) => metadata.get(name)?.entity.EntitySetName === entitySet);
  const entitySetOfTable = (logicalName: string): string | undefined =>
    [...entitySets.keys()].find((set) => tableOfEntitySet(set) === logicalName) ??
    (metadata.get(logicalName)?.entity.EntitySetName as string | undefined);

  const customRoutes: Array<{ method: string; pattern: RegExp; handler: StandinHandler }> = [];
  const faults: Fault[] = [];
  const requests: LoggedRequest[] = [];
  let inFlight = 0;
  let maxConcurrent = 0;
  let origin = "";
  let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;

  async function keys() {
    if (!jwks) {
      let uri = options.jwksUri;
      if (!uri) {
        const discovery = (await (
          await fetch(`${options.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`)
        ).json()) as { jwks_uri: string };
        uri = discovery.jwks_uri;
      }
      jwks = createRemoteJWKSet(new URL(uri));
    }
    return jwks;
  }

  async function authenticate(header: string | undefined): Promise<JWTPayload | string> {
    const match = /^Bearer\s+(\S+)$/i.exec(header ?? "");
    if (!match) return "no bearer token";
    try {
      const { payload } = await jwtVerify(match[1], await keys(), {
        issuer: options.issuer,
        audience: options.audience ?? origin,
      });
      return payload;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  const standin: DataverseStandin = {
    url: "",
    apiBase: "",
    localUrl: "",
    requests,
    get maxConcurrent() {
      return maxConcurrent;
    },
    get inFlight() {
      return inFlight;
    },
    metadata,
    directory,
    throttleNext(count, throttle = {}) {
      const status = throttle.status ?? 429;
      for (let i = 0; i < count; i++) {
        faults.push({
          status,
          retryAfterSeconds: throttle.retryAfterSeconds === null ? undefined : (throttle.retryAfterSeconds ?? 1),
          code: status === 429 ? "0x80072322" : "",
          message:
            status === 429
              ? "Number of requests exceeded the limit of 6000 over time window of 300 seconds."
              : "The service is temporarily unavailable.",
          match: throttle.match,
        });
      }
    },
    rejectTokenNext(count) {
      for (let i = 0; i < count; i++) faults.push({ status: 401, code: "", message: "" });
    },
    dropNext(count) {
      for (let i = 0; i < count; i++) faults.push({ status: 0, code: "", message: "" });
    },
    get pendingFaults() {
      return faults.length;
    },
    route(method, pattern, handler) {
      const entry = { method: method.toUpperCase(), pattern, handler };
      customRoutes.unshift(entry);
      return () => {
        const index = customRoutes.indexOf(entry);
        if (index >= 0) customRoutes.splice(index, 1);
      };
    },
    setRows(entitySet, primaryIdAttribute, rows, logicalName) {
      entitySets.set(entitySet, { primaryIdAttribute, logicalName, rows: () => rows });
    },
    reset() {
      requests.length = 0;
      faults.length = 0;
      maxConcurrent = inFlight;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };

  function context(fragment: string): string {
    return `${origin}${API_PATH}$metadata#${fragment}`;
  }

  function selectContext(select: string[] | undefined, expand: string[] = []): string {
    const items = [...(select ?? []), ...expand.map((e) => `${e}()`)];
    return items.length > 0 ? `(${items.join(",")})` : "";
  }

  /** A page of rows with $select, $filter, $top, $count, annotations and the skip-token nextLink. */
  function collection(
    request: StandinRequest,
    entitySet: string,
    primaryId: string,
    allRows: Row[],
    contextName = entitySet,
  ): StandinReply {
    const select = parseSelect(request.query.params.get("$select"));
    const filter = parseFilter(request.query.params.get("$filter"));
    const top = request.query.params.get("$top");
    let rows = allRows
      .filter((row) => matchesFilter(row, filter))
      .sort((a, b) => String(a[primaryId]).localeCompare(String(b[primaryId])));
    const total = rows.length;
    const skipToken = request.query.params.get("$skiptoken");
    if (skipToken) {
      const { lastId } = readSkipToken(skipToken);
      rows = rows.filter((row) => String(row[primaryId]).toLowerCase() > lastId);
    }
    const pageSize = Math.min(request.prefer.maxPageSize ?? 5000, options.maxPageSize ?? 5000, 5000);
    let page = rows;
    let nextLink: string | undefined;
    if (top !== undefined) page = rows.slice(0, Number(top));
    else if (rows.length > pageSize) {
      page = rows.slice(0, pageSize);
      const pageNumber = skipToken ? readSkipToken(skipToken).page + 1 : 2;
      const token = buildSkipToken(
        primaryId,
        pageNumber,
        String(page[0][primaryId]),
        String(page[page.length - 1][primaryId]),
      );
      const kept = request.query.raw.filter(([key]) => key !== "$skiptoken").map(([key, value]) => `${key}=${value}`);
      nextLink = `${origin}${API_PATH}${encodePath(request.path)}?${[...kept, `$skiptoken=${encodeURIComponent(token)}`].join("&")}`;
    }
    const value = page.map((row) =>
      stripAnnotations(project(row, select, ["@odata.etag", primaryId]), request.prefer.annotations),
    );
    const body: Row = { "@odata.context": context(`${contextName}${selectContext(select)}`) };
    if (request.query.params.get("$count") === "true") body["@odata.count"] = Math.min(total, 5000);
    body.value = value;
    if (nextLink) body["@odata.nextLink"] = nextLink;
    const headers: Record<string, string> = {};
    if (request.prefer.maxPageSize !== undefined)
      headers["Preference-Applied"] = `odata.maxpagesize=${request.prefer.maxPageSize}`;
    return { status: 200, body, headers };
  }

  function roleRows(ids: string[]): Row[] {
    return directory.roles.filter((r) => ids.includes(r.id)).map((r) => roleRow(directory, r));
  }

  function findUser(id: string) {
    return directory.users.find((u) => u.id === id.toLowerCase());
  }

  function userNotFound(key: string): StandinReply {
    return { status: 404, body: odataError("0x80040217", `systemuser With Ids = ${key} Does Not Exist`) };
  }

  const builtInRoutes: Array<{ method: string; pattern: RegExp; handler: StandinHandler }> = [
    {
      method: "GET",
      pattern: /^WhoAmI$/,
      handler: (request) => ({
        status: 200,
        body: {
          "@odata.context": context("Microsoft.Dynamics.CRM.WhoAmIResponse"),
          BusinessUnitId: directory.businessUnits[0]?.id,
          UserId: String(request.claims.oid ?? request.claims.sub ?? randomUUID()),
          OrganizationId: "00000000-0000-0000-0000-0000000000a1",
        },
      }),
    },
    {
      method: "GET",
      pattern: /^EntityDefinitions$/,
      handler: (request) => {
        const select = parseSelect(request.query.params.get("$select"));
        const value = metadata.list(select, parseFilter(request.query.params.get("$filter")));
        return { status: 200, body: { "@odata.context": context(`EntityDefinitions${selectContext(select)}`), value } };
      },
    },
    {
      method: "GET",
      pattern: new RegExp(`^EntityDefinitions\\((?:LogicalName='([^']+)'|(${GUID}))\\)$`),
      handler: (request, match) => {
        const table = match[1] ? metadata.get(match[1]) : metadata.byMetadataId(match[2]);
        if (!table) return tableNotFound(match[1] ?? match[2]);
        const selectText = request.query.params.get("$select");
        const expandText = request.query.params.get("$expand");
        const body = metadata.single(table, selectText, expandText);
        const expand = parseExpand(expandText).map((e) => e.name);
        return {
          status: 200,
          body: {
            "@odata.context": context(`EntityDefinitions${selectContext(parseSelect(selectText), expand)}/$entity`),
            ...body,
          },
        };
      },
    },
    {
      method: "GET",
      pattern: new RegExp(
        `^EntityDefinitions\\((?:LogicalName='([^']+)'|(${GUID}))\\)/Attributes/Microsoft\\.Dynamics\\.CRM\\.(\\w+AttributeMetadata)$`,
      ),
      handler: (request, match) => {
        const table = match[1] ? metadata.get(match[1]) : metadata.byMetadataId(match[2]);
        if (!table) return tableNotFound(match[1] ?? match[2]);
        const selectText = request.query.params.get("$select");
        const expandText = request.query.params.get("$expand");
        const value = metadata.cast(table, match[3], selectText, expandText);
        const expand = parseExpand(expandText).map((e) => e.name);
        const key = match[1] ? `'${match[1]}'` : match[2];
        return {
          status: 200,
          body: {
            "@odata.context": context(
              `EntityDefinitions(${key})/Attributes/Microsoft.Dynamics.CRM.${match[3]}${selectContext(parseSelect(selectText), expand)}`,
            ),
            value,
          },
        };
      },
    },
    {
      method: "GET",
      pattern: new RegExp(`^systemusers\\((?:azureactivedirectoryobjectid=(${GUID})|(${GUID}))\\)$`),
      handler: (request, match) => {
        const user = match[1]
          ? directory.users.find((u) => u.aadObjectId === match[1].toLowerCase())
          : findUser(match[2]);
        if (!user) {
          return match[1]
            ? {
                status: 404,
                body: odataError(
                  "0x80060891",
                  "A record with the specified key values does not exist in systemuser entity",
                ),
              }
            : userNotFound(match[2]);
        }
        const select = parseSelect(request.query.params.get("$select"));
        const row = stripAnnotations(
          project(userRow(user, directory), select, ["@odata.etag", "systemuserid"]),
          request.prefer.annotations,
        );
        return {
          status: 200,
          body: { "@odata.context": context(`systemusers${selectContext(select)}/$entity`), ...row },
        };
      },
    },
    {
      method: "GET",
      pattern: new RegExp(`^systemusers\\((${GUID})\\)/systemuserroles_association$`),
      handler: (request, match) => {
        const user = findUser(match[1]);
        if (!user) return userNotFound(match[1]);
        return collection(request, "roles", "roleid", roleRows(user.roleIds));
      },
    },
    {
      method: "GET",
      pattern: new RegExp(`^systemusers\\((${GUID})\\)/teammembership_association$`),
      handler: (request, match) => {
        const user = findUser(match[1]);
        if (!user) return userNotFound(match[1]);
        const expand = parseExpand(request.query.params.get("$expand"));
        const unsupported = expand.filter((e) => e.name !== "teamroles_association");
        if (unsupported.length > 0)
          throw new UnsupportedQueryError(
            `The stand-in cannot expand ${unsupported.map((e) => e.name).join(", ")} on teams`,
          );
        const teams = directory.teams.filter((t) => t.memberIds.includes(user.id));
        const rows = teams.map((team) => {
          const row = teamRow(team, directory);
          const roles = expand.find((e) => e.name === "teamroles_association");
          if (roles)
            row.teamroles_association = roleRows(team.roleIds).map((r) =>
              project(r, roles.select, ["@odata.etag", "roleid"]),
            );
          return row;
        });
        const reply = collection(request, "teams", "teamid", rows);
        // Expanded rows are not projected by collection()'s $select; keep them.
        if (expand.length > 0) {
          const body = reply.body as { value: Row[] };
          body.value = body.value.map((row) => ({
            ...row,
            teamroles_association: rows.find((r) => r.teamid === row.teamid)?.teamroles_association,
          }));
        }
        return reply;
      },
    },
    {
      method: "GET",
      pattern: new RegExp(`^teams\\((${GUID})\\)/teamroles_association$`),
      handler: (request, match) => {
        const team = directory.teams.find((t) => t.id === match[1].toLowerCase());
        if (!team) return { status: 404, body: odataError("0x80040217", `team With Ids = ${match[1]} Does Not Exist`) };
        return collection(request, "roles", "roleid", roleRows(team.roleIds));
      },
    },
    {
      method: "GET",
      pattern: new RegExp(`^RetrieveAadUserRoles\\(DirectoryObjectId=(${GUID})\\)$`),
      handler: (request, match) =>
        collection(request, "roles", "roleid", roleRows(effectiveRoleIds(directory, match[1]))),
    },
    {
      method: "GET",
      pattern: /^([a-z_][a-z0-9_]*)$/,
      handler: async (request, match) => {
        const set = entitySets.get(match[1]);
        if (!set) return notFoundSegment(match[1]);
        const fetchXml = request.query.params.get("fetchXml");
        if (fetchXml !== undefined) {
          const fetchContext: FetchXmlContext = {
            entitySet: match[1],
            fetchXml,
            rows: set.rows(),
            prefer: request.prefer,
            callerObjectId: request.callerObjectId,
            applicationUserId: APPLICATION_USER_ID,
            directory,
            rowsOfTable: (logicalName) => {
              const entitySet = entitySetOfTable(logicalName);
              return entitySet ? entitySets.get(entitySet)?.rows() : undefined;
            },
            tableOfEntitySet,
            primaryIdOf: (logicalName) =>
              (metadata.get(logicalName)?.entity.PrimaryIdAttribute as string | undefined) ??
              entitySets.get(entitySetOfTable(logicalName) ?? "")?.primaryIdAttribute ??
              `${logicalName}id`,
            contextUrl: context(match[1]),
          };
          if (!options.fetchXml) return evaluateFetchXml(fetchContext);
          return options.fetchXml({
            entitySet: match[1],
            fetchXml,
            callerObjectId: request.callerObjectId,
            rows: fetchContext.rows,
            standin,
            context: fetchContext,
          });
        }
        return collection(request, match[1], set.primaryIdAttribute, set.rows());
      },
    },
  ];

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const startedAt = Date.now();
    inFlight++;
    maxConcurrent = Math.max(maxConcurrent, inFlight);
    const rawUrl = req.url ?? "/";
    const q = rawUrl.indexOf("?");
    const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const search = q < 0 ? "" : rawUrl.slice(q);
    const path = decodeURIComponent(rawPath).startsWith(API_PATH)
      ? decodeURIComponent(rawPath).slice(API_PATH.length)
      : decodeURIComponent(rawPath);
    const callerObjectId = headerValue(req.headers.callerobjectid);
    const logEntry: LoggedRequest = {
      method: req.method ?? "GET",
      path,
      search: safeDecode(search),
      status: 0,
      prefer: headerValue(req.headers.prefer),
      callerObjectId,
      startedAt,
      endedAt: 0,
    };
    requests.push(logEntry);
    res.on("close", () => {
      inFlight--;
      logEntry.endedAt = Date.now();
    });
    const send = (reply: StandinReply) => {
      logEntry.status = reply.status;
      const headers: Record<string, string> = {
        "x-ms-service-request-id": randomUUID(),
        "OData-Version": "4.0",
        ...reply.headers,
      };
      if (reply.text !== undefined) {
        res.writeHead(reply.status, { "Content-Type": "text/html", ...headers }).end(reply.text);
        return;
      }
      if (reply.body === undefined) {
        res.writeHead(reply.status, headers).end();
        return;
      }
      const text = JSON.stringify(reply.body);
      res
        .writeHead(reply.status, {
          ...headers,
          "Content-Type": "application/json; odata.metadata=minimal",
          "Content-Length": String(Buffer.byteLength(text)),
        })
        .end(text);
    };
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
      if (!decodeURIComponent(rawPath).startsWith(API_PATH)) return send(notFoundSegment(path));

      const claims = await authenticate(headerValue(req.headers.authorization));
      const authenticate401 = (description: string): StandinReply => ({
        status: 401,
        headers: {
          "WWW-Authenticate": `Bearer error="invalid_token", error_description="${description.replace(/"/g, "'")}", authorization_uri=${options.issuer}, resource_id=${origin}/`,
        },
      });
      if (typeof claims === "string") return send(authenticate401(claims));

      const faultIndex = faults.findIndex((f) => !f.match || f.match(path));
      if (faultIndex >= 0) {
        const [fault] = faults.splice(faultIndex, 1);
        if (fault.status === 401) return send(authenticate401("The access token has expired"));
        if (fault.status === 0) {
          logEntry.status = 0;
          req.socket.destroy();
          return;
        }
        return send({
          status: fault.status,
          headers: fault.retryAfterSeconds !== undefined ? { "Retry-After": String(fault.retryAfterSeconds) } : {},
          body: odataError(fault.code, fault.message),
        });
      }

      if (callerObjectId !== undefined && !new RegExp(`^${GUID}$`).test(callerObjectId)) {
        return send({
          status: 400,
          body: odataError("0x80040203", `Invalid CallerObjectId header: ${callerObjectId}`),
        });
      }

      const request: StandinRequest = {
        method: req.method ?? "GET",
        path,
        query: parseQuery(search),
        headers: req.headers,
        prefer: parsePrefer(req.headers.prefer),
        callerObjectId,
        claims,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      for (const route of [...customRoutes, ...builtInRoutes]) {
        if (route.method !== request.method) continue;
        const match = route.pattern.exec(path);
        if (match) return send(await route.handler(request, match));
      }
      return send(notFoundSegment(path));
    } catch (error) {
      if (error instanceof UnsupportedQueryError)
        return send({ status: 400, body: odataError("0x80060888", error.message) });
      return send({
        status: 500,
        body: odataError("0x80040216", `Stand-in failure: ${error instanceof Error ? error.stack : String(error)}`),
      });
    }
  }

  // Dataverse accepts URLs up to 32 KB (FetchXML in the query string); Node's default header limit is 16 KB.
  const server = http.createServer({ maxHeaderSize: 64 * 1024 }, (req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  origin = options.publicOrigin?.replace(/\/+$/, "") ?? `http://127.0.0.1:${port}`;
  standin.url = origin;
  standin.localUrl = `http://127.0.0.1:${port}`;
  standin.apiBase = `${origin}${API_PATH}`;
  return standin;
}

function tableNotFound(key: string): StandinReply {
  return { status: 404, body: odataError("0x80040217", `Could not find an entity with logical name or id ${key}.`) };
}

function notFoundSegment(path: string): StandinReply {
  return {
    status: 404,
    body: odataError("0x80060888", `Resource not found for the segment '${path.split("/")[0].split("(")[0]}'.`),
  };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(",") : value;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function encodePath(path: string): string {
  return path
    .split("/")
    .map((segment) =>
      encodeURIComponent(segment).replace(/%28/g, "(").replace(/%29/g, ")").replace(/%27/g, "'").replace(/%3D/g, "="),
    )
    .join("/");
}

/** Drops annotations the client did not ask for with Prefer: odata.include-annotations (Dataverse sends none by default). */
function stripAnnotations(row: Row, patterns: string[]): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) {
    const at = key.indexOf("@");
    if (at > 0 && !annotationWanted(key.slice(at + 1), patterns)) continue;
    out[key] = value;
  }
  return out;
}
