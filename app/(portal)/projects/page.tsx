import { IconApps } from "@tabler/icons-react";
import { Table } from "@mantine/core";
import { PageHeader } from "@/components/shell/page-header";
import { EmptyState } from "@/components/shell/empty-state";
import { getDb } from "@/lib/db/client";

export const metadata = { title: "Projects" };

export default async function ProjectsPage() {
  const projects = await getDb().project.findMany({ orderBy: { name: "asc" }, include: { _count: { select: { tables: true } } } });
  return (
    <>
      <PageHeader title="Projects" description="An app project says which tables and columns mobile users get, which rows, and what they may do with them." />
      {projects.length === 0 ? (
        <EmptyState icon={<IconApps size={24} />} title="No projects yet">
          A project targets an environment&apos;s metadata snapshot. Import metadata under Environments first, then create a project here.
        </EmptyState>
      ) : (
        <Table verticalSpacing="sm" aria-label="Projects">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Description</Table.Th>
              <Table.Th>Tables</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {projects.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>{p.name}</Table.Td>
                <Table.Td>{p.description}</Table.Td>
                <Table.Td>{p._count.tables}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </>
  );
}
