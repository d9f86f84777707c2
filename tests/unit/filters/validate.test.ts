import { beforeAll, describe, expect, it } from "vitest";
import type { MetadataDocument } from "@/lib/metadata/schema";
import type { Condition, FilterGroup, FilterNode, LinkCondition } from "@/lib/filters/schema";
import { validateFilter, validateFilterConsistency, type FilterProblem } from "@/lib/filters/validate";
import { projectMetadata } from "./fixtures";

let md: MetadataDocument;
beforeAll(async () => {
  md = await projectMetadata();
});

const and = (...children: FilterNode[]): FilterGroup => ({ kind: "group", type: "and", children });
const or = (...children: FilterNode[]): FilterGroup => ({ kind: "group", type: "or", children });
const c = (column: string, operator: Condition["operator"], ...values: string[]): Condition => ({
  kind: "condition",
  column,
  operator,
  values,
});
const errors = (ps: FilterProblem[]) => ps.filter((p) => p.severity === "error");
/** Contacts with any note: a link condition with an empty filter. */
const annotations: LinkCondition = {
  kind: "link",
  table: "annotation",
  from: "objectid",
  to: "contactid",
  linkType: "any",
  filter: and(),
};
const warnings = (ps: FilterProblem[]) => ps.filter((p) => p.severity === "warning");

