// Every phone and tablet the device API has seen: filtered, sorted and paged by the database (the URL holds the
// query), with their state, the version they hold, and actions on picked devices or a whole filtered selection.
import { IconDeviceMobile } from "@tabler/icons-react";
import { PageHeader } from "@/components/shell/page-header";
import { EmptyState } from "@/components/shell/empty-state";
import { DevicesTable } from "@/components/devices/devices-table";
import { getDb } from "@/lib/db/client";
import { getConfig } from "@/lib/config";
import { can } from "@/lib/auth/roles";
import { listDevicePage } from "@/lib/devices/data";
import { DeviceListQuerySchema } from "@/lib/devices/schema";
import { getCurrentUser } from "@/app/_server/request-context";
import { bulkDeviceAction, deviceAction } from "./actions";

export const metadata = { title: "Devices" };
export const dynamic = "force-dynamic";

export default async function DevicesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const raw = Object.fromEntries(
    Object.entries(await searchParams).flatMap(([k, v]) => {
      const value = Array.isArray(v) ? v[0] : v;
      return value === undefined || value === "" ? [] : [[k, value]];
    }),
  );
  const parsed = DeviceListQuerySchema.safeParse(raw);
  const query = parsed.success ? parsed.data : DeviceListQuerySchema.parse({});
  const user = await getCurrentUser();
  const page = await listDevicePage(getDb(), query, getConfig().maxDevicesPerUser);
  const filtered = Object.keys(raw).some((k) => !["sort", "dir", "page", "pageSize"].includes(k));
  return (
    <>
      <PageHeader
        title="Devices"
        description="Phones and tablets that have synced or checked in: their user, state, the version they hold and their last contact. Approve, block, lock, wipe or force a full sync; commands reach a device with its next check-in."
      />
      {page.total === 0 && !filtered ? (
        <EmptyState icon={<IconDeviceMobile size={24} />} title="No devices yet">
          A device appears here at its first download or check-in. Under a policy that blocks new devices, it waits here
          for your approval.
        </EmptyState>
      ) : (
        <DevicesTable
          page={page}
          query={query}
          queryError={parsed.success ? null : "Some filters in the address were not valid and were ignored."}
          canAct={!!user && can(user.role, "publish")}
          act={deviceAction}
          bulk={bulkDeviceAction}
        />
      )}
    </>
  );
}
