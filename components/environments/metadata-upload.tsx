"use client";
// Import from files: a solution .zip, a customizations.xml, or several Web API JSON files, posted to the
// upload route; the answer says what was stored, that the content was already imported, or what is wrong where.
import { useState } from "react";
import { useRouter } from "next/navigation";
import { Alert, Button, FileInput, Group, List, Stack, Text } from "@mantine/core";
import { IconAlertTriangle, IconCheck, IconCopy, IconFileUpload, IconUpload } from "@tabler/icons-react";

type Outcome =
  | { kind: "stored" | "duplicate"; message: string; warnings: string[]; snapshotId: string }
  | { kind: "error"; message: string; problems: Array<{ path: string; message: string }> };

export function MetadataUpload({ environmentId, maxUploadMb }: { environmentId: string; maxUploadMb: number }) {
  const router = useRouter();
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  async function upload(event: React.FormEvent) {
    event.preventDefault();
    if (files.length === 0) return;
    setBusy(true);
    setOutcome(null);
    try {
      const form = new FormData();
      for (const file of files) form.append("files", file, file.name);
      const response = await fetch(`/api/environments/${encodeURIComponent(environmentId)}/upload`, {
        method: "POST",
        body: form,
      });
      const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
      if (!response.ok || !body) {
        setOutcome({
          kind: "error",
          message: typeof body?.detail === "string" ? body.detail : `The upload failed (HTTP ${response.status}).`,
          problems: Array.isArray(body?.problems) ? (body.problems as Array<{ path: string; message: string }>) : [],
        });
        return;
      }
      setOutcome({
        kind: body.duplicate ? "duplicate" : "stored",
        message: String(body.message),
        warnings: (body.warnings as string[]) ?? [],
        snapshotId: (body.snapshot as { id: string }).id,
      });
      setFiles([]);
      router.refresh();
    } catch {
      setOutcome({
        kind: "error",
        message: "The upload did not reach the server (network error). Try again.",
        problems: [],
      });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={upload}>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          A solution export (.zip), its customizations.xml, or Web API JSON files (EntityDefinitions and the option-set
          responses; choose several at once). Up to {maxUploadMb} MB.
        </Text>
        <Group align="flex-end">
          <FileInput
            label="Metadata files"
            placeholder="Choose files"
            multiple
            clearable
            accept=".zip,.xml,.json,application/zip,application/json,text/xml,application/xml"
            value={files}
            onChange={(value) => {
              setFiles(value);
              setOutcome(null);
            }}
            leftSection={<IconFileUpload size={16} />}
            w={420}
            name="files"
          />
          <Button type="submit" loading={busy} disabled={files.length === 0} leftSection={<IconUpload size={16} />}>
            Import files
          </Button>
        </Group>
        {outcome?.kind === "stored" ? (
          <Alert color="green" icon={<IconCheck size={18} />} title="Snapshot stored" role="status">
            {outcome.message}
            {outcome.warnings.length > 0 ? (
              <List size="sm" mt={4}>
                {outcome.warnings.slice(0, 5).map((w) => (
                  <List.Item key={w}>{w}</List.Item>
                ))}
              </List>
            ) : null}
          </Alert>
        ) : null}
        {outcome?.kind === "duplicate" ? (
          <Alert color="yellow" icon={<IconCopy size={18} />} title="Already imported" role="status">
            {outcome.message}
          </Alert>
        ) : null}
        {outcome?.kind === "error" ? (
          <Alert color="red" icon={<IconAlertTriangle size={18} />} title="Not imported" role="alert">
            <Text size="sm" style={{ wordBreak: "break-word" }}>
              {outcome.message}
            </Text>
            {outcome.problems.length > 1 ? (
              <List size="sm" mt={4}>
                {outcome.problems.slice(0, 10).map((p, i) => (
                  <List.Item key={i}>
                    {p.path}: {p.message}
                  </List.Item>
                ))}
              </List>
            ) : null}
          </Alert>
        ) : null}
      </Stack>
    </form>
  );
}
