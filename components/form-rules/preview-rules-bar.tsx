"use client";
// Under the phone preview: its Save button (runs the save rules, lists what blocks saving or says "Saved") and
// the trace of the last event, the rules that ran in order with their branch, effects and cascade depth.
import { Alert, Badge, Button, Group, List, Paper, Stack, Text } from "@mantine/core";
import { IconDeviceFloppy } from "@tabler/icons-react";
import type { RulesPreview } from "./use-rules-preview";

export function PreviewRulesBar({ preview, width }: { preview: RulesPreview; width?: number }) {
  const { outcome, saved, event } = preview;
  const errors = outcome?.messages.filter((m) => m.kind === "error") ?? [];
  const trace = outcome?.trace ?? [];
  return (
    <Stack gap="xs" style={{ width: width ?? 360 }}>
      <Group justify="space-between">
        <Button size="xs" leftSection={<IconDeviceFloppy size={14} />} onClick={preview.save}>
          Save in preview
        </Button>
        {saved === true ? (
          <Badge color="green" data-testid="preview-save-result">
            Saved
          </Badge>
        ) : null}
      </Group>
      {saved === false ? (
        <Alert color="red" p="xs" title="Cannot save" data-testid="preview-save-result">
          <List size="sm">
            {errors.map((m) => (
              <List.Item key={`${m.ruleId}:${m.field ?? ""}:${m.text}`}>{m.text}</List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
      <Paper withBorder p="xs" data-testid="rules-trace" aria-label="Rules trace">
        <Text size="xs" fw={600} mb={4}>
          Trace · {event}
          {outcome?.cascadeCut ? " · cascade stopped at its bound" : ""}
        </Text>
        {trace.length === 0 ? (
          <Text size="xs" c="dimmed">
            No rule ran.
          </Text>
        ) : (
          <Stack gap={4} component="ol" style={{ margin: 0, paddingLeft: 18 }}>
            {trace.map((t, i) => (
              <li key={`${t.ruleId}:${i}`} data-trace-rule={t.ruleName}>
                <Text size="xs">
                  <b>{t.ruleName}</b> · {t.trigger}
                  {t.column ? ` of ${preview.caption(t.column)}` : ""} · {t.branch === "none" ? "no branch" : t.branch}
                  {t.depth > 0 ? ` · depth ${t.depth}` : ""}
                </Text>
                {t.effects.length ? (
                  <Text size="xs" c="dimmed">
                    {t.effects.join("; ")}
                  </Text>
                ) : null}
              </li>
            ))}
          </Stack>
        )}
      </Paper>
    </Stack>
  );
}
