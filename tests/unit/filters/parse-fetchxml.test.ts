import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/app-error";
import { parseFetchXml } from "@/lib/filters/parse-fetchxml";
import type { FilterGroup, FilterNode } from "@/lib/filters/schema";

function problemOf(xml: string, name = "view.xml"): { path: string; message: string } {
  try {
    parseFetchXml(xml, { name });
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    const err = e as AppError;
    expect(err.code).toBe("invalid");
    expect(err.problems).toHaveLength(1);
    return err.problems[0];
  }
  throw new Error("expected the FetchXML to be refused");
}

describe("parseFetchXml", () => {
  it("reads a whole fetch: table, grouping, values, links; ignores columns and order", () => {
    const xml = `<fetch version="1.0" mapping="logical" distinct="true">
  <entity name="appbase_actionitem">
    <attribute name="subject" />
    <order attribute="subject" descending="false" />
    <filter type="and">
      <condition attribute="statecode" operator="in">
        <value>0</value>
        <value>3</value>
      </condition>
    </filter>
    <link-entity name="activityparty" from="activityid" to="activityid" alias="aa">
      <filter type="and">
        <condition attribute="partyid" operator="eq-userid" />
      </filter>
    </link-entity>
  </entity>
</fetch>`;
    expect(parseFetchXml(xml)).toEqual({
      table: "appbase_actionitem",
      filter: {
        kind: "group",
        type: "and",
        children: [
          { kind: "condition", column: "statecode", operator: "in", values: ["0", "3"] },
          {
            kind: "link",
            table: "activityparty",
            from: "activityid",
            to: "activityid",
            linkType: "inner",
            alias: "aa",
            filter: {
              kind: "group",
              type: "and",
              children: [{ kind: "condition", column: "partyid", operator: "eq-userid", values: [] }],
            },
          },
        ],
      },
    });
  });

  it("reads a lone filter, defaulting type to and, with any-links, ui hints, entities and character references", () => {
    const xml = `<filter>
      <condition attribute="parentcustomerid" operator="eq" value="{6F3A2B1C-0000-0000-0000-000000000001}" uiname="Contoso &amp; Sons" uitype="account" />
      <condition attribute="description" operator="eq" value="a&#10;b&#x9;c d&lt;&gt;&quot;&apos;" />
      <link-entity name="account" from="primarycontactid" to="contactid" link-type="any">
        <filter type="or"><condition attribute="name" operator="begins-with" value="A" /></filter>
      </link-entity>
    </filter>`;
    const parsed = parseFetchXml(xml);
    expect(parsed.table).toBeUndefined();
    expect(parsed.filter.type).toBe("and");
    expect(parsed.filter.children[0]).toEqual({
      kind: "condition",
      column: "parentcustomerid",
      operator: "eq",
      values: ["{6F3A2B1C-0000-0000-0000-000000000001}"],
      uiName: "Contoso & Sons",
      uiType: "account",
    });
    expect(parsed.filter.children[1]).toMatchObject({ values: ["a\nb\tc d<>\"'"] });
    expect(parsed.filter.children[2]).toMatchObject({ kind: "link", linkType: "any", filter: { type: "or" } });
  });

  it("keeps the uiname / uitype of each <value>", () => {
    const parsed = parseFetchXml(
      '<filter><condition attribute="parentcustomerid" operator="in"><value uiname="Contoso" uitype="account">{6F3A2B1C-0000-0000-0000-000000000001}</value><value>{6F3A2B1C-0000-0000-0000-000000000002}</value></condition></filter>',
    );
    expect(parsed.filter.children[0]).toEqual({
      kind: "condition",
      column: "parentcustomerid",
      operator: "in",
      values: ["{6F3A2B1C-0000-0000-0000-000000000001}", "{6F3A2B1C-0000-0000-0000-000000000002}"],
      valueHints: [{ uiName: "Contoso", uiType: "account" }, {}],
    });
  });

  it("reads literal newlines in an attribute as spaces, as XML parsers must", () => {
    const parsed = parseFetchXml('<filter><condition attribute="name" operator="eq" value="a\nb\tc" /></filter>');
    expect(parsed.filter.children[0]).toMatchObject({ values: ["a b c"] });
  });

  it("keeps an or filter beside joins as a child group, and several filters as children", () => {
    const xml = `<fetch><entity name="contact">
      <filter type="or"><condition attribute="a" operator="null" /><condition attribute="b" operator="null" /></filter>
      <link-entity name="account" from="accountid" to="parentcustomerid" />
    </entity></fetch>`;
    const f = parseFetchXml(xml).filter;
    expect(f.type).toBe("and");
    expect(f.children.map((c) => c.kind)).toEqual(["group", "link"]);
  });

  it("refuses a DOCTYPE (and with it entity expansion) with its position", () => {
    const p = problemOf('<?xml version="1.0"?>\n<!DOCTYPE fetch [<!ENTITY x "y">]>\n<fetch><entity name="a"/></fetch>');
    expect(p.path).toBe("view.xml:2:1 <!DOCTYPE>");
  });

  it.each([
    [
      "an unknown operator",
      '<filter>\n  <condition attribute="a" operator="contains" value="x" />\n</filter>',
      "view.xml:2:3 <condition>",
      /operator "contains"/,
    ],
    [
      "a column comparison (valueof)",
      '<filter>\n <condition attribute="a" operator="eq" valueof="b" />\n</filter>',
      "view.xml:2:2 <condition>",
      /valueof/,
    ],
    [
      "a condition on a linked table (entityname)",
      '<filter><condition entityname="x" attribute="a" operator="null" /></filter>',
      "view.xml:1:9 <condition>",
      /entityname/,
    ],
    ["an aggregate query", '<fetch aggregate="true"><entity name="a" /></fetch>', "view.xml:1:1 <fetch>", /aggregate/],
    ["a top", '<fetch top="5"><entity name="a" /></fetch>', "view.xml:1:1 <fetch>", /top 5/],
    [
      "an unknown element in a filter",
      '<filter>\n\n    <conditions attribute="a" operator="null" />\n</filter>',
      "view.xml:3:5 <conditions>",
      /not allowed inside <filter>/,
    ],
    ["text in a filter", "<filter>hello</filter>", "view.xml:1:1 <filter>", /holds text/],
    [
      "a link type the tree has no word for",
      '<fetch><entity name="a"><link-entity name="b" from="x" to="y" link-type="exists" /></entity></fetch>',
      "view.xml:1:25 <link-entity>",
      /exists/,
    ],
    [
      "an inner link inside a filter",
      '<filter><link-entity name="b" from="x" to="y" link-type="inner" /></filter>',
      "view.xml:1:9 <link-entity>",
      /"any" or "not any"/,
    ],
    [
      "an any-link outside a filter",
      '<fetch><entity name="a"><link-entity name="b" from="x" to="y" link-type="any" /></entity></fetch>',
      "view.xml:1:25 <link-entity>",
      /inside a <filter>/,
    ],
    [
      "a Quick Find template",
      '<filter type="or" isquickfindfields="1"><condition attribute="name" operator="like" value="{0}" /></filter>',
      "view.xml:1:1 <filter>",
      /Quick Find/,
    ],
    [
      "an undefined entity",
      '<filter><condition attribute="a" operator="eq" value="&nbsp;" /></filter>',
      "view.xml:1:9 <condition>",
      /&nbsp;/,
    ],
    ["a bad filter type", '<filter type="xor" />', "view.xml:1:1 <filter>", /xor/],
    [
      "a condition without operator",
      '<filter><condition attribute="a" /></filter>',
      "view.xml:1:9 <condition>",
      /no operator/,
    ],
    [
      "value attribute and <value> children together",
      '<filter><condition attribute="a" operator="in" value="1"><value>2</value></condition></filter>',
      "view.xml:1:9 <condition>",
      /both/,
    ],
    [
      "two entities",
      '<fetch><entity name="a" /><entity name="b" /></fetch>',
      "view.xml:1:1 <fetch>",
      /exactly one <entity>/,
    ],
    ["something that is not FetchXML", "<savedquery />", "view.xml:1:1 <savedquery>", /not FetchXML/],
  ])("refuses %s, naming the element and its line:column", (_what, xml, path, message) => {
    const p = problemOf(xml);
    expect(p.path).toBe(path);
    expect(p.message).toMatch(message);
  });

  it("reports malformed XML with its line and column", () => {
    const p = problemOf("<filter>\n  <condition attribute='a' operator='null'>\n</filter>");
    expect(p.path).toMatch(/^view\.xml:3:\d+$/);
  });

  it("offsets positions when the FetchXML was cut out of a bigger file", () => {
    try {
      parseFetchXml('<filter>\n  <condition attribute="a" operator="bogus" /></filter>', {
        name: "customizations.xml",
        line: 100,
        column: 7,
      });
      throw new Error("not refused");
    } catch (e) {
      expect((e as AppError).problems[0].path).toBe("customizations.xml:101:3 <condition>");
    }
    try {
      parseFetchXml('<filter><condition attribute="a" operator="bogus" /></filter>', {
        name: "customizations.xml",
        line: 100,
        column: 7,
      });
      throw new Error("not refused");
    } catch (e) {
      expect((e as AppError).problems[0].path).toBe("customizations.xml:100:15 <condition>");
    }
  });
});

