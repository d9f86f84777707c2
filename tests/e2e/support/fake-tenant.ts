// The end-to-end run's Entra tenant and Dataverse org over HTTPS (tests/support/https-tenant.ts), as a process of
// its own beside the portal: prints one JSON line (HttpsTenantInfo plus the device user's object id) once it
// listens, and stops on SIGTERM. Its one user, Alex, is a Salesperson in the org (the stand-in's directory).
import { startHttpsTenant, type HttpsTenantInfo } from "../../support/https-tenant";
import { guidFor } from "../../support/dataverse-standin";
import type { MutableToken } from "oauth2-mock-server";
import { E2E_DEVICE_AUDIENCE } from "./state";

const tenant = await startHttpsTenant({ realTables: ["contact"] });
const userObjectId = guidFor("aad:alex");
// Every token the issuer signs carries this user: the reference client's and the portal's app token alike
// (the stand-in answers the app's queries by its appid, the device API's by the device token's oid).
tenant.oidc.setUser({ oid: userObjectId, preferred_username: "alex@contoso.test", name: "Alex Seller" });
// A delegated Entra token for the device API carries the user's sign-in name; so do these (after app-tokens.ts set aud).
tenant.oidc.server.service.on("beforeTokenSigning", (token: MutableToken) => {
  if (token.payload.aud === E2E_DEVICE_AUDIENCE) Object.assign(token.payload, { preferred_username: "alex@contoso.test", name: "Alex Seller" });
});
const info: HttpsTenantInfo = {
  origin: tenant.origin,
  tenantId: tenant.tenantId,
  clientId: tenant.clientId,
  clientSecret: tenant.clientSecret,
  issuer: tenant.issuer,
  tokenEndpoint: tenant.tokenEndpoint,
  jwksUri: tenant.jwksUri,
  caFile: tenant.caFile,
};
process.stdout.write(`${JSON.stringify({ ...info, userObjectId })}\n`);

const stop = () => {
  void tenant.close().finally(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
