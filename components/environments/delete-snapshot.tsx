"use client";
// Deleting a snapshot nothing uses, after a confirmation. While a project or a published version uses it, the
// button is off and the page says which ones (the server checks again when asked, in the delete's transaction).
import { List, Text } from "@mantine/core";
import type { SnapshotUsage } from "@/lib/metadata/data";
import type { ActionResult } from "@/components/projects/action-result";
import { ConfirmDelete } from "./confirm-delete";

export function DeleteSnapshot({
  snapshotId,
  name,
  environmentPath,
  usage,
  action,
}: {
  snapshotId: string;
  name: string;
  environmentPath: string;
  usage: SnapshotUsage;
  action: (input: { snapshotId: string }) => Promise<ActionResult<unknown>>;
}) {
  const used = usage.projects.length > 0 || usage.versions.length > 0;
  return (
    <ConfirmDelete
      label="Delete snapshot"
      title="Delete this snapshot?"
      blocked={used}
      run={() => action({ snapshotId })}
      then={environmentPath}
    >
      {used ? (
        <>
          <Text size="sm">This snapshot is in use and cannot be deleted. It is used by:</Text>
          <List size="sm" mt="xs" data-testid="snapshot-usage">
            {usage.projects.map((p) => (
              <List.Item key={p.id}>
                project <a href={`/projects/${encodeURIComponent(p.id)}`}>{p.name}</a>
              </List.Item>
            ))}
            {usage.versions.map((v) => (
              <List.Item key={`${v.projectId}/${v.number}`}>
                published version{" "}
                <a href={`/projects/${encodeURIComponent(v.projectId)}/versions/${v.number}`}>
                  {v.projectName} v{v.number}
                </a>
              </List.Item>
            ))}
          </List>
        </>
      ) : (
        <Text size="sm" style={{ overflowWrap: "anywhere" }}>
          &quot;{name}&quot; and the forms and views kept with it are deleted. No project or published version uses it.
          This cannot be undone.
        </Text>
      )}
    </ConfirmDelete>
  );
}
