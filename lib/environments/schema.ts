// The inputs of the environment screens: name, org URL, tenant and app registration, client secret.
// Safe to import anywhere (browser forms use the same rules as the server).
import { z } from "zod";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The Dataverse org hosts Microsoft documents: <org>.crm[N].dynamics.com (commercial and GCC),
 * .dynamics.us / .crm.appsplatform.us (GCC High, DoD), .dynamics.cn (China), .crm.microsoftdynamics.de.
 */
export const ORG_HOST_SUFFIXES = [
  ".dynamics.com",
  ".dynamics.us",
  ".appsplatform.us",
  ".dynamics.cn",
  ".microsoftdynamics.de",
] as const;

export const ORG_URL_HINT = "https://<org>.crm.dynamics.com (or another Dynamics 365 cloud host)";

/** The origin of an org URL if it has the documented shape, else a reason. */
export function checkOrgUrl(text: string): { ok: true; origin: string } | { ok: false; reason: string } {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { ok: false, reason: `must be an absolute URL such as ${ORG_URL_HINT}` };
  }
  const host = url.hostname.toLowerCase();
  if (url.protocol !== "https:") return { ok: false, reason: "must start with https://" };
  if (url.username || url.password) return { ok: false, reason: "must not contain a user name or password" };
  if (!ORG_HOST_SUFFIXES.some((suffix) => host.endsWith(suffix) && host.length > suffix.length)) {
    return { ok: false, reason: `must be a Dataverse org such as ${ORG_URL_HINT}` };
  }
  return { ok: true, origin: url.origin };
}

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => (v === "" ? null : v))
    .nullable()
    .optional();

const optionalGuid = (what: string) =>
  z
    .string()
    .trim()
    .refine((v) => v === "" || GUID.test(v), {
      message: `must be the ${what}, a GUID such as 8a0e6f4c-1b2d-4e5f-9a8b-7c6d5e4f3a2b`,
    })
    .transform((v) => (v === "" ? null : v.toLowerCase()))
    .nullable()
    .optional();

export const EnvironmentNameSchema = z
  .string()
  .trim()
  .min(1, { message: "is required" })
  .max(100, { message: "must be at most 100 characters" });

/** The connection fields shared by create and edit; empty strings mean "not set". */
const ConnectionFields = {
  orgUrl: optionalText(300).superRefine((value, ctx) => {
    if (value == null) return;
    const checked = checkOrgUrl(value);
    if (!checked.ok) ctx.addIssue({ code: "custom", message: checked.reason });
  }),
  tenantId: optionalGuid("directory (tenant) id"),
  clientId: optionalGuid("application (client) id"),
};

export const CreateEnvironmentSchema = z.object({
  name: EnvironmentNameSchema,
  ...ConnectionFields,
  clientSecret: z.string().max(1000).optional(),
});
export type CreateEnvironmentInput = z.input<typeof CreateEnvironmentSchema>;

export const UpdateEnvironmentSchema = z.object({
  environmentId: z.string().min(1),
  /** The revision the form was loaded at: a save over someone else's newer change is refused. */
  revision: z.number().int().min(1),
  name: EnvironmentNameSchema,
  ...ConnectionFields,
});
export type UpdateEnvironmentInput = z.input<typeof UpdateEnvironmentSchema>;

export const ReplaceSecretSchema = z.object({
  environmentId: z.string().min(1),
  clientSecret: z.string().min(1, { message: "is required" }).max(1000),
});

export const EnvironmentIdSchema = z.object({ environmentId: z.string().min(1) });
