import { describe, expect, it } from "vitest";
import { accessFor, isCrossSiteWrite } from "@/lib/auth/access-policy";

const headers = (h: Record<string, string>) => ({ get: (name: string) => h[name.toLowerCase()] ?? null });

describe("accessFor", () => {
  it("lets anyone reach sign-in, setup, invitations, the Entra callback, health and static assets", () => {
    for (const p of [
      "/sign-in",
      "/setup",
      "/invite",
      "/reset-password",
      "/auth/reset-password",
      "/auth/entra/callback",
      "/auth/sign-in",
      "/auth/sign-out",
      "/auth/setup",
      "/api/health",
      "/_next/static/x.js",
      "/schema/bundle.schema.json",
      "/.well-known/syncwright-signing-key",
    ]) {
      expect(accessFor(p), p).toEqual({ kind: "public" });
    }
  });

  it("leaves the device and automation APIs to their bearer-token wrappers", () => {
    expect(accessFor("/api/client/v1/customization")).toEqual({ kind: "bearer" });
    expect(accessFor("/api/v1/projects")).toEqual({ kind: "bearer" });
  });

  it("requires a session everywhere else, denying by default", () => {
    for (const p of [
      "/",
      "/projects",
      "/projects/abc",
      "/audit",
      "/api/anything",
      "/sign-inx",
      "/setupx",
      "/reset-passwordx",
      "/accounts",
      "/api/healthz",
    ]) {
      expect(accessFor(p).kind, p).toBe("session");
    }
  });

  it("reserves user and token management to owners", () => {
    expect(accessFor("/settings/users")).toEqual({ kind: "session", minRole: "owner" });
    expect(accessFor("/settings/users/invite")).toEqual({ kind: "session", minRole: "owner" });
    expect(accessFor("/settings")).toEqual({ kind: "session", minRole: "viewer" });
  });

  it("lets every signed-in role open a table's views and forms (read-only below editor; saving checks 'edit')", () => {
    for (const p of [
      "/projects/p1/tables/contact/views",
      "/projects/p1/tables/contact/views/view-abc",
      "/projects/p1/tables/contact/forms",
      "/projects/p1/tables/contact/forms/form-abc",
    ]) {
      expect(accessFor(p), p).toEqual({ kind: "session", minRole: "viewer" });
    }
  });

  it("lets every signed-in user reach their own account page", () => {
    expect(accessFor("/account")).toEqual({ kind: "session", minRole: "viewer" });
  });
});

describe("isCrossSiteWrite", () => {
  it("allows reads from anywhere", () => {
    expect(isCrossSiteWrite("GET", headers({ "sec-fetch-site": "cross-site", origin: "https://evil.test" }))).toBe(
      false,
    );
  });
  it("refuses a cross-site POST", () => {
    expect(
      isCrossSiteWrite(
        "POST",
        headers({ "sec-fetch-site": "cross-site", host: "portal.test", origin: "https://evil.test" }),
      ),
    ).toBe(true);
    expect(isCrossSiteWrite("POST", headers({ host: "portal.test", origin: "https://evil.test" }))).toBe(true);
    expect(isCrossSiteWrite("POST", headers({ host: "portal.test", origin: "null" }))).toBe(true);
  });
  it("accepts a same-origin POST and a non-browser client without Origin", () => {
    expect(
      isCrossSiteWrite(
        "POST",
        headers({ "sec-fetch-site": "same-origin", host: "portal.test", origin: "http://portal.test" }),
      ),
    ).toBe(false);
    expect(isCrossSiteWrite("POST", headers({ host: "portal.test" }))).toBe(false);
  });
});
