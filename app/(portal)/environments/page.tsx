// Environments: every Dataverse org the portal knows, with its connection state and latest import.
import { IconPlus, IconServer } from "@tabler/icons-react";
import { Anchor, Badge, Button, Table, Text } from "@mantine/core";
import { PageHeader } from "@/components/shell/page-header";
import { EmptyState } from "@/components/shell/empty-state";
import { getCurrentUser } from "@/app/_server/request-context";
import { can } from "@/lib/auth/roles";
import { getDb } from "@/lib/db/client";
import { canConnect } from "@/lib/environments/dataverse-clients";
import { listEnvironments } from "@/lib/metadata/data";

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
      <PageHeader title="Environments" description="Each environment is one Dataverse org: its URL, its app registration, and the metadata snapshots imported from it." actions={add} />
      {environments.length === 0 ? (
        <EmptyState icon={<IconServer size={24} />} title="No environments yet" action={add}>
          {owner ? "Add an environment, then import its metadata from a solution file or straight from the org." : "An owner adds an environment and imports its metadata, from a solution file or straight from the org."}
        </EmptyState>
      ) : (
        <Table verticalSpacing="sm" aria-label="Environments" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Org URL</Table.Th>
              <Table.Th>Live import</Table.Th>
              <Table.Th ta="right">Snapshots</Table.Th>
              <Table.Th ta="right">Projects</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {environments.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td>
                  <Anchor href={`/environments/${encodeURIComponent(e.id)}`} fw={500}>
                    {e.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed">
                    {e.orgUrl ?? "not set"}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {canConnect(e) ? (
                    <Badge size="sm" variant="light" color="teal">
                      ready
                    </Badge>
                  ) : (
                    <Badge size="sm" variant="light" color="gray">
                      files only
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td ta="right">{e.snapshotCount}</Table.Td>
                <Table.Td ta="right">{e.projectCount}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </>
  );
}