describe("validateFilter", () => {
  it("accepts a correct filter on real contact metadata", () => {
    const f = and(
      c("statecode", "eq", "0"),
      or(c("ownerid", "eq-userid"), c("createdon", "last-x-days", "30")),
      c("statuscode", "in", "1", "2"),
      c("birthdate", "on-or-after", "1990-02-28"),
      c("numberofchildren", "between", "1", "3"),
      c("annualincome", "gt", "1000.50"),
      c("parentcustomerid", "eq", "{6F3A2B1C-0000-0000-0000-000000000001}"),
      c("donotemail", "eq", "0"),
      c("fullname", "like", "%a%"),
      c("createdon", "in-fiscal-period-and-year", "3", "2024"),
    );
    expect(validateFilter("contact", f, md)).toEqual([]);
    expect(validateFilter("contact", { preset: "mine", filter: f }, md)).toEqual([]);
  });

  it("names a column that does not exist, with the fix", () => {
    const ps = validateFilter("contact", and(c("statecode", "eq", "0"), or(c("Status Reason", "eq", "1"))), md);
    expect(ps).toEqual([
      {
        severity: "error",
        path: "filter.children[1].children[0]",
        table: "contact",
        column: "Status Reason",
        message: "The column Status Reason does not exist on People (contact). Did you mean statuscode?",
      },
    ]);
  });

  it("refuses an operator that does not fit the column type and lists those that do", () => {
    const [p] = validateFilter("contact", and({ ...c("statecode", "like", "%a%"), id: "n7" }), md);
    expect(p).toMatchObject({ severity: "error", path: "filter.children[0]", nodeId: "n7", column: "statecode" });
    expect(p.message).toBe(
      "The operator like does not fit Status (statecode), a Status (state) column. Use one of: eq, ne, neq, in, not-in, null, not-null.",
    );
    const [party] = validateFilter("appointment", and(c("requiredattendees", "not-null")), md);
    expect(party.message).toMatch(/activityparty/);
  });

  it("checks the number of values", () => {
    const ps = validateFilter(
      "contact",
      and(c("ownerid", "eq-userid", "x"), c("numberofchildren", "between", "1"), c("statuscode", "in")),
      md,
    );
    expect(ps.map((p) => p.message)).toEqual([
      "The operator eq-userid takes no value, but the condition on ownerid has 1. Remove the values.",
      "The operator between takes two values, but the condition on numberofchildren has 1. Enter the missing values or remove the extra ones.",
      "The operator in takes at least one value, but the condition on statuscode has 0. Enter the missing values or remove the extra ones.",
    ]);
  });

  it("checks values: integers, numbers, dates, GUIDs, options", () => {
    const ps = validateFilter(
      "contact",
      and(
        c("numberofchildren", "eq", "two"),
        c("annualincome", "gt", "1,000"),
        c("birthdate", "on", "2023-02-29"),
        c("createdon", "gt", "yesterday"),
        c("parentcustomerid", "eq", "contoso"),
        c("statecode", "eq", "5"),
        c("donotemail", "eq", "2"),
        c("createdon", "last-x-days", "0"),
        c("createdon", "last-x-days", "thirty"),
      ),
      md,
    );
    expect(ps.map((p) => [p.path, p.message])).toEqual([
      [
        "filter.children[0].values[0]",
        '"two" is not a whole number; eq on No. of Children (numberofchildren) needs a whole number.',
      ],
      [
        "filter.children[1].values[0]",
        '"1,000" is not a number (digits, with a dot for decimals); Annual Income (annualincome) holds numbers.',
      ],
      ["filter.children[2].values[0]", '"2023-02-29" is not a date as YYYY-MM-DD.'],
      [
        "filter.children[3].values[0]",
        '"yesterday" is not a date or date and time in ISO 8601 (2024-01-31 or 2024-01-31T08:00:00Z).',
      ],
      [
        "filter.children[4].values[0]",
        '"contoso" is not a GUID (00000000-0000-0000-0000-000000000000); Company Name (parentcustomerid) holds row ids.',
      ],
      [
        "filter.children[5].values[0]",
        "5 is not an option of Status (statecode). Its options are: 0 (Active), 1 (Inactive).",
      ],
      [
        "filter.children[6].values[0]",
        "2 is not an option of Do not allow Emails (donotemail). Its options are: 0 (Allow), 1 (Do Not Allow).",
      ],
      ["filter.children[7].values[0]", "last-x-days needs a count of 1 or more, not 0."],
      [
        "filter.children[8].values[0]",
        '"thirty" is not a whole number; last-x-days on Created On (createdon) needs a whole number.',
      ],
    ]);
    expect(ps.every((p) => p.severity === "error")).toBe(true);
  });

  it("warns when a user operator is used on a lookup that cannot point to users", () => {
    const ps = validateFilter(
      "contact",
      and(c("parentcustomerid", "eq-userid"), c("owningbusinessunit", "eq-businessid")),
      md,
    );
    expect(ps).toHaveLength(1);
    expect(ps[0]).toMatchObject({ severity: "warning", column: "parentcustomerid" });
    expect(ps[0].message).toMatch(/points to account, contact, so no row will match/);
  });

  it("checks links: table, join columns, relationship, placement, and conditions on the linked table", () => {
    const good: LinkCondition = {
      kind: "link",
      table: "annotation",
      from: "objectid",
      to: "contactid",
      linkType: "any",
      filter: and(c("subject", "not-null")),
    };
    expect(validateFilter("contact", and(good), md)).toEqual([]);
    const ps = validateFilter(
      "contact",
      and(
        { ...good, table: "nosuchtable" },
        { ...good, from: "subject" },
        { ...good, filter: and(c("statecode", "eq", "0")) },
        or({ ...good, linkType: "inner" }),
        { ...good, linkType: "outer" },
        { ...good, relationship: "contact_customer_accounts" },
      ),
      md,
    );
    expect(ps.map((p) => [p.severity, p.path, p.table])).toEqual([
      ["error", "filter.children[0]", "contact"],
      ["error", "filter.children[1]", "contact"],
      ["error", "filter.children[2].filter.children[0]", "annotation"],
      ["error", "filter.children[3].children[0]", "contact"],
      ["warning", "filter.children[4]", "contact"],
      ["error", "filter.children[5]", "contact"],
    ]);
    expect(ps[0].message).toMatch(/nosuchtable is not in the metadata/);
    expect(ps[1].message).toMatch(/No relationship of the metadata joins contact.contactid to annotation.subject/);
    expect(ps[2].message).toMatch(/statecode does not exist on/);
    expect(ps[3].message).toMatch(/is not directly under the top "and" group/);
    expect(
      validateFilter("contact", or(c("statecode", "eq", "0"), { ...good, linkType: "inner" }), md)[0].message,
    ).toMatch(/is not directly under the top "and" group/);
    expect(ps[4].message).toMatch(/filters nothing/);
    expect(ps[5].message).toMatch(/relationship contact_customer_accounts does not exist or does not join/);
  });

  it("checks presets against the table's ownership and related sources", () => {
    expect(errors(validateFilter("new_setting", { preset: "mine" }, md))[0].message).toMatch(
      /owned by the organization/,
    );
    expect(errors(validateFilter("systemuser", { preset: "my-team" }, md))[0].path).toBe("preset");
    expect(errors(validateFilter("contact", { preset: "related" }, md))[0].message).toMatch(/names no lookup/);
    const ps = validateFilter(
      "contact",
      {
        preset: "related",
        related: {
          sources: [
            { table: "account", column: "primarycontactid" },
            { table: "account", column: "name" },
            { table: "appointment", column: "regardingobjectid" },
            { table: "account", column: "owningbusinessunit" },
          ],
        },
      },
      md,
    );
    expect(ps.map((p) => p.path)).toEqual(["related.sources[1]", "related.sources[3]"]);
    expect(ps[0].message).toMatch(/Text column, not a lookup/);
    expect(ps[1].message).toMatch(/points to businessunit, not to contact/);
    expect(warnings(validateFilter("contact", { preset: "custom" }, md))[0].message).toMatch(/every row is downloaded/);
  });

  it("enforces the limits, counting conditions and links everywhere (configurable)", () => {
    const many = and(...Array.from({ length: 501 }, () => c("statecode", "eq", "0")));
    expect(errors(validateFilter("contact", many, md)).map((p) => p.message)).toEqual([
      'The filter has 501 conditions; Dataverse allows 500 per query. Combine conditions (one "in" instead of many "eq") or remove some.',
    ]);
    expect(validateFilter("contact", and(...many.children.slice(1)), md)).toEqual([]);
    // The preset's condition counts too.
    expect(
      errors(validateFilter("contact", { preset: "mine", filter: and(...many.children.slice(1)) }, md)),
    ).toHaveLength(1);
    const links = and(...Array.from({ length: 16 }, () => annotations));
    expect(errors(validateFilter("contact", links, md))[0].message).toMatch(
      /16 links to other tables; Dataverse allows 15/,
    );
    expect(errors(validateFilter("contact", links, md, { maxConditions: 500, maxLinks: 20 }))).toEqual([]);
    expect(
      errors(
        validateFilter("contact", and(c("statecode", "eq", "0"), c("statecode", "eq", "1")), md, {
          maxConditions: 1,
          maxLinks: 15,
        }),
      ),
    ).toHaveLength(1);
  });

  it("refuses filters and links nested deeper than the FetchXML reader reads (100), so what is written reads back", () => {
    // n groups, each holding the next: n <filter> elements in FetchXML.
    const nested = (n: number): FilterGroup => {
      let group = or(c("statecode", "eq", "0"), c("statecode", "eq", "1"));
      for (let i = 1; i < n; i++) group = (i % 2 ? and : or)(c("statecode", "eq", "0"), group);
      return group;
    };
    expect(errors(validateFilter("contact", nested(100), md))).toEqual([]);
    expect(errors(validateFilter("contact", nested(101), md)).map((p) => p.message)).toEqual([
      'The filter nests groups and links 101 levels deep; FetchXML is read at most 100 deep. Merge nested groups of the same type ("and" in "and") or move conditions up.',
    ]);
    // A link counts twice: the <link-entity> and its <filter>.
    expect(errors(validateFilter("contact", and(annotations, nested(98)), md))).toEqual([]);
    const deepLink: LinkCondition = {
      ...annotations,
      filter: and(c("subject", "not-null"), and(c("subject", "null"))),
    };
    expect(
      errors(
        validateFilter(
          "contact",
          (() => {
            let group: FilterGroup = and(deepLink);
            for (let i = 1; i < 98; i++) group = (i % 2 ? or : and)(c("statecode", "eq", "0"), group);
            return group;
          })(),
          md,
        ),
      ).map((p) => p.message),
    ).toEqual([expect.stringMatching(/nests groups and links 101 levels deep/)]);
  });

  it("reports a table missing from the metadata, and warns on empty groups", () => {
    expect(validateFilter("nosuch", and(), md)[0].message).toMatch(/nosuch is not in the metadata/);
    expect(validateFilter("contact", and(or()), md)).toEqual([
      {
        severity: "warning",
        path: "filter.children[0]",
        table: "contact",
        message: "This empty or group has no effect; add conditions to it or remove it.",
      },
    ]);
  });
});

