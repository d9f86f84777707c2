import { describe, expect, it } from "vitest";
import { fitImportedForm, fitImportedView, uniqueName } from "@/lib/forms/fit-import";
import { FormSchema, TableFormsSchema, TableViewsSchema, ViewSchema } from "@/lib/forms/schema";

describe("fitting an imported form or view into a table", () => {
  it("numbers a taken name, case-insensitively, within the length limit", () => {
    expect(uniqueName("Information", [])).toBe("Information");
    expect(uniqueName("Information", ["information", "Information (2)"])).toBe("Information (3)");
    expect(uniqueName("x".repeat(100), ["x".repeat(100)])).toBe(`${"x".repeat(96)} (2)`);
  });

  it("gives the same org form imported twice a new id and name, so the table's forms stay valid", () => {
    const form = FormSchema.parse({ id: "62f71750-3d04-f111-8406-7ced8d3c12a1", name: "Information" });
    const again = fitImportedForm(form, [form]);
    expect(again.id).not.toBe(form.id);
    expect(again.name).toBe("Information (2)");
    expect(() => TableFormsSchema.parse([form, again])).not.toThrow();
    expect(fitImportedForm(form, [])).toEqual(form);
  });

  it("does the same for views", () => {
    const view = ViewSchema.parse({
      id: "b758abbc-2f84-4b5a-90e0-54f15ffa9520",
      name: "Lookup",
      columns: [{ column: "name" }],
    });
    const again = fitImportedView(view, [view]);
    expect(() => TableViewsSchema.parse([view, again])).not.toThrow();
  });
});
