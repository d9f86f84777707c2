"use server";
// Import from the org: the table's forms and views as the org defines them (kept with the snapshot or read from the
// live org), and one of them converted to the project's Form or View for the designer to start from. Editors only.
import { defineAction } from "@/app/_server/define-action";
import { getDb } from "@/lib/db/client";
import { loadOrgCatalog, loadOrgForm, loadOrgView } from "@/lib/forms/data";
import { OrgCatalogRequestSchema, OrgDefinitionRequestSchema } from "@/lib/forms/org-import-schema";

export const listOrgDefinitionsAction = defineAction(
  { permission: "edit", input: OrgCatalogRequestSchema },
  async (input) => loadOrgCatalog(getDb(), input),
);

export const importOrgFormAction = defineAction(
  { permission: "edit", input: OrgDefinitionRequestSchema },
  async (input) => loadOrgForm(getDb(), input),
);

export const importOrgViewAction = defineAction(
  { permission: "edit", input: OrgDefinitionRequestSchema },
  async (input) => loadOrgView(getDb(), input),
);
