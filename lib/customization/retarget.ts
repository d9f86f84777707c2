// What re-targeting a project to a newer metadata snapshot changes for THIS project (not the whole org
// diff): worded for the confirmation dialog, with the same severities as validation.
import { labelOf, type Column, type MetadataDocument } from "@/lib/metadata/schema";
import { quotedName, tableName } from "@/lib/metadata/naming";
import type { FilterGroup } from "@/lib/filters/schema";
import type { ProjectDocument, TableConfig } from "./schema";
import { indexSnapshot, isLookup, type SnapshotIndex, type TableIndex } from "./snapshot-index";
import { conditionsWithTable } from "./filter-usage";
import { lockedColumns } from "./locked-columns";
import { isRequiredForCreate } from "./required-for-create";
import { tablePath } from "./config-path";
import { columnLabel, type Severity } from "./validate";
import { countOf } from "@/lib/format/count";

export type RetargetChangeKind =
  | "table_removed"
  | "column_removed"
  | "column_type_changed"
  | "lookup_target_removed"
  | "column_now_required"
  | "column_no_longer_required"
  | "new_required_column"
  | "option_removed";

export interface RetargetChange {
  kind: RetargetChangeKind;
  /** error: the project has an error after re-targeting until the admin fixes it; warning / info: worth knowing. */
  severity: Severity;
  table: string;
  column?: string;
  message: string;
  path: string;
}

export interface RetargetImpact {
  changes: RetargetChange[];
  /** How many changes leave an error to fix (publishing is blocked until then). */
  errors: number;
  /** One line for the dialog's title, e.g. "4 changes for this project (2 need a fix)". */
  summary: string;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const OPTION_TYPES: ReadonlySet<Column["type"]> = new Set(["picklist", "multiselect", "state", "status", "boolean"]);

/** The changes between two snapshots that touch what `project` selects, requires or filters on. */
export function retargetImpact(
  project: ProjectDocument,
  oldSnapshot: MetadataDocument,
  newSnapshot: MetadataDocument,
): RetargetImpact {
  const oldIndex = indexSnapshot(oldSnapshot);
  const newIndex = indexSnapshot(newSnapshot);
  const changes: RetargetChange[] = [];
  const relatedTables = project.tables.filter((t) => t.syncMode === "offline" && t.syncFilter?.preset === "related");

  for (const config of project.tables) {
    const name = config.tableName;
    const before = oldIndex.tables.get(name);
    const after = newIndex.tables.get(name);
    if (!after) {
      changes.push({
        kind: "table_removed",
        severity: "error",
        table: name,
        message: `Table ${quotedName(tableName(before?.table, name))} is not in the new snapshot: it would have to leave the project`,
        path: tablePath(name),
      });
      continue;
    }
    const used = new Set([...config.columns, ...lockedColumns(config, after.table, relatedTables).keys()]);
    for (const columnName of used) columnChanges(name, columnName, before, after, changes);
    if (config.permissions.create) requiredChanges(config, before, after, changes);
    optionChanges(config, oldIndex, newIndex, changes);
  }

  changes.sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
      (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0),
  );
  const errors = changes.filter((c) => c.severity === "error").length;
  const summary =
    changes.length === 0
      ? "Nothing in this project changes with the new snapshot"
      : `${countOf(changes.length, "change")} for this project${errors > 0 ? ` (${errors} need${errors === 1 ? "s" : ""} a fix before publishing)` : ""}`;
  return { changes, errors, summary };
}

function columnChanges(
  table: string,
  columnName: string,
  before: TableIndex | undefined,
  after: TableIndex,
  changes: RetargetChange[],
): void {
  const oldColumn = before?.columns.get(columnName);
  const newColumn = after.columns.get(columnName);
  const path = tablePath(table, "columns", columnName);
  // A partial table (a solution's part of a system table) not listing a column says nothing about the org.
  if (!newColumn && after.table.partial) return;
  if (!newColumn) {
    changes.push({
      kind: "column_removed",
      severity: "error",
      table,
      column: columnName,
      message: `Column ${oldColumn ? columnLabel(oldColumn) : `'${columnName}'`} of '${table}' is not in the new snapshot: it would have to leave the selection (and every filter, view or form that uses it)`,
      path,
    });
    return;
  }
  if (!oldColumn) return;
  if (oldColumn.type !== newColumn.type) {
    changes.push({
      kind: "column_type_changed",
      severity: "warning",
      table,
      column: columnName,
      message: `Column ${columnLabel(newColumn)} of '${table}' changes type from ${oldColumn.type} to ${newColumn.type}: check the filters and forms that use it`,
      path,
    });
  } else if (isLookup(oldColumn) && isLookup(newColumn)) {
    const kept = new Set(newColumn.targets);
    const gone = (oldColumn.targets ?? []).filter((t) => !kept.has(t));
    if (gone.length > 0) {
      changes.push({
        kind: "lookup_target_removed",
        severity: "info",
        table,
        column: columnName,
        message: `Lookup ${columnLabel(newColumn)} of '${table}' no longer points to ${gone.map((t) => `'${t}'`).join(", ")}`,
        path,
      });
    }
  }
}

