import { describe, expect, it } from "vitest";
import { sealData } from "iron-session";
import {
  cookieOptions,
  isLocalHttp,
  sealSessionCookie,
  unsealSessionCookie,
  SESSION_COOKIE,
} from "@/lib/auth/session-cookie";

const secret = "a".repeat(64);
const otherSecret = "b".repeat(64);
const cookie = { sid: "s".repeat(43), uid: "user-1", iat: 1_790_000_000 };

describe("session cookie", () => {
  it("is named sw_session", () => {
    expect(SESSION_COOKIE).toBe("sw_session");
  });

  it("seals and unseals { sid, uid, iat }, and the sealed text reveals none of it", async () => {
    const sealed = await sealSessionCookie(cookie, secret);
    expect(sealed).not.toContain("user-1");
    expect(sealed).not.toContain(cookie.sid);
    expect(await unsealSessionCookie(sealed, secret)).toEqual(cookie);
  });

  it("refuses a cookie sealed with another secret, a tampered one, garbage and nothing", async () => {
    const sealed = await sealSessionCookie(cookie, secret);
    expect(await unsealSessionCookie(sealed, otherSecret)).toBeNull();
    const middle = Math.floor(sealed.length / 2);
    const flipped = sealed.slice(0, middle) + (sealed[middle] === "A" ? "B" : "A") + sealed.slice(middle + 1);
    expect(await unsealSessionCookie(flipped, secret)).toBeNull();
    expect(await unsealSessionCookie("Fe26.2**garbage", secret)).toBeNull();
    expect(await unsealSessionCookie("", secret)).toBeNull();
    expect(await unsealSessionCookie(undefined, secret)).toBeNull();
  });

  it("refuses a genuine seal whose content is not a session", async () => {
    const sealed = await sealData({ uid: "user-1" }, { password: secret });
    expect(await unsealSessionCookie(sealed, secret)).toBeNull();
  });

  it("is HttpOnly, SameSite=Lax, path /, and Secure everywhere but plain http on this machine", () => {
    expect(cookieOptions("https://portal.example.com", 60)).toEqual({
      httpOnly: true,
      sameSite: "lax",
      secure: true,
      path: "/",
      maxAge: 60,
    });
    expect(cookieOptions("http://localhost:3000", 60).secure).toBe(false);
    expect(cookieOptions("http://127.0.0.1:3000", 60).secure).toBe(false);
    expect(cookieOptions("http://portal.intranet:3000", 60).secure).toBe(true);
    expect(cookieOptions("https://localhost:3000", 60).secure).toBe(true);
    expect(isLocalHttp("http://localhost.evil.com")).toBe(false);
    expect(isLocalHttp("not a url")).toBe(false);
  });
});
