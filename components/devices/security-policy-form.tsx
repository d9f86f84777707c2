"use client";
// The security policy editor: start from a preset, change any setting (each explained in one sentence), see
// problems as you type (the same zod schema the server and the bundle use), save against the loaded revision.
import { useMemo, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  NumberInput,
  Paper,
  Radio,
  Select,
  SegmentedControl,
  Stack,
  Switch,
  Text,
  TextInput,
} from "@mantine/core";
import { IconLock, IconPlus, IconTrash } from "@tabler/icons-react";
import type { ActionResult } from "@/app/_server/define-action";
import {
  SECURITY_PRESETS,
  SECURITY_PRESET_NAMES,
  SecurityPolicySchema,
  WEEK_DAYS,
  crossesMidnight,
  presetOf,
  type BusinessHours,
  type SecurityPolicy,
  type SecurityPreset,
  type WeekDay,
} from "@/lib/customization/security-policy";
import { SECURITY_SETTING_HELP, describePolicyDiff } from "@/lib/customization/describe-security-policy";

const PRESET_WORDS: Record<SecurityPreset, string> = {
  strict: "Strict",
  balanced: "Balanced",
  convenient: "Convenient",
};

const DEFAULT_HOURS: BusinessHours = {
  timeZone: "UTC",
  days: {
    monday: [{ from: "08:00", to: "18:00" }],
    tuesday: [{ from: "08:00", to: "18:00" }],
    wednesday: [{ from: "08:00", to: "18:00" }],
    thursday: [{ from: "08:00", to: "18:00" }],
    friday: [{ from: "08:00", to: "18:00" }],
    saturday: [],
    sunday: [],
  },
};

const num = (v: string | number) => (typeof v === "number" ? v : v.trim() === "" ? Number.NaN : Number(v));

function zones(): string[] {
  try {
    return (Intl as unknown as { supportedValuesOf(key: string): string[] }).supportedValuesOf("timeZone");
  } catch {
    return ["UTC"];
  }
}

