import { notFound } from "next/navigation";
import { after } from "next/server";
import { Anchor, Breadcrumbs } from "@mantine/core";
import { PageHeader } from "@/components/shell/page-header";
import { SnapshotBrowser } from "@/components/metadata-browser/snapshot-browser";
import { SnapshotFactsPanel } from "@/components/metadata-browser/snapshot-facts";
import { encodeTableRows, searchIndexOf } from "@/lib/metadata/browse";
import { SnapshotName } from "@/components/environments/snapshot-name";
import { DeleteSnapshot } from "@/components/environments/delete-snapshot";
import { SnapshotSources } from "@/components/environments/snapshot-sources";
import { getCurrentUser } from "@/app/_server/request-context";
import { can } from "@/lib/auth/roles";
import { getDb } from "@/lib/db/client";
import { describeProvenance } from "@/lib/metadata/combine";
import {
  loadSnapshotDocument,
  loadSnapshotProvenance,
  loadSnapshotSummary,
  loadSnapshotUsage,
} from "@/lib/metadata/data";
import { deleteSnapshotAction, renameSnapshotAction } from "./actions";

export const metadata = { title: "Metadata snapshot" };

type Params = { environmentId: string; snapshotId: string };

export default async function SnapshotPage({ params }: { params: Promise<Params> }) {
  const { environmentId, snapshotId } = await params;
  const db = getDb();
  const summary = await loadSnapshotSummary(db, snapshotId).catch(() => null);
  if (!summary || summary.environmentId !== environmentId) notFound();
  const [document, provenance, usage, user] = await Promise.all([
    loadSnapshotDocument(db, snapshotId),
    loadSnapshotProvenance(db, snapshotId),
    loadSnapshotUsage(db, snapshotId),
    getCurrentUser(),
  ]);
  const role = user?.role ?? "";
  const environmentPath = `/environments/${encodeURIComponent(environmentId)}`;
  // The column search's index, built once the page is sent rather than in the first search keystroke.
  after(() => void searchIndexOf(document));
  const basePath = `/environments/${encodeURIComponent(environmentId)}/snapshots/${encodeURIComponent(snapshotId)}`;
  return (
    <>
      <Breadcrumbs mb="xs" fz="sm">
        <Anchor href="/environments">Environments</Anchor>
        <Anchor href={environmentPath}>{summary.environmentName}</Anchor>
        <span>Snapshot</span>
      </Breadcrumbs>
      <PageHeader
        title={
          <SnapshotName
            snapshotId={summary.id}
            name={summary.name}
            revision={summary.revision}
            canRename={can(role, "edit")}
            action={renameSnapshotAction}
          />
        }
        description={`Metadata of ${summary.environmentName}: every table, column and relationship of this snapshot. Search the tables, or find a column in any table.`}
        actions={
          can(role, "manage-environments") ? (
            <DeleteSnapshot
              snapshotId={summary.id}
              name={summary.name}
              environmentPath={environmentPath}
              usage={usage}
              action={deleteSnapshotAction}
            />
          ) : null
        }
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
      {provenance ? <SnapshotSources view={describeProvenance(provenance)} basePath={basePath} /> : null}
      <SnapshotBrowser
        rows={encodeTableRows(document)}
        basePath={basePath}
        searchUrl={`/api/snapshots/${encodeURIComponent(snapshotId)}/columns`}
      />
    </>
  );
}
