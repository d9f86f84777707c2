import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  DEFAULT_SCRYPT_PARAMS,
  DUMMY_HASH,
  hashPassword,
  needsRehash,
  verifyDummyPassword,
  verifyPassword,
} from "@/lib/auth/password";

// Cheap parameters keep the property test fast; the format and comparison are the same at any cost.
const cheap = { ln: 10, r: 8, p: 1 };

describe("password hashing", () => {
  it("verifies the right password and refuses a wrong one", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(hash).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword("correct horse battery staple", hash)).toBe(true);
    expect(await verifyPassword("correct horse battery stapl", hash)).toBe(false);
    expect(await verifyPassword("Correct horse battery staple", hash)).toBe(false);
  });

  it("salts every hash, so the same password never gives the same string", async () => {
    const a = await hashPassword("the same password", cheap);
    const b = await hashPassword("the same password", cheap);
    expect(a).not.toBe(b);
    expect(await verifyPassword("the same password", a)).toBe(true);
    expect(await verifyPassword("the same password", b)).toBe(true);
  });

  it("round-trips any password, and a different password never verifies", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 64 }),
        fc.string({ minLength: 1, maxLength: 64 }),
        async (pw, other) => {
          const hash = await hashPassword(pw, cheap);
          expect(await verifyPassword(pw, hash)).toBe(true);
          if (other.normalize("NFKC") !== pw.normalize("NFKC")) expect(await verifyPassword(other, hash)).toBe(false);
        },
      ),
      { numRuns: 25 },
    );
  });

  it("treats canonically equivalent Unicode as the same password", async () => {
    const hash = await hashPassword("caf\u00e9-password-123", cheap);
    expect(await verifyPassword("cafe\u0301-password-123", hash)).toBe(true);
  });

  it("reads the cost from the stored string, so older hashes keep working and are flagged for re-hashing", async () => {
    const old = await hashPassword("an older password", cheap);
    expect(await verifyPassword("an older password", old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash(await hashPassword("a new password"))).toBe(false);
  });

  it("never matches a malformed or tampered hash, and refuses absurd cost parameters", async () => {
    const hash = await hashPassword("a password here", cheap);
    const tampered = hash.slice(0, -4) + (hash.endsWith("AAA=") ? "BBB=" : "AAA=");
    expect(await verifyPassword("a password here", tampered)).toBe(false);
    expect(await verifyPassword("a password here", "")).toBe(false);
    expect(await verifyPassword("a password here", "plain-text")).toBe(false);
    expect(await verifyPassword("a password here", hash.replace("ln=10", "ln=30"))).toBe(false);
  });

  it("keeps the dummy hash at today's cost, so unknown accounts cost the same time as real ones", async () => {
    expect(needsRehash(DUMMY_HASH, DEFAULT_SCRYPT_PARAMS)).toBe(false);
    expect(
      DUMMY_HASH.startsWith(
        `$scrypt$ln=${DEFAULT_SCRYPT_PARAMS.ln},r=${DEFAULT_SCRYPT_PARAMS.r},p=${DEFAULT_SCRYPT_PARAMS.p}$`,
      ),
    ).toBe(true);
    expect(await verifyDummyPassword("anything at all")).toBe(false);

    const real = await hashPassword("a real account password");
    // Interleaved, so load from other processes hits both sides alike.
    let dummy = 0;
    let known = 0;
    for (let i = 0; i < 4; i++) {
      let t = performance.now();
      await verifyDummyPassword("a guess at the password");
      dummy += performance.now() - t;
      t = performance.now();
      await verifyPassword("a guess at the password", real);
      known += performance.now() - t;
    }
    // Same algorithm and cost: within a factor of two even on a busy 2-core machine.
    expect(dummy / known).toBeGreaterThan(0.5);
    expect(dummy / known).toBeLessThan(2);
  });
});
