// Compare two snapshots of an environment (?from=<older>&to=<newer>): tables and columns added, removed or
// changed, relationships and global option sets, with counts and expandable details.
import { snapshotChoiceLabel } from "@/lib/metadata/snapshot-name";
import { notFound } from "next/navigation";
import { Alert, Anchor, Breadcrumbs } from "@mantine/core";
import { PageHeader } from "@/components/shell/page-header";
import { SnapshotDiffView } from "@/components/environments/snapshot-diff-view";
import { getDb } from "@/lib/db/client";
import { loadEnvironment } from "@/lib/environments/data";
import { loadSnapshotDocument, loadSnapshotSummary } from "@/lib/metadata/data";
import { diffSnapshots, diffTableLabels } from "@/lib/metadata/snapshot-diff";
import { orNotFound } from "@/app/_server/page-data";

export const metadata = { title: "Compare snapshots" };

export default async function DiffPage({
  params,
  searchParams,
}: {
  params: Promise<{ environmentId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { environmentId } = await params;
  const query = await searchParams;
  const from = typeof query.from === "string" ? query.from : "";
  const to = typeof query.to === "string" ? query.to : "";
  const db = getDb();
  const environment = await orNotFound(loadEnvironment(db, environmentId));
  const crumbs = (
    <Breadcrumbs mb="xs" fz="sm">
      <Anchor href="/environments">Environments</Anchor>
      <Anchor href={`/environments/${encodeURIComponent(environment.id)}`}>{environment.name}</Anchor>
      <span>Compare</span>
    </Breadcrumbs>
  );
  if (!from || !to) {
    return (
      <>
        {crumbs}
        <PageHeader title="Compare snapshots" />
        <Alert color="yellow" title="Pick two snapshots">
          Tick two snapshots on{" "}
          <Anchor href={`/environments/${encodeURIComponent(environment.id)}`}>the environment page</Anchor> and choose
          Compare.
        </Alert>
      </>
    );
  }
  const [a, b] = await orNotFound(Promise.all([loadSnapshotSummary(db, from), loadSnapshotSummary(db, to)]));
  if (a.environmentId !== environment.id || b.environmentId !== environment.id) notFound();
  const [before, after] = await Promise.all([loadSnapshotDocument(db, a.id), loadSnapshotDocument(db, b.id)]);
  const diff = diffSnapshots(before, after);
  const label = (s: typeof a) => snapshotChoiceLabel(s);
  return (
    <>
      {crumbs}
      <PageHeader title="Compare snapshots" description={`From ${label(a)} to ${label(b)}.`} />
      <SnapshotDiffView diff={diff} tableLabels={diffTableLabels(before, after, diff)} />
    </>
  );
}
