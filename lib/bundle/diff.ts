// The difference of two bundles' (or project files') configurations in words, one sentence per table:
// "contact: sync filter changed: added 'Status is Active'; columns removed: fax; form 'Main': field 'Email' now required".
// The portal's version diff and `syncwright diff` print the same lines. Pure.
import { describeTableConfigDiff, diffProjects, sameMeaning, type DiffOptions } from "@/lib/customization/summarize";
import type { ProjectDocument } from "@/lib/customization/schema";
import type { Form, FormField, View } from "@/lib/forms/schema";
import { formFields } from "@/lib/forms/walk";
import { ruleToText } from "@/lib/forms/rules/to-text";
import type { MetadataDocument } from "@/lib/metadata/schema";
import { columnLabel, tableName, type ShownName } from "@/lib/metadata/naming";
import { describePolicyDiff } from "@/lib/customization/describe-security-policy";

export interface BundleDiffTable {
  table: string;
  /** The table's display name (from the metadata, when given) and logical name, as screens show it. */
  name: ShownName;
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
            (form, rule) => ruleToText(t.table, form, rule, { metadata: options.metadata }),
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
      name: tableName(
        options.metadata?.tables.find((m) => m.logicalName === t.table),
        t.table,
      ),
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
      ?.columns.map((c) => [c.logicalName, columnLabel(c, c.logicalName)]) ?? [],
  );
  return (column) => `'${columns.get(column) ?? column}'`;
}

const list = (names: string[], label: Labeler) => names.map(label).join(", ");

function describeView(name: string, before: View, after: View, label: Labeler): string {
  const parts: string[] = [];
  const beforeColumns = before.columns.map((c) => c.column);
  const afterColumns = after.columns.map((c) => c.column);
  const added = afterColumns.filter((c) => !beforeColumns.includes(c));
  const removed = beforeColumns.filter((c) => !afterColumns.includes(c));
  if (added.length) parts.push(`columns added: ${list(added, label)}`);
  if (removed.length) parts.push(`columns removed: ${list(removed, label)}`);
  if (!added.length && !removed.length && beforeColumns.join() !== afterColumns.join()) parts.push("columns reordered");
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
  field: FormField;
  where: string;
}

function fieldsOf(form: Form): Map<string, Placed> {
  const out = new Map<string, Placed>();
  for (const { field, tab, section } of formFields(form)) {
    if (!out.has(field.column)) out.set(field.column, { field, where: `'${tab.label}' > '${section.label}'` });
  }
  return out;
}

/** Rules by id: added, removed, switched on or off, changed (said as the new sentence), reordered. */
function describeRules(before: Form, after: Form, speak: RuleSpeaker): string[] {
  const parts: string[] = [];
  const old = new Map(before.rules.map((r) => [r.id, r]));
  const now = new Map(after.rules.map((r) => [r.id, r]));
  for (const rule of after.rules) {
    const was = old.get(rule.id);
    if (!was) {
      parts.push(`rule '${rule.name}' added: ${speak(after, rule)}`);
      continue;
    }
    if (was.name !== rule.name) parts.push(`rule '${was.name}' renamed to '${rule.name}'`);
    if (was.enabled !== rule.enabled) parts.push(`rule '${rule.name}' ${rule.enabled ? "enabled" : "disabled"}`);
    const a = speak(before, { ...was, enabled: true, name: "" });
    const b = speak(after, { ...rule, enabled: true, name: "" });
    if (a !== b || !sameMeaning(was, { ...rule, name: was.name, enabled: was.enabled })) {
      parts.push(`rule '${rule.name}' changed: ${b}`);
    }
  }
  for (const rule of before.rules) if (!now.has(rule.id)) parts.push(`rule '${rule.name}' removed`);
  const order = (list: Form["rules"]) => list.filter((r) => old.has(r.id) && now.has(r.id)).map((r) => r.id);
  if (order(before.rules).join() !== order(after.rules).join()) parts.push("rules reordered");
  return parts;
}

type RuleSpeaker = (form: Form, rule: Form["rules"][number]) => string;

function describeForm(name: string, before: Form, after: Form, label: Labeler, speak: RuleSpeaker): string {
  const parts: string[] = [];
  const tabsBefore = new Set(before.tabs.map((t) => t.label));
  const tabsAfter = new Set(after.tabs.map((t) => t.label));
  for (const tab of after.tabs) if (!tabsBefore.has(tab.label)) parts.push(`tab '${tab.label}' added`);
  for (const tab of before.tabs) if (!tabsAfter.has(tab.label)) parts.push(`tab '${tab.label}' removed`);
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
  parts.push(...describeRules(before, after, speak));
  if (parts.length === 0) parts.push("layout changed");
  return `form '${name}': ${parts.join(", ")}`;
}
