"use client";
// The validation panel beside every project page: the issues grouped by table (project-level ones first), each
// led by its short title with the detail behind it, as tall as the window, and collapsible to a slim rail. An
// editor acknowledges a warning with a note; it then shows collapsed as acknowledged until its cause changes.
import { useCallback, useMemo, useState, useTransition } from "react";
import {
  Accordion,
  ActionIcon,
  Anchor,
  Badge,
  Box,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  ThemeIcon,
  Title,
  Tooltip,
  UnstyledButton,
  VisuallyHidden,
} from "@mantine/core";
import {
  IconAlertCircle,
  IconAlertTriangle,
  IconChecks,
  IconChevronDown,
  IconChevronRight,
  IconCircleCheck,
  IconInfoCircle,
  IconLayoutSidebarRightCollapse,
  IconLayoutSidebarRightExpand,
} from "@tabler/icons-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ActionResult } from "@/app/_server/define-action";
import type { Severity, ValidationIssue } from "@/lib/customization/validation-issue";
import type {
  Acknowledgement,
  AcknowledgeWarningInput,
  WithdrawAcknowledgementInput,
} from "@/lib/customization/schema";
import { ACKNOWLEDGEMENT_NOTE_MAX } from "@/lib/customization/schema";
import {
  canAcknowledge,
  countIssues,
  groupIssues,
  reviewIssues,
  staleAcknowledgements,
  type IssueGroup,
  type ReviewedIssue,
} from "@/lib/customization/issue-review";
import { issueTitle } from "@/lib/customization/issue-titles";
import { formatWhen } from "@/lib/format/when";
import { ActionButton, InlineError } from "@/components/shell/action-button";
import { countOf } from "@/lib/format/count";

/** The server actions that store an acknowledgement in the project, or take it back. */
export interface AcknowledgeActions {
  acknowledge(input: AcknowledgeWarningInput): Promise<ActionResult<{ revision: number }>>;
  withdraw(input: WithdrawAcknowledgementInput): Promise<ActionResult<{ revision: number }>>;
}

/** Where an issue's path ("tables/contact/columns/fax") leads in the portal. */
export function issueHref(projectId: string, path: string): string {
  const base = `/projects/${projectId}`;
  const parts = path.split("/");
  if (parts[0] === "tables" && parts[1]) {
    const table = `${base}/tables/${parts[1]}`;
    if (parts[2] === "syncFilter") return `${table}/filter`;
    // Views and forms open in their designers, at the element the issue is about.
    if ((parts[2] === "forms" || parts[2] === "views") && parts[3]) {
      return `${table}/${parts[2]}/${parts[3]}${parts[4] ? `#${parts[4]}` : ""}`;
    }
    if (parts[2] === "forms" || parts[2] === "views") return `${table}/${parts[2]}`;
    if (parts.length > 2) return `${table}#${parts.slice(2, 4).join("-")}`;
    return table;
  }
  if (parts[0] === "roles") return `${base}?tab=roles`;
  if (parts[0] === "settings") return `${base}?tab=settings`;
  return `${base}?tab=tables`;
}

// `badge` shades keep a count's text at 4.5:1 or better (white on red.9 and blue.8, black on yellow.6).
const SEVERITY: Record<Severity, { color: string; badge: string; icon: React.ReactNode; one: string }> = {
  error: { color: "red", badge: "red.9", icon: <IconAlertCircle size={14} />, one: "Error" },
  warning: { color: "yellow", badge: "yellow.6", icon: <IconAlertTriangle size={14} />, one: "Warning" },
  info: { color: "blue", badge: "blue.8", icon: <IconInfoCircle size={14} />, one: "Note" },
};

/** A count of one severity: the number shown, its words ("2 warnings") for screen readers. */
function CountBadge({ severity, count, rail }: { severity: Severity; count: number; rail?: boolean }) {
  const s = SEVERITY[severity];
  return (
    <Badge
      color={s.badge}
      autoContrast
      variant={count ? "filled" : "default"}
      size={rail ? "sm" : "md"}
      circle={rail}
      leftSection={rail ? undefined : <span aria-hidden>{s.icon}</span>}
    >
      <span aria-hidden>{count}</span>
      <VisuallyHidden>{countOf(count, s.one.toLowerCase())}</VisuallyHidden>
    </Badge>
  );
}

