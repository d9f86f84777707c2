// Sample values for the phone preview on the real contact table: the right type per column, deterministic,
// within the column's range, options from its option set, linked names for lookups; sample rows sorted.
import { describe, expect, it } from "vitest";
import { realSnapshot, tableOf } from "../customization/fixtures";
import { compareValues, displayValue, sampleRecord, sampleRows, sampleValue } from "@/lib/forms/sample-values";

const contact = tableOf(realSnapshot(), "contact");
const col = (name: string) => contact.columns.find((c) => c.logicalName === name)!;

describe("sampleValue", () => {
  it("gives each type a value of its kind", () => {
    expect(sampleValue(col("emailaddress1"))).toMatch(/^[a-z.-]+@contoso\.com$/);
    expect(sampleValue(col("birthdate"))).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(sampleValue(col("createdon"))).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00Z$/);
    expect(sampleValue(col("telephone1"))).toMatch(/^\+1 425 555 \d{4}$/);
    const gender = sampleValue(col("gendercode"))!;
    expect(col("gendercode").optionSet!.options.map((o) => String(o.value))).toContain(gender);
    expect(displayValue(col("gendercode"), gender)).toMatch(/^(Male|Female)$/);
    expect(["0", "1"]).toContain(sampleValue(col("donotemail")));
    const parent = sampleValue(col("parentcustomerid"))!;
    expect(parent).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(displayValue(col("parentcustomerid"), parent)).toMatch(/Ltd|Inc|Works|Traders|Toys/);
  });

  it("keeps numbers in range and text within its length", () => {
    for (const c of contact.columns) {
      const v = sampleValue(c);
      if (v === null) continue;
      if (["integer", "decimal", "double", "money", "bigint"].includes(c.type)) {
        const n = Number(v);
        expect(Number.isFinite(n), c.logicalName).toBe(true);
        if (c.minValue !== undefined) expect(n, c.logicalName).toBeGreaterThanOrEqual(c.minValue);
        if (c.maxValue !== undefined) expect(n, c.logicalName).toBeLessThanOrEqual(c.maxValue);
      }
      if ((c.type === "string" || c.type === "memo") && c.maxLength)
        expect(v.length, c.logicalName).toBeLessThanOrEqual(c.maxLength);
    }
  });

  it("is the same every time, and differs between rows", () => {
    const a = sampleRecord(contact, ["lastname", "birthdate", "gendercode"]);
    expect(sampleRecord(contact, ["lastname", "birthdate", "gendercode"])).toEqual(a);
    const rows = new Set(Array.from({ length: 8 }, (_, i) => sampleValue(col("lastname"), i)));
    expect(rows.size).toBeGreaterThan(3);
  });
});

describe("sampleRows", () => {
  it("sorts by several levels, numbers as numbers", () => {
    const rows = sampleRows(
      contact,
      ["lastname", "numberofchildren"],
      [
        { column: "lastname", descending: false },
        { column: "numberofchildren", descending: true },
      ],
      12,
    );
    for (let i = 1; i < rows.length; i++) {
      const byName = compareValues(col("lastname"), rows[i - 1].lastname, rows[i].lastname);
      expect(byName).toBeLessThanOrEqual(0);
      if (byName === 0)
        expect(Number(rows[i - 1].numberofchildren)).toBeGreaterThanOrEqual(Number(rows[i].numberofchildren));
    }
    const desc = sampleRows(contact, ["numberofchildren"], [{ column: "numberofchildren", descending: true }]);
    const numbers = desc.map((r) => Number(r.numberofchildren));
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
  });
});
