// Every phone and tablet the device API has seen: who uses it, which app version, which project and version it
// holds, whether that is the newest, and when it last synced. Locking, wiping and blocking come with the
// security policies.
import {
  Anchor,
  Badge,
  Group,
  Paper,
  Table,
  TableScrollContainer,
  TableTbody,
  TableTd,
  TableTh,
  TableThead,
  TableTr,
  Text,
} from "@mantine/core";
import { IconDeviceMobile } from "@tabler/icons-react";
import { PageHeader } from "@/components/shell/page-header";
import { EmptyState } from "@/components/shell/empty-state";
import { getDb } from "@/lib/db/client";
import { formatWhen } from "@/lib/format/when";
import { listDevices } from "@/lib/versions/data";

export const metadata = { title: "Devices" };
export const dynamic = "force-dynamic";

export default async function DevicesPage() {
  const { devices, total } = await listDevices(getDb());
  const behind = devices.filter((d) => d.number < d.latestNumber).length;
  return (
    <>
      <PageHeader
        title="Devices"
        description="Phones and tablets that have synced a published customization: user, app version, the version they hold and their last sync."
      />
      {devices.length === 0 ? (
        <EmptyState icon={<IconDeviceMobile size={24} />} title="No devices have synced yet">
          A device appears here after its first sync downloads a published version of a project.
        </EmptyState>
      ) : (
        <>
          <Text size="sm" c="dimmed" mb="sm">
            {total.toLocaleString("en-US")} device{total === 1 ? "" : "s"}, most recently seen first
            {total > devices.length ? ` (the first ${devices.length} shown)` : ""}
            {behind > 0 ? `; ${behind} of these hold an older version than their project's newest` : ""}.
          </Text>
          <Paper withBorder>
            <TableScrollContainer minWidth={820}>
              <Table verticalSpacing="xs" highlightOnHover aria-label="Devices">
                <TableThead>
                  <TableTr>
                    <TableTh>User</TableTh>
                    <TableTh>Device</TableTh>
                    <TableTh>App version</TableTh>
                    <TableTh>Project</TableTh>
                    <TableTh>Holds</TableTh>
                    <TableTh>Last seen</TableTh>
                    <TableTh>Last download</TableTh>
                  </TableTr>
                </TableThead>
                <TableTbody>
                  {devices.map((d) => (
                    <TableTr key={`${d.userOid}:${d.deviceId}`}>
                      <TableTd>{d.userName ?? d.userOid}</TableTd>
                      <TableTd>
                        <Text size="sm" ff="monospace">
                          {d.deviceId}
                        </Text>
                      </TableTd>
                      <TableTd>{d.appVersion}</TableTd>
                      <TableTd>
                        <Anchor href={`/projects/${d.projectId}/versions`} size="sm">
                          {d.projectName}
                        </Anchor>
                      </TableTd>
                      {/* A badge's width does not count towards its column's (it could shorten its label), so the cell keeps room for it. */}
                      <TableTd style={{ minWidth: 130 }}>
                        <Group gap={6} wrap="nowrap">
                          <Anchor href={`/projects/${d.projectId}/versions/${d.number}`} size="sm">
                            v{d.number}
                          </Anchor>
                          {d.number < d.latestNumber ? (
                            <Badge
                              size="sm"
                              color="yellow"
                              variant="light"
                              title={`The project's newest version is v${d.latestNumber}`}
                            >
                              behind
                            </Badge>
                          ) : (
                            <Badge size="sm" color="teal" variant="light">
                              newest
                            </Badge>
                          )}
                        </Group>
                      </TableTd>
                      <TableTd style={{ whiteSpace: "nowrap" }}>{formatWhen(d.lastSeenAt)}</TableTd>
                      <TableTd style={{ whiteSpace: "nowrap" }}>
                        {d.lastDownloadAt ? formatWhen(d.lastDownloadAt) : "—"}
                      </TableTd>
                    </TableTr>
                  ))}
                </TableTbody>
              </Table>
            </TableScrollContainer>
          </Paper>
        </>
      )}
    </>
  );
}
