// Inputs and outputs of "import from the org" (the designer's modal and its server actions). Safe anywhere.
import { z } from "zod";
import { LogicalNameSchema } from "@/lib/customization/schema-blocks";
import type { FormCounts, OrgFormKind, SkippedItem } from "@/lib/forms/import-form";
import type { Form, View, ViewColumn, ViewSort } from "@/lib/forms/schema";

const LanguageCodeSchema = z.number().int().min(1).max(99_999).optional().describe("The admin's language (LCID).");

export const OrgCatalogRequestSchema = z.strictObject({
  projectId: z.string().min(1).max(100),
  table: LogicalNameSchema,
  languageCode: LanguageCodeSchema,
});
export type OrgCatalogRequest = z.infer<typeof OrgCatalogRequestSchema>;

export const OrgDefinitionRequestSchema = OrgCatalogRequestSchema.extend({
  id: z
    .string()
    .min(1)
    .max(40)
    .regex(/^\{?[0-9a-fA-F-]{36}\}?$/, "A form or view id is a GUID"),
});
export type OrgDefinitionRequest = z.infer<typeof OrgDefinitionRequestSchema>;

export interface OrgFormSummary {
  id: string;
  name: string;
  kind: OrgFormKind;
  active: boolean;
  counts: FormCounts;
  skipped: SkippedItem[];
  importable: boolean;
  notImportableReason?: string;
}

export interface OrgViewSummary {
  id: string;
  name: string;
  /** The org's kind: public, lookup, associated, quickFind, advancedFind, ... */
  kind: string;
  quickFind: boolean;
  orgDefault: boolean;
  columns: ViewColumn[];
  sort: ViewSort[];
  hasFilter: boolean;
  skipped: SkippedItem[];
  importable: boolean;
  notImportableReason?: string;
}

export interface OrgCatalog {
  table: string;
  /** Where the definitions came from: kept with the snapshot (solution import) or read from the org just now. */
  source: "snapshot" | "org";
  forms: OrgFormSummary[];
  views: OrgViewSummary[];
  /** Dashboards, task flows and other forms a device never opens: how many were left out of `forms`. */
  otherForms: number;
}

export interface ImportedOrgForm {
  form: Form;
  skipped: SkippedItem[];
}

export interface ImportedOrgView {
  view: View;
  skipped: SkippedItem[];
}

/**
 * What the Forms and Views pages can say before the import modal opens: how many forms and views of the table the
 * snapshot keeps (a solution without them keeps none), or that they are read from the live org when asked.
 */
export type OrgDefinitionsAvailability = { source: "snapshot"; forms: number; views: number } | { source: "org" };
