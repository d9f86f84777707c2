// Invariants over random configurations of the real contact table.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { normalizeTableConfig } from "@/lib/customization/locked-columns";
import { diffTableConfigs, compactDiff } from "@/lib/customization/summarize";
import { validateProject } from "@/lib/customization/validate";
import { config, project, realSnapshot, tableOf } from "./fixtures";

const contact = tableOf(realSnapshot(), "contact");
const names = contact.columns.map((c) => c.logicalName);
const someColumns = fc.subarray(names, { maxLength: 40 });
const tableConfig = fc
  .record({
    columns: someColumns,
    readOnly: someColumns,
    viewColumns: fc.subarray(names, { minLength: 1, maxLength: 6 }),
    formColumns: someColumns,
    create: fc.boolean(),
    online: fc.boolean(),
  })
  .map(({ columns, readOnly, viewColumns, formColumns, create, online }) =>
    config("contact", columns, {
      syncMode: online ? "online" : "offline",
      readOnlyColumns: readOnly,
      permissions: { create, read: true, write: true, delete: false, assign: false, share: false },
      views: [{ id: "list", name: "List", columns: viewColumns.map((column) => ({ column })) }],
      forms: [
        {
          id: "main",
          name: "Main",
          tabs: [
            {
              kind: "fields",
              id: "general",
              label: "General",
              sections: [
                {
                  id: "all",
                  label: "All",
                  fields: formColumns.map((column, i) => ({ id: `f${i}`, column })),
                },
              ],
            },
          ],
        },
      ],
    }),
  );

describe("properties", () => {
  it("a normalized table config never has a used-but-unselected or read-only-but-unselected column", () => {
    fc.assert(
      fc.property(tableConfig, (cfg) => {
        const normal = normalizeTableConfig(cfg, contact);
        const codes = validateProject(project([normal]), realSnapshot()).map((i) => i.code);
        expect(codes).not.toContain("used_column_not_selected");
        expect(codes).not.toContain("readonly_column_not_selected");
        expect(normal.columns).toContain("contactid");
        expect(normalizeTableConfig(normal, contact)).toEqual(normal);
      }),
      { numRuns: 150 },
    );
  });

  it("a diff lists exactly the columns that differ, and the reverse diff mirrors it", () => {
    fc.assert(
      fc.property(tableConfig, tableConfig, (a, b) => {
        const forward = diffTableConfigs(a, b);
        const backward = diffTableConfigs(b, a);
        expect(forward.columns.added).toEqual(b.columns.filter((c) => !a.columns.includes(c)));
        expect(forward.columns.removed).toEqual(a.columns.filter((c) => !b.columns.includes(c)));
        expect(backward.columns).toEqual({ added: forward.columns.removed, removed: forward.columns.added });
        expect(forward.change === "unchanged").toBe(JSON.stringify(a) === JSON.stringify(b));
        expect(compactDiff(diffTableConfigs(a, a))).toBe("no change");
      }),
      { numRuns: 150 },
    );
  });
});
