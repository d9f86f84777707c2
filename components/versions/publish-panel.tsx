"use client";
// Publish: the validation summary (errors block, warnings are kept on the version), notes, the minimum app
// version, and the button.
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Alert, Button, Group, List, Paper, Stack, Text, TextInput, Textarea, Title } from "@mantine/core";
import { IconAlertTriangle, IconCircleCheck, IconCircleX } from "@tabler/icons-react";
import type { ActionResult } from "@/app/_server/define-action";
import { countOf } from "@/lib/format/count";

interface Issue {
  path: string;
  message: string;
}

export function PublishPanel(props: {
  projectId: string;
  errors: Issue[];
  warnings: Issue[];
  minClientVersion: string;
  canPublish: boolean;
  publish: (input: {
    projectId: string;
    notes: string;
    minClientVersion?: string;
  }) => Promise<ActionResult<{ number: number; warnings: number }>>;
}) {
  const router = useRouter();
  const [notes, setNotes] = useState("");
  const [minClientVersion, setMinClientVersion] = useState(props.minClientVersion);
  const [pending, start] = useTransition();
  const [result, setResult] = useState<{ ok: boolean; message: string; problems?: Issue[] } | null>(null);
  const blocked = props.errors.length > 0;

  const submit = () =>
    start(async () => {
      const r = await props.publish({
        projectId: props.projectId,
        notes,
        minClientVersion: minClientVersion.trim() || undefined,
      });
      if (r.ok) {
        setResult({
          ok: true,
          message: `Published version ${r.data.number}${r.data.warnings ? ` with ${countOf(r.data.warnings, "warning")}` : ""}.`,
        });
        setNotes("");
        router.refresh();
      } else setResult({ ok: false, message: r.message, problems: r.problems });
    });

  return (
    <Paper withBorder p="lg">
      <Title order={4} mb="sm">
        Publish a new version
      </Title>
      <Stack gap="sm">
        {blocked ? (
          <Alert
            color="red"
            icon={<IconCircleX size={18} />}
            title={`${countOf(props.errors.length, "error")} block publishing`}
          >
            <List size="sm" spacing={4}>
              {props.errors.map((e) => (
                <List.Item key={`${e.path}:${e.message}`}>
                  <Text span size="sm" ff="monospace">
                    {e.path}
                  </Text>
                  : {e.message}
                </List.Item>
              ))}
            </List>
          </Alert>
        ) : (
          <Alert color="teal" icon={<IconCircleCheck size={18} />} title="Ready to publish">
            The project validates against its metadata snapshot.
          </Alert>
        )}
        {props.warnings.length ? (
          <Alert
            color="yellow"
            icon={<IconAlertTriangle size={18} />}
            title={`${countOf(props.warnings.length, "warning")} (recorded on the version)`}
          >
            <List size="sm" spacing={4}>
              {props.warnings.slice(0, 20).map((w) => (
                <List.Item key={`${w.path}:${w.message}`}>{w.message}</List.Item>
              ))}
              {props.warnings.length > 20 ? <List.Item>… and {props.warnings.length - 20} more</List.Item> : null}
            </List>
          </Alert>
        ) : null}
        <Textarea
          label="Release notes"
          description="What changed, for the admins who read the history."
          autosize
          minRows={2}
          maxLength={2000}
          value={notes}
          onChange={(e) => setNotes(e.currentTarget.value)}
          disabled={!props.canPublish}
        />
        <TextInput
          label="Minimum app version"
          description="Devices with an older app keep getting the newest version they can run."
          value={minClientVersion}
          onChange={(e) => setMinClientVersion(e.currentTarget.value)}
          maw={240}
          disabled={!props.canPublish}
        />
        {result ? (
          <Alert color={result.ok ? "teal" : "red"} role="status">
            {result.message}
            {result.problems?.length ? (
              <List size="sm" mt={4}>
                {result.problems.map((p) => (
                  <List.Item key={`${p.path}:${p.message}`}>
                    {p.path}: {p.message}
                  </List.Item>
                ))}
              </List>
            ) : null}
          </Alert>
        ) : null}
        <Group>
          <Button onClick={submit} loading={pending} disabled={blocked || !props.canPublish}>
            Publish
          </Button>
          {!props.canPublish ? (
            <Text size="sm" c="dimmed">
              Your role cannot publish.
            </Text>
          ) : null}
        </Group>
      </Stack>
    </Paper>
  );
}
