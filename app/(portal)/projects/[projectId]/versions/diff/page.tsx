// The difference between any two versions, in words per table (the same lines as `syncwright diff`).
import { Alert, Button, Group, List, ListItem, NativeSelect, Paper, Stack, Text } from "@mantine/core";
import { IconEqual } from "@tabler/icons-react";
import { PageHeader } from "@/components/shell/page-header";
import { EmptyState } from "@/components/shell/empty-state";
import { getDb } from "@/lib/db/client";
import { diffBundles } from "@/lib/bundle/diff";
import { loadSnapshotDocument } from "@/lib/metadata/data";
import { contentOfVersion, listVersionNumbers, loadVersionBundle } from "@/lib/versions/data";

export const metadata = { title: "Compare versions" };

export default async function DiffPage({
  params,
  searchParams,
}: {
  params: Promise<{ projectId: string }>;
  searchParams: Promise<{ from?: string; to?: string }>;
}) {
  const { projectId } = await params;
  const query = await searchParams;
  const db = getDb();
  const numbers = await listVersionNumbers(db, projectId);
  const base = `/projects/${projectId}/versions`;
  if (numbers.length < 2) {
    return (
      <>
        <PageHeader title="Compare versions" />
        <EmptyState
          icon={<IconEqual size={24} />}
          title="Nothing to compare yet"
          action={
            <Button component="a" href={base} variant="light">
              Back to versions
            </Button>
          }
        >
          A comparison needs two published versions.
        </EmptyState>
      </>
    );
  }
  const pick = (text: string | undefined, fallback: number) =>
    numbers.includes(Number(text)) ? Number(text) : fallback;
  const to = pick(query.to, numbers[0]);
  const from = pick(query.from, numbers.find((n) => n < to) ?? numbers[1]);
  const [a, b] = await Promise.all([loadVersionBundle(db, projectId, from), loadVersionBundle(db, projectId, to)]);
  const before = contentOfVersion(a.bytes).content;
  const after = contentOfVersion(b.bytes).content;
  const metadata = await loadSnapshotDocument(db, after.snapshotId).catch(() => undefined);
  const diff = diffBundles(before, after, metadata ? { metadata } : {});
  const options = numbers.map((n) => ({ value: String(n), label: `v${n}` }));
  return (
    <>
      <PageHeader title={`Changes from v${from} to v${to}`} description={<a href={base}>All versions</a>} />
      <Stack gap="md">
        <Paper withBorder p="md">
          <form method="get">
            <Group align="flex-end">
              <NativeSelect label="From" name="from" data={options} defaultValue={String(from)} />
              <NativeSelect label="To" name="to" data={options} defaultValue={String(to)} />
              <Button type="submit" variant="light">
                Compare
              </Button>
            </Group>
          </form>
        </Paper>
        {diff.same ? (
          <Alert color="gray" title="Same configuration">
            v{from} and v{to} have the same content
            {a.version.contentHash === b.version.contentHash ? " (identical content hash)" : ""}.
          </Alert>
        ) : (
          <Paper withBorder p="md">
            {diff.project.length ? (
              <>
                <Text fw={600} mb={4}>
                  Project
                </Text>
                <List size="sm" mb="md">
                  {diff.project.map((line) => (
                    <ListItem key={line}>{line}</ListItem>
                  ))}
                </List>
              </>
            ) : null}
            {diff.tables.map((t) => (
              <div key={t.table}>
                <Text fw={600} mt="xs">
                  {t.name.label}{" "}
                  {t.name.secondary ? (
                    <Text span size="xs" c="dimmed" ff="monospace">
                      {t.name.secondary}
                    </Text>
                  ) : null}{" "}
                  <Text span size="xs" c={t.change === "added" ? "teal" : t.change === "removed" ? "red" : "dimmed"}>
                    {t.change}
                  </Text>
                </Text>
                <List size="sm">
                  {t.changes.map((c) => (
                    <ListItem key={c}>{c}</ListItem>
                  ))}
                </List>
              </div>
            ))}
          </Paper>
        )}
      </Stack>
    </>
  );
}
