import { beforeAll, describe, expect, it } from "vitest";
import type { MetadataDocument } from "@/lib/metadata/schema";
import type { Condition, FilterGroup, FilterNode } from "@/lib/filters/schema";
import { filterToText } from "@/lib/filters/to-text";
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

describe("filterToText", () => {
  it("says the issue's example sentence", () => {
    expect(
      filterToText("appointment", and(c("scheduledstart", "last-x-days", "30"), c("ownerid", "eq-userid")), md),
    ).toBe("Appointments whose Start Time is in the last 30 days and whose Owner is the current user");
  });

  it("uses the org's collection name, option labels and parentheses for nested groups", () => {
    // In this org contact's plural display name was renamed "People".
    expect(
      filterToText(
        "contact",
        and(c("statecode", "eq", "0"), or(c("ownerid", "eq-userid"), c("createdon", "last-x-days", "30"))),
        md,
      ),
    ).toBe(
      "People whose Status is Active and (whose Owner is the current user or whose Created On is in the last 30 days)",
    );
    expect(filterToText("contact", and(c("statuscode", "in", "1", "2"), c("donotemail", "eq", "1")), md)).toBe(
      "People whose Status Reason is one of Active or Inactive and whose Do not allow Emails is Do Not Allow",
    );
  });

  it("names lookup values by their uiname, quotes text, reads like-patterns as contains / begins with", () => {
    const lookup: Condition = {
      ...c("parentcustomerid", "eq", "{6F3A2B1C-0000-0000-0000-000000000001}"),
      uiName: "Contoso",
    };
    expect(
      filterToText("contact", and(lookup, c("fullname", "like", "%smith%"), c("fullname", "not-like", "A%")), md),
    ).toBe(
      'People whose Company Name is "Contoso" and whose Full Name contains "smith" and whose Full Name does not begin with "A"',
    );
    const hinted: Condition = {
      ...c(
        "parentcustomerid",
        "in",
        "{6F3A2B1C-0000-0000-0000-000000000001}",
        "{6F3A2B1C-0000-0000-0000-000000000002}",
      ),
      valueHints: [{ uiName: "Contoso" }, {}],
    };
    expect(filterToText("contact", and(hinted), md)).toBe(
      'People whose Company Name is one of "Contoso" or {6F3A2B1C-0000-0000-0000-000000000002}',
    );
    expect(filterToText("contact", and(c("birthdate", "between", "2000-01-01", "2000-12-31")), md)).toBe(
      "People whose Birthday is between 2000-01-01 and 2000-12-31",
    );
  });

  it("says links by their relationship direction", () => {
    const toAccount: FilterNode = {
      kind: "link",
      table: "account",
      from: "accountid",
      to: "parentcustomerid",
      linkType: "any",
      filter: and(c("statecode", "eq", "0")),
    };
    expect(filterToText("contact", and(toAccount), md)).toBe(
      "People whose Company Name is an Account whose Status is Active",
    );
    const appointments: FilterNode = {
      kind: "link",
      table: "appointment",
      from: "regardingobjectid",
      to: "accountid",
      linkType: "not any",
      filter: and(c("scheduledstart", "next-x-days", "7")),
    };
    expect(filterToText("account", and(appointments), md)).toBe(
      "Accounts that have no Appointment (through Regarding) whose Start Time is in the next 7 days",
    );
    const outer: FilterNode = {
      kind: "link",
      table: "appointment",
      from: "regardingobjectid",
      to: "accountid",
      linkType: "outer",
      filter: and(),
    };
    expect(filterToText("account", and(outer), md)).toBe("All Accounts");
  });

  it("says presets", () => {
    expect(filterToText("account", { preset: "all" }, md)).toBe("All Accounts");
    expect(filterToText("account", { preset: "mine", filter: and(c("statecode", "eq", "0")) }, md)).toBe(
      "Accounts whose Owner is the current user and whose Status is Active",
    );
    expect(filterToText("account", { preset: "my-team" }, md)).toBe(
      "Accounts whose Owner is the current user or one of the user's teams",
    );
    expect(filterToText("account", { preset: "my-business-unit" }, md)).toBe(
      "Accounts whose Owning Business Unit is the current user's business unit",
    );
    expect(
      filterToText(
        "contact",
        { preset: "related", related: { sources: [{ table: "account", column: "primarycontactid" }] } },
        md,
      ),
    ).toBe("People that downloaded Accounts (through Primary Contact) point to");
  });

  it("falls back to logical names and raw values without metadata", () => {
    expect(filterToText("contact", and(c("statecode", "eq", "0"), c("createdon", "today")))).toBe(
      "Rows of contact whose statecode is 0 and whose createdon is today",
    );
  });
});
