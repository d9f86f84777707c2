import { describe, expect, it } from "vitest";
import { attachment, bundleFileName, fileSlug, projectFileName } from "@/lib/versions/download-names";

describe("download file names", () => {
  it("names the project file and a version's bundle after the project", () => {
    expect(projectFileName("Field Sales")).toBe("Field-Sales.project.json");
    expect(bundleFileName("Field Sales", 3)).toBe("Field-Sales-v3.bundle.json");
  });

  it("keeps only file-system-safe characters and never returns an empty name", () => {
    expect(fileSlug("Ventes / Été: ../../etc")).toBe("Ventes-Ete-.-.-etc");
    expect(fileSlug("../")).toBe("project");
    expect(fileSlug("")).toBe("project");
    expect(fileSlug('a"b\r\nc')).toBe("a-b-c");
    expect(fileSlug("x".repeat(200))).toHaveLength(80);
  });

  it("writes a Content-Disposition that downloads under the name", () => {
    expect(attachment("Field-Sales.project.json")).toBe(
      `attachment; filename="Field-Sales.project.json"; filename*=UTF-8''Field-Sales.project.json`,
    );
  });
});