/**
 * A jump to another page goes through the router; a jump within this page (#columns-fax) is a plain
 * link, so the browser fires hashchange and the page can reveal the column.
 */
function IssueLink({ href, children, label }: { href: string; children: React.ReactNode; label: string }) {
  const pathname = usePathname();
  const samePage = href.includes("#") && href.split("#")[0] === pathname;
  return samePage ? (
    <Anchor href={href} size="xs" fw={600} aria-label={label}>
      {children}
    </Anchor>
  ) : (
    <Anchor component={Link} href={href} size="xs" fw={600} aria-label={label}>
      {children}
    </Anchor>
  );
}

type Shown = "all" | Severity;

/** A project-level issue's place in words: "tables" -> "Tables", "settings/limits/maxRowsAdvised" -> "Settings". */
function placeOf(path: string): string {
  const root = path.split("/")[0] ?? path;
  return root.charAt(0).toUpperCase() + root.slice(1);
}

export interface ValidationPanelProps {
  projectId: string;
  issues: ValidationIssue[];
  /** The acknowledgements stored in the saved project. */
  acknowledgements?: readonly Acknowledgement[];
  /** The label a table's group is headed with (display name first). */
  tableLabel?: (table: string) => string;
  /** How an issue's link names its column (display name first). */
  columnLabel?: (table: string, column: string) => string;
  /** The saved project's revision: what an acknowledgement is checked against. */
  revision?: number;
  /** Given to editors: they may acknowledge warnings. */
  actions?: AcknowledgeActions;
  collapsed?: boolean;
  onCollapsedChange?: (collapsed: boolean) => void;
}

export function ValidationPanel({
  projectId,
  issues,
  acknowledgements = [],
  tableLabel = (t) => t,
  columnLabel,
  revision,
  actions,
  collapsed = false,
  onCollapsedChange,
}: ValidationPanelProps) {
  const [shown, setShown] = useState<Shown>("all");
  const reviewed = useMemo(
    () =>
      reviewIssues(
        issues,
        acknowledgements,
        columnLabel && ((table, column) => (table ? columnLabel(table, column) : column)),
      ),
    [issues, acknowledgements, columnLabel],
  );
  const counts = countIssues(reviewed);
  const stale = useMemo(() => staleAcknowledgements(issues, acknowledgements), [issues, acknowledgements]);
  const visible =
    shown === "all"
      ? reviewed
      : reviewed.filter((i) => i.severity === shown || (shown === "warning" && i.review.state === "acknowledged"));
  const groups = useMemo(() => groupIssues(visible, tableLabel), [visible, tableLabel]);
  const placeLabel = useCallback<PlaceLabel>(
    (issue) =>
      issue.table
        ? issue.column
          ? (columnLabel?.(issue.table, issue.column) ?? issue.column)
          : tableLabel(issue.table)
        : placeOf(issue.path),
    [tableLabel, columnLabel],
  );
  const blocking = counts.error > 0;

  if (collapsed) {
    return (
      <Paper withBorder p={6} radius="md" component="aside" aria-label="Validation" data-testid="validation-panel">
        <Stack gap={6} align="center">
          <Tooltip label="Show the validation panel" position="left">
            <ActionIcon
              variant="subtle"
              aria-label="Show the validation panel"
              onClick={() => onCollapsedChange?.(false)}
            >
              <IconLayoutSidebarRightExpand size={18} />
            </ActionIcon>
          </Tooltip>
          {(Object.keys(SEVERITY) as Severity[]).map((s) => (
            <CountBadge key={s} severity={s} count={counts[s]} rail />
          ))}
        </Stack>
      </Paper>
    );
  }

  return (
    <Paper
      withBorder
      radius="md"
      component="aside"
      aria-label="Validation"
      data-testid="validation-panel"

      style={{ display: "flex", flexDirection: "column", maxHeight: "calc(100dvh - 88px)" }}
    >
      <Box p="md" pb="xs">
        <Group justify="space-between" mb="xs" wrap="nowrap">
          <Title order={5}>Validation</Title>
          <Group gap={4} wrap="nowrap">
            {(Object.keys(SEVERITY) as Severity[]).map((s) => (
              <CountBadge key={s} severity={s} count={counts[s]} />
            ))}
            {onCollapsedChange ? (
              <Tooltip label="Hide the panel" position="left">
                <ActionIcon
                  variant="subtle"
                  aria-label="Hide the validation panel"
                  onClick={() => onCollapsedChange(true)}
                >
                  <IconLayoutSidebarRightCollapse size={18} />
                </ActionIcon>
              </Tooltip>
            ) : null}
          </Group>
        </Group>
        <Text size="xs" c="dimmed" mb="xs">
          {blocking ? "Errors block publishing; warnings and notes do not." : "Nothing blocks publishing."} Updates as
          you edit.
          {counts.acknowledged ? ` ${countOf(counts.acknowledged, "warning")} acknowledged.` : ""}
        </Text>
        <SegmentedControl
          size="xs"
          fullWidth
          value={shown}
          onChange={(v) => setShown(v as Shown)}
          data={[
            { value: "all", label: `All ${issues.length}` },
            { value: "error", label: `Errors ${counts.error}` },
            { value: "warning", label: `Warnings ${counts.warning + counts.acknowledged}` },
            { value: "info", label: `Notes ${counts.info}` },
          ]}
          aria-label="Show issues of severity"
        />
      </Box>
      {visible.length === 0 ? (
        <Group gap="xs" py="md" px="md" justify="center">
          <ThemeIcon color="green" variant="light" radius="xl">
            <IconCircleCheck size={16} />
          </ThemeIcon>
          <Text size="sm" c="dimmed">
            {issues.length === 0 ? "No problems found." : "None of this severity."}
          </Text>
        </Group>
      ) : (
        <Box
          role="region"
          aria-label="Validation issues by table"
          tabIndex={0}
          px="md"
          pb="md"
          style={{ overflowY: "auto", minHeight: 0, flex: 1 }}
        >
          <Stack gap="sm">
            {groups.map((group) => (
              <IssueGroupSection
                key={group.key}
                group={group}
                projectId={projectId}
                revision={revision}
                actions={actions}
                placeLabel={placeLabel}
              />
            ))}
          </Stack>
        </Box>
      )}
      {stale.length && (shown === "all" || shown === "warning") ? (
        <StaleAcknowledgements stale={stale} projectId={projectId} revision={revision} actions={actions} />
      ) : null}
    </Paper>
  );
}

