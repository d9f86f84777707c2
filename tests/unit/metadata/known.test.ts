// The importers' lookups: a Dataverse text that is a name of the object prototype names nothing.
import { describe, expect, it } from "vitest";
import { known } from "@/lib/metadata/known";

describe("known", () => {
  it("gives a map's own entries and nothing for the prototype's names", () => {
    const map: Record<string, string> = { UserOwned: "user", "1": "UserLocal" };
    expect(known(map, "UserOwned")).toBe("user");
    expect(known(map, "1")).toBe("UserLocal");
    for (const name of ["toString", "constructor", "__proto__", "valueOf", "hasOwnProperty", "", undefined])
      expect(known(map, name)).toBeUndefined();
  });
});