describe("parseFetchXml on hostile input", () => {
  it("refuses nesting deeper than 100 levels with an AppError, never a stack overflow", () => {
    const deep = (n: number) => "<filter>".repeat(n) + "</filter>".repeat(n);
    expect(() => parseFetchXml(deep(100))).not.toThrow();
    expect(() => parseFetchXml(deep(101))).toThrow(/deeper than 100 levels/);
    expect(() => parseFetchXml(deep(20000))).toThrow(AppError);
    // Past the XML parser's own limit, the message still says what is too deep.
    expect(() => parseFetchXml(deep(20000))).toThrow(/nests elements deeper than 1000 levels/);
  });

  it("reads a whole query 100 filters deep, as Syncwright writes one (the XML parser's limit counts <fetch> too)", () => {
    const filters = "<filter>".repeat(100) + '<condition attribute="statecode" operator="eq" value="0" />';
    const xml = `<fetch><entity name="contact">${filters}${"</filter>".repeat(100)}</entity></fetch>`;
    let depth = 0;
    for (let node: FilterGroup | undefined = parseFetchXml(xml).filter; node; depth++) {
      const child: FilterNode | undefined = node.children[0];
      node = child?.kind === "group" ? child : undefined;
    }
    expect(depth).toBeGreaterThanOrEqual(99);
  });

  it("never expands entities: a billion-laughs document is refused before parsing", () => {
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><filter><condition attribute="a" operator="eq" value="&lol2;" /></filter>';
    expect(() => parseFetchXml(laughs)).toThrow(/document type or entities/);
  });

  it("refuses a condition whose number of values does not fit its operator, with line and column", () => {
    const cases: Array<[string, RegExp]> = [
      [`<condition attribute="statecode" operator="eq" />`, /operator eq, which takes one value, but has none/],
      [
        `<condition attribute="statecode" operator="eq"><value>0</value><value>1</value></condition>`,
        /takes one value, but has 2/,
      ],
      [
        `<condition attribute="statecode" operator="in" />`,
        /operator in, which takes at least one value, but has none/,
      ],
      [`<condition attribute="createdon" operator="between" value="2020-01-01" />`, /takes two values, but has 1/],
      [`<condition attribute="name" operator="null" value="x" />`, /operator null, which takes no value, but has 1/],
      [`<condition attribute="ownerid" operator="eq-userid"><value>x</value></condition>`, /takes no value, but has 1/],
      [`<condition attribute="createdon" operator="last-x-days" />`, /takes one value, but has none/],
    ];
    for (const [condition, message] of cases) {
      const problem = problemOf(
        `<fetch>\n  <entity name="account">\n    <filter>\n      ${condition}\n    </filter>\n  </entity>\n</fetch>`,
      );
      expect(problem.path, condition).toBe("view.xml:4:7 <condition>");
      expect(problem.message, condition).toMatch(message);
    }
  });

  it("refuses character references to what is not an XML character, never a RangeError", () => {
    for (const ref of ["&#99999999;", "&#x110000;", "&#xD800;", "&#0;", "&#xFFFE;", "&#99999999999999999999;"]) {
      const problem = problemOf(`<filter>\n <condition attribute="name" operator="eq" value="a${ref}" /></filter>`);
      expect(problem.path, ref).toBe("view.xml:2:2 <condition>");
      expect(problem.message, ref).toMatch(/character reference|not valid/);
    }
    expect(problemOf("<filter>\n\u0000</filter>").path).toBe("view.xml:2:1");
    expect(problemOf("<filter>\n\ud800</filter>").message).toMatch(/U\+D800, which XML does not allow/);
    expect(problemOf("").path).toBe("view.xml:1:1");
    expect(problemOf("<filter/>\n<filter/>").path).toBe("view.xml:2:1");
    expect(problemOf("<filter/>\n<!-- open").path).toMatch(/^view\.xml:2:1/);
  });
});
