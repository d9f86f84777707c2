import { IconLock } from "@tabler/icons-react";
import { DeadEnd } from "@/components/shell/dead-end";

export const metadata = { title: "Not allowed" };

export default function Forbidden() {
  return (
    <DeadEnd icon={<IconLock size={48} stroke={1.4} aria-hidden />} title="You cannot open this page" fullPage>
      Your portal role does not include it. An owner of this portal can change your role in Settings.
    </DeadEnd>
  );
}
