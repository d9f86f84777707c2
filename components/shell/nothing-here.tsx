// The not-found page: a link to a project, table, version, environment or device that does not exist (deleted since
// the link was made, or mistyped). Inside the portal's shell for a page whose loader found nothing (orNotFound), and
// on its own for an address no page answers.
import { IconMapQuestion } from "@tabler/icons-react";
import { DeadEnd } from "./dead-end";

export function NothingHere({ fullPage = false }: { fullPage?: boolean }) {
  return (
    <DeadEnd icon={<IconMapQuestion size={48} stroke={1.4} aria-hidden />} title="Nothing here" fullPage={fullPage}>
      {fullPage
        ? "No page has this address. Check the link, or start again from your projects."
        : "This address names a project, table, version, environment or device that does not exist. It may have been deleted since the link was made."}
    </DeadEnd>
  );
}
