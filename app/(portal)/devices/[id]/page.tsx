// One device: what it is, its state and the actions it allows, its commands (queued, sent, acknowledged, with
// times; cancellable while queued), its check-ins, downloads and the audited changes made to it.
import { countOf } from "@/lib/format/count";
import {
  Anchor,
  Badge,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  TableScrollContainer,
  TableTbody,
  TableTd,
  TableTh,
  TableThead,
  TableTr,
  Text,
  Title,
} from "@mantine/core";
import { PageHeader } from "@/components/shell/page-header";
import { CancelCommandButton, DeviceActions } from "@/components/devices/device-actions";
import { STATE_COLORS } from "@/components/devices/state-colors";
import { getDb } from "@/lib/db/client";
import { getConfig } from "@/lib/config";
import { can } from "@/lib/auth/roles";
import { loadDevicePage } from "@/lib/devices/data";
import { COMMAND_LABELS, DEVICE_STATE_LABELS } from "@/lib/devices/schema";
import { formatWhen } from "@/lib/format/when";
import { getCurrentUser } from "@/app/_server/request-context";
import { cancelCommandAction, deviceAction } from "../actions";
import { orNotFound } from "@/app/_server/page-data";

export const metadata = { title: "Device" };
export const dynamic = "force-dynamic";

