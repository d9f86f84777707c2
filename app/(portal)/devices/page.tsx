import { IconDeviceMobile } from "@tabler/icons-react";
import { PageHeader } from "@/components/shell/page-header";
import { EmptyState } from "@/components/shell/empty-state";

export const metadata = { title: "Devices" };

export default function DevicesPage() {
  return (
    <>
      <PageHeader title="Devices" description="Phones and tablets that have synced a published customization: model, app version, user, last sync and state." />
      <EmptyState icon={<IconDeviceMobile size={24} />} title="No devices have synced yet">
        A device appears here after its first sync downloads a published version of a project.
      </EmptyState>
    </>
  );
}
