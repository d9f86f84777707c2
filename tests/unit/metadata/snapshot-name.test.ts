import { describe, expect, it } from "vitest";
import { automaticSnapshotName, describeSource, snapshotDisplayName } from "@/lib/metadata/snapshot-name";
import { RenameSnapshotSchema } from "@/lib/metadata/schema";

const at = new Date("2026-12-07T01:52:31Z");

describe("automatic snapshot names", () => {
  it("names the kind, the table count and the minute", () => {
    expect(
      automaticSnapshotName({
        source: "solution",
        sourceName: "NonprofitCore_2_2_3_0_managed.zip",
        tableCount: 77,
        createdAt: at,
      }),
    ).toBe("Solution NonprofitCore · 77 tables · 2026-12-07 01:52 UTC");
    expect(
      automaticSnapshotName({
        source: "webapi-json",
        sourceName: "146 files: _manifest.json, annotation.Boolean...",
        tableCount: 1,
        createdAt: at,
      }),
    ).toBe("Web API JSON · 1 table · 2026-12-07 01:52 UTC");
    expect(
      automaticSnapshotName({
        source: "combined",
        sourceName: "x + y",
        tableCount: 80,
        createdAt: at,
        sources: [
          { kind: "solution", name: "folder core (68 files)" },
          { kind: "webapi-json", name: "146 files" },
        ],
      }),
    ).toBe("Solution core + Web API JSON · 80 tables · 2026-12-07 01:52 UTC");
  });

  it("describes each kind of source", () => {
    expect(describeSource("live", "https://contoso.crm.dynamics.com")).toBe("Live org contoso.crm.dynamics.com");
    expect(describeSource("solution", "customizations.xml")).toBe("Solution");
    expect(describeSource("solution", "Dynamics365HigherEdPortal_managed.zip")).toBe(
      "Solution Dynamics365HigherEdPortal",
    );
  });

  it("keeps a long name within the limit and prefers a given name", () => {
    const long = automaticSnapshotName({
      source: "combined",
      sourceName: "",
      tableCount: 3,
      createdAt: at,
      sources: Array.from({ length: 20 }, (_, i) => ({ kind: "solution" as const, name: `Solution${i}_1_0.zip` })),
    });
    expect(long.length).toBeLessThanOrEqual(120);
    expect(long).toMatch(/\.\.\. · 3 tables · 2026-12-07 01:52 UTC$/);
    expect(
      snapshotDisplayName({ name: "Prod, December", source: "live", sourceName: "", tableCount: 1, createdAt: at }),
    ).toBe("Prod, December");
  });

  it("refuses an empty or too long rename", () => {
    expect(RenameSnapshotSchema.safeParse({ snapshotId: "s", revision: 1, name: "  " }).success).toBe(false);
    expect(RenameSnapshotSchema.safeParse({ snapshotId: "s", revision: 1, name: "x".repeat(121) }).success).toBe(false);
    expect(RenameSnapshotSchema.parse({ snapshotId: "s", revision: 1, name: "  Prod  " }).name).toBe("Prod");
  });
});
