// A Microsoft Entra tenant and its Dataverse org for a portal that runs in another process (the end-to-end
// server), on one HTTPS origin on 127.0.0.1 with a self-signed certificate:
//   https://127.0.0.1:PORT/<tenant>/v2.0/...   the test OpenID Connect server (discovery, sign-in, token, JWKS)
//   https://127.0.0.1:PORT/api/data/v9.2/...   the Dataverse Web API stand-in (org URL https://127.0.0.1:PORT)
// msal-node refuses http:// authorities and the portal's production code takes no test hooks, so the portal is
// pointed at it the way it would be at a sovereign cloud: ENTRA_AUTHORITY_HOST=<origin>, the org URL, and
// NODE_EXTRA_CA_CERTS=<caFile> so Node trusts the certificate. The front forwards each request, unchanged but for
// the path prefix, to the two local http servers.
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { startOidcServer, type OidcTestServer } from "./oidc-server";
import { enableAppTokens, type AppTokens } from "./dataverse-standin/app-tokens";
import { startDataverseStandin, type DataverseStandin, type DataverseStandinOptions } from "./dataverse-standin";

export interface HttpsTenantInfo {
  /** https://127.0.0.1:PORT: the authority host and the org URL. */
  origin: string;
  tenantId: string;
  /** The portal's app registration at this tenant (client credentials for the Web API). */
  clientId: string;
  clientSecret: string;
  /** https://127.0.0.1:PORT/<tenant>/v2.0, the `iss` of every token. */
  issuer: string;
  tokenEndpoint: string;
  jwksUri: string;
  /** PEM of the self-signed certificate, for NODE_EXTRA_CA_CERTS. */
  caFile: string;
}

export interface HttpsTenant extends HttpsTenantInfo {
  oidc: OidcTestServer;
  tokens: AppTokens;
  standin: DataverseStandin;
  close(): Promise<void>;
}

/** A key and a self-signed certificate for 127.0.0.1 and localhost (openssl, valid two days). */
export function createSelfSignedCertificate(dir: string): { keyFile: string; certFile: string } {
  const keyFile = path.join(dir, "tls-key.pem");
  const certFile = path.join(dir, "tls-cert.pem");
  const args = ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2"];
  args.push(
    "-subj",
    "/CN=Syncwright test tenant",
    "-addext",
    "subjectAltName=IP:127.0.0.1,DNS:localhost",
    "-keyout",
    keyFile,
    "-out",
    certFile,
  );
  const run = spawnSync("openssl", args, { encoding: "utf8" });
  if (run.status !== 0)
    throw new Error(
      `openssl could not make the test certificate (${run.error?.message ?? `exit ${run.status}`}): ${run.stderr}`,
    );
  return { keyFile, certFile };
}

/** Sends the request on to `target` (an http origin) with `targetPath`, and its answer back. */
function forward(req: http.IncomingMessage, res: http.ServerResponse, target: string, targetPath: string): void {
  const url = new URL(target);
  const upstream = http.request(
    {
      host: url.hostname,
      port: url.port,
      method: req.method,
      path: targetPath,
      headers: { ...req.headers, host: url.host },
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on("error", (error) => {
    if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
    res.end(`The test tenant's front could not reach ${target}: ${error.message}`);
  });
  req.pipe(upstream);
}

export async function startHttpsTenant(
  options: Pick<DataverseStandinOptions, "realTables" | "directory" | "rows"> = {},
): Promise<HttpsTenant> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "syncwright-tenant-"));
  const { keyFile, certFile } = createSelfSignedCertificate(dir);
  const tenantId = randomUUID();
  const prefix = `/${tenantId}/v2.0`;
  let oidcOrigin = "";
  let standinOrigin = "";

  const front = https.createServer({ key: fs.readFileSync(keyFile), cert: fs.readFileSync(certFile) }, (req, res) => {
    const target = req.url ?? "/";
    if (target === prefix || target.startsWith(`${prefix}/`) || target.startsWith(`${prefix}?`))
      forward(req, res, oidcOrigin, target.slice(prefix.length) || "/");
    else if (target.startsWith("/api/data/")) forward(req, res, standinOrigin, target);
    else {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          error: "not_found",
          error_description: `The test tenant serves ${prefix}/... and /api/data/..., not ${target}`,
        }),
      );
    }
  });
  await new Promise<void>((resolve) => front.listen(0, "127.0.0.1", resolve));
  const origin = `https://127.0.0.1:${(front.address() as AddressInfo).port}`;
  const issuer = `${origin}${prefix}`;

  const oidc = await startOidcServer({ tenantId, issuerUrl: issuer });
  oidcOrigin = oidc.localOrigin;
  const tokens = enableAppTokens(oidc);
  const standin = await startDataverseStandin({
    ...options,
    issuer,
    jwksUri: `${oidc.localOrigin}/jwks`,
    publicOrigin: origin,
  });
  standinOrigin = standin.localUrl;

  return {
    origin,
    tenantId,
    clientId: oidc.clientId,
    clientSecret: "test-client-secret",
    issuer,
    tokenEndpoint: `${issuer}/token`,
    jwksUri: `${issuer}/jwks`,
    caFile: certFile,
    oidc,
    tokens,
    standin,
    async close() {
      const closed = new Promise<void>((resolve) => front.close(() => resolve()));
      front.closeAllConnections();
      await closed;
      await standin.close();
      await oidc.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
