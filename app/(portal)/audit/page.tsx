import { IconListDetails } from "@tabler/icons-react";
import { PageHeader } from "@/components/shell/page-header";
import { EmptyState } from "@/components/shell/empty-state";
import { AuditTable } from "@/components/audit/audit-table";
import { AuditPageQuerySchema } from "@/lib/audit/schema";
import { loadAuditPage } from "@/lib/audit/data";
import { getDb } from "@/lib/db/client";

export const metadata = { title: "Audit log" };

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const query = AuditPageQuerySchema.catch({ page: 1, pageSize: 50 }).parse(await searchParams);
  const page = await loadAuditPage(getDb(), query);
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change made in this portal: who made it, when, and what it changed. Newest first."
      />
      {page.total === 0 ? (
        <EmptyState icon={<IconListDetails size={24} />} title="Nothing recorded yet">
          Changes to users, environments, projects and versions appear here as they happen.
        </EmptyState>
      ) : (
        <AuditTable
          rows={page.entries.map((e) => ({ ...e, at: e.at.toISOString() }))}
          page={page.page}
          pageCount={page.pageCount}
          total={page.total}
        />
      )}
    </>
  );
}
