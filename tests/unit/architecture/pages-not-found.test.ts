// A page's 404 has one owner: pages read through loaders in lib/ and wrap them in orNotFound (app/_server/page-data.ts),
// which turns a loader's AppError("not_found") into Next's notFound(). No page or layout makes that decision itself.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const APP = path.resolve(import.meta.dirname, "../../../app");

function pagesAndLayouts(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return pagesAndLayouts(full);
    return /^(page|layout)\.tsx$/.test(entry.name) ? [full] : [];
  });
}

describe("pages' 404", () => {
  it("is decided by orNotFound, never by a page that reads a loader's error code itself", () => {
    const files = pagesAndLayouts(APP);
    expect(files.length).toBeGreaterThan(20);
    const deciding = files
      .filter((file) => /code\s*===\s*["']not_found["']/.test(fs.readFileSync(file, "utf8")))
      .map((file) => path.relative(APP, file));
    expect(deciding).toEqual([]);
    const wrapping = files.filter((file) => fs.readFileSync(file, "utf8").includes("orNotFound("));
    expect(wrapping.length).toBeGreaterThanOrEqual(11);
  });
});
