// The sync filters' and views' filter problems (lib/filters/validate.ts: per table, and consistency
// across the tables of the project) as project validation issues with UI paths.
import type { MetadataDocument } from "@/lib/metadata/schema";
import {
  validateFilter,
  validateFilterConsistency,
  type FilterProblem,
  type TableFilterInput,
} from "@/lib/filters/validate";
import type { ProjectDocument } from "./schema";
import type { SnapshotIndex } from "./snapshot-index";
import type { ValidationIssue } from "./validation-issue";
import { tablePath } from "./config-path";

type Code = "filter_sync" | "filter_view" | "filter_consistency";

/** A filter problem as an issue of table `table`; `base` is the UI path of the filter it sits in. */
function toIssue(problem: FilterProblem, code: Code, table: string, base: string, where: string): ValidationIssue {
  const path = problem.path ? `${base}/${problem.path}` : base;
  const column = problem.table === table ? problem.column : undefined;
  return {
    // The editor's node id survives reordering; the tree path is the fallback.
    id: [code, table, column ?? "", where, problem.nodeId ?? problem.path, problem.message].join(":"),
    severity: problem.severity,
    code,
    table,
    ...(column ? { column } : {}),
    message: problem.message,
    path,
  };
}

/**
 * Every filter problem of the project. Tables missing from the snapshot are skipped here: validateProject
 * reports them once. Online-only tables have no sync filter (the schema refuses one).
 */
export function filterValidationIssues(
  project: ProjectDocument,
  snapshot: MetadataDocument,
  index: SnapshotIndex,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const limits = { maxConditions: project.settings.limits.maxConditions, maxLinks: project.settings.limits.maxLinks };
  const present = project.tables.filter((t) => index.tables.has(t.tableName));

  for (const config of present) {
    const name = config.tableName;
    if (config.syncMode === "offline" && config.syncFilter) {
      for (const problem of validateFilter(name, config.syncFilter, snapshot, limits)) {
        issues.push(toIssue(problem, "filter_sync", name, tablePath(name, "syncFilter"), "sync"));
      }
    }
    for (const view of config.views) {
      if (!view.filter) continue;
      const base = tablePath(name, "views", view.id);
      for (const problem of validateFilter(name, view.filter, snapshot, limits)) {
        issues.push(toIssue(problem, "filter_view", name, base, `view ${view.name}`));
      }
    }
  }

  const inputs: TableFilterInput[] = present.map((t) => ({
    table: t.tableName,
    mode: t.syncMode,
    ...(t.syncMode === "offline" && t.syncFilter ? { filter: t.syncFilter } : {}),
    columns: t.columns,
  }));
  for (const problem of validateFilterConsistency(inputs, snapshot)) {
    // Paths start with "tables[i]" (the index in `inputs`); the UI wants the table's own path.
    const m = /^tables\[(\d+)\]\.?(.*)$/.exec(problem.path);
    const input = m ? inputs[Number(m[1])] : undefined;
    const table = input?.table ?? problem.table;
    const rest = m?.[2] ?? problem.path;
    issues.push(
      toIssue({ ...problem, path: rest }, "filter_consistency", table, tablePath(table, "syncFilter"), "consistency"),
    );
  }
  return issues;
}
