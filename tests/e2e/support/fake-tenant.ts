// The end-to-end run's Entra tenant and Dataverse org over HTTPS (tests/support/https-tenant.ts), as a process of
// its own beside the portal: prints one JSON line (HttpsTenantInfo plus the device user's object id) once it
// listens, and stops on SIGTERM. Its one user, Alex, is a Salesperson in the org (the stand-in's directory).
import { startHttpsTenant, type HttpsTenantInfo } from "../../support/https-tenant";
import { guidFor } from "../../support/dataverse-standin";

const tenant = await startHttpsTenant({ realTables: ["contact"] });
const userObjectId = guidFor("aad:alex");
// Alex is who signs in (the reference device client's authorization-code sign-in: a delegated token for the
// device API's audience with Alex's oid and names), and every token carries Alex's oid, the portal's app token
// too (the stand-in answers the app's queries by its appid, the device API's by the device token's oid).
tenant.oidc.setUser({ oid: userObjectId, preferred_username: "alex@contoso.test", name: "Alex Seller" });
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
