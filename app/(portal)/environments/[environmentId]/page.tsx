// One environment: its connection (owners edit it), imports from files or from the live org (owners), and
// its metadata snapshots, which everyone may browse and compare.
import { IconDatabaseImport } from "@tabler/icons-react";
import { Anchor, Breadcrumbs, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { PageHeader } from "@/components/shell/page-header";
import { EmptyState } from "@/components/shell/empty-state";
import { EnvironmentForm } from "@/components/environments/environment-form";
import { MetadataUpload } from "@/components/environments/metadata-upload";
import { LiveOrgPanel } from "@/components/environments/live-org-panel";
import { SnapshotList } from "@/components/environments/snapshot-list";
import { DeleteEnvironment } from "@/components/environments/delete-environment";
import { getCurrentUser } from "@/app/_server/request-context";
import { can } from "@/lib/auth/roles";
import { environmentRolesSummary } from "@/lib/environments/known-roles";
import { getDb } from "@/lib/db/client";
import { formatWhen } from "@/lib/format/when";
import { maxUploadBytes } from "@/lib/environments/upload-limit";
import { loadEnvironment, missingConnectionSettings } from "@/lib/environments/data";
import { latestImportJob, listSnapshots } from "@/lib/metadata/data";
import { jobToShow } from "@/lib/metadata/import-job";
import {
  deleteEnvironmentAction,
  refreshRolesAction,
  replaceSecretAction,
  startLiveImportAction,
  testConnectionAction,
  updateEnvironmentAction,
} from "./actions";
import { orNotFound } from "@/app/_server/page-data";

export const metadata = { title: "Environment" };

export default async function EnvironmentPage({ params }: { params: Promise<{ environmentId: string }> }) {
  const { environmentId } = await params;
  const db = getDb();
  const environment = await orNotFound(loadEnvironment(db, environmentId));
  const [user, snapshots, job] = await Promise.all([
    getCurrentUser(),
    listSnapshots(db, environmentId),
    latestImportJob(db, environmentId),
  ]);
  const owner = can(user?.role ?? "", "manage-environments");
  const missing = missingConnectionSettings(environment);
  const shownJob = jobToShow(job);
  const initialJob = shownJob
    ? {
        id: shownJob.id,
        status: shownJob.status,
        done: shownJob.done,
        total: shownJob.total,
        message: shownJob.message,
      }
    : null;
  const rolesSummary = environmentRolesSummary(environment);

  return (
    <>
      <Breadcrumbs mb="xs" fz="sm">
        <Anchor href="/environments">Environments</Anchor>
        <span>{environment.name}</span>
      </Breadcrumbs>
      <PageHeader
        title={environment.name}
        description={
          environment.orgUrl ? `Dataverse org ${environment.orgUrl}` : "No org URL: metadata comes from files."
        }
        actions={
          owner ? (
            <DeleteEnvironment
              environmentId={environment.id}
              name={environment.name}
              snapshotCount={environment.snapshotCount}
              projectCount={environment.projectCount}
              action={deleteEnvironmentAction}
            />
          ) : null
        }
      />
      <Stack gap="xl">
        {owner ? (
          <>
            <EnvironmentForm
              key={environment.revision}
              initial={{
                environmentId: environment.id,
                revision: environment.revision,
                hasSecret: environment.hasSecret,
                name: environment.name,
                orgUrl: environment.orgUrl ?? "",
                tenantId: environment.tenantId ?? "",
                clientId: environment.clientId ?? "",
              }}
              actions={{ update: updateEnvironmentAction, replaceSecret: replaceSecretAction }}
            />
            <SimpleGrid cols={{ base: 1, lg: 2 }}>
              <Paper withBorder p="lg">
                <Title order={4} mb="xs">
                  Import from files
                </Title>
                <MetadataUpload
                  environmentId={environment.id}
                  maxUploadMb={Math.round(maxUploadBytes() / 1024 / 1024)}
                  snapshots={snapshots.map((s) => ({ id: s.id, name: s.name }))}
                />
              </Paper>
              <Paper withBorder p="lg">
                <Title order={4} mb="xs">
                  Import from the org
                </Title>
                <LiveOrgPanel
                  environmentId={environment.id}
                  ready={environment.connected}
                  missing={missing}
                  rolesSummary={rolesSummary}
                  initialJob={initialJob}
                  actions={{
                    testConnection: testConnectionAction,
                    refreshRoles: refreshRolesAction,
                    startImport: startLiveImportAction,
                  }}
                />
              </Paper>
            </SimpleGrid>
          </>
        ) : (
          <Paper withBorder p="lg">
            <Title order={4} mb="sm">
              Connection
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
              <Fact label="Org URL" value={environment.orgUrl ?? "not set"} />
              <Fact label="Directory (tenant) id" value={environment.tenantId ?? "not set"} />
              <Fact label="Application (client) id" value={environment.clientId ?? "not set"} />
              <Fact label="Client secret" value={environment.hasSecret ? "secret set" : "not set"} />
              <Fact label="Security roles" value={rolesSummary} />
            </SimpleGrid>
          </Paper>
        )}
        <div>
          <Title order={3} mb="sm">
            Snapshots
          </Title>
          {snapshots.length === 0 ? (
            <EmptyState icon={<IconDatabaseImport size={24} />} title="No metadata yet">
              {owner
                ? "Import a solution export or Web API JSON files above, or read the org directly."
                : "An owner imports this environment's metadata from files or from the org."}
            </EmptyState>
          ) : (
            <SnapshotList
              environmentId={environment.id}
              snapshots={snapshots.map((s) => ({
                id: s.id,
                name: s.name,
                source: s.source,
                sourceName: s.sourceName,
                createdAt: s.createdAt.toISOString(),
                createdAtText: formatWhen(s.createdAt),
                createdByLabel: s.createdByLabel,
                tableCount: s.tableCount,
                columnCount: s.columnCount,
                relationshipCount: s.relationshipCount,
                optionSetCount: s.optionSetCount,
                contentHash: s.contentHash,
              }))}
            />
          )}
        </div>
      </Stack>
    </>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{value}</Text>
    </div>
  );
}
