// Makes the shared test OpenID Connect server (tests/support/oidc-server.ts) issue app-only tokens the way Entra
// does for "<resource>/.default" (aud = the resource, appid/azp = the client), and gives the DataverseClient and
// the stand-in what each needs to reach it. (Delegated tokens of a user's sign-in are oidc-server.ts's.)
import type { MutableToken } from "oauth2-mock-server";
import { TEST_AUTHORITY_HOST, resourceOfScope, type OidcTestServer } from "@/tests/support/oidc-server";
import type { DataverseClientOptions } from "@/lib/dataverse/client";

export interface AppTokens {
  /** Client-credentials grants the issuer has answered so far. */
  readonly tokenRequests: number;
  /** For startDataverseStandin: the issuer to trust and where its keys are. */
  standinAuth: { issuer: string; jwksUri: string };
  /** Spread into DataverseClientOptions (orgUrl and allowInsecureHttp still to add). */
  clientOptions(): Promise<
    Pick<DataverseClientOptions, "tenantId" | "clientId" | "clientSecret" | "authorityHost" | "msal">
  >;
}

export function enableAppTokens(oidc: OidcTestServer): AppTokens {
  let tokenRequests = 0;
  oidc.server.service.on("beforeTokenSigning", (token: MutableToken, req: { body?: unknown }) => {
    const body = (req.body ?? {}) as Record<string, string>;
    if (body.grant_type !== "client_credentials") return;
    tokenRequests++;
    const resource = resourceOfScope(body.scope);
    if (resource) token.payload.aud = resource;
    token.payload.appid = body.client_id;
    token.payload.azp = body.client_id;
    // Unique per grant, so a refreshed token is never byte-identical to the one it replaces.
    token.payload.jti = crypto.randomUUID();
  });
  return {
    get tokenRequests() {
      return tokenRequests;
    },
    standinAuth: { issuer: oidc.issuer, jwksUri: `${oidc.localOrigin}/jwks` },
    async clientOptions() {
      const { networkClient, authorityMetadata } = await oidc.msalOptions();
      return {
        tenantId: oidc.tenantId,
        clientId: oidc.clientId,
        clientSecret: "test-client-secret",
        authorityHost: TEST_AUTHORITY_HOST,
        msal: { networkClient, authorityMetadata },
      };
    },
  };
}
