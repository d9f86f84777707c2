import { describe, expect, it } from "vitest";
import { normalizeAddress, parseTrustedProxies, resolveClientAddress } from "@/lib/auth/client-address";
import { parseConfig, ConfigError } from "@/lib/config";

const none = parseTrustedProxies(undefined);
const lb = parseTrustedProxies("10.0.0.0/8, 192.0.2.10, 2001:db8:a::/48");

describe("the client address behind proxies", () => {
  it("uses the socket address and ignores forwarding headers when no proxy is trusted", () => {
    for (const forwardedFor of ["203.0.113.9", "1.1.1.1, 2.2.2.2", "garbage", ""]) {
      expect(resolveClientAddress({ peer: "198.51.100.4", forwardedFor, trusted: none })).toBe("198.51.100.4");
    }
  });

  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", () => {
    expect(resolveClientAddress({ peer: "198.51.100.4", forwardedFor: "203.0.113.9", trusted: lb })).toBe(
      "198.51.100.4",
    );
  });

  it("takes the rightmost untrusted hop from a trusted proxy, whatever the client wrote to its left", () => {
    const resolve = (forwardedFor: string, peer = "10.1.2.3") =>
      resolveClientAddress({ peer, forwardedFor, trusted: lb });
    expect(resolve("203.0.113.9")).toBe("203.0.113.9");
    // The client sent "X-Forwarded-For: 1.2.3.4"; the proxy appended the real peer.
    expect(resolve("1.2.3.4, 203.0.113.9")).toBe("203.0.113.9");
    // Two trusted hops (a CDN edge in 10/8 in front of the load balancer).
    expect(resolve("1.2.3.4, 203.0.113.9, 10.9.9.9")).toBe("203.0.113.9");
    expect(resolve("1.2.3.4, 203.0.113.9, 192.0.2.10", "2001:db8:a::5")).toBe("203.0.113.9");
    // All hops trusted: the furthest one.
    expect(resolve("10.0.0.1, 10.0.0.2")).toBe("10.0.0.1");
    // A malformed hop ends the walk at the last good address.
    expect(resolve("203.0.113.9, not-an-ip")).toBe("10.1.2.3");
  });

  it("matches IPv4 peers on dual-stack sockets and IPv6 forms", () => {
    expect(normalizeAddress("::FFFF:10.1.2.3")).toBe("10.1.2.3");
    expect(normalizeAddress("[2001:db8::1]")).toBe("2001:db8::1");
    expect(resolveClientAddress({ peer: "::ffff:10.1.2.3", forwardedFor: "203.0.113.9", trusted: lb })).toBe(
      "203.0.113.9",
    );
    expect(resolveClientAddress({ peer: null, forwardedFor: "203.0.113.9", trusted: lb })).toBeNull();
  });

  it("refuses a TRUSTED_PROXIES entry that is not an address or CIDR range, naming it", () => {
    expect(parseConfig({ TRUSTED_PROXIES: "10.0.0.0/8, ::1" }, "/tmp").trustedProxies).toEqual(["10.0.0.0/8", "::1"]);
    expect(parseConfig({}, "/tmp").trustedProxies).toEqual([]);
    for (const bad of ["10.0.0.0/33", "proxy.example.com", "10.0.0.1/8/2", "2001:db8::/129"]) {
      expect(() => parseConfig({ TRUSTED_PROXIES: bad }, "/tmp")).toThrow(ConfigError);
      expect(() => parseConfig({ TRUSTED_PROXIES: bad }, "/tmp")).toThrow(/TRUSTED_PROXIES must be comma-separated/);
    }
  });
});
