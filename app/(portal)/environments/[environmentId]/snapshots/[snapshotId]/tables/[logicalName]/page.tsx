import { notFound } from "next/navigation";
import { Anchor, Badge, Breadcrumbs, Group } from "@mantine/core";
import { PageHeader } from "@/components/shell/page-header";
import { TableView } from "@/components/metadata-browser/table-view";
import { tablePage } from "@/lib/metadata/browse";
import { getDb } from "@/lib/db/client";
import { loadSnapshotDocument, loadSnapshotSummary } from "@/lib/metadata/data";

type Params = { environmentId: string; snapshotId: string; logicalName: string };

export async function generateMetadata({ params }: { params: Promise<Params> }) {
  const { logicalName } = await params;
  return { title: decodeURIComponent(logicalName) };
}

export default async function TablePageScreen({
  params,
  searchParams,
}: {
  params: Promise<Params>;
  searchParams: Promise<{ column?: string | string[] }>;
}) {
  const { environmentId, snapshotId, logicalName: rawName } = await params;
  const logicalName = decodeURIComponent(rawName);
  const column = (await searchParams).column;
  const db = getDb();
  const summary = await loadSnapshotSummary(db, snapshotId).catch(() => null);
  if (!summary || summary.environmentId !== environmentId) notFound();
  const page = tablePage(await loadSnapshotDocument(db, snapshotId), logicalName);
  if (!page) notFound();
  const snapshotPath = `/environments/${encodeURIComponent(environmentId)}/snapshots/${encodeURIComponent(snapshotId)}`;
  const p = page.properties;
  return (
    <>
      <Breadcrumbs mb="xs" fz="sm">
        <Anchor href="/environments">Environments</Anchor>
        <Anchor href={`/environments/${encodeURIComponent(environmentId)}`}>{summary.environmentName}</Anchor>
        <Anchor href={snapshotPath}>Snapshot</Anchor>
        <span>{page.logicalName}</span>
      </Breadcrumbs>
      <PageHeader
        title={page.displayName === page.logicalName ? page.logicalName : `${page.displayName} (${page.logicalName})`}
        description={
          <Group gap={6} component="span">
            {page.plural ? <span>{page.plural} ·</span> : null}
            <span>primary id {p.primaryIdColumn || "not given"}</span>
            {p.custom ? (
              <Badge component="span" size="sm" variant="light">
                Custom
              </Badge>
            ) : (
              <Badge component="span" size="sm" variant="outline" color="gray">
                System
              </Badge>
            )}
            {p.isActivity ? (
              <Badge component="span" size="sm" variant="light" color="grape">
                Activity
              </Badge>
            ) : null}
            {p.isIntersect ? (
              <Badge component="span" size="sm" variant="light" color="cyan">
                Intersect
              </Badge>
            ) : null}
            {p.partial ? (
              <Badge component="span" size="sm" variant="light" color="orange">
                Partial: only the solution&apos;s columns
              </Badge>
            ) : null}
          </Group>
        }
      />
      <TableView
        page={page}
        basePath={snapshotPath}
        relationshipsUrl={`/api/snapshots/${encodeURIComponent(snapshotId)}/tables/${encodeURIComponent(page.logicalName)}/relationships`}
        initialColumnFilter={typeof column === "string" ? column : ""}
      />
    </>
  );
}
