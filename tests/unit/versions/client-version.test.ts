// Client app versions: parsing, ordering, and which versions an app can run.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { canRun, compareClientVersions, parseClientVersion } from "@/lib/versions/client-version";

describe("client versions", () => {
  it("parses dotted numbers, ignores a pre-release suffix, refuses anything else", () => {
    expect(parseClientVersion("1.4.2")).toEqual([1, 4, 2]);
    expect(parseClientVersion(" 2.0-beta ")).toEqual([2, 0]);
    for (const bad of ["", "latest", "1..2", "1.2.3.4.5", "v1.2", "-1"])
      expect(parseClientVersion(bad)).toBeUndefined();
  });

  it("parses each text once and hands out the same frozen parts after", () => {
    const first = parseClientVersion("7.1.3");
    expect(parseClientVersion("7.1.3")).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(parseClientVersion("7.1.3-rc")).toEqual([7, 1, 3]);
    // A refused text stays refused on the second ask, and the bound on kept texts does not change any answer.
    expect(parseClientVersion("seven")).toBeUndefined();
    expect(parseClientVersion("seven")).toBeUndefined();
    for (let i = 0; i < 2_500; i++) expect(parseClientVersion(`1.${i}`)).toEqual([1, i]);
    expect(parseClientVersion("7.1.3")).toEqual([7, 1, 3]);
  });

  it("orders numerically, with missing parts as zero", () => {
    expect(compareClientVersions([1, 10], [1, 9])).toBe(1);
    expect(compareClientVersions([1, 4], [1, 4, 0])).toBe(0);
    expect(compareClientVersions([1, 4, 0, 1], [1, 4, 1])).toBe(-1);
    fc.assert(
      fc.property(
        fc.array(fc.nat(999), { minLength: 1, maxLength: 4 }),
        fc.array(fc.nat(999), { minLength: 1, maxLength: 4 }),
        (a, b) => compareClientVersions(a, b) === -compareClientVersions(b, a),
      ),
    );
  });

  it("lets an app run a version whose minimum is at or below it", () => {
    expect(canRun([4, 9, 9], "5.0")).toBe(false);
    expect(canRun([5, 0], "5.0.0")).toBe(true);
    expect(canRun([5, 0], "not a version")).toBe(false);
  });
});
