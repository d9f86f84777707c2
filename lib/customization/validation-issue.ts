// What project validation reports: one issue with its severity, code, place and a message saying how to fix it.
// Shared by the project checks (./validate.ts) and the filter checks (./validate-filters.ts).
import type { FormsValidationCode } from "@/lib/forms/issue";

export type Severity = "error" | "warning" | "info";

export type ValidationCode =
  | "no_tables"
  | "no_roles"
  | "role_unknown"
  | "role_unverified"
  | "roles_unchecked"
  | "table_missing"
  | "table_not_offline_enabled"
  | "column_missing"
  | "column_unverified"
  | "column_not_readable"
  | "used_column_not_selected"
  | "readonly_column_not_selected"
  | "required_column_not_selected"
  | "required_column_read_only"
  | "permission_needs_read"
  | "lookup_target_not_in_project"
  | "lookup_target_online_only"
  | "too_many_tables"
  | "too_many_relationships"
  | "rows_over_hard_limit"
  | "rows_over_advised"
  // From the filters module (lib/filters/validate.ts): a table's sync filter, a view's filter, across tables.
  | "filter_sync"
  | "filter_view"
  | "filter_consistency"
  // From the forms module (lib/forms/validate.ts): views, forms and their rules.
  | FormsValidationCode;

export interface ValidationIssue {
  /** Stable across runs and edits of unrelated parts: the UI keys and dismisses by it. */
  id: string;
  severity: Severity;
  code: ValidationCode;
  table?: string;
  column?: string;
  /** Says what is wrong and how to fix it. */
  message: string;
  /** Where to jump in the UI: "tables/contact/columns/fax". */
  path: string;
  /**
   * The inputs that raise the issue (a limit and the count over it, a column's flags), when the message says
   * more than the cause. Its fingerprint (./issue-review.ts) hashes this, or the message when absent, so an
   * acknowledged warning is raised again when what causes it changes.
   */
  cause?: IssueCause;
}

export type IssueCause = Readonly<Record<string, string | number | boolean | null | readonly string[]>>;
