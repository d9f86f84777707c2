// History of a project's versions with the Publish panel (validation summary, notes, minimum app version).
import {
  Anchor,
  Badge,
  Group,
  Paper,
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
import { IconHistory } from "@tabler/icons-react";
import { PageHeader } from "@/components/shell/page-header";
import { EmptyState } from "@/components/shell/empty-state";
import { PublishPanel } from "@/components/versions/publish-panel";
import { RollbackButton } from "@/components/versions/rollback-button";
import { getDb } from "@/lib/db/client";
import { formatWhen } from "@/lib/format/when";
import { can } from "@/lib/auth/roles";
import { loadProjectDocument } from "@/lib/customization/data";
import { identicalCurrentVersion, listVersions } from "@/lib/versions/data";
import { checkForPublish } from "@/lib/versions/mutations";
import { DEFAULT_MIN_CLIENT_VERSION } from "@/lib/versions/client-version";
import { getCurrentUser } from "@/app/_server/request-context";
import { deviceApiSetup } from "@/lib/config";
import { DeviceApiBanner } from "@/components/devices/device-api-banner";
import { publishAction, rollbackAction } from "./actions";
import { countOf } from "@/lib/format/count";

export const metadata = { title: "Versions" };

const kb = (n: number) => (n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KB`);

export default async function VersionsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const db = getDb();
  const user = await getCurrentUser();
  const [{ project }, versions] = await Promise.all([loadProjectDocument(db, projectId), listVersions(db, projectId)]);
  const [check, identicalTo] = await Promise.all([
    checkForPublish(db, project),
    identicalCurrentVersion(db, projectId, project),
  ]);
  const canPublish = !!user && can(user.role, "publish");
  const canExport = !!user && can(user.role, "edit");
  const latest = versions[0]?.number ?? 0;
  const base = `/projects/${projectId}/versions`;
  return (
    <>
      <PageHeader
        title={`${project.name}: versions`}
        description="Every publish is an immutable, signed version. Devices get the newest version their app can run."
        actions={
          <Group gap="sm">
            <Anchor href={`/projects/${projectId}`} size="sm">
              Back to project
            </Anchor>
            {versions.length >= 2 ? (
              <Anchor href={`${base}/diff?from=${versions[1].number}&to=${versions[0].number}`} size="sm">
                Compare versions
              </Anchor>
            ) : null}
            <Anchor href={`${base}/import`} size="sm">
              Import a project file
            </Anchor>
            {canExport ? (
              <Anchor href={`/projects/${projectId}/export`} size="sm" download>
                Export project file
              </Anchor>
            ) : null}
          </Group>
        }
      />
      <DeviceApiBanner setup={deviceApiSetup()} />
      <Stack gap="lg">
        <PublishPanel
          projectId={projectId}
          errors={check.errors.map((e) => ({ path: e.path, message: e.message }))}
          warnings={check.warnings}
          minClientVersion={versions[0]?.minClientVersion ?? DEFAULT_MIN_CLIENT_VERSION}
          canPublish={canPublish}
          identicalTo={identicalTo}
          publish={publishAction}
        />
        <Title order={4}>History</Title>
        {versions.length === 0 ? (
          <EmptyState icon={<IconHistory size={24} />} title="No versions yet">
            Publish the project to create version 1. Devices download nothing until a version exists.
          </EmptyState>
        ) : (
          <Paper withBorder>
            <TableScrollContainer minWidth={640}>
              <Table verticalSpacing="sm" highlightOnHover>
                <TableThead>
                  <TableTr>
                    <TableTh>Version</TableTh>
                    <TableTh>Notes</TableTh>
                    <TableTh>Published</TableTh>
                    <TableTh>Min. app</TableTh>
                    <TableTh>Downloads</TableTh>
                    <TableTh />
                  </TableTr>
                </TableThead>
                <TableTbody>
                  {versions.map((v) => (
                    <TableTr key={v.id}>
                      <TableTd>
                        <Stack gap={4} align="flex-start">
                          <Anchor
                            href={`${base}/${v.number}`}
                            fw={600}
                            aria-label={`v${v.number}: version ${v.number}, ${kb(v.size)}`}
                          >
                            v{v.number}
                          </Anchor>
                          {v.current ? (
                            <Badge size="sm" color="teal" variant="light">
                              current
                            </Badge>
                          ) : null}
                          {v.warnings.length ? (
                            <Badge size="sm" color="yellow" variant="light" data-testid="version-warnings">
                              {countOf(v.warnings.length, "warning")}
                            </Badge>
                          ) : null}
                        </Stack>
                      </TableTd>
                      <TableTd>
                        <Text size="sm" lineClamp={2} title={v.notes || undefined}>
                          {v.notes || (
                            <Text span c="dimmed" size="sm">
                              —
                            </Text>
                          )}
                        </Text>
                      </TableTd>
                      <TableTd>
                        <Text size="sm">{formatWhen(v.createdAt)}</Text>
                        <Text size="xs" c="dimmed">
                          {v.createdByLabel}
                        </Text>
                      </TableTd>
                      <TableTd>{v.minClientVersion}</TableTd>
                      <TableTd>{v.downloadCount}</TableTd>
                      <TableTd>
                        <Stack gap={6} align="flex-end">
                          {v.number > 1 ? (
                            <Anchor href={`${base}/diff?from=${v.number - 1}&to=${v.number}`} size="sm">
                              Diff
                            </Anchor>
                          ) : null}
                          {canPublish && !v.current ? (
                            <RollbackButton
                              projectId={projectId}
                              number={v.number}
                              latest={latest}
                              rollback={rollbackAction}
                            />
                          ) : null}
                        </Stack>
                      </TableTd>
                    </TableTr>
                  ))}
                </TableTbody>
              </Table>
            </TableScrollContainer>
          </Paper>
        )}
      </Stack>
    </>
  );
}
