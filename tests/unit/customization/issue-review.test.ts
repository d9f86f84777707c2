import { describe, expect, it } from "vitest";
import { validateProject, type ValidationIssue } from "@/lib/customization/validate";
import {
  countIssues,
  groupIssues,
  issueFingerprint,
  reviewIssues,
  staleAcknowledgements,
  withAcknowledgement,
  withoutAcknowledgement,
} from "@/lib/customization/issue-review";
import { ISSUE_TITLES, issueTitle } from "@/lib/customization/issue-titles";
import { ProjectDocumentSchema, type Acknowledgement, type ProjectDocument } from "@/lib/customization/schema";
import { parseProjectFile, toProjectFile } from "@/lib/bundle/project-file";
import { buildBundle } from "@/lib/bundle/build";
import { config, project, realSnapshot } from "./fixtures";
import { meta } from "../bundle/fixtures";

/** contact offline, with a lookup to account (not in the project: a warning) and at most one table advised. */
function withWarnings(extraColumns: string[] = [], tables = 1): ProjectDocument {
  const list = [config("contact", ["contactid", "fullname", "lastname", "msa_managingpartnerid", ...extraColumns])];
  if (tables > 1) list.push(config("systemuser", ["systemuserid", "fullname"]));
  return project(list, {
    settings: { limits: { maxTablesAdvised: 1 } } as ProjectDocument["settings"],
  });
}

const find = (issues: ValidationIssue[], code: string) => issues.find((i) => i.code === code)!;

function ack(issue: ValidationIssue, note = "Accounts stay online on purpose"): Acknowledgement {
  return {
    issueId: issue.id,
    code: issue.code,
    fingerprint: issueFingerprint(issue),
    note,
    by: "editor@example.com",
    at: "2026-12-07T01:00:00.000Z",
  };
}

describe("issue titles", () => {
  it("gives every code a short title, with the column when the issue names one", () => {
    for (const title of Object.values(ISSUE_TITLES)) expect(title.length).toBeLessThanOrEqual(40);
    expect(issueTitle({ code: "column_not_readable", column: "fax" })).toBe("Column cannot be read: fax");
    const named = (table: string | undefined, column: string) => `${table}'s ${column.toUpperCase()} (${column})`;
    expect(issueTitle({ code: "column_not_readable", table: "contact", column: "fax" }, named)).toBe(
      "Column cannot be read: contact's FAX (fax)",
    );
    expect(issueTitle({ code: "no_tables" })).toBe("Project has no tables");
  });
});

describe("issue fingerprints", () => {
  it("stay the same when something unrelated to the warning's cause changes", () => {
    const before = validateProject(withWarnings(), realSnapshot());
    const after = validateProject(withWarnings(["firstname", "emailaddress1"]), realSnapshot());
    for (const code of ["lookup_target_not_in_project", "too_many_tables"]) {
      expect(find(after, code).id).toBe(find(before, code).id);
      expect(issueFingerprint(find(after, code))).toBe(issueFingerprint(find(before, code)));
    }
    expect(issueFingerprint(find(before, "too_many_tables"))).toMatch(/^[0-9a-f]{16}$/);
  });

  it("change when the warning's cause changes (one more offline table over the advised number)", () => {
    const one = find(validateProject(withWarnings(), realSnapshot()), "too_many_tables");
    const two = find(validateProject(withWarnings([], 2), realSnapshot()), "too_many_tables");
    expect(two.id).toBe(one.id);
    expect(issueFingerprint(two)).not.toBe(issueFingerprint(one));
  });

  it("hash the message when a check names no separate cause, whatever order a cause's fields come in", () => {
    const base: ValidationIssue = { id: "x:t::", severity: "warning", code: "filter_sync", message: "a", path: "p" };
    expect(issueFingerprint(base)).not.toBe(issueFingerprint({ ...base, message: "b" }));
    const cause1 = { ...base, cause: { a: 1, b: ["x"] } };
    const cause2 = { ...base, message: "other words", cause: { b: ["x"], a: 1 } };
    expect(issueFingerprint(cause1)).toBe(issueFingerprint(cause2));
  });
});

