import { describe, expect, it } from "vitest";
import path from "node:path";
import { deviceApiSetup, parseConfig, ConfigError } from "@/lib/config";

describe("parseConfig", () => {
  it("defaults to an embedded SQLite file under data/ and port 3000", () => {
    const config = parseConfig({}, "/srv/app");
    expect(config.provider).toBe("sqlite");
    expect(config.databaseUrl).toBe(`file:${path.join("/srv/app/data", "syncwright.db")}`);
    expect(config.port).toBe(3000);
    expect(config.baseUrl).toBe("http://localhost:3000");
    expect(config.entra).toBeUndefined();
  });

  it("takes the Entra authority host for sign-in and the Dataverse clients alike, without a trailing slash", () => {
    expect(parseConfig({}).authorityHost).toBe("https://login.microsoftonline.com");
    expect(parseConfig({ ENTRA_AUTHORITY_HOST: "https://login.microsoftonline.us/" }).authorityHost).toBe(
      "https://login.microsoftonline.us",
    );
    const entra = {
      ENTRA_TENANT_ID: "0b3c8f4e-6a1d-4c5e-9f2a-7d8e9f0a1b2c",
      ENTRA_CLIENT_ID: "1b3c8f4e-6a1d-4c5e-9f2a-7d8e9f0a1b2c",
      ENTRA_CLIENT_SECRET: "s",
      ENTRA_REDIRECT_URI: "https://p/auth/entra/callback",
    };
    expect(parseConfig({ ...entra, ENTRA_AUTHORITY_HOST: "https://login.chinacloudapi.cn" }).entra?.authorityHost).toBe(
      "https://login.chinacloudapi.cn",
    );
  });

  it("switches to PostgreSQL when DATABASE_URL says so", () => {
    expect(parseConfig({ DATABASE_URL: "postgresql://u:p@db:5432/sw" }).provider).toBe("postgresql");
  });

  it("stops with one line naming a malformed variable and its expected form", () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ PORT: "eighty" }, /^Configuration error: PORT must be a port number such as 3000\.$/],
      [{ DATABASE_URL: "mysql://x" }, /^Configuration error: DATABASE_URL must be postgresql:\/\/.+$/],
      [
        { SECRET_ENCRYPTION_KEY: "abc" },
        /^Configuration error: SECRET_ENCRYPTION_KEY must be 64 hexadecimal characters/,
      ],
      [
        { ENTRA_TENANT_ID: "contoso" },
        /^Configuration error: ENTRA_TENANT_ID must be the directory \(tenant\) id, a GUID/,
      ],
    ];
    for (const [env, message] of cases) {
      let error: unknown;
      try {
        parseConfig(env);
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(env)).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain("\n");
    }
  });

  it("names the missing Entra variable when only some are set", () => {
    expect(() => parseConfig({ ENTRA_TENANT_ID: "7f0c7a43-5b3a-4d0e-9a44-7a1f8e8c2d10" })).toThrow(
      /^Configuration error: ENTRA_CLIENT_ID is required when ENTRA_TENANT_ID is set/,
    );
  });
});

describe("deviceApiSetup", () => {
  const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";

  it("names both variables and what each holds when neither is set", () => {
    const setup = deviceApiSetup({});
    expect(setup.configured).toBe(false);
    if (setup.configured) return;
    expect(setup.missing.map((m) => m.name)).toEqual(["DEVICE_TOKEN_TENANT_ID", "DEVICE_TOKEN_AUDIENCE"]);
    for (const m of setup.missing) expect(m.holds.length).toBeGreaterThan(20);
  });

  it("names only what is missing, and an exact issuer stands for the tenant", () => {
    const onlyTenant = deviceApiSetup({ DEVICE_TOKEN_TENANT_ID: TENANT });
    expect(onlyTenant.configured ? [] : onlyTenant.missing.map((m) => m.name)).toEqual(["DEVICE_TOKEN_AUDIENCE"]);
    const blank = deviceApiSetup({ DEVICE_TOKEN_TENANT_ID: TENANT, DEVICE_TOKEN_AUDIENCE: "  " });
    expect(blank.configured).toBe(false);
    expect(
      deviceApiSetup({ DEVICE_TOKEN_ISSUER: "https://issuer.example/v2.0", DEVICE_TOKEN_AUDIENCE: "api://sw" }),
    ).toEqual({ configured: true, issuers: ["https://issuer.example/v2.0"], audiences: ["api://sw"] });
  });

  it("is configured with a tenant and an audience, as parseConfig reads them", () => {
    const env = { DEVICE_TOKEN_TENANT_ID: TENANT, DEVICE_TOKEN_AUDIENCE: "api://syncwright, abc" };
    const setup = deviceApiSetup(env);
    expect(setup).toMatchObject({ configured: true, audiences: ["api://syncwright", "abc"] });
    expect(setup.configured && setup.issuers).toEqual(parseConfig(env).deviceTokens?.issuers);
  });
});
