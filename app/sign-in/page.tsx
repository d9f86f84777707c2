import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { Alert } from "@mantine/core";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { getConfig } from "@/lib/config";
import { returnPathOrHome } from "@/lib/auth/return-path";
import { getCurrentUser } from "@/app/_server/request-context";
import { FLASH_COOKIE } from "@/app/_server/flash";

export const metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const next = returnPathOrHome(params.next, getConfig().baseUrl);
  if (await getCurrentUser()) redirect(next);
  const created = typeof params.created === "string" ? params.created : undefined;
  const reset = typeof params.reset === "string" ? params.reset : undefined;
  const flash = (await cookies()).get(FLASH_COOKIE)?.value;
  return (
    <AuthCard title="Sign in" subtitle="Configure what your mobile Dynamics 365 users take offline.">
      {created ? (
        <Alert color="green" title="Account created">
          Sign in with {created} and the password you chose.
        </Alert>
      ) : null}
      {reset ? (
        <Alert color="green" title="Password changed">
          Sign in with {reset} and your new password.
        </Alert>
      ) : null}
      {params.signedOut ? <Alert color="gray">You are signed out.</Alert> : null}
      <SignInForm next={next} entraEnabled={Boolean(getConfig().entra)} initialError={flash} email={created ?? reset} />
    </AuthCard>
  );
}
