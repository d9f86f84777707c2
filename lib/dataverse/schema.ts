// The connection to one Dataverse org (what an owner enters on the environment screen) and the shapes the Web API
// readers return. Safe to import anywhere.
import { z } from "zod";

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The org URL as an admin pastes it ("https://contoso.crm.dynamics.com/", maybe with "/main.aspx?..."), reduced to
 * its origin. Only https: a token for the org must never travel in clear text.
 */
export const OrgUrlSchema = z
  .string()
  .trim()
  .min(1, { message: "is required, e.g. https://contoso.crm.dynamics.com" })
  .transform((value, ctx) => {
    let url: URL;
    try {
      url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`);
    } catch {
      ctx.addIssue({ code: "custom", message: "must be the org URL, e.g. https://contoso.crm.dynamics.com" });
      return z.NEVER;
    }
    if (url.protocol !== "https:") {
      ctx.addIssue({ code: "custom", message: "must start with https://" });
      return z.NEVER;
    }
    return url.origin;
  });

export const DataverseConnectionSchema = z.object({
  orgUrl: OrgUrlSchema,
  tenantId: z.string().trim().regex(guid, { message: "must be the directory (tenant) id, a GUID" }),
  clientId: z.string().trim().regex(guid, { message: "must be the application (client) id, a GUID" }),
  clientSecret: z.string().min(1, { message: "is required" }),
});
export type DataverseConnection = z.infer<typeof DataverseConnectionSchema>;

/** One security role of the org. The same name exists once per business unit; templateId/rootRoleId tie them. */
export const SecurityRoleSchema = z.object({
  id: z.string(),
  name: z.string(),
  businessUnitId: z.string(),
  businessUnitName: z.string().optional(),
  /** Set for roles made from a system role template (System Administrator, Basic User, ...), absent for custom roles. */
  templateId: z.string().optional(),
  /** The root business unit's copy of this role: the same value in every business unit. */
  rootRoleId: z.string().optional(),
});
export type SecurityRole = z.infer<typeof SecurityRoleSchema>;
