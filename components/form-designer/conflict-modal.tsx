"use client";
// The conflict a stale save of a table config gets: what the other admin changed, then overwrite or reload.
import { Alert, Button, Group, List, Modal, Stack, Text } from "@mantine/core";
import type { TableConfigSave } from "./use-table-config-save";

export function ConflictModal({ state }: { state: TableConfigSave }) {
  const { conflict } = state;
  return (
    <Modal
      opened={!!conflict}
      onClose={state.dismissConflict}
      title="Another admin saved this table meanwhile"
      size="lg"
    >
      {conflict ? (
        <Stack>
          <Text size="sm">
            {conflict.updatedBy ?? "Another admin"} saved revision {conflict.theirRevision} while you edited revision{" "}
            {state.revision}. They changed:
          </Text>
          {conflict.changes.theirChanges.length ? (
            <List size="sm" data-testid="their-changes">
              {conflict.changes.theirChanges.map((line) => (
                <List.Item key={line}>{line}</List.Item>
              ))}
            </List>
          ) : (
            <Text size="sm" c="dimmed">
              Nothing that differs in meaning.
            </Text>
          )}
          {conflict.changes.overlapping.length ? (
            <Alert color="yellow" title="You changed the same parts">
              Overwriting undoes their change to: {conflict.changes.overlapping.join(", ")}.
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={state.reloadTheirs}>
              Reload their version
            </Button>
            <Button color="red" onClick={() => void state.overwrite()} loading={state.pending}>
              Overwrite with mine
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}