describe("reviewing issues", () => {
  it("shows an acknowledged warning as acknowledged, and raises it again when its cause changes", () => {
    const issues = validateProject(withWarnings(), realSnapshot());
    const warning = find(issues, "too_many_tables");
    const acks = [ack(warning)];
    const reviewed = reviewIssues(issues, acks);
    const mine = reviewed.find((i) => i.id === warning.id)!;
    expect(mine.review).toEqual({ state: "acknowledged", acknowledgement: acks[0] });
    expect(mine.title).toBe("Many offline tables");
    expect(countIssues(reviewed).acknowledged).toBe(1);

    const later = reviewIssues(validateProject(withWarnings([], 2), realSnapshot()), acks);
    expect(later.find((i) => i.id === warning.id)!.review.state).toBe("reraised");
    expect(countIssues(later).acknowledged).toBe(0);
  });

  it("lists the acknowledgements whose warning is no longer raised, and only those", () => {
    const issues = validateProject(withWarnings(), realSnapshot());
    const acks = [ack(find(issues, "too_many_tables"))];
    expect(staleAcknowledgements(issues, acks)).toEqual([]);
    // The cause is fixed (more tables advised): the warning is gone, its acknowledgement is not.
    const fixed = project([config("contact", ["contactid", "fullname", "lastname", "msa_managingpartnerid"])], {
      settings: { limits: { maxTablesAdvised: 50 } } as ProjectDocument["settings"],
    });
    const now = validateProject(fixed, realSnapshot());
    expect(now.some((i) => i.code === "too_many_tables")).toBe(false);
    expect(staleAcknowledgements(now, acks)).toEqual(acks);
  });

  it("never counts an error or a note as acknowledged, even with a matching acknowledgement", () => {
    const error: ValidationIssue = {
      id: "column_missing:contact:fax:",
      severity: "error",
      code: "column_missing",
      table: "contact",
      column: "fax",
      message: "gone",
      path: "tables/contact/columns/fax",
    };
    const [reviewed] = reviewIssues([error], [ack(error)]);
    expect(reviewed.review.state).toBe("open");
  });

  it("groups by table, project-level issues first, tables by label, acknowledged warnings last in their group", () => {
    const issues = validateProject(
      project([config("contact", ["contactid", "fullname", "lastname", "msa_managingpartnerid"])], {
        roles: [],
        settings: { limits: { maxTablesAdvised: 1 } } as ProjectDocument["settings"],
      }),
      realSnapshot(),
    );
    const lookup = find(issues, "lookup_target_not_in_project");
    const groups = groupIssues(reviewIssues(issues, [ack(lookup)]), (t) => (t === "contact" ? "Contact" : t));
    expect(groups.map((g) => g.label)).toEqual(["Project", "Contact"]);
    expect(groups[0].issues.every((i) => !i.table)).toBe(true);
    expect(groups[0].issues.map((i) => i.code)).toContain("no_roles");
    const contact = groups[1];
    expect(contact.table).toBe("contact");
    expect(contact.issues.at(-1)!.id).toBe(lookup.id);
    expect(contact.counts.acknowledged).toBe(1);
    // Open issues keep severity order: errors before warnings before notes.
    const open = contact.issues.filter((i) => i.review.state !== "acknowledged").map((i) => i.severity);
    expect(open).toEqual(
      [...open].sort((a, b) => ["error", "warning", "info"].indexOf(a) - ["error", "warning", "info"].indexOf(b)),
    );
  });
});

describe("acknowledgements in the project document", () => {
  it("survive export and import of the project file, and replace or withdraw by issue id", () => {
    const doc = withWarnings();
    const issues = validateProject(doc, realSnapshot());
    const first = ack(find(issues, "too_many_tables"));
    const second = ack(find(issues, "lookup_target_not_in_project"), "Account is online only");
    let acks = withAcknowledgement(withAcknowledgement([], first), second);
    acks = withAcknowledgement(acks, { ...first, note: "Two tables are fine" });
    expect(acks.map((a) => a.note).sort()).toEqual(["Account is online only", "Two tables are fine"]);
    const withAcks = ProjectDocumentSchema.parse({ ...doc, settings: { ...doc.settings, acknowledgements: acks } });
    const text = toProjectFile(withAcks);
    const back = parseProjectFile(text);
    expect(back.settings.acknowledgements).toEqual(withAcks.settings.acknowledgements);
    expect(toProjectFile(back)).toBe(text);
    // Acknowledged on the re-imported project just as before.
    const states = reviewIssues(validateProject(back, realSnapshot()), back.settings.acknowledgements);
    expect(states.filter((i) => i.review.state === "acknowledged")).toHaveLength(2);
    expect(withoutAcknowledgement(acks, first.issueId)).toEqual([second]);
  });

  it("refuses a note that is empty or an acknowledgement twice for one warning", () => {
    const doc = withWarnings();
    const a = ack(find(validateProject(doc, realSnapshot()), "too_many_tables"));
    const parse = (acknowledgements: unknown[]) =>
      ProjectDocumentSchema.safeParse({ ...doc, settings: { ...doc.settings, acknowledgements } }).success;
    expect(parse([a])).toBe(true);
    expect(parse([{ ...a, note: "   " }])).toBe(false);
    expect(parse([a, { ...a, note: "again" }])).toBe(false);
  });

  it("never reach a bundle: acknowledging changes neither the bundle nor its content hash", () => {
    const doc = withWarnings();
    const a = ack(find(validateProject(doc, realSnapshot()), "too_many_tables"));
    const acked = ProjectDocumentSchema.parse({ ...doc, settings: { ...doc.settings, acknowledgements: [a] } });
    const plain = buildBundle(doc, meta());
    const built = buildBundle(acked, meta());
    expect(built.contentHash).toBe(plain.contentHash);
    expect(built.bytes.equals(plain.bytes)).toBe(true);
    expect(built.bytes.toString("utf8")).not.toContain("acknowledgements");
  });
});
