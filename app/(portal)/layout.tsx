import { redirect } from "next/navigation";
import { PortalShell } from "@/components/shell/app-shell";
import { getCurrentUser } from "@/app/_server/request-context";

// The proxy has already turned anonymous requests away; this is the second line, and it supplies the user.
export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in");
  return <PortalShell user={{ name: user.name, email: user.email, role: user.role }}>{children}</PortalShell>;
}
