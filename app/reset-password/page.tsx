// The page a password reset link opens (`syncwright admin reset-password` prints it): choose a new password.
import { Alert, Anchor } from "@mantine/core";
import { AuthCard } from "@/components/auth/auth-card";
import { AccountForm } from "@/components/auth/account-form";
import { getDb } from "@/lib/db/client";
import { loadPasswordReset } from "@/lib/auth/recovery";

export const metadata = { title: "Set a new password" };

export default async function ResetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const token = (await searchParams).token ?? "";
  const reset = await loadPasswordReset(getDb(), token);
  return (
    <AuthCard
      title="Set a new password"
      subtitle={reset ? "Every session of this account ends; then sign in with the new password." : undefined}
    >
      {reset ? (
        <AccountForm
          endpoint="/auth/reset-password"
          token={token}
          email={reset.email}
          submitLabel="Set the new password"
          withName={false}
        />
      ) : (
        <Alert color="orange" title="This reset link cannot be used">
          It is invalid, expired (links last an hour) or already used. The portal&apos;s host administrator prints a new
          one with <code>syncwright admin reset-password &lt;email&gt;</code>. Or{" "}
          <Anchor href="/sign-in">sign in</Anchor>.
        </Alert>
      )}
    </AuthCard>
  );
}
