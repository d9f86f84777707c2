import { describe, expect, it } from "vitest";
import { XMLValidator } from "fast-xml-parser";
import { AppError } from "@/lib/app-error";
import type { Condition, FilterGroup, SyncFilter } from "@/lib/filters/schema";
import { effectiveFilter, filterToFetchXml, toFetchXml } from "@/lib/filters/to-fetchxml";
import { parseFetchXml } from "@/lib/filters/parse-fetchxml";

const active: Condition = { kind: "condition", column: "statecode", operator: "eq", values: ["0"] };

describe("filterToFetchXml", () => {
  it("writes groups, single values as value=, lists and pairs as <value> children, no-value operators bare", () => {
    const tree: FilterGroup = {
      kind: "group",
      type: "and",
      children: [
        { ...active, id: "n1" },
        {
          kind: "group",
          type: "or",
          children: [
            { kind: "condition", column: "ownerid", operator: "eq-userid", values: [] },
            { kind: "condition", column: "createdon", operator: "last-x-days", values: ["30"] },
          ],
        },
        { kind: "condition", column: "numberofemployees", operator: "between", values: ["5", "2000"] },
        { kind: "condition", column: "statuscode", operator: "in", values: ["1"] },
      ],
    };
    expect(filterToFetchXml(tree)).toBe(
      [
        '<filter type="and">',
        '  <condition attribute="statecode" operator="eq" value="0" />',
        '  <filter type="or">',
        '    <condition attribute="ownerid" operator="eq-userid" />',
        '    <condition attribute="createdon" operator="last-x-days" value="30" />',
        "  </filter>",
        '  <condition attribute="numberofemployees" operator="between">',
        "    <value>5</value>",
        "    <value>2000</value>",
        "  </condition>",
        '  <condition attribute="statuscode" operator="in">',
        "    <value>1</value>",
        "  </condition>",
        "</filter>",
      ].join("\n"),
    );
    // Editor ids never reach FetchXML.
    expect(filterToFetchXml(tree)).not.toContain("n1");
  });

  it("writes any / not any links inside the filter and inner joins beside it", () => {
    const tree: FilterGroup = {
      kind: "group",
      type: "and",
      children: [
        {
          kind: "link",
          table: "annotation",
          from: "objectid",
          to: "contactid",
          linkType: "inner",
          alias: "n",
          filter: { kind: "group", type: "and", children: [] },
        },
        {
          kind: "group",
          type: "or",
          children: [
            active,
            {
              kind: "link",
              table: "account",
              from: "primarycontactid",
              to: "contactid",
              linkType: "not any",
              filter: {
                kind: "group",
                type: "and",
                children: [{ kind: "condition", column: "name", operator: "like", values: ["%a%"] }],
              },
            },
          ],
        },
      ],
    };
    expect(filterToFetchXml(tree, { indent: null })).toBe(
      '<filter type="and"><filter type="or"><condition attribute="statecode" operator="eq" value="0" />' +
        '<link-entity name="account" from="primarycontactid" to="contactid" link-type="not any"><filter type="and">' +
        '<condition attribute="name" operator="like" value="%a%" /></filter></link-entity></filter></filter>' +
        '<link-entity name="annotation" from="objectid" to="contactid" link-type="inner" alias="n" />',
    );
  });

  it("escapes XML in attributes and values, keeping tabs and newlines as references", () => {
    const tree: FilterGroup = {
      kind: "group",
      type: "and",
      children: [
        { kind: "condition", column: "name", operator: "eq", values: ['A & B <"C">\n\tD'] },
        { kind: "condition", column: "name", operator: "in", values: ["x < y & z", "line\r\nbreak"] },
      ],
    };
    const xml = filterToFetchXml(tree);
    expect(xml).toContain('value="A &amp; B &lt;&quot;C&quot;&gt;&#10;&#9;D"');
    expect(xml).toContain("<value>x &lt; y &amp; z</value>");
    expect(xml).toContain("<value>line&#13;\nbreak</value>");
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(parseFetchXml(xml).filter).toEqual(tree);
  });

  it("refuses characters XML cannot carry", () => {
    const tree: FilterGroup = {
      kind: "group",
      type: "and",
      children: [{ kind: "condition", column: "name", operator: "eq", values: ["bell\u0007"] }],
    };
    expect(() => filterToFetchXml(tree)).toThrow(/U\+0007/);
  });

  it("refuses an inner join inside a nested group, since FetchXML cannot write it there", () => {
    const tree: FilterGroup = {
      kind: "group",
      type: "and",
      children: [
        {
          kind: "group",
          type: "or",
          children: [
            {
              kind: "link",
              table: "account",
              from: "accountid",
              to: "parentcustomerid",
              linkType: "inner",
              filter: { kind: "group", type: "and", children: [] },
            },
          ],
        },
      ],
    };
    expect(() => filterToFetchXml(tree)).toThrow(AppError);
    expect(() => filterToFetchXml(tree)).toThrow(/children\[0\]\.children\[0\]/);
  });
});

