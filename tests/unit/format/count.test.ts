// Counts in words: singular for one, plural otherwise, by Intl.PluralRules; and no "1 tables" left in the code.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { countOf, formatNumber, pluralWord } from "@/lib/format/count";

describe("countOf", () => {
  it("says one thing in the singular and every other count in the plural", () => {
    expect(countOf(1, "table")).toBe("1 table");
    expect(countOf(0, "table")).toBe("0 tables");
    expect(countOf(2, "change")).toBe("2 changes");
    expect(countOf(1204, "column")).toBe("1,204 columns");
    expect(countOf(1, "entry", "entries")).toBe("1 entry");
    expect(countOf(3, "entry", "entries")).toBe("3 entries");
    expect(pluralWord(1.5, "minute")).toBe("minutes");
  });

  it("writes numbers exactly as toLocaleString('en-US') does", () => {
    for (const n of [
      0,
      1,
      -1,
      12,
      999,
      1000,
      -1000,
      1440,
      123456,
      1234567,
      -98765432,
      2 ** 53 - 1,
      1.5,
      -1234.25,
      1e21,
    ]) {
      expect(formatNumber(n), String(n)).toBe(n.toLocaleString("en-US"));
    }
  });
});

describe("the code base", () => {
  const ROOT = path.resolve(import.meta.dirname, "../../..");
  const sources = (dir: string): string[] =>
    readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? e.name === "generated"
          ? []
          : sources(path.join(dir, e.name))
        : /\.tsx?$/.test(e.name)
          ? [path.join(dir, e.name)]
          : [],
    );

  it("prints counts of tables and columns through countOf, never as '{n} tables' (which says '1 tables')", () => {
    const offenders: string[] = [];
    for (const file of [...sources("app"), ...sources("components"), ...sources("lib")]) {
      const text = readFileSync(path.join(ROOT, file), "utf8");
      for (const m of text.matchAll(
        /\{[^{}]*\b(length|count|Count|total|tables|columns)\}\s(tables|columns|changes|warnings|things)\b/g,
      ))
        offenders.push(`${file}: ${m[0]}`);
    }
    expect(offenders).toEqual([]);
  });
});