/**
 * Acknowledgements whose warning is no longer raised: closed at first, each with its note and (for editors) Withdraw,
 * since one left in place would cover the warning again, unseen, should it come back with the same cause.
 */
function StaleAcknowledgements({
  stale,
  projectId,
  revision,
  actions,
}: {
  stale: Acknowledgement[];
  projectId: string;
  revision?: number;
  actions?: AcknowledgeActions;
}) {
  const [open, setOpen] = useState(false);
  return (
    <Box
      component="section"
      aria-labelledby="validation-stale-acknowledgements"
      px="md"
      pb="md"
      data-testid="stale-acknowledgements"
    >
      <Text component="h3" id="validation-stale-acknowledgements" size="sm" m={0}>
        <UnstyledButton
          onClick={() => setOpen((o) => !o)}
          aria-expanded={open}
          style={{ display: "block", width: "100%" }}
          py={4}
        >
          <Group gap={4} wrap="nowrap">
            {open ? <IconChevronDown size={14} aria-hidden /> : <IconChevronRight size={14} aria-hidden />}
            <Text span size="sm" fw={700}>
              {countOf(stale.length, "acknowledgement")} no longer raised
            </Text>
          </Group>
        </UnstyledButton>
      </Text>
      {open ? (
        <Stack gap={6} mt={4} style={{ maxHeight: 260, overflowY: "auto" }}>
          <Text size="xs" c="dimmed">
            These warnings are gone. Their acknowledgements stay in the project and would cover a warning again if it
            came back with the same cause; withdraw the ones nobody needs.
          </Text>
          {stale.map((ack) => (
            <Paper key={ack.issueId} withBorder p={6} radius="sm" data-testid="stale-acknowledgement">
              <Stack gap={4}>
                <Text size="xs" fw={600}>
                  {issueTitle({ code: ack.code })}
                </Text>
                <AcknowledgementNote ack={ack} reraised={false} />
                {actions && revision !== undefined ? (
                  <WithdrawButton issueId={ack.issueId} projectId={projectId} revision={revision} actions={actions} />
                ) : null}
              </Stack>
            </Paper>
          ))}
        </Stack>
      ) : null}
    </Box>
  );
}

