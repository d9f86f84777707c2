// Validation of a project's views and forms against the metadata snapshot and the project's other tables: lookup
// picker views, associated lists, columns Dataverse requires on create, hidden required fields, map tabs, row
// styles. Pure; lib/customization/validate.ts runs it for the validation panel, publishing and the CLI.
// (Whether each used column exists and is selected is checked there, through the locked columns.)
import type { TableConfig } from "@/lib/customization/schema";
import { createRequirement } from "@/lib/customization/required-for-create";
import type { SnapshotIndex } from "@/lib/customization/snapshot-index";
import { type Column, type MetadataDocument, type Relationship, type Table } from "@/lib/metadata/schema";
import { columnName, quotedName, tableName } from "@/lib/metadata/naming";
import type { Form, View } from "@/lib/forms/schema";
import { formFields } from "@/lib/forms/walk";
import { canStyleRows } from "@/lib/forms/row-style";
import { formPath, viewPath, type FormsIssue } from "@/lib/forms/issue";
import { rulesValidationIssues } from "@/lib/forms/rules/validate";

const NUMERIC: ReadonlySet<Column["type"]> = new Set(["double", "decimal", "integer", "bigint"]);
const LOOKUP: ReadonlySet<Column["type"]> = new Set(["lookup", "customer", "owner"]);

function label(column: Column | undefined, logicalName: string): string {
  return quotedName(columnName(column, logicalName));
}

/** The relationships of the snapshot by schema name (built once per snapshot object). */
const relationshipCache = new WeakMap<MetadataDocument, Map<string, Relationship>>();
function relationshipsOf(snapshot: MetadataDocument): Map<string, Relationship> {
  let map = relationshipCache.get(snapshot);
  if (!map) {
    map = new Map(snapshot.relationships.map((r) => [r.schemaName, r]));
    relationshipCache.set(snapshot, map);
  }
  return map;
}

/** Whether `rel` relates `table` to its rows of `other` as an associated list shows them. */
function relates(rel: Relationship, table: string, other: string): boolean {
  if (rel.kind === "one-to-many") return rel.referencedTable === table && rel.referencingTable === other;
  return (rel.table1 === table && rel.table2 === other) || (rel.table2 === table && rel.table1 === other);
}

/** Every problem of the views and forms of every table of the project. */
export function formsValidationIssues(
  tables: readonly TableConfig[],
  snapshot: MetadataDocument,
  index: SnapshotIndex,
): FormsIssue[] {
  const configs = new Map(tables.map((t) => [t.tableName, t]));
  const issues: FormsIssue[] = [];
  for (const config of tables) {
    const entry = index.tables.get(config.tableName);
    if (!entry) continue; // the table's own check reports it
    for (const view of config.views) checkView(config, view, entry.columns, issues);
    for (const form of config.forms) checkForm(config, form, entry, configs, snapshot, issues);
    if (config.forms.length > 0 && !config.forms.some((f) => f.kind === "main")) {
      issues.push({
        severity: "warning",
        code: "table_no_main_form",
        table: config.tableName,
        message: `${quotedName(tableName(entry.table, config.tableName))} has forms but no main form: the device opens rows with a generated form; add a main form`,
        path: ["tables", config.tableName, "forms"].join("/"),
        discriminator: "",
      });
    }
  }
  return issues;
}

function checkView(config: TableConfig, view: View, columns: Map<string, Column>, issues: FormsIssue[]): void {
  if (!view.rowStyle) return;
  const column = columns.get(view.rowStyle.column);
  const path = viewPath(config.tableName, view.id);
  if (!column) return; // reported as a missing used column
  if (!canStyleRows(column)) {
    issues.push({
      severity: "error",
      code: "view_row_style_invalid",
      table: config.tableName,
      column: column.logicalName,
      message: `View '${view.name}' colours rows by ${label(column, column.logicalName)}, which is not a choice column: pick a choice column`,
      path,
      discriminator: view.id,
    });
    return;
  }
  if (column.optionSet.unresolved) return;
  const values = new Set(column.optionSet.options.map((o) => o.value));
  for (const option of view.rowStyle.options) {
    if (values.has(option.value)) continue;
    issues.push({
      severity: "error",
      code: "view_row_style_invalid",
      table: config.tableName,
      column: column.logicalName,
      message: `View '${view.name}' styles option value ${option.value} of ${label(column, column.logicalName)}, which the column does not have: remove it`,
      path,
      discriminator: `${view.id}:${option.value}`,
    });
  }
}

