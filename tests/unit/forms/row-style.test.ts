// A view's row colour and icon on the real contact table: which columns can colour rows, the style a row's value
// gets, and the designer's edits (choosing a column starts over; an option with neither colour nor icon is dropped).
import { describe, expect, it } from "vitest";
import { realSnapshot, tableOf } from "../customization/fixtures";
import { ViewSchema, type View } from "@/lib/forms/schema";
import { canStyleRows, rowStyleColumns, rowStyleFor, setOptionStyle, setRowStyleColumn } from "@/lib/forms/row-style";

const contact = tableOf(realSnapshot(), "contact");
const view = (): View =>
  ViewSchema.parse({ id: "v-1", name: "All", columns: [{ column: "fullname", width: 200 }], sort: [] });

describe("row style", () => {
  it("offers the table's single-choice columns with their options, and only those", () => {
    const names = rowStyleColumns(contact).map((c) => c.logicalName);
    expect(names).toContain("preferredcontactmethodcode");
    expect(names).toContain("statecode");
    expect(names).not.toContain("fullname");
    expect(rowStyleColumns(contact).every((c) => canStyleRows(c) && c.optionSet.options !== undefined)).toBe(true);
    expect(canStyleRows(contact.columns.find((c) => c.logicalName === "description"))).toBe(false);
    expect(rowStyleColumns(undefined)).toEqual([]);
  });

  it("styles options in the column's order, drops an option with neither colour nor icon, and parses", () => {
    let v = setRowStyleColumn(view(), "preferredcontactmethodcode");
    expect(v.rowStyle).toEqual({ column: "preferredcontactmethodcode", options: [] });
    const order = [1, 2, 3];
    v = setOptionStyle(v, 3, { color: "red" }, order);
    v = setOptionStyle(v, 1, { icon: "phone" }, order);
    v = setOptionStyle(v, 1, { color: "green" }, order);
    expect(v.rowStyle?.options).toEqual([
      { value: 1, color: "green", icon: "phone" },
      { value: 3, color: "red" },
    ]);
    v = setOptionStyle(v, 3, { color: null }, order);
    expect(v.rowStyle?.options).toEqual([{ value: 1, color: "green", icon: "phone" }]);
    expect(ViewSchema.parse(v)).toEqual(v);
    // The same column keeps the styles; another starts over; none removes the style.
    expect(setRowStyleColumn(v, "preferredcontactmethodcode")).toBe(v);
    expect(setRowStyleColumn(v, "statecode").rowStyle).toEqual({ column: "statecode", options: [] });
    expect(setRowStyleColumn(v, undefined)).not.toHaveProperty("rowStyle");
  });

  it("a row's style comes from its value (as the device stores it, text)", () => {
    const v = setOptionStyle(setRowStyleColumn(view(), "statecode"), 1, { color: "gray", icon: "lock" });
    expect(rowStyleFor(v.rowStyle, "1")).toEqual({ value: 1, color: "gray", icon: "lock" });
    expect(rowStyleFor(v.rowStyle, "0")).toBeUndefined();
    expect(rowStyleFor(v.rowStyle, null)).toBeUndefined();
    expect(rowStyleFor(undefined, "1")).toBeUndefined();
  });
});
