// Input schemas of sign-in, setup, invitations and portal roles. Safe to import anywhere (browser, server, CLI).
import { z } from "zod";

export const ROLES = ["owner", "editor", "viewer"] as const;
export const RoleSchema = z.enum(ROLES, { message: "must be owner, editor or viewer" });
export type Role = z.infer<typeof RoleSchema>;

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

// Length is the policy (NIST 800-63B): no composition rules, a ceiling only so hashing stays cheap.
export const PasswordSchema = z
  .string({ message: "is required" })
  .min(PASSWORD_MIN_LENGTH, { message: `must be at least ${PASSWORD_MIN_LENGTH} characters` })
  .max(PASSWORD_MAX_LENGTH, { message: `must be at most ${PASSWORD_MAX_LENGTH} characters` })
  .refine((value) => value.trim().length > 0, { message: "must not be only spaces" });

/** Emails are compared lower-cased everywhere; the schema does the lowering. */
export const EmailSchema = z
  .string({ message: "is required" })
  .trim()
  .max(254, { message: "must be at most 254 characters" })
  .pipe(z.email({ message: "must be an email address such as ada@example.com" }))
  .transform((value) => value.toLowerCase());

export const NameSchema = z
  .string({ message: "is required" })
  .trim()
  .min(1, { message: "is required" })
  .max(120, { message: "must be at most 120 characters" });

/** Sign-in checks only presence: the policy applies when a password is chosen, not when it is typed. */
export const SignInSchema = z.object({
  email: EmailSchema,
  password: z
    .string({ message: "is required" })
    .min(1, { message: "is required" })
    .max(PASSWORD_MAX_LENGTH, {
      message: `must be at most ${PASSWORD_MAX_LENGTH} characters`,
    }),
});
export type SignInInput = z.infer<typeof SignInSchema>;

export const SetupSchema = z.object({ name: NameSchema, email: EmailSchema, password: PasswordSchema });
export type SetupInput = z.infer<typeof SetupSchema>;

export const InviteSchema = z.object({ email: EmailSchema, role: RoleSchema });
export type InviteInput = z.infer<typeof InviteSchema>;

export const AcceptInviteSchema = z.object({ name: NameSchema, password: PasswordSchema });
export type AcceptInviteInput = z.infer<typeof AcceptInviteSchema>;

export const ChangeRoleSchema = z.object({ userId: z.string().min(1, { message: "is required" }), role: RoleSchema });
export type ChangeRoleInput = z.infer<typeof ChangeRoleSchema>;

/** One-time tokens are 32 random bytes in base64url: exactly 43 characters. */
export const OneTimeTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, { message: "is not a valid link token" });

/** A new password chosen through a reset link. */
export const ResetPasswordSchema = z.object({ password: PasswordSchema });
export type ResetPasswordInput = z.infer<typeof ResetPasswordSchema>;

/** A signed-in user changes their own password: the current one proves it is them. */
export const ChangePasswordSchema = z
  .object({
    currentPassword: z
      .string({ message: "is required" })
      .min(1, { message: "is required" })
      .max(PASSWORD_MAX_LENGTH, { message: `must be at most ${PASSWORD_MAX_LENGTH} characters` }),
    newPassword: PasswordSchema,
  })
  .refine((v) => v.currentPassword !== v.newPassword, {
    path: ["newPassword"],
    message: "must differ from the current password",
  });
export type ChangePasswordInput = z.infer<typeof ChangePasswordSchema>;
