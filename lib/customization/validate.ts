// Validation of a whole app project against a metadata snapshot: one pure function used by the editor's
// validation panel, the server before publishing, and the CLI. Errors block publishing; warnings do not.
import type { Column, MetadataDocument } from "@/lib/metadata/schema";
import { columnName, quotedName, tableName } from "@/lib/metadata/naming";
import { PERMISSION_NAMES, type ProjectDocument, type TableConfig } from "./schema";
import { indexSnapshot, isLookup, type SnapshotIndex } from "./snapshot-index";
import { lockedColumns } from "./locked-columns";
import { createRequirement } from "./required-for-create";
import { nameSegment, tablePath } from "./config-path";
import { filterValidationIssues } from "./validate-filters";
import { formsValidationIssues } from "@/lib/forms/validate";
import type { Severity, ValidationIssue } from "./validation-issue";
import { countOf } from "@/lib/format/count";
import { NO_ROLES_HELP, roleStatus, type KnownRoles } from "@/lib/environments/known-roles";

// The issue types live beside both checks (this module and ./validate-filters) so neither imports the other's.
export type { Severity, ValidationCode, ValidationIssue } from "./validation-issue";

export interface ValidateOptions {
  /** Estimated rows per table for the device (from the footprint preview); tables without one are not counted. */
  estimates?: Readonly<Record<string, number>>;
  /**
   * The security roles the project's environment knows (lib/environments/known-roles.ts). When given, each role of
   * the project is checked against them: one the org's own list lacks is an error, one the imported solutions do not
   * carry is a warning (unverified), and an environment that knows none gets one note instead of a warning a role.
   */
  knownRoles?: KnownRoles;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Issues in a fixed order: errors first, then by path, so the panel and the CLI never reshuffle. */
export function sortIssues(issues: ValidationIssue[]): ValidationIssue[] {
  return issues.sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** Collects issues, giving each a stable id and dropping repeats of the same id. */
export class IssueList {
  private readonly byId = new Map<string, ValidationIssue>();

  add(issue: Omit<ValidationIssue, "id">, discriminator?: string): void {
    const id = [issue.code, issue.table ?? "", issue.column ?? "", discriminator ?? ""].join(":");
    if (!this.byId.has(id)) this.byId.set(id, { id, ...issue });
  }

  /** An issue that comes with its own stable id (from another module's checks). */
  push(issue: ValidationIssue): void {
    if (!this.byId.has(issue.id)) this.byId.set(issue.id, issue);
  }

  list(): ValidationIssue[] {
    return sortIssues([...this.byId.values()]);
  }
}

/** "'Last Name' (lastname)" */
export function columnLabel(column: Column): string {
  return quotedName(columnName(column, column.logicalName));
}

const plural = (n: number, word: string) => countOf(n, word);

/**
 * Every problem of `project` against `snapshot`. Pure and fast: maps are built once (and cached per
 * snapshot object), every check is linear in the selected columns.
 */
export function validateProject(
  project: ProjectDocument,
  snapshot: MetadataDocument,
  options: ValidateOptions = {},
): ValidationIssue[] {
  const index = indexSnapshot(snapshot);
  const issues = new IssueList();
  const configs = new Map<string, TableConfig>();
  for (const config of project.tables) configs.set(config.tableName, config);
  // Only tables with "related rows only" lock columns of other tables; pass just those (no n x n scan).
  const relatedTables = project.tables.filter((t) => t.syncMode === "offline" && t.syncFilter?.preset === "related");
  const limits = project.settings.limits;
  const relationships = new Map<string, number>();
  const bump = (table: string) => relationships.set(table, (relationships.get(table) ?? 0) + 1);
  const systemLookups: SystemLookups = new Map();

  checkRoles(project, options, issues);
  if (project.tables.length === 0) {
    issues.add({
      severity: "warning",
      code: "no_tables",
      message: "The project has no tables yet: enable at least one table to publish something useful",
      path: "tables",
    });
  }

  for (const config of project.tables) {
    checkTable(config, index, configs, relatedTables, issues, bump, systemLookups);
  }
  reportSystemLookups(systemLookups, issues);

  countManyToMany(project, index, configs, bump);
  for (const [table, count] of relationships) {
    if (count > limits.maxRelationshipsPerTable) {
      issues.add({
        severity: "warning",
        code: "too_many_relationships",
        table,
        message: `${quotedName(tableName(index.tables.get(table)?.table, table))} has ${count} relationships to other tables of the project; a mobile client takes at most ${limits.maxRelationshipsPerTable} per table: remove lookup columns or tables`,
        path: tablePath(table, "columns"),
        cause: { count, limit: limits.maxRelationshipsPerTable },
      });
    }
  }

  const offline = project.tables.filter((t) => t.syncMode === "offline");
  if (offline.length >= limits.maxTablesAdvised) {
    issues.add({
      severity: "warning",
      code: "too_many_tables",
      message: `${plural(offline.length, "offline table")}: fewer than ${limits.maxTablesAdvised} are advised for a fast first sync; set some tables online only or remove them`,
      path: "tables",
      cause: { count: offline.length, limit: limits.maxTablesAdvised },
    });
  }
  checkRows(offline, options.estimates, limits, issues);
  for (const issue of filterValidationIssues(project, snapshot, index)) issues.push(issue);
  for (const { discriminator, ...issue } of formsValidationIssues(project.tables, snapshot, index)) {
    issues.add(issue, discriminator);
  }
  return issues.list();
}

function checkRoles(project: ProjectDocument, options: ValidateOptions, issues: IssueList): void {
  if (project.roles.length === 0) {
    issues.add({
      severity: "info",
      code: "no_roles",
      message: "No security role is assigned: no user gets this project until you add a role",
      path: "roles",
    });
  }
  const known = options.knownRoles;
  if (!known || project.roles.length === 0) return;
  if (known.source === "none") {
    issues.add({
      severity: "info",
      code: "roles_unchecked",
      message: NO_ROLES_HELP,
      path: "roles",
    });
    return;
  }
  for (const role of project.roles) {
    const status = roleStatus(role, known);
    const path = `roles/${nameSegment(role.roleName)}`;
    if (status === "unknown") {
      issues.add(
        {
          severity: "error",
          code: "role_unknown",
          message: `The org has no security role '${role.roleName}'${role.roleId ? ` with id ${role.roleId}` : ""}: no user gets the project through it. Pick a role from the org's list or remove it (refresh the org's roles on the environment's page if it was added since)`,
          path,
        },
        role.roleName.toLowerCase(),
      );
    } else if (status === "unverified") {
      issues.add(
        {
          severity: "warning",
          code: "role_unverified",
          message: `Security role '${role.roleName}' is unverified: none of the imported solutions carries it. If the org spells it differently, no user gets the project through it; check the spelling, or connect the org and refresh its roles to verify it`,
          path,
        },
        role.roleName.toLowerCase(),
      );
    }
  }
}

function checkTable(
  config: TableConfig,
  index: SnapshotIndex,
  configs: Map<string, TableConfig>,
  relatedTables: readonly TableConfig[],
  issues: IssueList,
  bump: (table: string) => void,
  systemLookups: SystemLookups,
): void {
  const name = config.tableName;
  const entry = index.tables.get(name);
  if (!entry) {
    issues.add({
      severity: "error",
      code: "table_missing",
      table: name,
      message: `Table '${name}' is not in the metadata snapshot (removed from the org, or not imported): remove it from the project or import metadata that has it`,
      path: tablePath(name),
    });
    return;
  }
  const { table, columns } = entry;
  // "'People' (contact)": the display name first, the logical name second (once, when there is no display name).
  const tableText = quotedName(tableName(table, name));
  const selected = new Set(config.columns);
  const readOnly = new Set(config.readOnlyColumns);

  if (config.syncMode === "offline" && table.offlineEnabled === false) {
    issues.add({
      severity: "warning",
      code: "table_not_offline_enabled",
      table: name,
      message: `Dataverse marks ${tableText} as not enabled for mobile offline: set it online only, or check that the app can store it`,
      path: tablePath(name, "syncMode"),
      cause: { syncMode: config.syncMode, offlineEnabled: false },
    });
  }

  for (const columnName of config.columns) {
    const column = columns.get(columnName);
    if (!column && table.partial) {
      issues.add(unverified(name, columnName, tablePath(name, "columns", columnName)));
      continue;
    }
    if (!column) {
      issues.add({
        severity: "error",
        code: "column_missing",
        table: name,
        column: columnName,
        message: `Column '${columnName}' of ${tableText} is not in the metadata snapshot (removed or renamed in the org?): remove it from the selection`,
        path: tablePath(name, "columns", columnName),
      });
      continue;
    }
    if (!column.validForRead) {
      issues.add({
        severity: "warning",
        code: "column_not_readable",
        table: name,
        column: columnName,
        message: `Dataverse does not allow reading ${columnLabel(column)} of ${tableText}: it never reaches the device; remove it from the selection`,
        path: tablePath(name, "columns", columnName),
        cause: { validForRead: false },
      });
    }
    if (isLookup(column)) {
      if (SYSTEM_LOOKUPS.has(columnName)) collectSystemLookup(config, column, configs, systemLookups);
      else
        checkLookup(config, column, configs, issues, bump, (t) => quotedName(tableName(index.tables.get(t)?.table, t)));
    }
  }

  for (const [columnName, reasons] of lockedColumns(config, table, relatedTables)) {
    const why = reasons.map((r) => r.text).join("; ");
    // A filter's unknown column is reported by the filter validation, with the condition's position.
    const onlyFilters = reasons.every((r) => r.kind === "sync-filter" || r.kind === "view-filter");
    if (!columns.has(columnName) && onlyFilters) continue;
    if (!columns.has(columnName) && table.partial) {
      issues.add(unverified(name, columnName, reasons[0].path));
    } else if (!columns.has(columnName)) {
      issues.add({
        severity: "error",
        code: "column_missing",
        table: name,
        column: columnName,
        message: `Column '${columnName}' of ${tableText} (${why}) is not in the metadata snapshot: change what uses it`,
        path: reasons[0].path,
      });
    } else if (!selected.has(columnName)) {
      issues.add({
        severity: "error",
        code: "used_column_not_selected",
        table: name,
        column: columnName,
        message: `${columnLabel(columns.get(columnName)!)} of ${tableText} is ${why}, but not selected: select it (saving the table adds it)`,
        path: tablePath(name, "columns", columnName),
      });
    }
  }

  for (const columnName of config.readOnlyColumns) {
    if (!selected.has(columnName)) {
      issues.add({
        severity: "error",
        code: "readonly_column_not_selected",
        table: name,
        column: columnName,
        message: `Column '${columnName}' of ${tableText} is marked read-only but not selected: select it or remove the read-only mark`,
        path: tablePath(name, "readOnlyColumns", columnName),
      });
    }
  }

  const p = config.permissions;
  const needRead = PERMISSION_NAMES.filter((perm) => perm !== "read" && perm !== "create" && p[perm]);
  if (!p.read && needRead.length > 0) {
    issues.add({
      severity: "error",
      code: "permission_needs_read",
      table: name,
      message: `${tableText} permits ${needRead.join(", ")} but not read: a user cannot change rows they cannot see; permit read or turn those off`,
      path: tablePath(name, "permissions", "read"),
    });
  }

  if (p.create) {
    for (const column of table.columns) {
      const requirement = createRequirement(column, table);
      if (!requirement) continue;
      if (!selected.has(column.logicalName)) {
        const consequence =
          requirement === "system"
            ? "so the server would refuse rows created on the device"
            : "so rows created on the device would lack a value the org requires (business required; Dataverse's forms enforce it, its API does not)";
        issues.add({
          severity: "error",
          code: "required_column_not_selected",
          table: name,
          column: column.logicalName,
          message: `Dataverse requires ${columnLabel(column)} to create a ${tableText} row and it is not selected, ${consequence}: select it or turn off create`,
          path: tablePath(name, "columns", column.logicalName),
        });
      } else if (readOnly.has(column.logicalName)) {
        issues.add({
          severity: "error",
          code: "required_column_read_only",
          table: name,
          column: column.logicalName,
          message: `Dataverse requires ${columnLabel(column)} to create a ${tableText} row, but it is read-only on the device: remove the read-only mark or turn off create`,
          path: tablePath(name, "readOnlyColumns", column.logicalName),
        });
      }
    }
  }
}

/**
 * Lookups every row has (who created, modified, owns it). They point to users, teams and business
 * units, which few projects take offline; one note per missing target says it instead of one per
 * table, and they do not count toward the relationships limit (the admin did not choose them).
 */
export const SYSTEM_LOOKUPS: ReadonlySet<string> = new Set([
  "createdby",
  "modifiedby",
  "createdonbehalfby",
  "modifiedonbehalfby",
  "owninguser",
  "owningteam",
  "owningbusinessunit",
  "ownerid",
]);

/** Missing target table -> the system lookups (table.column) that point to it. */
type SystemLookups = Map<string, string[]>;

function collectSystemLookup(
  config: TableConfig,
  column: Column,
  configs: Map<string, TableConfig>,
  systemLookups: SystemLookups,
): void {
  for (const target of column.targets ?? []) {
    if (configs.has(target)) continue;
    const list = systemLookups.get(target) ?? [];
    list.push(`${config.tableName}.${column.logicalName}`);
    systemLookups.set(target, list);
  }
}

function reportSystemLookups(systemLookups: SystemLookups, issues: IssueList): void {
  for (const [target, uses] of systemLookups) {
    const columns = [...new Set(uses.map((u) => u.slice(u.indexOf(".") + 1)))].sort();
    const tables = new Set(uses.map((u) => u.slice(0, u.indexOf("."))));
    const example = uses.length > 3 ? `${uses.slice(0, 3).join(", ")} and ${uses.length - 3} more` : uses.join(", ");
    issues.add(
      {
        severity: "info",
        code: "lookup_target_not_in_project",
        message: `'${target}' is not in the project: the system lookups that point to it (${columns.join(", ")} on ${plural(tables.size, "table")}: ${example}) show a name, but the ${target} row cannot be opened offline; add ${target} to open them`,
        path: "tables",
      },
      `system:${target}`,
    );
  }
}

/** A column a partial table does not list: it may well exist in the org, so a warning, not an error. */
function unverified(table: string, column: string, path: string): Omit<ValidationIssue, "id"> {
  return {
    severity: "warning",
    code: "column_unverified",
    table,
    column,
    message: `Column '${column}' of '${table}' cannot be checked: this snapshot holds only the columns a solution added to '${table}'; make sure it exists in the org, or import the org's full metadata`,
    path,
    cause: { partialTable: true },
  };
}

function checkLookup(
  config: TableConfig,
  column: Column,
  configs: Map<string, TableConfig>,
  issues: IssueList,
  bump: (table: string) => void,
  /** A table as messages name it: "'People' (contact)". */
  nameOf: (table: string) => string,
): void {
  const name = config.tableName;
  const targets = column.targets ?? [];
  const missing: string[] = [];
  const online: string[] = [];
  for (const target of targets) {
    const targetConfig = configs.get(target);
    if (!targetConfig) {
      missing.push(target);
      continue;
    }
    // One relationship of this lookup; a self-lookup counts once.
    bump(name);
    if (target !== name) bump(target);
    if (config.syncMode === "offline" && targetConfig.syncMode === "online") online.push(target);
  }
  const path = tablePath(name, "columns", column.logicalName);
  if (missing.length > 0) {
    const none = missing.length === targets.length;
    const list = missing.map(nameOf).join(", ");
    issues.add({
      // A lookup that can point to several tables (customer, regarding, party list) still opens the ones present.
      severity: none ? "warning" : "info",
      code: "lookup_target_not_in_project",
      table: name,
      column: column.logicalName,
      message: none
        ? `Lookup ${columnLabel(column)} of ${nameOf(name)} points to ${list}, which ${missing.length === 1 ? "is" : "are"} not in the project: the linked row cannot be opened offline; add ${missing.length === 1 ? "the table" : "one of them"} or remove the column`
        : `Lookup ${columnLabel(column)} of ${nameOf(name)} can also point to ${list}, not in the project: such links cannot be opened offline`,
      path,
      cause: { targets: [...targets].sort(), missing: [...missing].sort() },
    });
  }
  if (online.length > 0) {
    issues.add({
      severity: "info",
      code: "lookup_target_online_only",
      table: name,
      column: column.logicalName,
      message: `Lookup ${columnLabel(column)} of offline table ${nameOf(name)} points to online-only ${online.map(nameOf).join(", ")}: opening the linked row needs a connection`,
      path,
    });
  }
}

/** Many-to-many relationships whose two tables are both in the project count for each of them. */
function countManyToMany(
  project: ProjectDocument,
  index: SnapshotIndex,
  configs: Map<string, TableConfig>,
  bump: (table: string) => void,
): void {
  for (const config of project.tables) {
    for (const rel of index.manyToManyByTable.get(config.tableName) ?? []) {
      const other = rel.table1 === config.tableName ? rel.table2 : rel.table1;
      if (other && configs.has(other)) bump(config.tableName);
    }
  }
}

function checkRows(
  offline: readonly TableConfig[],
  estimates: Readonly<Record<string, number>> | undefined,
  limits: ProjectDocument["settings"]["limits"],
  issues: IssueList,
): void {
  if (!estimates) return;
  let total = 0;
  let counted = 0;
  for (const config of offline) {
    const rows = estimates[config.tableName];
    if (typeof rows === "number" && Number.isFinite(rows) && rows >= 0) {
      total += rows;
      counted++;
    }
  }
  if (counted === 0) return;
  const unknown = offline.length - counted;
  const basis = `${plural(total, "row")} estimated over ${plural(counted, "offline table")}${unknown > 0 ? ` (${unknown} without an estimate)` : ""}`;
  if (total > limits.maxRowsHard) {
    issues.add({
      severity: "error",
      code: "rows_over_hard_limit",
      message: `${basis}: more than the ${limits.maxRowsHard.toLocaleString("en-US")} rows a device can take; narrow the sync filters or set large tables online only`,
      path: "settings/limits/maxRowsHard",
    });
  } else if (total >= limits.maxRowsAdvised) {
    issues.add({
      severity: "warning",
      code: "rows_over_advised",
      message: `${basis}: fewer than ${limits.maxRowsAdvised.toLocaleString("en-US")} are advised for a fast first sync; narrow the sync filters of the largest tables`,
      path: "settings/limits/maxRowsAdvised",
      // Estimates move with every edit; an acknowledgement holds until the rows double past the limit again.
      cause: { limit: limits.maxRowsAdvised, doublings: Math.floor(Math.log2(total / limits.maxRowsAdvised)) },
    });
  }
}