const size = (bytes: number | null) =>
  bytes === null ? "—" : bytes < 1024 ** 2 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`;
const when = (d: Date | null) => (d ? formatWhen(d) : "—");

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </Stack>
  );
}

function Section({ title, empty, children }: { title: string; empty: string | null; children: React.ReactNode }) {
  return (
    <Stack gap="xs">
      <Title order={4}>{title}</Title>
      {empty ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        <Paper withBorder>
          <TableScrollContainer minWidth={640}>{children}</TableScrollContainer>
        </Paper>
      )}
    </Stack>
  );
}

export default async function DevicePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await getCurrentUser();
  const canAct = !!user && can(user.role, "publish");
  const page = await orNotFound(loadDevicePage(getDb(), id, getConfig().maxDevicesPerUser));
  const d = page.device;
  return (
    <>
      <PageHeader
        title={`Device ${d.deviceId}`}
        description={
          <>
            {d.userName ?? d.userOid}
            {d.model ? `, ${d.model}` : ""}
            {d.os ? ` on ${d.os}` : ""}.{" "}
            <Anchor href="/devices" size="sm">
              All devices
            </Anchor>
          </>
        }
        actions={
          <Badge size="lg" variant="light" color={STATE_COLORS[d.state]}>
            {DEVICE_STATE_LABELS[d.state]}
          </Badge>
        }
      />
      <Stack gap="lg">
        <Paper withBorder p="md">
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md">
            <Fact label="Project">{d.project?.name ?? "—"}</Fact>
            <Fact label="Holds">
              {d.number !== null
                ? `v${d.number}${d.latestNumber && d.number < d.latestNumber ? ` (newest v${d.latestNumber})` : ""}`
                : "nothing yet"}
            </Fact>
            <Fact label="App version">{d.appVersion}</Fact>
            <Fact label="User's devices">
              {d.userAtLimit ? (
                <Badge color="orange" variant="light">
                  at the limit
                </Badge>
              ) : (
                "below the limit"
              )}
            </Fact>
            <Fact label="First seen">{when(d.firstSeenAt)}</Fact>
            <Fact label="Last seen">{when(d.lastSeenAt)}</Fact>
            <Fact label="Last check-in">{when(d.lastCheckInAt)}</Fact>
            <Fact label="Last download">{when(d.lastDownloadAt)}</Fact>
            <Fact label="Last sync">
              {d.lastSyncResult === "error" ? (
                <Text size="sm" c="red">
                  error: {d.lastSyncError}
                </Text>
              ) : (
                (d.lastSyncResult ?? "—")
              )}
            </Fact>
            <Fact label="Local database">
              {size(d.localDbBytes)}
              {d.localDbRows !== null ? `, ${countOf(d.localDbRows, "row")}` : ""}
            </Fact>
            <Fact label="State since">{when(d.stateChangedAt)}</Fact>
          </SimpleGrid>
          {canAct ? (
            <div style={{ marginTop: 16 }}>
              <DeviceActions deviceRowId={d.id} state={d.state} act={deviceAction} />
            </div>
          ) : null}
        </Paper>

        <Section title="Commands" empty={page.commands.length ? null : "No command was ever sent to this device."}>
          <Table verticalSpacing="xs" aria-label="Commands">
            <TableThead>
              <TableTr>
                <TableTh>Command</TableTh>
                <TableTh>Status</TableTh>
                <TableTh>Queued</TableTh>
                <TableTh>Sent</TableTh>
                <TableTh>Acknowledged</TableTh>
                <TableTh />
              </TableTr>
            </TableThead>
            <TableTbody>
              {page.commands.map((c) => (
                <TableTr key={c.id}>
                  <TableTd>{COMMAND_LABELS[c.kind]}</TableTd>
                  <TableTd>
                    <Badge
                      size="sm"
                      variant="light"
                      color={{ queued: "blue", sent: "grape", acknowledged: "teal", cancelled: "gray" }[c.status]}
                    >
                      {c.status}
                    </Badge>
                  </TableTd>
                  <TableTd>
                    {formatWhen(c.queuedAt)}
                    <Text size="xs" c="dimmed">
                      by {c.queuedByLabel}
                    </Text>
                  </TableTd>
                  <TableTd>{when(c.sentAt)}</TableTd>
                  <TableTd>
                    {c.status === "cancelled" ? `cancelled ${when(c.cancelledAt)}` : when(c.acknowledgedAt)}
                  </TableTd>
                  <TableTd>
                    {canAct && c.status === "queued" ? (
                      <CancelCommandButton commandId={c.id} cancel={cancelCommandAction} />
                    ) : null}
                  </TableTd>
                </TableTr>
              ))}
            </TableTbody>
          </Table>
        </Section>

        <Section title="Check-ins" empty={page.checkIns.length ? null : "This device has not checked in yet."}>
          <Table verticalSpacing="xs" aria-label="Check-ins">
            <TableThead>
              <TableTr>
                <TableTh>At</TableTh>
                <TableTh>App version</TableTh>
                <TableTh>Last sync</TableTh>
                <TableTh>Local database</TableTh>
              </TableTr>
            </TableThead>
            <TableTbody>
              {page.checkIns.map((c) => (
                <TableTr key={c.id}>
                  <TableTd>{formatWhen(c.at)}</TableTd>
                  <TableTd>{c.appVersion}</TableTd>
                  <TableTd>{c.syncResult === "error" ? `error: ${c.syncError}` : (c.syncResult ?? "—")}</TableTd>
                  <TableTd>
                    {size(c.dbBytes)}
                    {c.dbRows !== null ? `, ${countOf(c.dbRows, "row")}` : ""}
                  </TableTd>
                </TableTr>
              ))}
            </TableTbody>
          </Table>
        </Section>

        <Section
          title="Downloads"
          empty={page.downloads.length ? null : "This device has not downloaded a version yet."}
        >
          <Table verticalSpacing="xs" aria-label="Downloads">
            <TableThead>
              <TableTr>
                <TableTh>At</TableTh>
                <TableTh>Version</TableTh>
                <TableTh>App version</TableTh>
              </TableTr>
            </TableThead>
            <TableTbody>
              {page.downloads.map((dl) => (
                <TableTr key={dl.id}>
                  <TableTd>{formatWhen(dl.at)}</TableTd>
                  <TableTd>v{dl.number}</TableTd>
                  <TableTd>{dl.appVersion}</TableTd>
                </TableTr>
              ))}
            </TableTbody>
          </Table>
        </Section>

        <Section
          title="State changes and commands (audit)"
          empty={page.history.length ? null : "Nobody has changed this device."}
        >
          <Table verticalSpacing="xs" aria-label="History">
            <TableThead>
              <TableTr>
                <TableTh>At</TableTh>
                <TableTh>Who</TableTh>
                <TableTh>What</TableTh>
              </TableTr>
            </TableThead>
            <TableTbody>
              {page.history.map((h) => (
                <TableTr key={h.id}>
                  <TableTd style={{ whiteSpace: "nowrap" }}>{formatWhen(h.at)}</TableTd>
                  <TableTd>{h.actorLabel}</TableTd>
                  <TableTd>{h.summary}</TableTd>
                </TableTr>
              ))}
            </TableTbody>
          </Table>
        </Section>
      </Stack>
    </>
  );
}
