"use client";
// "Import FetchXML": paste a <fetch> (a system view's query) or a <filter>; errors name the element and its
// line:column; a readable preview of what was understood, then the tree replaces the current one on confirm.
import { useState } from "react";
import { Alert, Button, Group, List, Modal, Stack, Text, Textarea } from "@mantine/core";
import { IconAlertCircle, IconFileImport } from "@tabler/icons-react";
import type { MetadataDocument } from "@/lib/metadata/schema";
import { parseFetchXml } from "@/lib/filters/parse-fetchxml";
import { filterToText } from "@/lib/filters/to-text";
import type { FilterGroup } from "@/lib/filters/schema";
import { isAppError } from "@/lib/app-error";
import { countConditions, withIds } from "./tree-ops";

export function ImportFetchXmlModal({
  opened,
  onClose,
  tableName,
  metadata,
  hasConditions,
  onImport,
}: {
  opened: boolean;
  onClose(): void;
  tableName: string;
  metadata: MetadataDocument;
  hasConditions: boolean;
  onImport(filter: FilterGroup): void;
}) {
  const [text, setText] = useState("");
  const [problems, setProblems] = useState<Array<{ path: string; message: string }>>([]);
  const [parsed, setParsed] = useState<FilterGroup | null>(null);

  const close = () => {
    setProblems([]);
    setParsed(null);
    onClose();
  };

  const read = () => {
    setParsed(null);
    try {
      const result = parseFetchXml(text, { name: "pasted FetchXML" });
      if (result.table && result.table !== tableName) {
        setProblems([
          {
            path: "pasted FetchXML <entity>",
            message: `is for the table ${result.table}; this filter is for ${tableName}`,
          },
        ]);
        return;
      }
      setProblems([]);
      setParsed(withIds(result.filter));
    } catch (error) {
      if (isAppError(error))
        setProblems(error.problems.length ? error.problems : [{ path: "pasted FetchXML", message: error.message }]);
      else setProblems([{ path: "pasted FetchXML", message: error instanceof Error ? error.message : String(error) }]);
    }
  };

  return (
    <Modal opened={opened} onClose={close} title="Import FetchXML" size="xl">
      <Stack>
        <Text size="sm" c="dimmed">
          Paste a whole {"<fetch>"} (for example a system view&apos;s query) or a lone {"<filter>"}. Columns, sorting
          and paging are left out; anything a sync filter cannot say is refused with its position.
        </Text>
        <Textarea
          label="FetchXML"
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            setParsed(null);
          }}
          autosize
          minRows={8}
          maxRows={18}
          styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)", fontSize: 12 } }}
          data-autofocus
        />
        {problems.length ? (
          <Alert color="red" icon={<IconAlertCircle size={16} />} title="Cannot import this FetchXML">
            <List size="sm">
              {problems.map((p, i) => (
                <List.Item key={i}>
                  <Text span ff="monospace" size="sm">
                    {p.path}
                  </Text>
                  : {p.message}
                </List.Item>
              ))}
            </List>
          </Alert>
        ) : null}
        {parsed ? (
          <Alert color="blue" title={`Understood ${countConditions(parsed)} condition(s)`}>
            <Text size="sm" data-testid="import-preview">
              {filterToText(tableName, parsed, metadata)}
            </Text>
            {hasConditions ? (
              <Text size="sm" mt="xs" fw={500}>
                This replaces the conditions you have now.
              </Text>
            ) : null}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          {parsed ? (
            <Button
              color={hasConditions ? "orange" : undefined}
              onClick={() => {
                onImport(parsed);
                setText("");
                close();
              }}
            >
              {hasConditions ? "Replace the conditions" : "Use these conditions"}
            </Button>
          ) : (
            <Button leftSection={<IconFileImport size={16} />} onClick={read} disabled={!text.trim()}>
              Read FetchXML
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
