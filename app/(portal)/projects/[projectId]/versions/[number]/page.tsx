// One version: what it is, its warnings, who downloaded it, how many devices hold it, and the devices that are behind.
import { notFound } from "next/navigation";
import {
  Alert,
  Anchor,
  Badge,
  Code,
  Group,
  List,
  ListItem,
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
import { IconDeviceMobile } from "@tabler/icons-react";
import { PageHeader } from "@/components/shell/page-header";
import { EmptyState } from "@/components/shell/empty-state";
import { RollbackButton } from "@/components/versions/rollback-button";
import { getDb } from "@/lib/db/client";
import { formatWhen } from "@/lib/format/when";
import { can } from "@/lib/auth/roles";
import { loadVersionPage } from "@/lib/versions/data";
import { getCurrentUser } from "@/app/_server/request-context";
import { rollbackAction } from "../actions";
import { countOf } from "@/lib/format/count";
import { orNotFound } from "@/app/_server/page-data";

export const metadata = { title: "Version" };

export default async function VersionPage({ params }: { params: Promise<{ projectId: string; number: string }> }) {
  const { projectId, number: text } = await params;
  const number = Number(text);
  if (!Number.isInteger(number) || number < 1) notFound();
  const user = await getCurrentUser();
  const page = await orNotFound(loadVersionPage(getDb(), projectId, number));
  const v = page.version;
  const base = `/projects/${projectId}/versions`;
  return (
    <>
      <PageHeader
        title={`Version ${v.number}`}
        description={v.notes || "No release notes."}
        actions={
          <Group gap="sm">
            <Anchor href={base} size="sm">
              All versions
            </Anchor>
            {v.number > 1 ? (
              <Anchor href={`${base}/diff?from=${v.number - 1}&to=${v.number}`} size="sm">
                Changes from v{v.number - 1}
              </Anchor>
            ) : null}
            {user && can(user.role, "edit") ? (
              <Anchor href={`${base}/${v.number}/bundle`} size="sm" download>
                Download bundle
              </Anchor>
            ) : null}
            {user && can(user.role, "publish") && !page.current ? (
              <RollbackButton
                projectId={projectId}
                number={v.number}
                latest={page.latestNumber}
                rollback={rollbackAction}
              />
            ) : null}
          </Group>
        }
      />
      <Stack gap="lg">
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
          <Paper withBorder p="md">
            <Text size="xs" c="dimmed">
              Status
            </Text>
            {page.current ? (
              <Badge color="teal" variant="light">
                current
              </Badge>
            ) : (
              <Text size="sm">Superseded by v{page.latestNumber}</Text>
            )}
          </Paper>
          <Paper withBorder p="md">
            <Text size="xs" c="dimmed">
              Published
            </Text>
            <Text size="sm">{formatWhen(v.createdAt)}</Text>
            <Text size="xs" c="dimmed">
              {v.createdByLabel}
            </Text>
          </Paper>
          <Paper withBorder p="md">
            <Text size="xs" c="dimmed">
              Minimum app version
            </Text>
            <Text size="sm">{v.minClientVersion}</Text>
          </Paper>
          <Paper withBorder p="md">
            <Text size="xs" c="dimmed">
              Size
            </Text>
            <Text size="sm">{v.size.toLocaleString("en-US")} bytes</Text>
          </Paper>
        </SimpleGrid>
        <Paper withBorder p="md">
          <Text size="xs" c="dimmed">
            Content hash (the devices&apos; ETag)
          </Text>
          <Code block style={{ wordBreak: "break-all", whiteSpace: "pre-wrap" }}>
            {v.contentHash}
          </Code>
          <Text size="xs" c="dimmed" mt="xs">
            Bundle address
          </Text>
          <Code block style={{ wordBreak: "break-all", whiteSpace: "pre-wrap" }}>
            /api/client/v1/bundles/{v.bundleHash}
          </Code>
        </Paper>
        {v.warnings.length ? (
          <Alert color="yellow" title={`Published with ${countOf(v.warnings.length, "warning")}`}>
            <List size="sm">
              {v.warnings.map((w) => (
                <ListItem key={`${w.path}:${w.message}`}>
                  {w.acknowledged
                    ? `Acknowledged by ${w.acknowledged.by} on ${formatWhen(w.acknowledged.at)} (${w.acknowledged.note}): ${w.message}`
                    : w.message}
                </ListItem>
              ))}
            </List>
          </Alert>
        ) : null}
        <Group justify="space-between" align="baseline">
          <Title order={4}>Devices that are behind</Title>
          <Text size="sm" c="dimmed">
            {page.deviceCount === 1 ? "1 device holds" : `${page.deviceCount.toLocaleString("en-US")} devices hold`} v
            {v.number} now
          </Text>
        </Group>
        {page.behind.length === 0 ? (
          <Text size="sm" c="dimmed">
            No device of this project is on an older version than v{page.latestNumber}.
          </Text>
        ) : (
          <>
            <Text size="sm" c="dimmed">
              {page.behindCount.toLocaleString("en-US")} device{page.behindCount === 1 ? " holds" : "s hold"} an older
              version than v{page.latestNumber}, longest unseen first
              {page.behindCount > page.behind.length ? ` (the first ${page.behind.length} shown)` : ""}. A device whose
              app is too old for v{page.latestNumber} keeps the newest version it can run.
            </Text>
            <DeviceTable
              label="Devices that are behind"
              rows={page.behind.map((d) => ({
                key: `${d.userOid}:${d.deviceId}`,
                user: d.userName ?? d.userOid,
                deviceId: d.deviceId,
                appVersion: d.appVersion,
                version: `v${d.number}`,
                at: d.lastSeenAt,
              }))}
              when="Last seen"
            />
          </>
        )}
        <Group justify="space-between" align="baseline">
          <Title order={4}>Downloads of this version</Title>
          {page.downloadCount > 0 ? (
            <Text size="sm" c="dimmed">
              {page.downloadCount.toLocaleString("en-US")}{" "}
              {page.historyDays > 0 ? `in the last ${page.historyDays} days (older ones are not kept)` : "in all"}
              {page.downloadCount > page.downloads.length ? `, the latest ${page.downloads.length} shown` : ""}
            </Text>
          ) : null}
        </Group>
        {page.downloads.length === 0 ? (
          <EmptyState icon={<IconDeviceMobile size={24} />} title="Not downloaded yet">
            Devices download a version on their next sync when one of the user&apos;s security roles is assigned to this
            project.
          </EmptyState>
        ) : (
          <DeviceTable
            label="Downloads of this version"
            rows={page.downloads.map((d) => ({
              key: d.id,
              user: d.userName ?? d.userOid,
              deviceId: d.deviceId,
              appVersion: d.appVersion,
              at: d.at,
            }))}
            when="Downloaded"
          />
        )}
      </Stack>
    </>
  );
}

function DeviceTable({
  label,
  rows,
  when: whenLabel,
}: {
  label: string;
  rows: Array<{ key: string; user: string; deviceId: string; appVersion: string; at: Date; version?: string }>;
  when: string;
}) {
  const withVersion = rows.some((r) => r.version);
  return (
    <Paper withBorder>
      <TableScrollContainer minWidth={600}>
        <Table verticalSpacing="xs" aria-label={label}>
          <TableThead>
            <TableTr>
              <TableTh>User</TableTh>
              <TableTh>Device</TableTh>
              <TableTh>App version</TableTh>
              {withVersion ? <TableTh>Holds</TableTh> : null}
              <TableTh>{whenLabel}</TableTh>
            </TableTr>
          </TableThead>
          <TableTbody>
            {rows.map((r) => (
              <TableTr key={r.key}>
                <TableTd>{r.user}</TableTd>
                <TableTd>
                  <Text size="sm" ff="monospace">
                    {r.deviceId}
                  </Text>
                </TableTd>
                <TableTd>{r.appVersion}</TableTd>
                {withVersion ? <TableTd>{r.version}</TableTd> : null}
                <TableTd>{formatWhen(r.at)}</TableTd>
              </TableTr>
            ))}
          </TableTbody>
        </Table>
      </TableScrollContainer>
    </Paper>
  );
}
