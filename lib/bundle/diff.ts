// The difference of two bundles' (or project files') configurations in words, one line per table change:
// the portal's version diff and `syncwright diff` print the same lines.
import { describeTableConfigDiff, diffProjects, type DiffOptions } from "@/lib/customization/summarize";
import type { ProjectDocument } from "@/lib/customization/schema";

export interface BundleDiffTable {
  table: string;
  change: "added" | "removed" | "changed";
  /** "filter changed: added 'Status is Active'", "column 'fax' removed", ... */
  changes: string[];
  /** The changes as one sentence: "contact: sync filter changed: added 'Status is Active'; columns removed: fax". */
  sentence: string;
}

export interface BundleDiff {
  /** Project-level changes: name, description, roles, limits. */
  project: string[];
  tables: BundleDiffTable[];
  /** Every line, project-level first, then one per table: what the diff screen and the CLI print. */
  lines: string[];
  same: boolean;
}

/** Words for what changed from `before` to `after`; with metadata, filter conditions read "Status is Active". */
export function diffBundles(before: ProjectDocument, after: ProjectDocument, options: DiffOptions = {}): BundleDiff {
  const diff = diffProjects(before, after, options);
  const tables: BundleDiffTable[] = diff.tables.map((t) => {
    const changes = describeTableConfigDiff(t);
    return { table: t.table, change: t.change as BundleDiffTable["change"], changes, sentence: `${t.table}: ${changes.join("; ")}` };
  });
  const lines = [...diff.project, ...tables.map((t) => t.sentence)];
  return { project: diff.project, tables, lines, same: lines.length === 0 };
}
