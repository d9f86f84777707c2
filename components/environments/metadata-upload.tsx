"use client";
// Import from files: a solution .zip, a customizations.xml, several Web API JSON files, or an unpacked solution
// folder (picked, or dropped, with the files' relative paths kept), posted to the upload route. While it runs the
// panel shows the bytes sent, then the files and tables the server has read; the answer says what was stored, that
// the content was already imported, or what is wrong where.
import { useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { Alert, Box, Button, FileInput, Group, List, Progress, Radio, Select, Stack, Text } from "@mantine/core";
import { IconAlertTriangle, IconCheck, IconCopy, IconFileUpload, IconFolder, IconUpload } from "@tabler/icons-react";
import {
  UPLOAD_PROGRESS_TYPE,
  describeFinishedUpload,
  describeUploadProgress,
  readUploadLines,
  type UploadLine,
  type UploadProgress,
} from "@/lib/metadata/upload-progress";
import type { FieldProblem } from "@/lib/app-error";
import { uploadSelectionProblem } from "@/lib/environments/upload-limit";

interface Picked {
  /** Each file with the path it is sent under (relative to the chosen or dropped folder). */
  files: Array<{ file: File; path: string }>;
  from: "files" | "folder";
  /** The folder's name, for a folder. */
  folder?: string;
}

type Outcome =
  | { kind: "stored" | "duplicate"; message: string; warnings: string[] }
  | { kind: "error"; message: string; problems: FieldProblem[] };

/** The files under a dropped folder entry, with their paths from the dropped item on. */
async function filesOfEntry(entry: FileSystemEntry): Promise<Array<{ file: File; path: string }>> {
  const path = entry.fullPath.replace(/^\/+/, "");
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    return [{ file, path }];
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const children: FileSystemEntry[] = [];
  // readEntries answers in batches (100 in Chromium) until an empty one.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    children.push(...batch);
  }
  const nested = await Promise.all(children.map(filesOfEntry));
  return nested.flat();
}