function requiredChanges(
  config: TableConfig,
  before: TableIndex | undefined,
  after: TableIndex,
  changes: RetargetChange[],
): void {
  // A table the old snapshot lacked was already an error; listing all its required columns says nothing new.
  if (!before) return;
  const name = config.tableName;
  const selected = new Set(config.columns);
  for (const column of after.table.columns) {
    const oldColumn = before.columns.get(column.logicalName);
    const wasRequired = !!oldColumn && isRequiredForCreate(oldColumn, before.table);
    const isRequired = isRequiredForCreate(column, after.table);
    const path = tablePath(name, "columns", column.logicalName);
    if (isRequired && !wasRequired) {
      const isNew = !oldColumn;
      const fine = selected.has(column.logicalName);
      changes.push({
        kind: isNew ? "new_required_column" : "column_now_required",
        severity: fine ? "info" : "error",
        table: name,
        column: column.logicalName,
        message:
          `${isNew ? "New column" : "Column"} ${columnLabel(column)} of '${name}' is ${isNew ? "" : "now "}required by Dataverse to create a row` +
          (fine ? " (already selected)" : ": select it or turn off create"),
        path,
      });
    }
  }
  for (const column of before.table.columns) {
    if (!selected.has(column.logicalName) || !isRequiredForCreate(column, before.table)) continue;
    const newColumn = after.columns.get(column.logicalName);
    if (newColumn && !isRequiredForCreate(newColumn, after.table)) {
      changes.push({
        kind: "column_no_longer_required",
        severity: "info",
        table: name,
        column: column.logicalName,
        message: `Column ${columnLabel(newColumn)} of '${name}' is no longer required to create a row: you may remove it from the selection`,
        path: tablePath(name, "columns", column.logicalName),
      });
    }
  }
}

/** Option values that a sync filter or view filter compares with and that the new snapshot no longer has. */
function optionChanges(
  config: TableConfig,
  oldIndex: SnapshotIndex,
  newIndex: SnapshotIndex,
  changes: RetargetChange[],
): void {
  const filters: Array<{ group: FilterGroup | undefined; where: string; path: string }> = [];
  if (config.syncMode === "offline")
    filters.push({
      group: config.syncFilter?.filter,
      where: "the sync filter",
      path: tablePath(config.tableName, "syncFilter"),
    });
  for (const view of config.views) {
    filters.push({
      group: view.filter,
      where: `the filter of view '${view.name}'`,
      path: tablePath(config.tableName, "views", view.id),
    });
  }
  for (const { group, where, path } of filters) {
    for (const { table, condition } of conditionsWithTable(group, config.tableName)) {
      const oldColumn = oldIndex.tables.get(table)?.columns.get(condition.column);
      const newColumn = newIndex.tables.get(table)?.columns.get(condition.column);
      if (!oldColumn?.optionSet || !newColumn || !OPTION_TYPES.has(oldColumn.type)) continue;
      const oldOptions = new Map(oldColumn.optionSet.options.map((o) => [String(o.value), o]));
      const newValues = new Set((newColumn.optionSet?.options ?? []).map((o) => String(o.value)));
      for (const value of condition.values) {
        const option = oldOptions.get(value);
        if (!option || newValues.has(value)) continue;
        changes.push({
          kind: "option_removed",
          severity: "error",
          table: config.tableName,
          column: condition.column,
          message: `Option '${labelOf(option.labels, value)}' (${value}) of ${columnLabel(newColumn)}${table !== config.tableName ? ` on '${table}'` : ""} is gone from the new snapshot, and ${where} of '${config.tableName}' compares with it: change the condition`,
          path,
        });
      }
    }
  }
}