function WithdrawButton({
  issueId,
  projectId,
  revision,
  actions,
}: {
  issueId: string;
  projectId: string;
  revision: number;
  actions: AcknowledgeActions;
}) {
  return (
    <ActionButton
      color="gray"
      run={async () => {
        const result = await actions.withdraw({ projectId, revision, issueId });
        return result.ok ? null : (result.problems[0]?.message ?? result.message);
      }}
    >
      Withdraw
    </ActionButton>
  );
}

/** Only this many issues of one group render until the admin asks for the rest (a re-targeted project can have thousands). */
const GROUP_LIMIT = 100;

/** Where an issue's link goes, in words: its column or table by display name, else the part of the project. */
type PlaceLabel = (issue: ReviewedIssue) => string;

function IssueGroupSection({
  group,
  projectId,
  revision,
  actions,
  placeLabel,
}: {
  group: IssueGroup;
  projectId: string;
  revision?: number;
  actions?: AcknowledgeActions;
  placeLabel: PlaceLabel;
}) {
  const [open, setOpen] = useState(true);
  const [all, setAll] = useState(false);
  const headingId = `validation-group-${group.key}`;
  const items = all ? group.issues : group.issues.slice(0, GROUP_LIMIT);
  const { counts } = group;
  const summary = [
    counts.error ? countOf(counts.error, "error") : "",
    counts.warning ? countOf(counts.warning, "warning") : "",
    counts.info ? countOf(counts.info, "note") : "",
    counts.acknowledged ? `${counts.acknowledged} acknowledged` : "",
  ]
    .filter(Boolean)
    .join(", ");
  return (
    <Box component="section" aria-labelledby={headingId} data-testid="validation-group" data-group={group.key}>
      <Text component="h3" id={headingId} size="sm" m={0}>
        <UnstyledButton
          onClick={() => setOpen((o) => !o)}
          aria-expanded={open}
          style={{ display: "block", width: "100%" }}
          py={4}
        >
          <Group gap={6} wrap="nowrap" justify="space-between">
            <Group gap={4} wrap="nowrap" style={{ minWidth: 0 }}>
              {open ? <IconChevronDown size={14} aria-hidden /> : <IconChevronRight size={14} aria-hidden />}
              <Text span size="sm" fw={700} truncate>
                {group.label}
                {group.table && group.label !== group.table ? (
                  <Text span size="xs" c="dimmed" fw={400} ml={6}>
                    {group.table}
                  </Text>
                ) : null}
              </Text>
            </Group>
            <Text span size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
              {summary}
            </Text>
          </Group>
        </UnstyledButton>
      </Text>
      {open ? (
        <>
          <Accordion multiple variant="separated" radius="sm" chevronPosition="right" chevronSize={14}>
            {items.map((issue) => (
              <IssueItem
                key={issue.id}
                issue={issue}
                projectId={projectId}
                revision={revision}
                actions={actions}
                place={placeLabel(issue)}
              />
            ))}
          </Accordion>
          {items.length < group.issues.length ? (
            <Button variant="subtle" size="xs" mt={4} onClick={() => setAll(true)}>
              Show {group.issues.length - items.length} more
            </Button>
          ) : null}
        </>
      ) : null}
    </Box>
  );
}