describe("toFetchXml and presets", () => {
  it("writes a whole fetch with columns", () => {
    expect(toFetchXml("contact", { preset: "mine" }, { columns: ["fullname", "emailaddress1"] })).toBe(
      [
        "<fetch>",
        '  <entity name="contact">',
        '    <attribute name="fullname" />',
        '    <attribute name="emailaddress1" />',
        '    <filter type="and">',
        '      <condition attribute="ownerid" operator="eq-userid" />',
        "    </filter>",
        "  </entity>",
        "</fetch>",
      ].join("\n"),
    );
  });

  it("writes an aggregate count query", () => {
    expect(toFetchXml("contact", { preset: "all" }, { count: { column: "contactid", alias: "n" }, indent: null })).toBe(
      '<fetch aggregate="true"><entity name="contact"><attribute name="contactid" aggregate="count" alias="n" /></entity></fetch>',
    );
  });

  it("expands each preset, ANDed with the extra filter", () => {
    const extra: FilterGroup = { kind: "group", type: "and", children: [active] };
    expect(effectiveFilter({ preset: "all" })).toBeUndefined();
    expect(effectiveFilter({ preset: "all", filter: extra })).toEqual(extra);
    expect(effectiveFilter({ preset: "custom", filter: extra })).toEqual(extra);
    expect(effectiveFilter({ preset: "mine", filter: extra })).toEqual({
      kind: "group",
      type: "and",
      children: [{ kind: "condition", column: "ownerid", operator: "eq-userid", values: [] }, active],
    });
    expect(effectiveFilter({ preset: "my-team" })!.children[0]).toMatchObject({
      column: "ownerid",
      operator: "eq-useroruserteams",
    });
    expect(effectiveFilter({ preset: "my-business-unit" })!.children[0]).toMatchObject({
      column: "owningbusinessunit",
      operator: "eq-businessid",
    });
    const orFilter: FilterGroup = { kind: "group", type: "or", children: [active, active] };
    expect(effectiveFilter({ preset: "mine", filter: orFilter })!.children[1]).toEqual(orFilter);
  });

  it("writes related rows only as any-links from each source lookup, with the source's own filter", () => {
    const sync: SyncFilter = {
      preset: "related",
      related: {
        sources: [
          { table: "account", column: "primarycontactid" },
          { table: "appointment", column: "regardingobjectid" },
        ],
      },
    };
    const xml = toFetchXml("contact", sync, {
      primaryIdColumn: "contactid",
      relatedFilters: {
        account: {
          kind: "group",
          type: "and",
          children: [{ kind: "condition", column: "ownerid", operator: "eq-userid", values: [] }],
        },
      },
      indent: null,
    });
    expect(xml).toBe(
      '<fetch><entity name="contact"><filter type="and"><filter type="or">' +
        '<link-entity name="account" from="primarycontactid" to="contactid" link-type="any"><filter type="and"><condition attribute="ownerid" operator="eq-userid" /></filter></link-entity>' +
        '<link-entity name="appointment" from="regardingobjectid" to="contactid" link-type="any" />' +
        "</filter></filter></entity></fetch>",
    );
    expect(() => toFetchXml("contact", { preset: "related" }, { primaryIdColumn: "contactid" })).toThrow(
      /names no lookup/,
    );
    expect(() => toFetchXml("contact", sync)).toThrow(/primary id/);
  });
});
