// A portal page whose loader found nothing (orNotFound in app/_server/page-data.ts), inside the shell.
import { NothingHere } from "@/components/shell/nothing-here";

export const metadata = { title: "Not found" };

export default function PortalNotFound() {
  return <NothingHere />;
}
