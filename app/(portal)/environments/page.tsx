// Environments: every Dataverse org the portal knows, with its connection state and latest import.
import { IconPlus, IconServer } from "@tabler/icons-react";
import { Anchor, Badge, Button, Table, TableTbody, TableTd, TableTh, TableThead, TableTr, Text } from "@mantine/core";
import { PageHeader } from "@/components/shell/page-header";
import { EmptyState } from "@/components/shell/empty-state";
import { getCurrentUser } from "@/app/_server/request-context";
import { can } from "@/lib/auth/roles";
import { getDb } from "@/lib/db/client";
import { listEnvironments } from "@/lib/environments/data";

export const metadata = { title: "Environments" };

export default async function EnvironmentsPage() {
  const [user, environments] = await Promise.all([getCurrentUser(), listEnvironments(getDb())]);
  const owner = can(user?.role ?? "", "manage-environments");
  const add = owner ? (
    <Button component="a" href="/environments/new" leftSection={<IconPlus size={16} />}>
      Add environment
    </Button>
  ) : null;
  return (
    <>
      <PageHeader
        title="Environments"
        description="Each environment is one Dataverse org: its URL, its app registration, and the metadata snapshots imported from it."
        actions={add}
      />
      {environments.length === 0 ? (
        <EmptyState icon={<IconServer size={24} />} title="No environments yet" action={add}>
          {owner
            ? "Add an environment, then import its metadata from a solution file or straight from the org."
            : "An owner adds an environment and imports its metadata, from a solution file or straight from the org."}
        </EmptyState>
      ) : (
        <Table verticalSpacing="sm" aria-label="Environments" highlightOnHover>
          <TableThead>
            <TableTr>
              <TableTh>Name</TableTh>
              <TableTh>Org URL</TableTh>
              <TableTh>Live import</TableTh>
              <TableTh ta="right">Snapshots</TableTh>
              <TableTh ta="right">Projects</TableTh>
            </TableTr>
          </TableThead>
          <TableTbody>
            {environments.map((e) => (
              <TableTr key={e.id}>
                <TableTd>
                  <Anchor href={`/environments/${encodeURIComponent(e.id)}`} fw={500}>
                    {e.name}
                  </Anchor>
                </TableTd>
                <TableTd>
                  <Text size="sm" c="dimmed">
                    {e.orgUrl ?? "not set"}
                  </Text>
                </TableTd>
                <TableTd>
                  {e.connected ? (
                    <Badge size="sm" variant="light" color="teal">
                      ready
                    </Badge>
                  ) : (
                    <Badge size="sm" variant="light" color="gray">
                      files only
                    </Badge>
                  )}
                </TableTd>
                <TableTd ta="right">{e.snapshotCount}</TableTd>
                <TableTd ta="right">{e.projectCount}</TableTd>
              </TableTr>
            ))}
          </TableTbody>
        </Table>
      )}
    </>
  );
}
