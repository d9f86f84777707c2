// The short title of each validation issue code: what the panel leads an issue with (the message, which says
// what is wrong and how to fix it, sits behind it). One table, so a new code cannot ship without a title.
import type { ValidationCode, ValidationIssue } from "./validation-issue";

export const ISSUE_TITLES: Readonly<Record<ValidationCode, string>> = {
  no_tables: "Project has no tables",
  no_roles: "No security role",
  role_unknown: "Unknown security role",
  role_unverified: "Unverified security role",
  roles_unchecked: "Roles not checked",
  table_missing: "Table not in the snapshot",
  table_not_offline_enabled: "Table not enabled for offline",
  column_missing: "Column not in the snapshot",
  column_unverified: "Column cannot be checked",
  column_not_readable: "Column cannot be read",
  used_column_not_selected: "Used column not selected",
  readonly_column_not_selected: "Read-only column not selected",
  required_column_not_selected: "Required column not selected",
  required_column_read_only: "Required column is read-only",
  permission_needs_read: "Permissions need read",
  lookup_target_not_in_project: "Lookup target not in the project",
  lookup_target_online_only: "Lookup target is online only",
  too_many_tables: "Many offline tables",
  too_many_relationships: "Many relationships",
  rows_over_hard_limit: "Too many rows for a device",
  rows_over_advised: "Many rows for a first sync",
  filter_sync: "Sync filter problem",
  filter_view: "View filter problem",
  filter_consistency: "Filters disagree across tables",
  form_required_column_missing: "Form lacks a required column",
  form_hidden_required: "Required field is hidden",
  form_lookup_view_invalid: "Lookup view unusable",
  form_associated_relationship_missing: "Associated list has no relationship",
  form_associated_table_not_in_project: "Associated table not in the project",
  form_associated_table_online_only: "Associated table is online only",
  form_associated_view_invalid: "Associated list view unusable",
  form_map_column_invalid: "Map column unusable",
  form_field_not_lookup: "Field is not a lookup",
  form_empty: "Empty form",
  view_row_style_invalid: "Row colours unusable",
  table_no_main_form: "No main form",
  rule_reference_invalid: "Rule names something missing",
  rule_condition_invalid: "Rule condition invalid",
  rule_value_invalid: "Rule value invalid",
  rule_cycle: "Rules set each other in a cycle",
  rule_never_fires: "Rule never fires",
  rule_hides_required: "Rule hides a required field",
  rule_optional_required: "Rule makes a required field optional",
};

/** How a title names a column; screens pass one that gives the display name (lib/metadata/naming.ts). */
export type ColumnNamer = (table: string | undefined, column: string) => string;

/** The issue's short title: its code's, with the column it is about when it names one (by `columnName`). */
export function issueTitle(
  issue: { code: ValidationIssue["code"] | string; table?: string; column?: string },
  columnName: ColumnNamer = (_table, column) => column,
): string {
  const title = (ISSUE_TITLES as Readonly<Record<string, string>>)[issue.code] ?? issue.code;
  return issue.column ? `${title}: ${columnName(issue.table, issue.column)}` : title;
}
