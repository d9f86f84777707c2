// One date format across the portal: ISO order, UTC, to the minute; no locale-dependent date anywhere else.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatWhen } from "@/lib/format/when";

describe("formatWhen", () => {
  it("prints UTC to the minute in ISO order, from a Date or ISO text", () => {
    expect(formatWhen(new Date("2026-12-06T22:36:59.999Z"))).toBe("2026-12-06 22:36 UTC");
    expect(formatWhen("2026-01-02T03:04:05+02:00")).toBe("2026-01-02 01:04 UTC");
    expect(formatWhen("not a date")).toBe("not a date");
  });
});

describe("the screens", () => {
  const ROOT = path.resolve(import.meta.dirname, "../../..");
  const sources = (dir: string): string[] =>
    readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? sources(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : [],
    );

  it("format dates only through formatWhen: no locale date strings (a US date beside ISO ones)", () => {
    const offenders = [...sources("app"), ...sources("components")].filter((file) =>
      /toLocaleDateString|toLocaleTimeString|DateTimeFormat|(dateStyle|timeStyle)\s*:/.test(
        readFileSync(path.join(ROOT, file), "utf8"),
      ),
    );
    expect(offenders).toEqual([]);
  });
});
