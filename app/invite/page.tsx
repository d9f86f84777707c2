import { Alert, Anchor } from "@mantine/core";
import { AuthCard } from "@/components/auth/auth-card";
import { AccountForm } from "@/components/auth/account-form";
import { getDb } from "@/lib/db/client";
import { loadInvite } from "@/lib/auth/invitations";

export const metadata = { title: "Accept invitation" };

export default async function InvitePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const token = (await searchParams).token ?? "";
  const invite = await loadInvite(getDb(), token);
  return (
    <AuthCard
      title="Join Syncwright"
      subtitle={invite ? `You are invited as ${invite.role}. Choose your name and password.` : undefined}
    >
      {invite ? (
        <AccountForm endpoint="/auth/invite" token={token} email={invite.email} submitLabel="Create my account" />
      ) : (
        <Alert color="orange" title="This invitation cannot be used">
          It is invalid, expired or already used. Ask an owner of the portal for a new one, or{" "}
          <Anchor href="/sign-in">sign in</Anchor>.
        </Alert>
      )}
    </AuthCard>
  );
}
