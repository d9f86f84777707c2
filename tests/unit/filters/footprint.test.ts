// Pure parts of the footprint: per-type row sizes, the count and page FetchXML, the paging cookie, totals.
import { describe, expect, it } from "vitest";
import { columnBytes, estimateRowBytes, formatBytes, ROW_OVERHEAD_BYTES } from "@/lib/filters/row-size";
import {
  countFetchXml,
  footprintTotals,
  nextPagingCookie,
  pageFetchXml,
  type CountTarget,
} from "@/lib/filters/footprint";
import { parseFetchXml } from "@/lib/filters/parse-fetchxml";

const target: CountTarget = {
  table: "contact",
  entitySetName: "contacts",
  primaryIdColumn: "contactid",
  filter: {
    preset: "mine",
    filter: {
      kind: "group",
      type: "and",
      children: [{ kind: "condition", column: "statecode", operator: "eq", values: ["0"] }],
    },
  },
};

describe("row size", () => {
  it("estimates per type and clamps strings", () => {
    expect(columnBytes({ type: "string", maxLength: 4000 })).toBe(200);
    expect(columnBytes({ type: "string", maxLength: 10 })).toBe(8);
    expect(columnBytes({ type: "string", maxLength: 100 })).toBe(25);
    expect(columnBytes({ type: "string" })).toBe(40);
    expect(columnBytes({ type: "lookup" })).toBe(64);
    expect(columnBytes({ type: "image" })).toBe(0);
    expect(columnBytes({ type: "virtual" })).toBe(16);
    expect(estimateRowBytes([])).toBe(ROW_OVERHEAD_BYTES);
    expect(estimateRowBytes([{ type: "integer" }, { type: "datetime" }, { type: "boolean" }])).toBe(
      ROW_OVERHEAD_BYTES + 13,
    );
  });

  it("formats sizes in decimal units", () => {
    expect(formatBytes(999)).toBe("999 bytes");
    expect(formatBytes(1500)).toBe("1.5 KB");
    expect(formatBytes(340_000)).toBe("340 KB");
    expect(formatBytes(12_300_000)).toBe("12 MB");
  });
});

describe("count queries", () => {
  it("writes an aggregate count with the preset expanded", () => {
    const xml = countFetchXml(target);
    expect(xml).toMatch(
      /^<fetch aggregate="true"><entity name="contact"><attribute name="contactid" aggregate="count" alias="n" \/>/,
    );
    expect(xml).toContain('<condition attribute="ownerid" operator="eq-userid" />');
    expect(xml).toContain('<condition attribute="statecode" operator="eq" value="0" />');
  });

  it("writes pages that parse back to the same filter, with the cookie escaped", () => {
    const cookie = '<cookie page="1"><contactid last="{A}" first="{B}" /></cookie>';
    const xml = pageFetchXml(target, 2, 5000, cookie);
    expect(xml.startsWith('<fetch count="5000" page="2" paging-cookie="&lt;cookie page=&quot;1&quot;&gt;')).toBe(true);
    const parsed = parseFetchXml(xml);
    expect(parsed.table).toBe("contact");
    expect(parsed.filter.children).toHaveLength(2);
  });

  it("reads the twice-encoded paging cookie", () => {
    const inner = '<cookie page="3"><contactid last="{X}" /></cookie>';
    const annotation = `<cookie pagenumber="4" pagingcookie="${encodeURIComponent(encodeURIComponent(inner))}" istracking="False" />`;
    expect(nextPagingCookie(annotation)).toEqual({ cookie: inner, page: 4 });
    expect(() => nextPagingCookie("<cookie />")).toThrow(/without pagingcookie/);
  });
});

describe("totals against the limits", () => {
  const limits = { maxRowsHard: 1000, maxRowsAdvised: 100 };
  it("is ok below the advised, a warning at it, an error above the hard limit", () => {
    expect(footprintTotals([{ table: "a", rows: 99, exact: true, bytes: 10 }], limits)).toMatchObject({
      level: "ok",
      rows: 99,
      bytes: 10,
    });
    expect(
      footprintTotals(
        [
          { table: "a", rows: 60, exact: true, bytes: 1 },
          { table: "b", rows: 40, exact: true, bytes: 2 },
        ],
        limits,
      ),
    ).toMatchObject({ level: "warning", rows: 100, bytes: 3 });
    const over = footprintTotals([{ table: "a", rows: 1001, exact: false, bytes: 0 }], limits);
    expect(over.level).toBe("error");
    expect(over.exact).toBe(false);
    expect(over.message).toMatch(/^more than 1,001 rows is above the hard limit of 1,000/);
  });
});
