import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseProjectFile, readProjectFile, toProjectFile } from "@/lib/bundle/project-file";
import { buildBundle } from "@/lib/bundle/build";
import { AppError } from "@/lib/app-error";
import { ProjectDocumentSchema } from "@/lib/customization/schema";
import { fieldSales, meta } from "./fixtures";

describe("project files", () => {
  it("export -> import -> export is byte-identical, one setting per line", () => {
    const text = toProjectFile(fieldSales());
    expect(toProjectFile(parseProjectFile(text))).toBe(text);
    expect(text.startsWith('{\n  "format": "syncwright-project",\n  "formatVersion": 1,\n  "project": {')).toBe(true);
    expect(text.endsWith("}\n")).toBe(true);
    expect(text).toContain('\n        "columns": [\n          "contactid",');
  });

  it("is byte-identical for any arrangement of the same configuration", () => {
    const base = fieldSales();
    fc.assert(
      fc.property(
        fc.shuffledSubarray(base.tables, { minLength: base.tables.length }),
        fc.boolean(),
        (tables, reverseColumns) => {
          const doc = ProjectDocumentSchema.parse({
            ...base,
            tables: tables.map((t) => ({ ...t, columns: reverseColumns ? [...t.columns].reverse() : t.columns })),
          });
          const text = toProjectFile(doc);
          expect(text).toBe(toProjectFile(base));
          expect(toProjectFile(parseProjectFile(text))).toBe(text);
        },
      ),
      { numRuns: 50 },
    );
  });

  it("names the field and the file of a bad project file", () => {
    const json = JSON.parse(toProjectFile(fieldSales())) as { project: { tables: Array<Record<string, unknown>> } };
    json.project.tables[1].syncMode = "sometimes";
    json.project.tables[0].colour = "red";
    const result = readProjectFile(JSON.stringify(json), "sales.project.json");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.path).sort()).toEqual([
      "project.tables[0].colour",
      "project.tables[1].syncMode",
    ]);
    expect(() => parseProjectFile(JSON.stringify(json), "sales.project.json")).toThrow(AppError);
  });

  it("refuses a NUL character in any text, naming where (PostgreSQL could not store the import)", () => {
    const json = JSON.parse(toProjectFile(fieldSales())) as { project: { name: string } };
    json.project.name = "Field\u0000Sales";
    expect(readProjectFile(JSON.stringify(json), "sales.project.json")).toEqual({
      ok: false,
      problems: [{ path: "project.name", message: "must not contain a NUL character (U+0000)" }],
    });
  });

  it("tells a bundle, a future format and broken JSON apart", () => {
    const bundle = buildBundle(fieldSales(), meta()).bytes;
    expect(readProjectFile(bundle, "x.json")).toEqual({
      ok: false,
      problems: [{ path: "x.json", message: "this is a bundle, not a project file" }],
    });
    const future = toProjectFile(fieldSales()).replace('"formatVersion": 1', '"formatVersion": 2');
    expect(readProjectFile(future)).toEqual({
      ok: false,
      problems: [
        {
          path: "formatVersion",
          message: "made by a newer Syncwright (project file format 2); this one reads up to 1: update syncwright",
        },
      ],
    });
    const truncated = toProjectFile(fieldSales()).slice(0, 200);
    const result = readProjectFile(truncated, "p.json");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0].message).toContain("truncated");
    expect(() => parseProjectFile("{}", "p.json")).toThrow(
      'p.json: not a Syncwright project file (expected "format": "syncwright-project")',
    );
  });
});
