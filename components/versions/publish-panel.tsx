"use client";
// Publish: the validation summary (errors block, warnings are kept on the version), notes, the minimum app
// version, and the button.
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Alert, Button, Group, List, Modal, Paper, Stack, Text, TextInput, Textarea, Title } from "@mantine/core";
import { IconAlertTriangle, IconCircleCheck, IconCircleX, IconCopy } from "@tabler/icons-react";
import type { ActionResult } from "@/app/_server/define-action";
import type { PortalPublishInput, PortalPublishOutcome, VersionWarning } from "@/lib/versions/schema";
import { countOf } from "@/lib/format/count";

interface Issue {
  path: string;
  message: string;
}

export function PublishPanel(props: {
  projectId: string;
  errors: Issue[];
  warnings: VersionWarning[];
  minClientVersion: string;
  canPublish: boolean;
  /** The current version whose content the project has now, if any: publishing would repeat it. */
  identicalTo?: number;
  publish: (input: PortalPublishInput) => Promise<ActionResult<PortalPublishOutcome>>;
}) {
  const router = useRouter();
  const [notes, setNotes] = useState("");
  const [minClientVersion, setMinClientVersion] = useState(props.minClientVersion);
  const [pending, start] = useTransition();
  const [result, setResult] = useState<{ ok: boolean; message: string; problems?: Issue[] } | null>(null);
  // The version an identical publish would repeat, while the admin is asked whether to publish anyway.
  const [askIdentical, setAskIdentical] = useState<number | null>(null);
  const blocked = props.errors.length > 0;
  const acknowledged = props.warnings.filter((w) => w.acknowledged).length;

  const submit = (allowIdentical = false) =>
    start(async () => {
      setAskIdentical(null);
      const r = await props.publish({
        projectId: props.projectId,
        notes,
        minClientVersion: minClientVersion.trim() || undefined,
        allowIdentical,
      });
      if (!r.ok) return setResult({ ok: false, message: r.message, problems: r.problems });
      const outcome = r.data;
      if (!outcome.ok) {
        setResult(null);
        setAskIdentical(outcome.version);
        return;
      }
      setResult({
        ok: true,
        message: `Published version ${outcome.number}${outcome.warnings ? ` with ${countOf(outcome.warnings, "warning")}` : ""}.`,
      });
      setNotes("");
      router.refresh();
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
        {props.identicalTo !== undefined && !blocked ? (
          <Alert color="blue" icon={<IconCopy size={18} />} title={`Identical to v${props.identicalTo}`}>
            The project has not changed since version {props.identicalTo}, the current one. Publishing makes a new
            version with the same content, which devices already hold.
          </Alert>
        ) : null}
        {props.warnings.length ? (
          <Alert
            color="yellow"
            icon={<IconAlertTriangle size={18} />}
            title={`${countOf(props.warnings.length, "warning")} (recorded on the version${acknowledged ? `, ${acknowledged} of them acknowledged` : ""})`}
          >
            <List size="sm" spacing={4}>
              {props.warnings.slice(0, 20).map((w) => (
                <List.Item key={`${w.path}:${w.message}`}>
                  {w.acknowledged ? (
                    <Text span size="sm" c="dimmed">
                      Acknowledged ({w.acknowledged.note}): {w.message}
                    </Text>
                  ) : (
                    w.message
                  )}
                </List.Item>
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
          <Button onClick={() => submit(false)} loading={pending} disabled={blocked || !props.canPublish}>
            Publish
          </Button>
          {!props.canPublish ? (
            <Text size="sm" c="dimmed">
              Your role cannot publish.
            </Text>
          ) : null}
        </Group>
      </Stack>
      <Modal
        opened={askIdentical !== null}
        onClose={() => setAskIdentical(null)}
        title={`Identical to v${askIdentical ?? ""}`}
      >
        <Stack gap="md">
          <Text size="sm">
            The project&apos;s content is exactly that of version {askIdentical}, the current version. Publishing makes
            version {askIdentical !== null ? askIdentical + 1 : ""} with the same content: devices that hold v
            {askIdentical} download nothing new.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setAskIdentical(null)}>
              Cancel
            </Button>
            <Button onClick={() => submit(true)} loading={pending}>
              Publish anyway
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
