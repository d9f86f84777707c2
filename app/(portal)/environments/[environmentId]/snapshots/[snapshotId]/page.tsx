import { notFound } from "next/navigation";
import { after } from "next/server";
import { Anchor, Breadcrumbs } from "@mantine/core";
import { PageHeader } from "@/components/shell/page-header";
import { SnapshotBrowser } from "@/components/metadata-browser/snapshot-browser";
import { SnapshotFactsPanel } from "@/components/metadata-browser/snapshot-facts";
import { encodeTableRows, searchIndexOf } from "@/lib/metadata/browse";
import { getDb } from "@/lib/db/client";
import { loadSnapshotDocument, loadSnapshotSummary } from "@/lib/metadata/data";

export const metadata = { title: "Metadata snapshot" };

type Params = { environmentId: string; snapshotId: string };

export default async function SnapshotPage({ params }: { params: Promise<Params> }) {
  const { environmentId, snapshotId } = await params;
  const db = getDb();
  const summary = await loadSnapshotSummary(db, snapshotId).catch(() => null);
  if (!summary || summary.environmentId !== environmentId) notFound();
  const document = await loadSnapshotDocument(db, snapshotId);
  // The column search's index, built once the page is sent rather than in the first search keystroke.
  after(() => void searchIndexOf(document));
  const basePath = `/environments/${encodeURIComponent(environmentId)}/snapshots/${encodeURIComponent(snapshotId)}`;
  return (
    <>
      <Breadcrumbs mb="xs" fz="sm">
        <Anchor href="/environments">Environments</Anchor>
        <Anchor href={`/environments/${encodeURIComponent(environmentId)}`}>{summary.environmentName}</Anchor>
        <span>Snapshot</span>
      </Breadcrumbs>
      <PageHeader
        title={`Metadata of ${summary.environmentName}`}
        description="Every table, column and relationship of this import. Search the tables, or find a column in any table."
      />
      <SnapshotFactsPanel
        facts={{
          source: summary.source,
          sourceName: summary.sourceName,
          createdAt: summary.createdAt.toISOString(),
          createdBy: summary.createdByLabel,
          tableCount: summary.tableCount,
          columnCount: summary.columnCount,
          relationshipCount: summary.relationshipCount,
          optionSetCount: summary.optionSetCount,
          partialTables: document.tables.filter((t) => t.partial).length,
        }}
      />
      <SnapshotBrowser
        rows={encodeTableRows(document)}
        basePath={basePath}
        searchUrl={`/api/snapshots/${encodeURIComponent(snapshotId)}/columns`}
      />
    </>
  );
}
