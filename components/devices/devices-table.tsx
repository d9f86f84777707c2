"use client";
// The Devices list: filters and sort live in the URL (the server filters, sorts and pages), rows can be picked for
// an action, and an action can take every device the filter matches after a confirmation that says how many.
import { useState, useTransition } from "react";
import { usePathname, useRouter } from "next/navigation";
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Menu,
  NumberInput,
  Pagination,
  Paper,
  Select,
  Stack,
  Table,
  TableScrollContainer,
  TableTbody,
  TableTd,
  TableTh,
  TableThead,
  TableTr,
  Text,
  TextInput,
  UnstyledButton,
} from "@mantine/core";
import { IconChevronDown, IconSearch, IconSelector, IconSortAscending, IconSortDescending } from "@tabler/icons-react";
import type { ActionResult } from "@/app/_server/define-action";
import type { DeviceListPage } from "@/lib/devices/data";
import {
  DEVICE_ACTIONS,
  DEVICE_ACTION_WORDS,
  DEVICE_STATES,
  DEVICE_STATE_LABELS,
  type DeviceAction,
  type DeviceListFilter,
  type DeviceListQuery,
  type DeviceSort,
} from "@/lib/devices/schema";
import { formatWhen } from "@/lib/format/when";
import { STATE_COLORS } from "./state-colors";
import { pageControlLabel } from "@/components/shell/pagination";
import { ConfirmDialog } from "@/components/shell/confirm-dialog";

type Result = ActionResult<{ changed: number; skipped: number }>;

const FILTER_KEYS = ["q", "user", "projectId", "state", "appVersion", "os", "staleDays", "behind", "atLimit"] as const;

function filterOf(query: DeviceListQuery): DeviceListFilter {
  const filter: Record<string, unknown> = {};
  for (const key of FILTER_KEYS) if (query[key] !== undefined && query[key] !== false) filter[key] = query[key];
  return filter as DeviceListFilter;
}

