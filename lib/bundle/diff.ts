// The difference of two bundles' (or project files') configurations in words, one sentence per table:
// "contact: sync filter changed: added 'Status is Active'; columns removed: fax; form 'Main': field 'Email' now required".
// The portal's version diff and `syncwright diff` print the same lines. Pure.
import { describeTableConfigDiff, diffProjects, sameMeaning, type DiffOptions } from "@/lib/customization/summarize";
import type { Form, ProjectDocument, View } from "@/lib/customization/schema";
import { labelOf, type MetadataDocument } from "@/lib/metadata/schema";
import { describePolicyDiff } from "@/lib/devices/describe-policy";

export interface BundleDiffTable {
  table: string;
  change: "added" | "removed" | "changed";
  /** "sync filter changed: added 'Status is Active'", "columns removed: fax", "form 'Main': field 'Email' now required". */
  changes: string[];
  /** "<table>: " + the changes joined by "; ". */
  sentence: string;
}

export interface BundleDiff {
  /** Project-level changes: name, description, roles, limits, security policy. */
  project: string[];
  tables: BundleDiffTable[];
  /** Every line, project-level first, then one per changed table: what the diff screen and the CLI print. */
  lines: string[];
  same: boolean;
}

/** Words for what changed from `before` to `after`; with metadata, filter conditions and fields read by display name. */
export function diffBundles(before: ProjectDocument, after: ProjectDocument, options: DiffOptions = {}): BundleDiff {
  const diff = diffProjects(before, after, options);
  const beforeTables = new Map(before.tables.map((t) => [t.tableName, t]));
  const afterTables = new Map(after.tables.map((t) => [t.tableName, t]));
  const tables: BundleDiffTable[] = diff.tables.map((t) => {
    let changes = describeTableConfigDiff(t);
    const a = beforeTables.get(t.table);
    const b = afterTables.get(t.table);
    if (a && b) {
      // The shared wording names a changed form or view; say what changed inside it instead.
      const label = columnLabeler(t.table, options.metadata);
      const detail = [
        ...t.views.changed.map((name) =>
          describeView(
            name,
            a.views.find((v) => v.name === name)!,
            b.views.find((v) => v.name === name)!,
            label,
          ),
        ),
        ...t.forms.changed.map((name) =>
          describeForm(
            name,
            a.forms.find((f) => f.name === name)!,
            b.forms.find((f) => f.name === name)!,
            label,
          ),
        ),
      ];
      changes = [
        ...changes.filter((line) => !line.startsWith("views changed: ") && !line.startsWith("forms changed: ")),
        ...detail,
      ];
    }
    return {
      table: t.table,
      change: t.change as BundleDiffTable["change"],
      changes,
      sentence: `${t.table}: ${changes.join("; ")}`,
    };
  });
  const project = [...diff.project, ...describePolicyDiff(before.settings.security, after.settings.security)];
  const lines = [...project, ...tables.map((t) => t.sentence)];
  return { project, tables, lines, same: lines.length === 0 };
}

type Labeler = (column: string) => string;

function columnLabeler(table: string, metadata: MetadataDocument | undefined): Labeler {
  const columns = new Map(
    metadata?.tables
      .find((t) => t.logicalName === table)
      ?.columns.map((c) => [c.logicalName, labelOf(c.displayName, c.logicalName)]) ?? [],
  );
  return (column) => `'${columns.get(column) ?? column}'`;
}

const list = (names: string[], label: Labeler) => names.map(label).join(", ");

function describeView(name: string, before: View, after: View, label: Labeler): string {
  const parts: string[] = [];
  const added = after.columns.filter((c) => !before.columns.includes(c));
  const removed = before.columns.filter((c) => !after.columns.includes(c));
  if (added.length) parts.push(`columns added: ${list(added, label)}`);
  if (removed.length) parts.push(`columns removed: ${list(removed, label)}`);
  if (!added.length && !removed.length && before.columns.join() !== after.columns.join())
    parts.push("columns reordered");
  if (!sameMeaning(before.sort, after.sort)) {
    parts.push(
      after.sort.length
        ? `sorted by ${after.sort.map((s) => `${label(s.column)}${s.descending ? " descending" : ""}`).join(", ")}`
        : "no longer sorted",
    );
  }
  if (!sameMeaning(before.filter ?? null, after.filter ?? null))
    parts.push(after.filter ? (before.filter ? "filter changed" : "filter added") : "filter removed");
  return `view '${name}': ${parts.join(", ") || "changed"}`;
}

interface Placed {
  field: Form["tabs"][number]["sections"][number]["fields"][number];
  where: string;
}

function fieldsOf(form: Form): Map<string, Placed> {
  const out = new Map<string, Placed>();
  for (const tab of form.tabs) {
    for (const section of tab.sections) {
      for (const field of section.fields)
        if (!out.has(field.column)) out.set(field.column, { field, where: `'${tab.name}' > '${section.name}'` });
    }
  }
  return out;
}

function describeForm(name: string, before: Form, after: Form, label: Labeler): string {
  const parts: string[] = [];
  const tabsBefore = new Set(before.tabs.map((t) => t.name));
  const tabsAfter = new Set(after.tabs.map((t) => t.name));
  for (const tab of after.tabs) if (!tabsBefore.has(tab.name)) parts.push(`tab '${tab.name}' added`);
  for (const tab of before.tabs) if (!tabsAfter.has(tab.name)) parts.push(`tab '${tab.name}' removed`);
  const a = fieldsOf(before);
  const b = fieldsOf(after);
  for (const [column, placed] of b) {
    const old = a.get(column);
    if (!old) {
      parts.push(`field ${label(column)} added${placed.field.required ? " (required)" : ""}`);
      continue;
    }
    if (!old.field.required && placed.field.required) parts.push(`field ${label(column)} now required`);
    if (old.field.required && !placed.field.required) parts.push(`field ${label(column)} no longer required`);
    if (!old.field.readOnly && placed.field.readOnly) parts.push(`field ${label(column)} now read-only`);
    if (old.field.readOnly && !placed.field.readOnly) parts.push(`field ${label(column)} no longer read-only`);
    if (old.where !== placed.where) parts.push(`field ${label(column)} moved to ${placed.where}`);
  }
  for (const column of a.keys()) if (!b.has(column)) parts.push(`field ${label(column)} removed`);
  if (parts.length === 0) parts.push("layout changed");
  return `form '${name}': ${parts.join(", ")}`;
}
