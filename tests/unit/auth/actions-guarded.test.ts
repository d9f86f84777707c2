// Every server action must be made by defineAction (which checks the role and the input); every route
// handler by withAdmin / withPublic / withApiToken / withDevice. This test fails the build for one that is not.
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const APP = path.resolve(import.meta.dirname, "../../../app");

function files(dir: string, name: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    // Folders starting with "_" are private to Next: not routes.
    if (entry.isDirectory()) return entry.name.startsWith("_") ? [] : files(full, name);
    return name.test(entry.name) ? [full] : [];
  });
}

describe("every entry point is guarded", () => {
  it("server actions are exported only as defineAction(...)", () => {
    const actionFiles = files(APP, /(^|-)actions\.tsx?$/);
    expect(actionFiles.length).toBeGreaterThan(0);
    for (const file of actionFiles) {
      const text = readFileSync(file, "utf8");
      expect(text, file).toMatch(/^"use server";/m);
      const exports = [...text.matchAll(/^export\s+(async\s+function|function|const|let|var|default)\s*(\w*)(.*)$/gm)];
      for (const [line, kind, , rest] of exports) {
        expect(kind, `${path.relative(APP, file)}: ${line}`).toBe("const");
        expect(rest, `${path.relative(APP, file)}: ${line}`).toMatch(/^\s*=\s*defineAction\(/);
      }
    }
  });

  it("route handlers are exported only through a wrapper", () => {
    for (const file of files(APP, /^route\.tsx?$/)) {
      const text = readFileSync(file, "utf8");
      const handlers = [
        ...text.matchAll(
          /^export\s+(?:async\s+function|function|const)\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b(.*)$/gm,
        ),
      ];
      expect(handlers.length, file).toBeGreaterThan(0);
      for (const [line, , rest] of handlers) {
        expect(rest, `${path.relative(APP, file)}: ${line}`).toMatch(
          /^\s*=\s*(withAdmin|withPublic|withApiToken|withDevice)\b/,
        );
      }
    }
  });
});
