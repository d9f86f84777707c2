import { describe, expect, it } from "vitest";
import { REDACTED, summarizeForAudit } from "@/lib/audit/summary";

describe("audit summaries", () => {
  it("never keeps a secret, wherever it sits", () => {
    const summary = summarizeForAudit({
      email: "ada@example.com",
      password: "hunter2-hunter2",
      passwordHash: "$scrypt$...",
      clientSecret: "s3cr3t",
      nested: { apiToken: "swt_abc", accessToken: "eyJ...", list: [{ refresh_token: "r" }], sessionId: "sid" },
    });
    expect(summary).toEqual({
      email: "ada@example.com",
      password: REDACTED,
      passwordHash: REDACTED,
      clientSecret: REDACTED,
      nested: { apiToken: REDACTED, accessToken: REDACTED, list: [{ refresh_token: REDACTED }], sessionId: REDACTED },
    });
    expect(JSON.stringify(summary)).not.toMatch(/hunter2|s3cr3t|swt_abc|eyJ/);
  });

  it("keeps summaries small: long text, long lists and deep nesting are cut", () => {
    const summary = summarizeForAudit({
      text: "x".repeat(1000),
      items: Array.from({ length: 60 }, (_, i) => i),
      deep: { a: { b: { c: { d: { e: 1 } } } } },
    }) as { text: string; items: unknown[]; deep: unknown };
    expect(summary.text.length).toBeLessThan(400);
    expect(summary.text).toContain("(1000 characters)");
    expect(summary.items).toHaveLength(51);
    expect(summary.items[50]).toBe("… 10 more");
    expect(summary.deep).toEqual({ a: { b: { c: "…" } } });
  });

  it("turns dates and bytes into JSON-safe text", () => {
    expect(summarizeForAudit({ at: new Date("2026-11-23T12:00:00Z"), blob: new Uint8Array(10) })).toEqual({
      at: "2026-11-23T12:00:00.000Z",
      blob: "(10 bytes)",
    });
  });
});
