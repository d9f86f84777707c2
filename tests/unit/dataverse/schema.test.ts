import { describe, expect, it } from "vitest";
import { DataverseConnectionSchema, OrgUrlSchema } from "@/lib/dataverse/schema";
import { normalizeOrgUrl } from "@/lib/dataverse/client";

describe("org URL", () => {
  it("keeps only the origin of what an admin pastes", () => {
    expect(OrgUrlSchema.parse("https://contoso.crm.dynamics.com/")).toBe("https://contoso.crm.dynamics.com");
    expect(OrgUrlSchema.parse(" https://contoso.crm4.dynamics.com/main.aspx?appid=1#x ")).toBe(
      "https://contoso.crm4.dynamics.com",
    );
    expect(OrgUrlSchema.parse("contoso.crm.dynamics.com")).toBe("https://contoso.crm.dynamics.com");
  });

  it("refuses http and non-URLs with a message for the field", () => {
    expect(OrgUrlSchema.safeParse("http://contoso.crm.dynamics.com").error?.issues[0].message).toBe(
      "must start with https://",
    );
    expect(OrgUrlSchema.safeParse("https://").success).toBe(false);
    expect(OrgUrlSchema.safeParse("").error?.issues[0].message).toMatch(/is required/);
  });

  it("lets only an explicit test option through for http", () => {
    expect(() => normalizeOrgUrl("http://127.0.0.1:8080")).toThrow(/must use https/);
    expect(normalizeOrgUrl("http://127.0.0.1:8080/api/data/v9.2/", true)).toBe("http://127.0.0.1:8080");
    expect(() => normalizeOrgUrl("ftp://x", true)).toThrow(/must use https/);
  });
});

describe("connection", () => {
  it("names the field at fault", () => {
    const result = DataverseConnectionSchema.safeParse({
      orgUrl: "https://contoso.crm.dynamics.com",
      tenantId: "not-a-guid",
      clientId: "11111111-1111-1111-1111-111111111111",
      clientSecret: "x",
    });
    expect(result.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual([
      "tenantId: must be the directory (tenant) id, a GUID",
    ]);
  });
});
