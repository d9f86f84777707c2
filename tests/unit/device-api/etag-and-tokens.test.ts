// If-None-Match matching, API token text and hashing, and the device token configuration.
import { describe, expect, it } from "vitest";
import { etagMatches } from "@/lib/device-api/etag";
import { hashToken, looksLikeToken, newTokenText } from "@/lib/api-tokens/token-secret";
import { TtlCache } from "@/lib/device-api/ttl-cache";
import { ConfigError, parseConfig } from "@/lib/config";

const HASH = "a".repeat(64);

describe("If-None-Match", () => {
  it("matches the strong tag, its weak form, a list and *; nothing else", () => {
    expect(etagMatches(`"${HASH}"`, HASH)).toBe(true);
    expect(etagMatches(`W/"${HASH}"`, HASH)).toBe(true);
    expect(etagMatches(`"x", "${HASH}"`, HASH)).toBe(true);
    expect(etagMatches("*", HASH)).toBe(true);
    expect(etagMatches(HASH, HASH)).toBe(false);
    expect(etagMatches(`"${"b".repeat(64)}"`, HASH)).toBe(false);
    expect(etagMatches(null, HASH)).toBe(false);
    expect(etagMatches(`"${"b".repeat(64)}", W/"${"c".repeat(64)}"`, HASH)).toBe(false);
    expect(etagMatches(`"${"b".repeat(64)}", *`, HASH)).toBe(true);
    expect(etagMatches(` W/"${HASH}" , "x"`, HASH)).toBe(true);
    // The hash inside another tag is no match.
    expect(etagMatches(`"${HASH}0"`, HASH)).toBe(false);
    // A comma inside a tag's quotes is the tag's own, not a list's: "x,*,y" is one tag, and so is "a,<hash>,b".
    expect(etagMatches(`"x,*,y"`, HASH)).toBe(false);
    expect(etagMatches(`"a,${HASH},b"`, HASH)).toBe(false);
    expect(etagMatches(`"x,y", "${HASH}"`, HASH)).toBe(true);
  });
});

describe("API token text", () => {
  it("is unique, recognisable, and stored as a SHA-256 that does not contain it", () => {
    const a = newTokenText();
    const b = newTokenText();
    expect(a.token).not.toBe(b.token);
    expect(looksLikeToken(a.token)).toBe(true);
    expect(a.token.startsWith(`swt_${a.prefix}_`)).toBe(true);
    expect(hashToken(a.token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(a.token)).not.toContain(a.token.slice(13));
    expect(looksLikeToken("swt_short")).toBe(false);
  });
});

describe("role cache", () => {
  it("forgets entries after their time and the oldest beyond its size", () => {
    let now = 0;
    const cache = new TtlCache<number>(1000, 2, () => now);
    cache.set("a", 1);
    cache.set("b", 2);
    cache.set("c", 3);
    expect(cache.get("a")).toBeUndefined();
    expect(cache.get("c")).toBe(3);
    now = 1000;
    expect(cache.get("c")).toBeUndefined();
  });
});

describe("device token configuration", () => {
  const tenant = "11111111-2222-4333-8444-555555555555";
  it("derives v2 and v1 issuers from the tenant and splits audiences", () => {
    const config = parseConfig({
      DEVICE_TOKEN_TENANT_ID: tenant,
      DEVICE_TOKEN_AUDIENCE: "api://syncwright, 0000-client",
    });
    expect(config.deviceTokens).toEqual({
      issuers: [`https://login.microsoftonline.com/${tenant}/v2.0`, `https://sts.windows.net/${tenant}/`],
      audiences: ["api://syncwright", "0000-client"],
      jwksUri: undefined,
      discoveryUrl: `https://login.microsoftonline.com/${tenant}/v2.0/.well-known/openid-configuration`,
    });
    expect(parseConfig({}).deviceTokens).toBeUndefined();
  });
  it("names the missing variable in one line", () => {
    expect(() => parseConfig({ DEVICE_TOKEN_TENANT_ID: tenant })).toThrow(
      new ConfigError(
        "Configuration error: DEVICE_TOKEN_AUDIENCE is required when the device token tenant or issuer is set.",
      ),
    );
    expect(() => parseConfig({ DEVICE_TOKEN_AUDIENCE: "api://x" })).toThrow(/DEVICE_TOKEN_TENANT_ID is required/);
    expect(() => parseConfig({ DEVICE_TOKEN_TENANT_ID: "contoso", DEVICE_TOKEN_AUDIENCE: "api://x" })).toThrow(
      /DEVICE_TOKEN_TENANT_ID must be the directory \(tenant\) id/,
    );
  });
});