export function SecurityPolicyForm(props: {
  projectId: string;
  revision: number;
  policy: SecurityPolicy;
  published: SecurityPolicy | null;
  canEdit: boolean;
  save: (input: {
    projectId: string;
    revision: number;
    policy: SecurityPolicy;
  }) => Promise<ActionResult<{ revision: number }>>;
}) {
  const router = useRouter();
  const [draft, setDraft] = useState<SecurityPolicy>(props.policy);
  const [saved, setSaved] = useState<SecurityPolicy>(props.policy);
  const [revision, setRevision] = useState(props.revision);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  const allZones = useMemo(() => zones(), []);

  const parsed = SecurityPolicySchema.safeParse(draft);
  const errors = new Map<string, string>();
  if (!parsed.success) for (const issue of parsed.error.issues) errors.set(issue.path.join("."), issue.message);
  const err = (path: string) => errors.get(path);
  const changed = JSON.stringify(draft) !== JSON.stringify(saved);
  const preset = parsed.success ? presetOf(parsed.data) : undefined;
  const pendingPublish = parsed.success && props.published ? describePolicyDiff(props.published, parsed.data) : [];
  const set = (change: Partial<SecurityPolicy>) => {
    setDraft((d) => ({ ...d, ...change }));
    setMessage(null);
  };
  const setHours = (change: (h: BusinessHours) => BusinessHours) =>
    setDraft((d) => ({ ...d, businessHours: d.businessHours ? change(d.businessHours) : d.businessHours }));
  const disabled = !props.canEdit;

  const save = () =>
    start(async () => {
      if (!parsed.success) return;
      const result = await props.save({ projectId: props.projectId, revision, policy: parsed.data });
      if (result.ok) {
        setRevision(result.data.revision);
        setSaved(parsed.data);
        setMessage({ ok: true, text: "Saved. Devices get it with the next published version." });
        router.refresh();
      } else setMessage({ ok: false, text: result.message });
    });

  const section = (title: string, help: string, control: React.ReactNode, aside?: React.ReactNode) => (
    <Paper withBorder p="md">
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="lg">
        <Stack gap={2} maw={420}>
          <Text fw={600}>{title}</Text>
          <Text size="sm" c="dimmed">
            {help}
          </Text>
        </Stack>
        {aside}
      </Group>
      {control ? <div style={{ marginTop: 12 }}>{control}</div> : null}
    </Paper>
  );

  return (
    <Stack gap="md" maw={860}>
      <Paper withBorder p="md">
        <Group justify="space-between" wrap="wrap">
          <Stack gap={2}>
            <Text fw={600}>Start from a preset</Text>
            <Text size="sm" c="dimmed">
              Strict locks down lost phones fast; balanced suits most field teams; convenient restricts nothing.
            </Text>
          </Stack>
          <Group gap="xs">
            {SECURITY_PRESET_NAMES.map((name) => (
              <Button
                key={name}
                size="xs"
                variant={preset === name ? "filled" : "light"}
                disabled={disabled}
                onClick={() => set(structuredClone(SECURITY_PRESETS[name]) as SecurityPolicy)}
              >
                {PRESET_WORDS[name]}
              </Button>
            ))}
            <Badge variant="outline" color={preset ? "blue" : "gray"}>
              {preset ? `${PRESET_WORDS[preset]} preset` : "custom"}
            </Badge>
          </Group>
        </Group>
      </Paper>

      {section(
        "Password",
        SECURITY_SETTING_HELP.password,
        <Group align="flex-end" gap="lg">
          <Radio.Group
            value={draft.password.mode}
            onChange={(mode) =>
              set({
                password:
                  mode === "after-inactivity" ? { mode, minutes: 15 } : { mode: mode as "remember" | "every-launch" },
              })
            }
            aria-label="When the password is asked"
          >
            <Group gap="md">
              <Radio value="remember" label="Remembered" disabled={disabled} />
              <Radio value="every-launch" label="At every launch" disabled={disabled} />
              <Radio value="after-inactivity" label="After inactivity" disabled={disabled} />
            </Group>
          </Radio.Group>
          {draft.password.mode === "after-inactivity" ? (
            <NumberInput
              label="Minutes without use"
              w={180}
              min={1}
              max={1440}
              disabled={disabled}
              value={Number.isNaN(draft.password.minutes) ? "" : draft.password.minutes}
              onChange={(v) => set({ password: { mode: "after-inactivity", minutes: num(v) } })}
              error={err("password.minutes")}
            />
          ) : null}
        </Group>,
      )}

      {section(
        "Wipe after days without a sync",
        SECURITY_SETTING_HELP.wipeAfterDaysWithoutSync,
        draft.wipeAfterDaysWithoutSync === null ? null : (
          <NumberInput
            label="Days without a successful sync (1–365)"
            w={260}
            min={1}
            max={365}
            disabled={disabled}
            value={Number.isNaN(draft.wipeAfterDaysWithoutSync) ? "" : draft.wipeAfterDaysWithoutSync}
            onChange={(v) => set({ wipeAfterDaysWithoutSync: num(v) })}
            error={err("wipeAfterDaysWithoutSync")}
          />
        ),
        <Switch
          label={draft.wipeAfterDaysWithoutSync !== null ? "On" : "Off"}
          disabled={disabled}
          checked={draft.wipeAfterDaysWithoutSync !== null}
          onChange={(e) => set({ wipeAfterDaysWithoutSync: e.currentTarget.checked ? 30 : null })}
          aria-label="Wipe after days without a sync"
        />,
      )}

      {section(
        "Wrong passwords",
        SECURITY_SETTING_HELP.wrongPasswords,
        draft.wrongPasswords === null ? null : (
          <Group align="flex-end" gap="lg">
            <NumberInput
              label="Wrong passwords in a row (3–20)"
              w={240}
              min={3}
              max={20}
              disabled={disabled}
              value={Number.isNaN(draft.wrongPasswords.attempts) ? "" : draft.wrongPasswords.attempts}
              onChange={(v) => set({ wrongPasswords: { ...draft.wrongPasswords!, attempts: num(v) } })}
              error={err("wrongPasswords.attempts")}
            />
            <SegmentedControl
              disabled={disabled}
              aria-label="Then"
              value={draft.wrongPasswords.action}
              onChange={(action) =>
                set({ wrongPasswords: { ...draft.wrongPasswords!, action: action as "lock" | "wipe" } })
              }
              data={[
                { value: "lock", label: "Lock the app" },
                { value: "wipe", label: "Wipe local data" },
              ]}
            />
          </Group>
        ),
        <Switch
          label={draft.wrongPasswords !== null ? "On" : "Off"}
          disabled={disabled}
          checked={draft.wrongPasswords !== null}
          onChange={(e) => set({ wrongPasswords: e.currentTarget.checked ? { attempts: 10, action: "lock" } : null })}
          aria-label="Act on wrong passwords"
        />,
      )}

      {section(
        "Business hours",
        SECURITY_SETTING_HELP.businessHours,
        draft.businessHours === null ? null : (
          <Stack gap="xs">
            <Select
              label="Time zone"
              searchable
              w={320}
              disabled={disabled}
              data={allZones}
              value={draft.businessHours.timeZone}
              onChange={(zone) => setHours((h) => ({ ...h, timeZone: zone ?? "" }))}
              error={err("businessHours.timeZone")}
            />
            {err("businessHours.days") ? (
              <Text size="sm" c="red" role="alert">
                {err("businessHours.days")}
              </Text>
            ) : null}
            {WEEK_DAYS.map((day) => (
              <DayRanges
                key={day}
                day={day}
                hours={draft.businessHours!}
                disabled={disabled}
                errorOf={(i) => err(`businessHours.days.${day}.${i}`)}
                onChange={(ranges) => setHours((h) => ({ ...h, days: { ...h.days, [day]: ranges } }))}
              />
            ))}
          </Stack>
        ),
        <Switch
          label={draft.businessHours !== null ? "On" : "Off"}
          disabled={disabled}
          checked={draft.businessHours !== null}
          onChange={(e) => set({ businessHours: e.currentTarget.checked ? structuredClone(DEFAULT_HOURS) : null })}
          aria-label="Business hours"
        />,
      )}

      {section(
        "Block new devices",
        SECURITY_SETTING_HELP.blockNewDevices,
        null,
        <Switch
          label={draft.blockNewDevices ? "On" : "Off"}
          disabled={disabled}
          checked={draft.blockNewDevices}
          onChange={(e) => set({ blockNewDevices: e.currentTarget.checked })}
          aria-label="Block new devices"
        />,
      )}

      {section(
        "Force a connection",
        SECURITY_SETTING_HELP.forceConnectionHours,
        draft.forceConnectionHours === null ? null : (
          <NumberInput
            label="Hours between connections (1–720)"
            w={260}
            min={1}
            max={720}
            disabled={disabled}
            value={Number.isNaN(draft.forceConnectionHours) ? "" : draft.forceConnectionHours}
            onChange={(v) => set({ forceConnectionHours: num(v) })}
            error={err("forceConnectionHours")}
          />
        ),
        <Switch
          label={draft.forceConnectionHours !== null ? "On" : "Off"}
          disabled={disabled}
          checked={draft.forceConnectionHours !== null}
          onChange={(e) => set({ forceConnectionHours: e.currentTarget.checked ? 72 : null })}
          aria-label="Force a connection"
        />,
      )}

      {section(
        "Local database encryption",
        SECURITY_SETTING_HELP.encryption,
        null,
        <Badge leftSection={<IconLock size={12} />} color="teal" variant="light">
          always on
        </Badge>,
      )}

      {message ? (
        <Alert color={message.ok ? "teal" : "red"} role={message.ok ? "status" : "alert"}>
          {message.text}
        </Alert>
      ) : null}
      {pendingPublish.length > 0 && !changed ? (
        <Alert color="yellow" title="Not published yet">
          Devices still apply the published policy until you publish a new version: {pendingPublish.join("; ")}.
        </Alert>
      ) : null}
      <Group justify="flex-end">
        {!parsed.success ? (
          <Text size="sm" c="red">
            {errors.size} problem{errors.size === 1 ? "" : "s"} to fix before saving
          </Text>
        ) : null}
        <Button variant="default" disabled={!changed || pending} onClick={() => setDraft(saved)}>
          Discard changes
        </Button>
        <Button onClick={save} loading={pending} disabled={disabled || !changed || !parsed.success}>
          Save policy
        </Button>
      </Group>
    </Stack>
  );
}

