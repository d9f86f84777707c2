import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { Alert } from "@mantine/core";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { getConfig } from "@/lib/config";
import { safeReturnTo } from "@/lib/auth/entra";
import { getCurrentUser } from "@/app/_server/request-context";
import { FLASH_COOKIE } from "@/app/_server/flash";

export const metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const params = await searchParams;
  const next = safeReturnTo(params.next) ?? "/projects";
  if (await getCurrentUser()) redirect(next);
  const flash = (await cookies()).get(FLASH_COOKIE)?.value;
  return (
    <AuthCard title="Sign in" subtitle="Configure what your mobile Dynamics 365 users take offline.">
      {params.created ? (
        <Alert color="green" title="Account created">
          Sign in with {params.created} and the password you chose.
        </Alert>
      ) : null}
      {params.reset ? (
        <Alert color="green" title="Password changed">
          Sign in with {params.reset} and your new password.
        </Alert>
      ) : null}
      {params.signedOut ? <Alert color="gray">You are signed out.</Alert> : null}
      <SignInForm
        next={next}
        entraEnabled={Boolean(getConfig().entra)}
        initialError={flash}
        email={params.created ?? params.reset}
      />
    </AuthCard>
  );
}
