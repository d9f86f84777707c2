// How the validation panel and publishing see the issues once editors have reviewed them: each warning's
// fingerprint (a hash of its cause), whether an acknowledgement still holds for it or the cause changed since
// (then it is raised again), and the issues grouped by table, project-level ones first. Pure; browser-safe.
import type { Acknowledgement } from "./schema";
import type { Severity, ValidationIssue } from "./validation-issue";
import { issueTitle, type ColumnNamer } from "./issue-titles";

/** Only warnings can be set aside: errors block publishing and notes ask nothing of the editor. */
export function canAcknowledge(issue: Pick<ValidationIssue, "severity">): boolean {
  return issue.severity === "warning";
}

/** 32-bit FNV-1a of `text` from `seed`, as 8 hex digits. */
function fnv1a(text: string, seed: number): string {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

/** Keys sorted, so the same cause always gives the same text whatever order its fields were written in. */
function stableText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableText).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableText(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * A hash of what raises the issue: its code, its place (id, table, column, path) and its cause's inputs (the
 * message when the check names no separate cause). Equal while the cause is unchanged, whatever else changed.
 */
export function issueFingerprint(
  issue: Pick<ValidationIssue, "id" | "code" | "table" | "column" | "path" | "message" | "cause">,
): string {
  const text = stableText([
    issue.code,
    issue.id,
    issue.table ?? null,
    issue.column ?? null,
    issue.path,
    issue.cause ?? issue.message,
  ]);
  return fnv1a(text, 0x811c9dc5) + fnv1a(text, 0x9e3779b9);
}

export type IssueReview =
  | { state: "open" }
  /** An editor acknowledged it and its cause is unchanged. */
  | { state: "acknowledged"; acknowledgement: Acknowledgement }
  /** An editor acknowledged it, but its cause changed since: it counts as open again. */
  | { state: "reraised"; acknowledgement: Acknowledgement };

export interface ReviewedIssue extends ValidationIssue {
  title: string;
  fingerprint: string;
  review: IssueReview;
}

/** The acknowledgement that holds for `issue` now, if any. */
export function acknowledgementFor(
  issue: ValidationIssue,
  byId: ReadonlyMap<string, Acknowledgement>,
  fingerprint = issueFingerprint(issue),
): IssueReview {
  const ack = canAcknowledge(issue) ? byId.get(issue.id) : undefined;
  if (!ack) return { state: "open" };
  return ack.fingerprint === fingerprint
    ? { state: "acknowledged", acknowledgement: ack }
    : { state: "reraised", acknowledgement: ack };
}

/** Each issue with its title (its column named by `columnName`, else by logical name), fingerprint and review state. */
export function reviewIssues(
  issues: readonly ValidationIssue[],
  acknowledgements: readonly Acknowledgement[] = [],
  columnName?: ColumnNamer,
): ReviewedIssue[] {
  const byId = new Map(acknowledgements.map((a) => [a.issueId, a]));
  return issues.map((issue) => {
    const fingerprint = issueFingerprint(issue);
    return {
      ...issue,
      title: issueTitle(issue, columnName),
      fingerprint,
      review: acknowledgementFor(issue, byId, fingerprint),
    };
  });
}

/**
 * The acknowledgements whose warning is no longer raised (its cause was fixed, or the check no longer applies).
 * They stay in the project until an editor withdraws them, and would cover the warning again should it come back
 * with the same cause; the panel lists them so that nobody is surprised by that.
 */
export function staleAcknowledgements(
  issues: readonly Pick<ValidationIssue, "id">[],
  acknowledgements: readonly Acknowledgement[],
): Acknowledgement[] {
  const raised = new Set(issues.map((i) => i.id));
  return acknowledgements.filter((a) => !raised.has(a.issueId));
}

export interface IssueCounts {
  error: number;
  warning: number;
  info: number;
  /** Acknowledged warnings whose cause is unchanged; not counted in `warning`. */
  acknowledged: number;
}

export function countIssues(issues: readonly ReviewedIssue[]): IssueCounts {
  const counts: IssueCounts = { error: 0, warning: 0, info: 0, acknowledged: 0 };
  for (const i of issues) {
    if (i.review.state === "acknowledged") counts.acknowledged++;
    else counts[i.severity]++;
  }
  return counts;
}

export interface IssueGroup {
  /** "project" for the issues of the whole project, else the table's logical name. */
  key: string;
  table?: string;
  /** What the panel heads the group with: "Project", or the table's label. */
  label: string;
  issues: ReviewedIssue[];
  counts: IssueCounts;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * The issues by table, project-level ones first, then tables by label. Within a group: open issues by severity
 * (in the order validation gave), acknowledged ones last.
 */
export function groupIssues(issues: readonly ReviewedIssue[], tableLabel: (table: string) => string): IssueGroup[] {
  const project: ReviewedIssue[] = [];
  const byTable = new Map<string, ReviewedIssue[]>();
  for (const issue of issues) {
    if (!issue.table) project.push(issue);
    else {
      const list = byTable.get(issue.table);
      if (list) list.push(issue);
      else byTable.set(issue.table, [issue]);
    }
  }
  const rank = (i: ReviewedIssue) => (i.review.state === "acknowledged" ? 3 : SEVERITY_RANK[i.severity]);
  const order = (list: ReviewedIssue[]) =>
    list
      .map((issue, index) => ({ issue, index }))
      .sort((a, b) => rank(a.issue) - rank(b.issue) || a.index - b.index)
      .map((x) => x.issue);
  const groups: IssueGroup[] = [];
  if (project.length) {
    groups.push({ key: "project", label: "Project", issues: order(project), counts: countIssues(project) });
  }
  const tables = [...byTable.keys()].map((table) => ({ table, label: tableLabel(table) }));
  tables.sort((a, b) => a.label.localeCompare(b.label, "en") || (a.table < b.table ? -1 : 1));
  for (const { table, label } of tables) {
    const list = byTable.get(table)!;
    groups.push({ key: table, table, label, issues: order(list), counts: countIssues(list) });
  }
  return groups;
}

/** The list with `ack` in place of any earlier acknowledgement of the same issue. */
export function withAcknowledgement(
  acknowledgements: readonly Acknowledgement[],
  ack: Acknowledgement,
): Acknowledgement[] {
  return [...acknowledgements.filter((a) => a.issueId !== ack.issueId), ack].sort((a, b) =>
    a.issueId < b.issueId ? -1 : a.issueId > b.issueId ? 1 : 0,
  );
}

/** The list without the acknowledgement of `issueId`. */
export function withoutAcknowledgement(
  acknowledgements: readonly Acknowledgement[],
  issueId: string,
): Acknowledgement[] {
  return acknowledgements.filter((a) => a.issueId !== issueId);
}
