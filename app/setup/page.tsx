import { Alert, Anchor } from "@mantine/core";
import { AuthCard } from "@/components/auth/auth-card";
import { AccountForm } from "@/components/auth/account-form";
import { getDb } from "@/lib/db/client";
import { isSetupTokenUsable } from "@/lib/auth/setup";

export const metadata = { title: "Set up" };

export default async function SetupPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const token = (await searchParams).token ?? "";
  const usable = await isSetupTokenUsable(getDb(), token);
  return (
    <AuthCard
      title="Set up Syncwright"
      subtitle="Create the owner account. The owner invites everyone else and manages environments."
    >
      {usable ? (
        <AccountForm endpoint="/auth/setup" token={token} submitLabel="Create owner account" />
      ) : (
        <Alert color="orange" title="This setup link cannot be used">
          It is invalid, expired or already used. While the portal has no owner, restarting it prints a new link on the
          console. If the portal is already set up, <Anchor href="/sign-in">sign in</Anchor>.
        </Alert>
      )}
    </AuthCard>
  );
}