export function MetadataUpload({
  environmentId,
  maxUploadMb,
  snapshots = [],
}: {
  environmentId: string;
  maxUploadMb: number;
  /** The environment's snapshots (newest first) the files can be added to, making a new combined snapshot. */
  snapshots?: Array<{ id: string; name: string }>;
}) {
  const router = useRouter();
  const [target, setTarget] = useState<"new" | "combine">("new");
  const [picks, setCombineWith] = useState<string | null>(null);
  // The newest snapshot until the admin picks another (the list grows after each import).
  const combineWith = picks !== null && snapshots.some((s) => s.id === picks) ? picks : (snapshots[0]?.id ?? null);
  const combining = target === "combine" && combineWith !== null;
  const folderInput = useRef<HTMLInputElement>(null);
  const [picked, setPicked] = useState<Picked | null>(null);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [finished, setFinished] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  function choose(next: Picked | null) {
    setPicked(next && next.files.length > 0 ? next : null);
    setOutcome(null);
    setProgress(null);
    setFinished(null);
  }

  function chooseFolder(list: FileList | null) {
    const files = [...(list ?? [])].map((file) => ({ file, path: file.webkitRelativePath || file.name }));
    choose({ files, from: "folder", folder: files[0]?.path.split("/")[0] });
  }

  async function drop(event: React.DragEvent) {
    event.preventDefault();
    setDragging(false);
    const entries = [...event.dataTransfer.items]
      .map((item) => item.webkitGetAsEntry?.())
      .filter((entry): entry is FileSystemEntry => !!entry);
    if (entries.length === 0) {
      choose({ files: [...event.dataTransfer.files].map((file) => ({ file, path: file.name })), from: "files" });
      return;
    }
    const files = (await Promise.all(entries.map(filesOfEntry))).flat();
    const folder = entries.length === 1 && entries[0].isDirectory ? entries[0].name : undefined;
    choose({ files, from: folder ? "folder" : "files", folder });
  }

  function finish(line: UploadLine | undefined, status: number, bytes: number) {
    setProgress(null);
    if (line?.phase === "done") {
      setFinished(describeFinishedUpload(bytes, line.result.snapshot.tableCount));
      setOutcome({
        kind: line.result.duplicate ? "duplicate" : "stored",
        message: line.result.message,
        warnings: line.result.warnings,
      });
      setPicked(null);
      router.refresh();
    } else if (line?.phase === "error") {
      setOutcome({
        kind: "error",
        message: line.problem.detail ?? `The upload failed (HTTP ${line.status}).`,
        problems: line.problem.problems ?? [],
      });
    } else {
      setOutcome({ kind: "error", message: `The upload failed (HTTP ${status}).`, problems: [] });
    }
  }

  function upload(event: React.FormEvent) {
    event.preventDefault();
    if (!picked || tooMuch) return;
    setBusy(true);
    setOutcome(null);
    setFinished(null);
    const sent = picked.files.reduce((n, f) => n + f.file.size, 0);
    const form = new FormData();
    for (const { file, path } of picked.files) form.append("files", file, path);
    const request = new XMLHttpRequest();
    let read = 0;
    let last: UploadLine | undefined;
    const take = () => {
      const { lines, next } = readUploadLines(request.responseText, read);
      read = next;
      for (const line of lines) {
        last = line;
        // The browser measures the bytes it sends; the server's lines carry what it has read.
        if (line.phase === "parse" || line.phase === "store") setProgress(line);
      }
    };
    request.upload.onprogress = (e) =>
      setProgress({ phase: "upload", bytes: e.loaded, total: e.lengthComputable ? e.total : null });
    request.onprogress = take;
    request.onload = () => {
      take();
      // A refusal before the stream started (sign-in, role, size) is one problem document.
      if (!last && request.status >= 400) {
        try {
          const problem = JSON.parse(request.responseText) as { detail?: string; problems?: FieldProblem[] };
          last = { phase: "error", status: request.status, problem };
        } catch {
          last = undefined;
        }
      }
      finish(last, request.status, sent);
      setBusy(false);
    };
    request.onerror = () => {
      setOutcome({
        kind: "error",
        message: "The upload did not reach the server (network error). Try again.",
        problems: [],
      });
      setBusy(false);
    };
    const query = combining && combineWith ? `?combineWith=${encodeURIComponent(combineWith)}` : "";
    request.open("POST", `/api/environments/${encodeURIComponent(environmentId)}/upload${query}`);
    request.setRequestHeader("accept", UPLOAD_PROGRESS_TYPE);
    request.send(form);
  }

  const shown = progress ? describeUploadProgress(progress) : finished ? { label: finished, percent: 100 } : null;
  const size = picked ? picked.files.reduce((n, f) => n + f.file.size, 0) : 0;
  const tooMuch = picked
    ? uploadSelectionProblem(
        picked.files.map((f) => f.file.size),
        maxUploadMb,
      )
    : undefined;

  return (
    <form onSubmit={upload}>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          A solution export (.zip), its customizations.xml, Web API JSON files (EntityDefinitions and the option-set
          responses; choose several at once), or an unpacked solution folder. Up to {maxUploadMb} MB.
        </Text>
        <Box
          data-testid="upload-drop-zone"
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => void drop(e)}
          p="sm"
          style={{
            border: `1px dashed var(--mantine-color-${dragging ? "blue-6" : "default-border"})`,
            borderRadius: "var(--mantine-radius-md)",
            background: dragging ? "var(--mantine-color-blue-light)" : undefined,
          }}
        >
          <Stack gap="xs">
            <Group align="flex-end" gap="sm">
              <FileInput
                label="Metadata files"
                placeholder={
                  picked?.from === "folder"
                    ? `Folder ${picked.folder ?? ""}: ${picked.files.length} files`
                    : "Choose files or drop them here"
                }
                multiple
                clearable
                clearButtonProps={{ "aria-label": "Clear the chosen files" }}
                accept=".zip,.xml,.json,application/zip,application/json,text/xml,application/xml"
                value={picked?.from === "files" ? picked.files.map((f) => f.file) : []}
                onChange={(value) => choose({ files: value.map((file) => ({ file, path: file.name })), from: "files" })}
                leftSection={<IconFileUpload size={16} />}
                w={340}
                name="files"
              />
              <Button
                variant="default"
                leftSection={<IconFolder size={16} />}
                onClick={() => folderInput.current?.click()}
              >
                Choose folder
              </Button>
              <input
                ref={folderInput}
                type="file"
                aria-label="Solution folder"
                hidden
                multiple
                {...{ webkitdirectory: "", directory: "" }}
                onChange={(e) => {
                  chooseFolder(e.currentTarget.files);
                  e.currentTarget.value = "";
                }}
              />
            </Group>
            <Text size="xs" c="dimmed" data-testid="upload-selection">
              {picked
                ? `${picked.files.length} ${picked.files.length === 1 ? "file" : "files"}${picked.folder ? ` from the folder ${picked.folder}` : ""}, ${(size / 1024 / 1024).toFixed(1)} MB`
                : "Or drop files or an unpacked solution folder here."}
            </Text>
            {tooMuch ? (
              <Text size="xs" c="red" role="alert" data-testid="upload-too-much">
                {tooMuch} Choose fewer files, or ask the portal&apos;s administrator to raise the limit.
              </Text>
            ) : null}
          </Stack>
        </Box>
        {snapshots.length > 0 ? (
          <Stack gap={6}>
            <Radio.Group
              label="Import as"
              value={target}
              onChange={(value) => setTarget(value === "combine" ? "combine" : "new")}
            >
              <Group gap="lg" mt={4}>
                <Radio value="new" label="New snapshot" />
                <Radio value="combine" label="Add to a snapshot" />
              </Group>
            </Radio.Group>
            {target === "combine" ? (
              <Select
                label="Snapshot to complete"
                description="A new snapshot is made from it and these files: the files add the tables it lacks and complete the ones it holds in part. The snapshot itself stays as it is."
                data={snapshots.map((s) => ({ value: s.id, label: s.name }))}
                value={combineWith}
                onChange={setCombineWith}
                allowDeselect={false}
                searchable
                maw={520}
              />
            ) : null}
          </Stack>
        ) : null}
        <Group>
          <Button type="submit" loading={busy} disabled={!picked || !!tooMuch} leftSection={<IconUpload size={16} />}>
            {combining ? "Add to snapshot" : "Import files"}
          </Button>
        </Group>
        {shown ? (
          <Stack gap={4} data-testid="upload-progress">
            <Progress
              value={shown.percent ?? 100}
              animated={busy && shown.percent === null}
              striped={busy && shown.percent === null}
              aria-label={shown.label}
            />
            <Text size="xs" c="dimmed" aria-live="polite">
              {shown.label}
            </Text>
          </Stack>
        ) : null}
        {outcome?.kind === "stored" ? (
          <Alert
            color={outcome.warnings.length > 0 ? "yellow" : "green"}
            icon={outcome.warnings.length > 0 ? <IconAlertTriangle size={18} /> : <IconCheck size={18} />}
            title={combining ? "Combined snapshot stored" : "Snapshot stored"}
            role="status"
          >
            <Text size="sm" style={{ wordBreak: "break-word" }}>
              {outcome.message}
            </Text>
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
