// Which selected columns of a table config cannot be removed, and why (the UI shows the reasons), plus
// the normal form of a table config: every locked column selected, sets sorted, no meaningless fields.
import { formColumnUses } from "@/lib/forms/walk";
import { ruleColumnUses } from "@/lib/forms/rules/uses";
import type { Table } from "@/lib/metadata/schema";
import { DEFAULT_PERMISSIONS, type SyncMode, type TableConfig } from "./schema";
import { filterColumnUses, presetColumns } from "./filter-usage";
import { columnsRequiredForCreate } from "./required-for-create";

export type LockReasonKind =
  "primary-id" | "primary-name" | "sync-filter" | "related-source" | "view" | "view-filter" | "form";

export interface LockReason {
  kind: LockReasonKind;
  /** What the UI says, e.g. "shown in view 'Active contacts'". */
  text: string;
  /** Where the use sits, for a link: "tables/contact/views/Active contacts". */
  path: string;
}

/**
 * Every column of `config` that must stay selected, with each reason. `table` (the snapshot's table)
 * adds the primary id and name and limits preset columns to those the table has; `projectTables`
 * adds this table's lookups that another table's "related rows only" sync filter follows.
 */
export function lockedColumns(
  config: TableConfig,
  table?: Table,
  projectTables?: readonly TableConfig[],
): Map<string, LockReason[]> {
  const locked = new Map<string, LockReason[]>();
  const base = `tables/${config.tableName}`;
  const add = (column: string, reason: LockReason) => {
    const list = locked.get(column);
    if (!list) locked.set(column, [reason]);
    else if (!list.some((r) => r.text === reason.text)) list.push(reason);
  };

  // A partial table (a managed solution's view of a system table) may not name its primary columns.
  if (table?.primaryIdColumn) {
    add(table.primaryIdColumn, {
      kind: "primary-id",
      text: "the table's primary id: always on the device",
      path: base,
    });
  }
  if (table?.primaryNameColumn) {
    add(table.primaryNameColumn, {
      kind: "primary-name",
      text: "the table's primary name: always on the device",
      path: base,
    });
  }

  const filter = config.syncMode === "offline" ? config.syncFilter : undefined;
  if (filter) {
    const hasColumn = (name: string) => !table || table.partial || table.columns.some((c) => c.logicalName === name);
    for (const column of presetColumns(filter.preset)) {
      if (hasColumn(column))
        add(column, {
          kind: "sync-filter",
          text: `read by the sync filter's preset '${filter.preset}'`,
          path: `${base}/syncFilter`,
        });
    }
    for (const use of filterColumnUses(filter.filter, config.tableName)) {
      if (use.table === config.tableName && use.role !== "link-from") {
        add(use.column, { kind: "sync-filter", text: "used by the sync filter", path: `${base}/syncFilter` });
      }
    }
  }

  // "Related rows only" on another table reads a lookup column of this one.
  for (const other of projectTables ?? []) {
    if (other.syncMode !== "offline" || other.syncFilter?.preset !== "related") continue;
    for (const source of other.syncFilter.related?.sources ?? []) {
      if (source.table === config.tableName) {
        add(source.column, {
          kind: "related-source",
          text: `the sync filter of '${other.tableName}' (related rows only) follows it`,
          path: `tables/${other.tableName}/syncFilter`,
        });
      }
    }
  }

  for (const view of config.views) {
    const path = `${base}/views/${view.id}`;
    for (const { column } of view.columns) add(column, { kind: "view", text: `shown in view '${view.name}'`, path });
    for (const sort of view.sort) add(sort.column, { kind: "view", text: `sorts view '${view.name}'`, path });
    for (const use of filterColumnUses(view.filter, config.tableName)) {
      if (use.table === config.tableName && use.role !== "link-from") {
        add(use.column, { kind: "view-filter", text: `used by the filter of view '${view.name}'`, path });
      }
    }
  }

  for (const form of config.forms) {
    const path = `${base}/forms/${form.id}`;
    for (const use of formColumnUses(form)) {
      add(use.column, { kind: "form", text: `${use.what} of form '${form.name}'`, path });
    }
    for (const rule of form.rules) {
      for (const column of ruleColumnUses(rule)) {
        add(column, {
          kind: "form",
          text: `used by rule '${rule.name}' of form '${form.name}'`,
          path: `${path}/${rule.id}`,
        });
      }
    }
  }
  return locked;
}

const sortedUnique = (names: Iterable<string>) => [...new Set(names)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * The normal form saved and published: locked columns added to the selection, read-only columns
 * limited to selected ones (a deselected column has nothing to be read-only), an online-only table
 * without a sync filter, an offline one with an explicit filter (absent means "all rows").
 */
export function normalizeTableConfig(
  config: TableConfig,
  table?: Table,
  projectTables?: readonly TableConfig[],
): TableConfig {
  const columns = sortedUnique([...config.columns, ...lockedColumns(config, table, projectTables).keys()]);
  const selected = new Set(columns);
  const out: TableConfig = {
    ...config,
    columns,
    readOnlyColumns: sortedUnique(config.readOnlyColumns.filter((c) => selected.has(c))),
  };
  if (out.syncMode === "online") delete out.syncFilter;
  else if (!out.syncFilter) out.syncFilter = { preset: "all" };
  return out;
}

/**
 * A newly enabled table: its primary id and name plus the columns Dataverse requires on create (so the
 * default "create permitted" is valid at once), every row, nothing narrowed.
 */
export function newTableConfig(table: Table, syncMode: SyncMode = "offline"): TableConfig {
  const columns: string[] = [];
  for (const column of columnsRequiredForCreate(table)) columns.push(column.logicalName);
  const config: TableConfig = {
    tableName: table.logicalName,
    columns: sortedUnique(columns),
    syncMode,
    permissions: { ...DEFAULT_PERMISSIONS },
    readOnlyColumns: [],
    views: [],
    forms: [],
  };
  return normalizeTableConfig(config, table);
}
