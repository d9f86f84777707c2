import { describe, expect, it } from "vitest";
import { showsDraftValidation } from "@/lib/customization/workspace-scope";

describe("which project pages show the draft's validation panel", () => {
  it("shows it on the pages that edit or publish the draft", () => {
    for (const path of [
      "/projects/p1",
      "/projects/p1/tables/contact",
      "/projects/p1/tables/contact/filter",
      "/projects/p1/security",
      "/projects/p1/versions",
      "/projects/p1/versions/",
      "/projects/p1/versions/import",
    ])
      expect(showsDraftValidation(path), path).toBe(true);
  });

  it("hides it on a published version's page and on the diff of two versions", () => {
    for (const path of ["/projects/p1/versions/1", "/projects/p1/versions/12/", "/projects/p1/versions/diff"])
      expect(showsDraftValidation(path), path).toBe(false);
  });
});
