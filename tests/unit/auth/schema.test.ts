import { describe, expect, it } from "vitest";
import { EmailSchema, InviteSchema, PasswordSchema, SetupSchema, SignInSchema } from "@/lib/auth/schema";

describe("auth input schemas", () => {
  it("requires passwords of 12 to 256 characters", () => {
    expect(PasswordSchema.safeParse("a".repeat(11)).error?.issues[0].message).toBe("must be at least 12 characters");
    expect(PasswordSchema.safeParse("a".repeat(12)).success).toBe(true);
    expect(PasswordSchema.safeParse("a".repeat(256)).success).toBe(true);
    expect(PasswordSchema.safeParse("a".repeat(257)).error?.issues[0].message).toBe("must be at most 256 characters");
    expect(PasswordSchema.safeParse(" ".repeat(14)).success).toBe(false);
  });

  it("lower-cases and trims emails, and names the field of a bad one", () => {
    expect(EmailSchema.parse("  Ada@Example.COM ")).toBe("ada@example.com");
    const result = SetupSchema.safeParse({ name: "Ada", email: "not-an-email", password: "long enough password" });
    expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["email", "must be an email address such as ada@example.com"],
    ]);
  });

  it("does not apply the password policy when signing in", () => {
    expect(SignInSchema.safeParse({ email: "a@b.co", password: "short" }).success).toBe(true);
    expect(SignInSchema.safeParse({ email: "a@b.co", password: "" }).success).toBe(false);
  });

  it("accepts only the three roles in an invitation", () => {
    expect(InviteSchema.safeParse({ email: "a@b.co", role: "editor" }).success).toBe(true);
    expect(InviteSchema.safeParse({ email: "a@b.co", role: "admin" }).error?.issues[0].message).toBe(
      "must be owner, editor or viewer",
    );
  });
});
