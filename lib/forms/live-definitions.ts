// Reads one table's forms and views from a live org through the Web API (systemforms, savedqueries), on demand:
// a live snapshot keeps no forms, so the designer always sees the org's current definitions.
import type { DataverseClient } from "@/lib/dataverse/client";
import { LogicalNameSchema } from "@/lib/customization/schema-blocks";
import { AppError } from "@/lib/app-error";
import { formsFromWebApi, viewsFromWebApi, type OrgDefinitions } from "@/lib/metadata/org-definitions";

export const SYSTEMFORM_SELECT = "formid,name,type,formxml,objecttypecode,formactivationstate";
export const SAVEDQUERY_SELECT = "savedqueryid,name,querytype,fetchxml,layoutxml,isdefault,returnedtypecode";

export function systemformsPath(table: string): string {
  return `systemforms?$filter=objecttypecode eq '${table}'&$select=${SYSTEMFORM_SELECT}`;
}

export function savedqueriesPath(table: string): string {
  return `savedqueries?$filter=returnedtypecode eq '${table}'&$select=${SAVEDQUERY_SELECT}`;
}

/** The table's forms and views as the org has them now. */
export async function readLiveOrgDefinitions(
  client: DataverseClient,
  table: string,
  options: { signal?: AbortSignal } = {},
): Promise<OrgDefinitions> {
  // The name goes into an OData string literal: only a logical name may.
  if (!LogicalNameSchema.safeParse(table).success) throw new AppError("invalid", `'${table}' is not a table name.`);
  const [forms, views] = await Promise.all([
    client.getAllPages(systemformsPath(table), { signal: options.signal }),
    client.getAllPages(savedqueriesPath(table), { signal: options.signal }),
  ]);
  return { forms: formsFromWebApi(forms, table), views: viewsFromWebApi(views, table) };
}