function IssueItem({
  issue,
  projectId,
  revision,
  actions,
  place,
}: {
  issue: ReviewedIssue;
  projectId: string;
  revision?: number;
  actions?: AcknowledgeActions;
  place: string;
}) {
  const acknowledged = issue.review.state === "acknowledged";
  const reraised = issue.review.state === "reraised";
  const severity = SEVERITY[issue.severity];
  return (
    <Accordion.Item
      value={issue.id}
      data-testid="validation-issue"
      data-severity={issue.severity}
      data-review={issue.review.state}
    >
      <Accordion.Control
        px="xs"
        py={0}
        icon={
          <ThemeIcon size="sm" color={acknowledged ? "gray" : severity.color} variant="light" aria-hidden>
            {acknowledged ? <IconChecks size={14} /> : severity.icon}
          </ThemeIcon>
        }
      >
        <Text size="xs" fw={600} style={{ overflowWrap: "anywhere" }}>
          <VisuallyHidden>{acknowledged ? "Acknowledged warning: " : `${severity.one}: `}</VisuallyHidden>
          {issue.title}
        </Text>
        {acknowledged || reraised ? (
          <Badge size="xs" variant="default" mt={2} display="block" w="fit-content">
            {acknowledged ? "Acknowledged" : "Raised again"}
          </Badge>
        ) : null}
      </Accordion.Control>
      <Accordion.Panel>
        <Stack gap={6}>
          <Text size="xs" style={{ overflowWrap: "anywhere" }}>
            {issue.message}
          </Text>
          <div>
            <IssueLink href={issueHref(projectId, issue.path)} label={`Go to ${place}`}>
              {place}
            </IssueLink>
          </div>
          {issue.review.state !== "open" ? (
            <AcknowledgementNote ack={issue.review.acknowledgement} reraised={reraised} />
          ) : null}
          {actions && revision !== undefined && canAcknowledge(issue) ? (
            <AcknowledgeControls issue={issue} projectId={projectId} revision={revision} actions={actions} />
          ) : null}
        </Stack>
      </Accordion.Panel>
    </Accordion.Item>
  );
}

function AcknowledgementNote({ ack, reraised }: { ack: Acknowledgement; reraised: boolean }) {
  return (
    <Paper withBorder p={6} radius="sm" bg="var(--mantine-color-default-hover)" data-testid="acknowledgement">
      <Text size="xs" fw={600}>
        {reraised ? "Acknowledged before; its cause changed since" : "Acknowledged"} by {ack.by}, {formatWhen(ack.at)}
      </Text>
      <Text size="xs" style={{ overflowWrap: "anywhere", whiteSpace: "pre-wrap" }}>
        {ack.note}
      </Text>
    </Paper>
  );
}

function AcknowledgeControls({
  issue,
  projectId,
  revision,
  actions,
}: {
  issue: ReviewedIssue;
  projectId: string;
  revision: number;
  actions: AcknowledgeActions;
}) {
  const previous = issue.review.state === "open" ? undefined : issue.review.acknowledgement;
  const [editing, setEditing] = useState(false);
  const [note, setNote] = useState(previous?.note ?? "");
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const acknowledged = issue.review.state === "acknowledged";

  const run = (call: () => Promise<ActionResult<{ revision: number }>>) =>
    start(async () => {
      setError(null);
      const result = await call();
      if (result.ok) setEditing(false);
      else setError(result.problems[0]?.message ?? result.message);
    });

  if (!editing) {
    return (
      <Group gap="xs">
        <Button size="compact-xs" variant="light" onClick={() => setEditing(true)}>
          {acknowledged ? "Change note" : issue.review.state === "reraised" ? "Acknowledge again" : "Acknowledge"}
        </Button>
        {previous ? (
          <WithdrawButton issueId={issue.id} projectId={projectId} revision={revision} actions={actions} />
        ) : null}
        <InlineError error={error} />
      </Group>
    );
  }
  return (
    <Stack gap={6}>
      <Textarea
        size="xs"
        label="Why is this warning intended?"
        description="Stored in the project with your name; the warning is raised again when its cause changes."
        autosize
        minRows={2}
        maxLength={ACKNOWLEDGEMENT_NOTE_MAX}
        value={note}
        onChange={(e) => setNote(e.currentTarget.value)}
      />
      <Group gap="xs">
        <Button
          size="compact-xs"
          loading={pending}
          disabled={!note.trim()}
          onClick={() => run(() => actions.acknowledge({ projectId, revision, issueId: issue.id, note }))}
        >
          Save acknowledgement
        </Button>
        <Button size="compact-xs" variant="subtle" color="gray" onClick={() => setEditing(false)}>
          Cancel
        </Button>
      </Group>
      <InlineError error={error} />
    </Stack>
  );
}