function DayRanges(props: {
  day: WeekDay;
  hours: BusinessHours;
  disabled: boolean;
  errorOf: (index: number) => string | undefined;
  onChange: (ranges: BusinessHours["days"][WeekDay]) => void;
}) {
  const ranges = props.hours.days[props.day];
  const label = props.day[0].toUpperCase() + props.day.slice(1);
  return (
    <Group align="flex-start" gap="sm" wrap="nowrap">
      <Text size="sm" w={96} pt={6}>
        {label}
      </Text>
      <Stack gap={6} style={{ flex: 1 }}>
        {ranges.length === 0 ? (
          <Text size="sm" c="dimmed" pt={6}>
            Closed
          </Text>
        ) : null}
        {ranges.map((range, i) => (
          <Group key={i} gap="xs" align="flex-start" wrap="nowrap">
            <TextInput
              type="time"
              aria-label={`${label} range ${i + 1} from`}
              w={120}
              disabled={props.disabled}
              value={range.from}
              onChange={(e) => props.onChange(ranges.map((r, j) => (j === i ? { ...r, from: e.target.value } : r)))}
            />
            <Text pt={6}>–</Text>
            <TextInput
              type="time"
              aria-label={`${label} range ${i + 1} to`}
              w={120}
              disabled={props.disabled}
              value={range.to}
              onChange={(e) => props.onChange(ranges.map((r, j) => (j === i ? { ...r, to: e.target.value } : r)))}
              error={props.errorOf(i)}
            />
            {crossesMidnight(range) ? (
              <Badge mt={8} variant="light" color="grape">
                until next day
              </Badge>
            ) : null}
            <ActionIcon
              mt={4}
              variant="subtle"
              color="red"
              disabled={props.disabled}
              aria-label={`Remove ${label} range ${i + 1}`}
              onClick={() => props.onChange(ranges.filter((_, j) => j !== i))}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        ))}
      </Stack>
      <Button
        size="compact-xs"
        variant="subtle"
        leftSection={<IconPlus size={12} />}
        disabled={props.disabled}
        onClick={() => props.onChange([...ranges, { from: "09:00", to: "17:00" }])}
        aria-label={`Add a range on ${label}`}
      >
        Add
      </Button>
    </Group>
  );
}
