import { beforeAll, describe, expect, it } from "vitest";
import type { MetadataDocument } from "@/lib/metadata/schema";
import type { Condition, FilterGroup, FilterNode } from "@/lib/filters/schema";
import { toODataFilter } from "@/lib/filters/to-odata";
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

function odata(table: string, filter: FilterGroup, metadata: MetadataDocument | undefined = md): string {
  const r = toODataFilter(table, filter, metadata);
  if (!r.ok) throw new Error(`${r.path}: ${r.reason}`);
  return r.filter;
}

describe("toODataFilter", () => {
  it("writes the documented function examples exactly", () => {
    expect(odata("account", and(c("numberofemployees", "between", "5", "2000")))).toBe(
      'Microsoft.Dynamics.CRM.Between(PropertyName=\'numberofemployees\',PropertyValues=["5","2000"])',
    );
    expect(odata("contact", and(c("createdon", "last-x-days", "30")))).toBe(
      "Microsoft.Dynamics.CRM.LastXDays(PropertyName='createdon',PropertyValue=30)",
    );
    expect(odata("contact", and(c("createdon", "olderthan-x-months", "6")))).toBe(
      "Microsoft.Dynamics.CRM.OlderThanXMonths(PropertyName='createdon',PropertyValue=6)",
    );
    expect(odata("contact", and(c("statuscode", "in", "1", "2")))).toBe(
      'Microsoft.Dynamics.CRM.In(PropertyName=\'statuscode\',PropertyValues=["1","2"])',
    );
    expect(odata("account", and(c("industries", "contain-values", "1", "3")))).toBe(
      'Microsoft.Dynamics.CRM.ContainValues(PropertyName=\'industries\',PropertyValues=["1","3"])',
    );
    expect(odata("contact", and(c("ownerid", "eq-userid")))).toBe(
      "Microsoft.Dynamics.CRM.EqualUserId(PropertyName='ownerid')",
    );
    expect(odata("contact", and(c("createdon", "in-fiscal-period-and-year", "3", "2024")))).toBe(
      "Microsoft.Dynamics.CRM.InFiscalPeriodAndYear(PropertyName='createdon',PropertyValue1=3,PropertyValue2=2024)",
    );
    expect(odata("contact", and(c("birthdate", "on", "2024-01-31")))).toBe(
      "Microsoft.Dynamics.CRM.On(PropertyName='birthdate',PropertyValue='2024-01-31')",
    );
    expect(odata("account", and(c("accountid", "under", "{6F3A2B1C-0000-0000-0000-000000000001}")))).toBe(
      "Microsoft.Dynamics.CRM.Under(PropertyName='accountid',PropertyValue='6F3A2B1C-0000-0000-0000-000000000001')",
    );
    expect(odata("contact", and(c("createdon", "last-seven-days")))).toBe(
      "Microsoft.Dynamics.CRM.Last7Days(PropertyName='createdon')",
    );
  });

  it("writes plain comparisons typed by the column, lookups as _x_value", () => {
    expect(odata("contact", and(c("statecode", "eq", "0")))).toBe("statecode eq 0");
    expect(odata("contact", and(c("numberofchildren", "ge", "2")))).toBe("numberofchildren ge 2");
    expect(odata("contact", and(c("fullname", "eq", "O'Brien")))).toBe("fullname eq 'O''Brien'");
    expect(odata("contact", and(c("donotemail", "eq", "1")))).toBe("donotemail eq true");
    expect(odata("contact", and(c("parentcustomerid", "eq", "{6F3A2B1C-0000-0000-0000-000000000001}")))).toBe(
      "_parentcustomerid_value eq 6F3A2B1C-0000-0000-0000-000000000001",
    );
    expect(odata("contact", and(c("createdon", "gt", "2024-01-01T00:00:00Z")))).toBe(
      "createdon gt 2024-01-01T00:00:00Z",
    );
    expect(odata("contact", and(c("parentcustomerid", "null")))).toBe("_parentcustomerid_value eq null");
    expect(odata("contact", and(c("fullname", "not-null")))).toBe("fullname ne null");
    expect(odata("contact", and(c("statecode", "neq", "1")))).toBe("statecode ne 1");
  });

  it("writes text operators as contains / startswith / endswith", () => {
    expect(odata("contact", and(c("fullname", "like", "%smith%")))).toBe("contains(fullname,'smith')");
    expect(odata("contact", and(c("fullname", "like", "smi%")))).toBe("startswith(fullname,'smi')");
    expect(odata("contact", and(c("fullname", "like", "%son")))).toBe("endswith(fullname,'son')");
    expect(odata("contact", and(c("fullname", "not-like", "%smith%")))).toBe("not contains(fullname,'smith')");
    expect(odata("contact", and(c("fullname", "begins-with", "A")))).toBe("startswith(fullname,'A')");
    expect(odata("contact", and(c("fullname", "not-end-with", "x")))).toBe("not endswith(fullname,'x')");
    const r = toODataFilter("contact", and(c("statecode", "eq", "0"), c("fullname", "like", "a_c")), md);
    expect(r).toEqual({
      ok: false,
      path: "filter.children[1]",
      reason: expect.stringMatching(/neither starts nor ends with %/),
    });
  });

  it("parenthesizes nested groups", () => {
    expect(
      odata(
        "contact",
        and(c("statecode", "eq", "0"), or(c("ownerid", "eq-userid"), c("createdon", "last-x-days", "30"))),
      ),
    ).toBe(
      "statecode eq 0 and (Microsoft.Dynamics.CRM.EqualUserId(PropertyName='ownerid') or Microsoft.Dynamics.CRM.LastXDays(PropertyName='createdon',PropertyValue=30))",
    );
    expect(
      odata("contact", or(and(c("statecode", "eq", "0"), c("statecode", "eq", "1")), and(c("fullname", "null")))),
    ).toBe("(statecode eq 0 and statecode eq 1) or fullname eq null");
    expect(odata("contact", and(and(), c("statecode", "eq", "0")))).toBe("statecode eq 0");
    expect(odata("contact", and())).toBe("");
  });

  it("writes links as lambdas over collections and paths through lookups", () => {
    const annotation = (linkType: "any" | "not any" | "inner", filter: FilterGroup): FilterNode => ({
      kind: "link",
      table: "annotation",
      from: "objectid",
      to: "contactid",
      linkType,
      filter,
    });
    expect(odata("contact", and(annotation("any", and(c("subject", "not-null")))))).toBe(
      "Contact_Annotation/any(o1:o1/subject ne null)",
    );
    expect(odata("contact", and(annotation("not any", and())))).toBe("not Contact_Annotation/any()");
    expect(
      odata(
        "contact",
        and(
          c("statecode", "eq", "0"),
          annotation("inner", and(c("subject", "like", "%x%"), c("isdocument", "eq", "1"))),
        ),
      ),
    ).toBe("statecode eq 0 and Contact_Annotation/any(o1:contains(o1/subject,'x') and o1/isdocument eq true)");
    const toAccount = (linkType: "any" | "not any", filter: FilterGroup): FilterNode => ({
      kind: "link",
      table: "account",
      from: "accountid",
      to: "parentcustomerid",
      linkType,
      filter,
    });
    expect(odata("contact", and(toAccount("any", and(c("statecode", "eq", "0"), c("name", "begins-with", "A")))))).toBe(
      "(parentcustomerid_account/statecode eq 0 and startswith(parentcustomerid_account/name,'A'))",
    );
    expect(odata("contact", and(toAccount("not any", and(c("statecode", "eq", "0")))))).toBe(
      "not (parentcustomerid_account/statecode eq 0)",
    );
    expect(odata("contact", and(toAccount("any", and())))).toBe("_parentcustomerid_value ne null");
  });

  it("says when a filter has no OData form, and notes what it assumed", () => {
    const link: FilterNode = {
      kind: "link",
      table: "annotation",
      from: "objectid",
      to: "contactid",
      linkType: "any",
      filter: and(),
    };
    expect(toODataFilter("contact", and(link))).toMatchObject({
      ok: false,
      path: "filter.children[0]",
      reason: expect.stringMatching(/need the metadata/),
    });
    const mineThrough: FilterNode = {
      kind: "link",
      table: "account",
      from: "accountid",
      to: "parentcustomerid",
      linkType: "any",
      filter: and(c("ownerid", "eq-userid")),
    };
    expect(toODataFilter("contact", and(mineThrough), md)).toEqual({
      ok: false,
      path: "filter.children[0].filter.children[0]",
      reason:
        "eq-userid on account.ownerid needs Microsoft.Dynamics.CRM.EqualUserId, which cannot address a related table's column",
    });
    const unrelated: FilterNode = {
      kind: "link",
      table: "queue",
      from: "queueid",
      to: "fullname",
      linkType: "any",
      filter: and(),
    };
    expect(toODataFilter("contact", and(unrelated), md)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/No one-to-many relationship/),
    });
    const outer: FilterNode = {
      kind: "link",
      table: "annotation",
      from: "objectid",
      to: "contactid",
      linkType: "outer",
      filter: and(c("subject", "null")),
    };
    expect(toODataFilter("contact", and(c("statecode", "eq", "0"), outer), md)).toEqual({
      ok: true,
      filter: "statecode eq 0",
      notes: ["The outer link to annotation at filter.children[1] restricts no rows and is left out"],
    });
    const guessed = toODataFilter("contact", and(c("new_custom", "eq", "42"), c("new_name", "eq", "x")));
    expect(guessed).toMatchObject({ ok: true, filter: "new_custom eq 42 and new_name eq 'x'" });
    expect(guessed.ok && guessed.notes).toHaveLength(2);
  });

  it("expands presets", () => {
    expect(toODataFilter("contact", { preset: "my-business-unit" }, md)).toMatchObject({
      ok: true,
      filter: "Microsoft.Dynamics.CRM.EqualBusinessId(PropertyName='owningbusinessunit')",
    });
    expect(toODataFilter("contact", { preset: "all" }, md)).toMatchObject({ ok: true, filter: "" });
    expect(
      toODataFilter(
        "contact",
        { preset: "related", related: { sources: [{ table: "account", column: "primarycontactid" }] } },
        md,
      ),
    ).toMatchObject({
      ok: true,
      filter: "account_primary_contact/any()",
    });
  });
});