export function DevicesTable(props: {
  page: DeviceListPage;
  query: DeviceListQuery;
  queryError: string | null;
  canAct: boolean;
  act: (input: { action: DeviceAction; deviceIds: string[] }) => Promise<Result>;
  bulk: (input: { action: DeviceAction; filter: DeviceListFilter; expected: number }) => Promise<Result>;
}) {
  const { page, query } = props;
  const router = useRouter();
  const pathname = usePathname();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [draft, setDraft] = useState<Record<string, string>>(() =>
    Object.fromEntries(FILTER_KEYS.map((k) => [k, query[k] === undefined ? "" : String(query[k])])),
  );
  const [confirm, setConfirm] = useState<{ action: DeviceAction; scope: "picked" | "all" } | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();

  const go = (change: Record<string, string | number | undefined>) => {
    const params = new URLSearchParams();
    const merged: Record<string, string | number | undefined> = {
      ...Object.fromEntries(
        FILTER_KEYS.map((k) => [k, query[k] === undefined || query[k] === false ? undefined : String(query[k])]),
      ),
      sort: query.sort,
      dir: query.dir,
      page: query.page,
      ...change,
    };
    for (const [k, v] of Object.entries(merged)) if (v !== undefined && v !== "") params.set(k, String(v));
    if (params.get("sort") === "lastSeen" && params.get("dir") === "desc") {
      params.delete("sort");
      params.delete("dir");
    }
    if (params.get("page") === "1") params.delete("page");
    setSelected(new Set());
    router.push(`${pathname}${params.size ? `?${params}` : ""}`);
  };
  const applyFilters = () =>
    go({ ...Object.fromEntries(FILTER_KEYS.map((k) => [k, draft[k] || undefined])), page: undefined });
  const clearFilters = () => {
    setDraft(Object.fromEntries(FILTER_KEYS.map((k) => [k, ""])));
    router.push(pathname);
  };

  const sortHeader = (label: string, sort: DeviceSort) => {
    const active = query.sort === sort;
    const Icon = active ? (query.dir === "asc" ? IconSortAscending : IconSortDescending) : IconSelector;
    return (
      <TableTh aria-sort={active ? (query.dir === "asc" ? "ascending" : "descending") : "none"}>
        <UnstyledButton
          onClick={() => go({ sort, dir: active && query.dir === "desc" ? "asc" : "desc", page: undefined })}
          aria-label={`Sort by ${label}`}
        >
          <Group gap={4} wrap="nowrap">
            <Text size="sm" fw={700}>
              {label}
            </Text>
            <Icon size={14} />
          </Group>
        </UnstyledButton>
      </TableTh>
    );
  };

  const count = confirm ? (confirm.scope === "all" ? page.total : selected.size) : 0;
  /** What the confirming button says ("Lock 3 devices"); the dialog asks it. */
  const confirmWhat = confirm
    ? `${DEVICE_ACTION_WORDS[confirm.action].label} ${count.toLocaleString("en-US")} device${count === 1 ? "" : "s"}`
    : "";
  const run = () =>
    start(async () => {
      if (!confirm) return;
      const result =
        confirm.scope === "all"
          ? await props.bulk({ action: confirm.action, filter: filterOf(query), expected: page.total })
          : await props.act({ action: confirm.action, deviceIds: [...selected] });
      if (result.ok) {
        const words = DEVICE_ACTION_WORDS[confirm.action].label.toLowerCase();
        setMessage({
          ok: true,
          text: `${words[0].toUpperCase()}${words.slice(1)}: ${result.data.changed} device${result.data.changed === 1 ? "" : "s"} changed${result.data.skipped ? `, ${result.data.skipped} already so` : ""}.`,
        });
        setConfirm(null);
        setSelected(new Set());
        router.refresh();
      } else {
        setMessage({ ok: false, text: result.message });
        setConfirm(null);
        router.refresh();
      }
    });

  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  const allPicked = page.rows.length > 0 && page.rows.every((r) => selected.has(r.id));

  return (
    <Stack gap="sm">
      {props.queryError ? <Alert color="yellow">{props.queryError}</Alert> : null}
      {page.usersAtLimit.length > 0 ? (
        <Alert color="orange" title={`Users at the device limit (${page.maxDevicesPerUser} devices each)`}>
          <Text size="sm">
            {page.usersAtLimit
              .slice(0, 5)
              .map((u) => `${u.userName ?? u.userOid} (${u.devices})`)
              .join(", ")}
            {page.usersAtLimit.length > 5 ? ` and ${page.usersAtLimit.length - 5} more` : ""}: a new device of theirs is
            refused until one is blocked.{" "}
            <Anchor size="sm" onClick={() => go({ atLimit: "true", page: undefined })} component="button">
              Show their devices
            </Anchor>
          </Text>
        </Alert>
      ) : null}
      <Paper withBorder p="sm">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            applyFilters();
          }}
        >
          <Group gap="sm" align="flex-end" wrap="wrap">
            <TextInput
              label="Search"
              placeholder="User, device id or model"
              leftSection={<IconSearch size={14} />}
              value={draft.q}
              onChange={(e) => setDraft({ ...draft, q: e.target.value })}
              w={220}
            />
            <Select
              label="State"
              placeholder="Any"
              clearable
              data={DEVICE_STATES.map((s) => ({ value: s, label: DEVICE_STATE_LABELS[s] }))}
              value={draft.state || null}
              onChange={(v) => setDraft({ ...draft, state: v ?? "" })}
              w={170}
            />
            <Select
              label="Project"
              placeholder="Any"
              clearable
              searchable
              data={page.projects.map((p) => ({ value: p.id, label: p.name }))}
              value={draft.projectId || null}
              onChange={(v) => setDraft({ ...draft, projectId: v ?? "" })}
              w={180}
            />
            <TextInput
              label="User"
              placeholder="Name or object id"
              value={draft.user}
              onChange={(e) => setDraft({ ...draft, user: e.target.value })}
              w={170}
            />
            <TextInput
              label="App version"
              placeholder="e.g. 4.2.0"
              value={draft.appVersion}
              onChange={(e) => setDraft({ ...draft, appVersion: e.target.value })}
              w={110}
            />
            <TextInput
              label="OS"
              placeholder="iOS, Android"
              value={draft.os}
              onChange={(e) => setDraft({ ...draft, os: e.target.value })}
              w={110}
            />
            <NumberInput
              label="Not seen for days"
              min={1}
              max={3650}
              value={draft.staleDays}
              onChange={(v) => setDraft({ ...draft, staleDays: String(v) })}
              w={140}
            />
            <Checkbox
              label="Behind newest"
              checked={draft.behind === "true"}
              onChange={(e) => setDraft({ ...draft, behind: e.currentTarget.checked ? "true" : "" })}
              mb={8}
            />
            <Checkbox
              label="Users at limit"
              checked={draft.atLimit === "true"}
              onChange={(e) => setDraft({ ...draft, atLimit: e.currentTarget.checked ? "true" : "" })}
              mb={8}
            />
            <Button type="submit" size="sm">
              Apply
            </Button>
            <Button variant="subtle" size="sm" onClick={clearFilters}>
              Clear
            </Button>
          </Group>
        </form>
      </Paper>

      <Group justify="space-between">
        <Text size="sm" c="dimmed" role="status">
          {page.total.toLocaleString("en-US")} device{page.total === 1 ? "" : "s"}
          {page.total > page.rows.length
            ? `; ${((page.page - 1) * page.pageSize + 1).toLocaleString("en-US")}–${((page.page - 1) * page.pageSize + page.rows.length).toLocaleString("en-US")} shown`
            : ""}
          {selected.size ? `; ${selected.size} picked` : ""}
        </Text>
        {props.canAct ? (
          <Group gap="xs">
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button
                  size="xs"
                  variant="light"
                  disabled={selected.size === 0}
                  rightSection={<IconChevronDown size={14} />}
                >
                  Act on {selected.size || "picked"} device{selected.size === 1 ? "" : "s"}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                {DEVICE_ACTIONS.map((a) => (
                  <Menu.Item
                    key={a}
                    color={DEVICE_ACTION_WORDS[a].danger ? "red" : undefined}
                    onClick={() => setConfirm({ action: a, scope: "picked" })}
                  >
                    {DEVICE_ACTION_WORDS[a].label}
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button
                  size="xs"
                  variant="default"
                  disabled={page.total === 0}
                  rightSection={<IconChevronDown size={14} />}
                >
                  Act on all {page.total.toLocaleString("en-US")} matching
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                {DEVICE_ACTIONS.map((a) => (
                  <Menu.Item
                    key={a}
                    color={DEVICE_ACTION_WORDS[a].danger ? "red" : undefined}
                    onClick={() => setConfirm({ action: a, scope: "all" })}
                  >
                    {DEVICE_ACTION_WORDS[a].label}
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
          </Group>
        ) : null}
      </Group>
      {message ? (
        <Alert
          color={message.ok ? "teal" : "red"}
          role={message.ok ? "status" : "alert"}
          withCloseButton
          onClose={() => setMessage(null)}
        >
          {message.text}
        </Alert>
      ) : null}

      <Paper withBorder>
        <TableScrollContainer minWidth={1000}>
          <Table verticalSpacing="xs" highlightOnHover aria-label="Devices">
            <TableThead>
              <TableTr>
                {props.canAct ? (
                  <TableTh w={36}>
                    <Checkbox
                      aria-label="Pick every device on this page"
                      checked={allPicked}
                      indeterminate={!allPicked && page.rows.some((r) => selected.has(r.id))}
                      onChange={() =>
                        setSelected(allPicked ? new Set() : new Set([...selected, ...page.rows.map((r) => r.id)]))
                      }
                    />
                  </TableTh>
                ) : null}
                <TableTh>Device</TableTh>
                {sortHeader("User", "user")}
                <TableTh>State</TableTh>
                <TableTh>Project</TableTh>
                <TableTh>Holds</TableTh>
                {sortHeader("App version", "appVersion")}
                <TableTh>OS</TableTh>
                {sortHeader("Last seen", "lastSeen")}
              </TableTr>
            </TableThead>
            <TableTbody>
              {page.rows.length === 0 ? (
                <TableTr>
                  <TableTd colSpan={9}>
                    <Text size="sm" c="dimmed" ta="center" py="md">
                      No device matches these filters.{" "}
                      <Anchor component="button" size="sm" onClick={clearFilters}>
                        Clear them
                      </Anchor>
                    </Text>
                  </TableTd>
                </TableTr>
              ) : null}
              {page.rows.map((d) => (
                <TableTr key={d.id}>
                  {props.canAct ? (
                    <TableTd>
                      <Checkbox
                        aria-label={`Pick ${d.deviceId}`}
                        checked={selected.has(d.id)}
                        onChange={() => {
                          const next = new Set(selected);
                          if (next.has(d.id)) next.delete(d.id);
                          else next.add(d.id);
                          setSelected(next);
                        }}
                      />
                    </TableTd>
                  ) : null}
                  <TableTd>
                    <Anchor href={`/devices/${d.id}`} size="sm" ff="monospace">
                      {d.deviceId}
                    </Anchor>
                    {d.model ? (
                      <Text size="xs" c="dimmed">
                        {d.model}
                      </Text>
                    ) : null}
                  </TableTd>
                  <TableTd>
                    <Text size="sm">{d.userName ?? d.userOid}</Text>
                    {d.userAtLimit ? (
                      <Badge
                        size="xs"
                        color="orange"
                        variant="light"
                        title={`This user holds ${page.maxDevicesPerUser} devices`}
                      >
                        at limit
                      </Badge>
                    ) : null}
                  </TableTd>
                  {/* A badge's width does not count towards its column's, so the cell keeps room for the longest state. */}
                  <TableTd style={{ minWidth: 190 }}>
                    <Group gap={4} wrap="nowrap">
                      <Badge
                        size="sm"
                        variant="light"
                        color={STATE_COLORS[d.state]}
                        style={{ flexShrink: 0, maxWidth: "none", overflow: "visible" }}
                      >
                        {DEVICE_STATE_LABELS[d.state]}
                      </Badge>
                      {d.openCommands ? (
                        <Badge size="sm" variant="outline" color="grape" title="Commands not yet acknowledged">
                          {d.openCommands} command{d.openCommands === 1 ? "" : "s"}
                        </Badge>
                      ) : null}
                    </Group>
                  </TableTd>
                  <TableTd>
                    {d.project ? (
                      <Anchor href={`/projects/${d.project.id}/versions`} size="sm">
                        {d.project.name}
                      </Anchor>
                    ) : (
                      "—"
                    )}
                  </TableTd>
                  <TableTd style={{ minWidth: 130 }}>
                    {d.number !== null && d.project ? (
                      <Group gap={6} wrap="nowrap">
                        <Anchor href={`/projects/${d.project.id}/versions/${d.number}`} size="sm">
                          v{d.number}
                        </Anchor>
                        {d.latestNumber !== null && d.number < d.latestNumber ? (
                          <Badge
                            size="sm"
                            color="yellow"
                            variant="light"
                            title={`The project's newest version is v${d.latestNumber}`}
                          >
                            behind
                          </Badge>
                        ) : (
                          <Badge size="sm" color="teal" variant="light">
                            newest
                          </Badge>
                        )}
                      </Group>
                    ) : (
                      <Text size="sm" c="dimmed">
                        nothing yet
                      </Text>
                    )}
                  </TableTd>
                  <TableTd>{d.appVersion}</TableTd>
                  <TableTd>{d.os ?? "—"}</TableTd>
                  <TableTd style={{ whiteSpace: "nowrap" }}>{formatWhen(d.lastSeenAt)}</TableTd>
                </TableTr>
              ))}
            </TableTbody>
          </Table>
        </TableScrollContainer>
      </Paper>
      {pages > 1 ? (
        <Group justify="center">
          <Pagination
            total={pages}
            value={page.page}
            onChange={(p) => go({ page: p })}
            aria-label="Pages"
            getControlProps={pageControlLabel}
          />
        </Group>
      ) : null}

      <ConfirmDialog
        opened={confirm !== null}
        onClose={() => setConfirm(null)}
        title={confirm ? `${confirmWhat}?` : ""}
        confirmLabel={confirmWhat}
        color={confirm && DEVICE_ACTION_WORDS[confirm.action].danger ? "red" : undefined}
        pending={pending}
        onConfirm={run}
      >
        {confirm ? <Text size="sm">{DEVICE_ACTION_WORDS[confirm.action].effect}</Text> : null}
        {confirm?.scope === "all" ? (
          <Text size="sm">
            This takes every device the current filters match: {count.toLocaleString("en-US")} now. If that number
            changes before you confirm, nothing is done and you are asked again.
          </Text>
        ) : null}
      </ConfirmDialog>
    </Stack>
  );
}