function checkForm(
  config: TableConfig,
  form: Form,
  entry: { table: Table; columns: Map<string, Column> },
  configs: Map<string, TableConfig>,
  snapshot: MetadataDocument,
  issues: FormsIssue[],
): void {
  const name = config.tableName;
  const { table, columns } = entry;
  const push = (issue: Omit<FormsIssue, "table">) => issues.push({ table: name, ...issue });
  const placed = formFields(form);

  if (form.tabs.length === 0) {
    push({
      severity: "warning",
      code: "form_empty",
      message: `Form '${form.name}' has no tabs: add a tab with the fields the user needs`,
      path: formPath(name, form.id),
      discriminator: form.id,
    });
  }

  // Columns Dataverse needs to create a row must be on the forms that create rows.
  if (config.permissions.create && (form.kind === "main" || form.kind === "quickCreate")) {
    const onForm = new Set(placed.map((p) => p.field.column));
    for (const h of form.header) onForm.add(h.column);
    for (const column of table.columns) {
      if (!createRequirement(column, table) || onForm.has(column.logicalName)) continue;
      push({
        severity: "error",
        code: "form_required_column_missing",
        column: column.logicalName,
        message: `Dataverse requires ${label(column, column.logicalName)} to create a row, but ${form.kind === "main" ? "main" : "quick-create"} form '${form.name}' does not show it: add it to the form or turn off create`,
        path: formPath(name, form.id),
        discriminator: form.id,
      });
    }
  }

  for (const { field } of placed) {
    const column = columns.get(field.column);
    const path = formPath(name, form.id, field.id);
    if (!column) continue; // reported as a missing used column
    const required = field.required || createRequirement(column, table) !== undefined;
    if (field.hidden && required) {
      push({
        severity: "error",
        code: "form_hidden_required",
        column: column.logicalName,
        message: `Field ${label(column, column.logicalName)} on form '${form.name}' is required but hidden: the user could never fill it in, so rows could not be saved; show it, or make it optional`,
        path,
        discriminator: `${form.id}:${field.id}`,
      });
    }
    if (field.lookupView) checkLookupView(form, field.id, field.lookupView, column, configs, path, push);
  }

  issues.push(...rulesValidationIssues({ config, form, table, columns, configs, snapshot }));

  const relationships = relationshipsOf(snapshot);
  for (const tab of form.tabs) {
    const path = formPath(name, form.id, tab.id);
    if (tab.kind === "associated") {
      const rel = relationships.get(tab.relationship);
      if (!rel || !relates(rel, name, tab.table)) {
        push({
          severity: "error",
          code: "form_associated_relationship_missing",
          message: `Tab '${tab.label}' of form '${form.name}' lists '${tab.table}' rows through relationship '${tab.relationship}', which does not relate '${name}' to '${tab.table}' in the snapshot: pick another relationship`,
          path,
          discriminator: `${form.id}:${tab.id}`,
        });
        continue;
      }
      const other = configs.get(tab.table);
      if (!other) {
        push({
          severity: "error",
          code: "form_associated_table_not_in_project",
          message: `Tab '${tab.label}' of form '${form.name}' lists '${tab.table}' rows, but '${tab.table}' is not in the project: add the table or remove the tab`,
          path,
          discriminator: `${form.id}:${tab.id}`,
        });
        continue;
      }
      if (other.syncMode === "online") {
        push({
          severity: "warning",
          code: "form_associated_table_online_only",
          message: `Tab '${tab.label}' of form '${form.name}' lists '${tab.table}' rows, which are online only: the list is empty without a connection`,
          path,
          discriminator: `${form.id}:${tab.id}`,
        });
      }
      if (tab.view && !other.views.some((v) => v.id === tab.view)) {
        push({
          severity: "error",
          code: "form_associated_view_invalid",
          message: `Tab '${tab.label}' of form '${form.name}' shows a view that '${tab.table}' does not have (it was deleted?): pick one of its views`,
          path,
          discriminator: `${form.id}:${tab.id}`,
        });
      }
    } else if (tab.kind === "map") {
      for (const columnName of [tab.latitude, tab.longitude]) {
        const column = columns.get(columnName);
        if (!column || NUMERIC.has(column.type)) continue;
        push({
          severity: "error",
          code: "form_map_column_invalid",
          column: columnName,
          message: `Map tab '${tab.label}' of form '${form.name}' reads ${label(column, columnName)} as a coordinate, but it is not a number column: pick the latitude and longitude columns`,
          path,
          discriminator: `${form.id}:${tab.id}`,
        });
      }
    }
  }
}

function checkLookupView(
  form: Form,
  fieldId: string,
  viewId: string,
  column: Column,
  configs: Map<string, TableConfig>,
  path: string,
  push: (issue: Omit<FormsIssue, "table">) => void,
): void {
  if (!LOOKUP.has(column.type)) {
    push({
      severity: "error",
      code: "form_field_not_lookup",
      column: column.logicalName,
      message: `Field ${label(column, column.logicalName)} on form '${form.name}' has a picker view, but it is not a lookup: remove the picker view`,
      path,
      discriminator: `${form.id}:${fieldId}`,
    });
    return;
  }
  const targets = column.targets ?? [];
  const owner = targets.find((t) => configs.get(t)?.views.some((v) => v.id === viewId));
  if (!owner) {
    push({
      severity: "error",
      code: "form_lookup_view_invalid",
      column: column.logicalName,
      message: `The picker of ${label(column, column.logicalName)} on form '${form.name}' shows a view that is not a view of ${targets.map((t) => `'${t}'`).join(" or ") || "its target table"} in the project: pick one of the target table's views`,
      path,
      discriminator: `${form.id}:${fieldId}`,
    });
  }
}
