"use client";
// The stale-save dialog of every editor: who saved which revision meanwhile, what they changed, what both changed,
// and the two ways out (reload their version, or overwrite it knowingly).
import { Alert, Button, Group, List, Modal, Stack, Text } from "@mantine/core";
import type { RevisionedSave } from "./use-revisioned-save";

export function ConflictDialog<T>({
  editor,
  title,
  reloadLabel = "Reload their version",
  overwriteLabel = "Overwrite with mine",
}: {
  editor: RevisionedSave<T>;
  /** "Another admin saved this table meanwhile". */
  title: string;
  reloadLabel?: string;
  overwriteLabel?: string;
}) {
  const { conflict } = editor;
  return (
    <Modal opened={!!conflict} onClose={editor.closeConflict} title={title} size="lg">
      {conflict ? (
        <Stack>
          <Text size="sm">
            {conflict.updatedBy ?? "Another admin"} saved revision {conflict.theirRevision} while you edited revision{" "}
            {editor.revision}. They changed:
          </Text>
          {conflict.changes.theirChanges.length ? (
            <List size="sm" data-testid="their-changes">
              {conflict.changes.theirChanges.map((line, i) => (
                <List.Item key={i}>{line}</List.Item>
              ))}
            </List>
          ) : (
            <Text size="sm" c="dimmed">
              Nothing that differs in meaning from what you loaded.
            </Text>
          )}
          {conflict.changes.overlapping.length ? (
            <Alert color="yellow" title="You changed the same parts">
              Overwriting undoes their change to: {conflict.changes.overlapping.join(", ")}.
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={editor.reloadTheirs}>
              {reloadLabel}
            </Button>
            <Button color="red" onClick={editor.overwrite} loading={editor.pending}>
              {overwriteLabel}
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}
