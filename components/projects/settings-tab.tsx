"use client";
// The Settings tab of a project: name, description and limits, saved with the project's revision.
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Button, Group, NumberInput, Stack, Text, TextInput, Textarea, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { DEFAULT_LIMITS, type Limits } from "@/lib/customization/schema";
import { useWorkspace } from "./workspace";
import { reportFailure } from "./action-result";
import type { OverviewActions } from "./overview-actions";

const LIMIT_LABELS: Record<keyof Limits, string> = {
  maxRowsHard: "Rows on a device: hard limit",
  maxRowsAdvised: "Rows on a device: advised below",
  maxTablesAdvised: "Offline tables: advised below",
  maxConditions: "Conditions per sync filter",
  maxLinks: "Link conditions per sync filter",
  maxRelationshipsPerTable: "Relationships per table",
};

export function SettingsTab({ actions }: { actions: OverviewActions }) {
  const { ws, canEdit, project, setSettingsDraft } = useWorkspace();
  const router = useRouter();
  const [name, setName] = useState(ws.loaded.project.name);
  const [description, setDescription] = useState(ws.loaded.project.description);
  const [pending, startTransition] = useTransition();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const limits = project.settings.limits;
  const setLimit = (key: keyof Limits, value: number) =>
    setSettingsDraft({ ...project.settings, limits: { ...limits, [key]: value } });
  function save() {
    startTransition(async () => {
      const result = await actions.updateProject({
        projectId: ws.projectId,
        revision: ws.loaded.projectRevision,
        name,
        description,
        settings: { limits },
      });
      if (result.ok) {
        notifications.show({ color: "green", message: "Settings saved." });
        setErrors({});
        setSettingsDraft(undefined);
        router.refresh();
      } else {
        setErrors(Object.fromEntries(result.problems.map((p) => [p.path, p.message])));
        reportFailure(result);
      }
    });
  }
  return (
    <Stack maw={640}>
      <TextInput
        label="Name"
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        disabled={!canEdit}
        error={errors.name}
        maxLength={100}
      />
      <Textarea
        label="Description"
        value={description}
        onChange={(e) => setDescription(e.currentTarget.value)}
        disabled={!canEdit}
        autosize
        minRows={2}
        error={errors.description}
      />
      <Title order={5} mt="sm">
        Limits of a mobile client
      </Title>
      <Text size="sm" c="dimmed">
        Defaults follow Dataverse&apos;s mobile-offline guidance: 3,000,000 rows at most; fewer than 100 tables and
        200,000 rows advised.
      </Text>
      {(Object.keys(LIMIT_LABELS) as Array<keyof Limits>).map((key) => (
        <NumberInput
          key={key}
          label={LIMIT_LABELS[key]}
          description={`Default ${DEFAULT_LIMITS[key].toLocaleString("en-US")}`}
          value={limits[key]}
          min={1}
          allowNegative={false}
          allowDecimal={false}
          thousandSeparator=","
          disabled={!canEdit}
          error={errors[`settings.limits.${key}`]}
          onChange={(v) => setLimit(key, typeof v === "number" ? v : Number(v) || 1)}
        />
      ))}
      {canEdit ? (
        <Group>
          <Button onClick={save} loading={pending}>
            Save settings
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}
