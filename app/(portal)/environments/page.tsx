import { IconServer } from "@tabler/icons-react";
import { PageHeader } from "@/components/shell/page-header";
import { EmptyState } from "@/components/shell/empty-state";
import { getDb } from "@/lib/db/client";
import { Table, Text } from "@mantine/core";

export const metadata = { title: "Environments" };

export default async function EnvironmentsPage() {
  const environments = await getDb().environment.findMany({ orderBy: { name: "asc" }, include: { _count: { select: { snapshots: true } } } });
  return (
    <>
      <PageHeader title="Environments" description="Each environment is one Dataverse org: its URL, its app registration, and the metadata snapshots imported from it." />
      {environments.length === 0 ? (
        <EmptyState icon={<IconServer size={24} />} title="No environments yet">
          An owner adds an environment and imports its metadata, from a solution file or straight from the org.
        </EmptyState>
      ) : (
        <Table verticalSpacing="sm" aria-label="Environments">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Org URL</Table.Th>
              <Table.Th>Snapshots</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {environments.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td>{e.name}</Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed">
                    {e.orgUrl ?? "not connected"}
                  </Text>
                </Table.Td>
                <Table.Td>{e._count.snapshots}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </>
  );
}