describe("validateFilterConsistency", () => {
  const related = (table: string, column: string) => ({
    preset: "related" as const,
    related: { sources: [{ table, column }] },
  });

  it("accepts related rows whose source is offline and brings them", () => {
    expect(
      validateFilterConsistency(
        [
          { table: "account", mode: "offline", filter: { preset: "all" } },
          { table: "contact", mode: "offline", filter: related("account", "primarycontactid") },
        ],
        md,
      ).filter((p) => p.severity === "error"),
    ).toEqual([]);
  });

  it("refuses related rows whose source is online only, missing, unselected or filtered to point nowhere", () => {
    const online = validateFilterConsistency(
      [
        { table: "account", mode: "online" },
        { table: "contact", mode: "offline", filter: related("account", "primarycontactid") },
      ],
      md,
    );
    expect(errors(online)).toEqual([
      {
        severity: "error",
        path: "tables[1].filter.related.sources[0]",
        table: "contact",
        column: "primarycontactid",
        message:
          "People takes only rows that Account points to, but account is online only: its rows never reach the device, so they bring no contact. Make account offline or choose another filter for contact.",
      },
    ]);
    expect(
      errors(
        validateFilterConsistency(
          [{ table: "contact", mode: "offline", filter: related("account", "primarycontactid") }],
          md,
        ),
      )[0].message,
    ).toMatch(/account is not in the project/);
    expect(
      errors(
        validateFilterConsistency(
          [
            { table: "account", mode: "offline", columns: ["name"] },
            { table: "contact", mode: "offline", filter: related("account", "primarycontactid") },
          ],
          md,
        ),
      )[0].message,
    ).toMatch(/not among its selected columns/);
    expect(
      errors(
        validateFilterConsistency(
          [
            {
              table: "account",
              mode: "offline",
              filter: { preset: "custom", filter: and(c("primarycontactid", "null")) },
            },
            { table: "contact", mode: "offline", filter: related("account", "primarycontactid") },
          ],
          md,
        ),
      )[0].message,
    ).toMatch(/keeps only rows whose Primary Contact is empty/);
  });

  it("finds related-only tables that only feed each other", () => {
    const ps = validateFilterConsistency(
      [
        { table: "account", mode: "offline", filter: related("contact", "parentcustomerid") },
        { table: "contact", mode: "offline", filter: related("account", "primarycontactid") },
      ],
      md,
    );
    expect(errors(ps).map((p) => p.path)).toEqual(["tables[0]", "tables[1]"]);
    expect(errors(ps)[0].message).toMatch(/in a circle, so no row ever arrives/);
  });

  it("infers the sources of related rows when none are named, and says when there are none", () => {
    expect(
      errors(validateFilterConsistency([{ table: "contact", mode: "offline", filter: { preset: "related" } }], md))[0]
        .message,
    ).toMatch(/no offline table of the project has a lookup to it/);
    expect(
      errors(
        validateFilterConsistency(
          [
            { table: "appointment", mode: "offline", filter: { preset: "mine" } },
            { table: "contact", mode: "offline", filter: { preset: "related" } },
          ],
          md,
        ),
      ),
    ).toEqual([]);
  });

  it("warns, with an example, when a lookup can point to rows the target's filter leaves out", () => {
    const ps = validateFilterConsistency(
      [
        { table: "appointment", mode: "offline", filter: { preset: "all" } },
        { table: "account", mode: "offline", filter: { preset: "mine" } },
      ],
      md,
    );
    expect(ps).toEqual([
      {
        severity: "warning",
        path: "tables[0]",
        table: "appointment",
        column: "regardingobjectid",
        message:
          "Appointment's Regarding (regardingobjectid) can point to Account rows that its filter leaves out, for example any Account outside \"Accounts whose Owner is the current user\"; offline, such a lookup shows a name but opens nothing. Add appointment.regardingobjectid to account's related rows, or widen account's filter.",
      },
    ]);
    // Not when the target takes the rows this lookup points to, or is online, or keeps every row.
    expect(
      validateFilterConsistency(
        [
          { table: "appointment", mode: "offline" },
          { table: "account", mode: "offline", filter: related("appointment", "regardingobjectid") },
        ],
        md,
      ),
    ).toEqual([]);
    expect(
      validateFilterConsistency(
        [
          { table: "appointment", mode: "offline" },
          { table: "account", mode: "online", filter: { preset: "mine" } },
        ],
        md,
      ),
    ).toEqual([]);
    expect(
      validateFilterConsistency(
        [
          { table: "appointment", mode: "offline" },
          { table: "account", mode: "offline", filter: { preset: "all" } },
        ],
        md,
      ),
    ).toEqual([]);
  });
});

describe("inferRelatedSources", () => {
  it("lists the lookups of other offline tables that point to the table, respecting selected columns", async () => {
    const { inferRelatedSources } = await import("@/lib/filters/validate");
    const tables = [
      { table: "account", mode: "offline" as const },
      { table: "appointment", mode: "offline" as const, columns: ["scheduledstart"] },
      { table: "contact", mode: "offline" as const, filter: { preset: "related" as const } },
    ];
    expect(inferRelatedSources("contact", tables, md)).toEqual([{ table: "account", column: "primarycontactid" }]);
    // The real contact table has three lookups to account.
    expect(inferRelatedSources("account", tables, md)).toEqual([
      { table: "contact", column: "accountid" },
      { table: "contact", column: "msa_managingpartnerid" },
      { table: "contact", column: "parentcustomerid" },
    ]);
    expect(inferRelatedSources("contact", [{ table: "account", mode: "online" }], md)).toEqual([]);
  });
});
