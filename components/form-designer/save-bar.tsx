"use client";
// The designers' sticky save bar: whether there are unsaved changes (and what saving also does), discard, save.
import { Button, Group, Paper, Text } from "@mantine/core";

export function SaveBar({
  dirty,
  pending,
  note,
  onDiscard,
  onSave,
}: {
  dirty: boolean;
  pending: boolean;
  note?: string;
  onDiscard(): void;
  onSave(): void;
}) {
  return (
    <Paper withBorder p="sm" shadow="md" style={{ position: "sticky", bottom: 12, zIndex: 5 }} aria-label="Save bar">
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" c={dirty ? undefined : "dimmed"}>
          {dirty ? "Unsaved changes: the validation panel already shows their effect." : "No unsaved changes."}
          {dirty && note ? ` ${note}` : ""}
        </Text>
        <Group gap="xs" wrap="nowrap">
          <Button variant="default" disabled={!dirty || pending} onClick={onDiscard}>
            Discard
          </Button>
          <Button onClick={onSave} disabled={!dirty} loading={pending}>
            Save
          </Button>
        </Group>
      </Group>
    </Paper>
  );
}
