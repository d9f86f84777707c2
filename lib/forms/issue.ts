// The shape of a views-and-forms validation problem and the paths that point at a form's elements, shared by
// lib/forms/validate.ts and lib/forms/rules/validate.ts. lib/customization/validate.ts turns them into issues.

export type FormsValidationCode =
  | "form_required_column_missing"
  | "form_hidden_required"
  | "form_lookup_view_invalid"
  | "form_associated_relationship_missing"
  | "form_associated_table_not_in_project"
  | "form_associated_table_online_only"
  | "form_associated_view_invalid"
  | "form_map_column_invalid"
  | "form_field_not_lookup"
  | "form_empty"
  | "view_row_style_invalid"
  | "table_no_main_form"
  | "rule_reference_invalid"
  | "rule_condition_invalid"
  | "rule_value_invalid"
  | "rule_cycle"
  | "rule_never_fires"
  | "rule_hides_required"
  | "rule_optional_required";

export interface FormsIssue {
  severity: "error" | "warning" | "info";
  code: FormsValidationCode;
  table: string;
  column?: string;
  message: string;
  /** "tables/contact/forms/<form id>/<element id>" or "tables/contact/views/<view id>". */
  path: string;
  /** Makes the issue's id unique among issues of the same code, table and column. */
  discriminator: string;
}

/** Where an element of a form or a view sits, for the panel's links: the designer opens at that element. */
export function formPath(table: string, formId: string, elementId?: string): string {
  return ["tables", table, "forms", formId, ...(elementId ? [elementId] : [])].join("/");
}
export function viewPath(table: string, viewId: string): string {
  return ["tables", table, "views", viewId].join("/");
}
