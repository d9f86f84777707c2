"use client";
// Import a project file into this project: read the file, show what would change, apply on confirmation.
// The apply sends back the revisions the preview was made against, so a change made meanwhile is refused.
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Alert, Button, FileInput, Group, List, Paper, Stack, Text } from "@mantine/core";
import type { ActionResult } from "@/app/_server/define-action";
import type { ImportBasis } from "@/lib/versions/import-project";
import { countOf } from "@/lib/format/count";

type Preview = { lines: string[]; same: boolean; basis: ImportBasis };
type ImportRequest = { projectId: string; text: string; basis?: ImportBasis };

export function ImportForm(props: {
  projectId: string;
  canEdit: boolean;
  preview: (input: ImportRequest) => Promise<ActionResult<Preview>>;
  apply: (input: ImportRequest) => Promise<ActionResult<{ changes: number }>>;
}) {
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const [text, setText] = useState<string | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [message, setMessage] = useState<{
    ok: boolean;
    text: string;
    problems?: Array<{ path: string; message: string }>;
  } | null>(null);
  const [pending, start] = useTransition();

  const choose = async (f: File | null) => {
    setFile(f);
    setPreview(null);
    setMessage(null);
    setText(f ? await f.text() : null);
  };
  const showDiff = () =>
    start(async () => {
      if (!text) return;
      const r = await props.preview({ projectId: props.projectId, text });
      if (r.ok) setPreview(r.data);
      else setMessage({ ok: false, text: r.message, problems: r.problems });
    });
  const apply = () =>
    start(async () => {
      if (!text || !preview) return;
      const r = await props.apply({ projectId: props.projectId, text, basis: preview.basis });
      if (r.ok) {
        setMessage({
          ok: true,
          text: `Imported: ${countOf(r.data.changes, "change")} saved as new draft revisions. Publish when ready.`,
        });
        setPreview(null);
        router.refresh();
      } else {
        // Nothing was written. After a conflict the diff on screen is out of date: ask for it again.
        if (r.code === "conflict") setPreview(null);
        setMessage({ ok: false, text: r.message, problems: r.problems });
      }
    });

  // A single problem is usually the message itself ("project file: this is a bundle, ..."): list only what it adds.
  const extraProblems = (message?.problems ?? []).filter((p) => !message?.text.includes(p.message));

  return (
    <Paper withBorder p="lg">
      <Stack gap="sm">
        <FileInput
          label="Project file"
          description="A file from syncwright export or another portal (canonical JSON)."
          placeholder="Choose a .json file"
          accept="application/json,.json"
          value={file}
          onChange={choose}
          clearable
          disabled={!props.canEdit}
        />
        <Group>
          <Button onClick={showDiff} disabled={!text || !props.canEdit} loading={pending && !preview} variant="light">
            Show changes
          </Button>
        </Group>
        {message ? (
          <Alert color={message.ok ? "teal" : "red"} role="status">
            {message.text}
            {extraProblems.length ? (
              <List size="sm" mt={4}>
                {extraProblems.slice(0, 20).map((p) => (
                  <List.Item key={`${p.path}:${p.message}`}>
                    {p.path}: {p.message}
                  </List.Item>
                ))}
              </List>
            ) : null}
          </Alert>
        ) : null}
        {preview ? (
          preview.same ? (
            <Alert color="gray">The project already has exactly this configuration; nothing to import.</Alert>
          ) : (
            <Paper withBorder p="md">
              <Text fw={600} mb="xs">
                Importing this file makes {countOf(preview.lines.length, "change")}:
              </Text>
              <List size="sm" mb="md">
                {preview.lines.map((line) => (
                  <List.Item key={line}>{line}</List.Item>
                ))}
              </List>
              <Text size="sm" c="dimmed" mb="sm">
                The changes are saved as new draft revisions; published versions are not touched.
              </Text>
              <Button onClick={apply} loading={pending}>
                Apply these changes
              </Button>
            </Paper>
          )
        ) : null}
      </Stack>
    </Paper>
  );
}
