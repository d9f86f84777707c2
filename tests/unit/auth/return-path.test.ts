// The return path after sign-in: a table of hostile values, each as the sign-in page receives it (already
// percent-decoded once by the query string), must go home; ordinary paths of the portal come back unchanged.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { HOME_PATH, returnPathOrHome, safeReturnPath } from "@/lib/auth/return-path";
import { HOSTILE_RETURN_PATHS } from "@/tests/support/hostile-return-paths";

const ORIGIN = "https://portal.example.com";

describe("safeReturnPath", () => {
  it.each(HOSTILE_RETURN_PATHS.map((v) => [JSON.stringify(v), v]))("sends %s home", (_label, value) => {
    expect(safeReturnPath(value, ORIGIN)).toBeUndefined();
    expect(returnPathOrHome(value, ORIGIN)).toBe(HOME_PATH);
  });

  it("sends non-strings home: a repeated ?next= arrives as an array", () => {
    for (const value of [undefined, null, ["/projects", "//evil.example"], 42, {}]) {
      expect(returnPathOrHome(value, ORIGIN)).toBe(HOME_PATH);
    }
  });

  it("keeps the portal's own paths, with their query and fragment", () => {
    for (const value of [
      "/",
      "/projects",
      "/projects/cmabc123/tables/account/filter",
      "/audit?page=2&action=user.sign-in",
      "/environments/x/snapshots/y/tables/contact#columns",
      "/projects/%C3%A9t%C3%A9",
    ]) {
      expect(safeReturnPath(value, ORIGIN)).toBe(value);
    }
  });

  it("normalizes what it keeps as the URL parser does, so the Location header is plain ASCII", () => {
    expect(safeReturnPath("/projects/../audit", ORIGIN)).toBe("/audit");
    expect(safeReturnPath("/projects/été", ORIGIN)).toBe("/projects/%C3%A9t%C3%A9");
    expect(safeReturnPath("/a?q=x y", ORIGIN)).toBeUndefined(); // a raw space is refused, not guessed at
  });

  it("never leaves the origin nor throws, for any string", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "binary", maxLength: 40 }),
          fc
            .array(
              fc.constantFrom("/", "\\", "%2F", "%5C", "%09", "\t", "\n", "\u3000", "@", ":", "evil.example", "."),
              {
                maxLength: 8,
              },
            )
            .map((parts) => parts.join("")),
        ),
        (value) => {
          const path = returnPathOrHome(value, ORIGIN);
          const landed = new URL(path, ORIGIN);
          expect(landed.origin).toBe(ORIGIN);
          expect(path).toMatch(/^\/(?![/\\])/);
          expect(path).not.toMatch(/[\u0000-\u0020\u007f-\uffff]/);
        },
      ),
      { numRuns: 1000 },
    );
  }, 60_000);
});
