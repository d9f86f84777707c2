"use client";
// One table of a snapshot: its columns (type facts, required level, validity, security, lookup targets,
// options) with a filter box, its relationships by side, and its properties, in three tabs.
import { useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import Link from "next/link";
import {
  Alert,
  Anchor,
  Badge,
  Button,
  CloseButton,
  ColorSwatch,
  Group,
  SegmentedControl,
  Skeleton,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Tooltip,
} from "@mantine/core";
import {
  IconAlertTriangle,
  IconColumns,
  IconInfoCircle,
  IconLink,
  IconLock,
  IconSearch,
  IconListDetails,
} from "@tabler/icons-react";
import {
  filterColumns,
  type ColumnView,
  type RelationshipView,
  type TablePage,
  type TableRelationshipsView,
} from "@/lib/metadata/browse";
import { EmptyState } from "@/components/shell/empty-state";
import { VirtualList, focusFirstRow } from "./virtual-list";
import classes from "./metadata-browser.module.css";
import { countOf } from "@/lib/format/count";

const COLUMN_GRID = "minmax(170px, 1.1fr) minmax(170px, 1.1fr) 136px 96px minmax(200px, 1.3fr)";
const RELATIONSHIP_GRID = "minmax(180px, 1.2fr) minmax(150px, 1fr) minmax(170px, 1fr) minmax(200px, 1.3fr)";
const OPTIONS_SHOWN = 8;

const REQUIRED: Record<ColumnView["requiredLevel"], { label: string; color: string }> = {
  None: { label: "Optional", color: "gray" },
  Recommended: { label: "Recommended", color: "blue" },
  ApplicationRequired: { label: "Required", color: "red" },
  SystemRequired: { label: "System required", color: "red" },
};

function TableLink({ name, linkable, basePath }: { name: string; linkable: Set<string>; basePath: string }) {
  if (!linkable.has(name)) {
    return (
      <Tooltip label="This snapshot does not hold this table">
        <span className={classes.mono} tabIndex={0}>
          {name}
        </span>
      </Tooltip>
    );
  }
  return (
    <Anchor
      component={Link}
      href={`${basePath}/tables/${encodeURIComponent(name)}`}
      className={classes.mono}
      prefetch={false}
    >
      {name}
    </Anchor>
  );
}

function Validity({ column }: { column: ColumnView }) {
  const flag = (on: boolean, letter: string, word: string) => (
    <Tooltip label={`${on ? "Valid" : "Not valid"} for ${word}`}>
      <Badge
        size="sm"
        variant={on ? "light" : "outline"}
        color={on ? "teal" : "gray"}
        radius="sm"
        px={6}
        aria-label={`${on ? "valid" : "not valid"} for ${word}`}
        style={on ? undefined : { textDecoration: "line-through" }}
      >
        {letter}
      </Badge>
    </Tooltip>
  );
  return (
    <Group gap={3} wrap="nowrap">
      {flag(column.validForRead, "R", "read")}
      {flag(column.validForCreate, "C", "create")}
      {flag(column.validForUpdate, "U", "update")}
    </Group>
  );
}

function Options({ options }: { options: NonNullable<ColumnView["options"]> }) {
  const [all, setAll] = useState(false);
  if (options.unresolved) {
    return (
      <Text size="xs" c="dimmed">
        Global option set {options.name} (its options are not in this snapshot)
      </Text>
    );
  }
  const shown = all ? options.items : options.items.slice(0, OPTIONS_SHOWN);
  return (
    <Stack gap={2}>
      {options.global && options.name ? (
        <Text size="xs" c="dimmed">
          Global: <span className={classes.mono}>{options.name}</span>
        </Text>
      ) : null}
      {shown.map((o) => (
        <Group key={o.value} gap={6} wrap="nowrap">
          {o.color ? (
            <ColorSwatch color={o.color} size={10} aria-label={`colour ${o.color}`} />
          ) : (
            <span style={{ width: 10 }} />
          )}
          <Text size="xs" className={classes.mono} c="dimmed" miw={24} ta="right">
            {o.value}
          </Text>
          <Text size="xs">{o.label}</Text>
          {o.state !== undefined ? (
            <Text size="xs" c="dimmed">
              (state {o.state})
            </Text>
          ) : null}
        </Group>
      ))}
      {options.items.length > OPTIONS_SHOWN ? (
        <Anchor component="button" type="button" size="xs" onClick={() => setAll(!all)} ta="left">
          {all ? "Show fewer" : `Show all ${options.items.length} options`}
        </Anchor>
      ) : null}
    </Stack>
  );
}

function ColumnRow({ column, linkable, basePath }: { column: ColumnView; linkable: Set<string>; basePath: string }) {
  const required = REQUIRED[column.requiredLevel];
  return (
    <div
      className={classes.staticRow}
      style={{ gridTemplateColumns: COLUMN_GRID }}
      tabIndex={0}
      aria-label={`${column.displayName ? `${column.displayName} (${column.logicalName})` : column.logicalName}, ${column.typeLabel}`}
    >
      <Stack gap={2}>
        {column.displayName && column.displayName !== column.logicalName ? (
          <>
            <Text size="sm">{column.displayName}</Text>
            <Text size="xs" c="dimmed" className={classes.mono}>
              {column.logicalName}
            </Text>
          </>
        ) : (
          <span className={classes.mono}>{column.logicalName}</span>
        )}
        <Group gap={4}>
          {column.custom ? (
            <Badge size="xs" variant="light">
              Custom
            </Badge>
          ) : null}
          {column.secured ? (
            <Badge size="xs" variant="light" color="orange" leftSection={<IconLock size={10} aria-hidden />}>
              Secured
            </Badge>
          ) : null}
          {column.attributeOf ? (
            <Text size="xs" c="dimmed">
              part of <span className={classes.mono}>{column.attributeOf}</span>
            </Text>
          ) : null}
        </Group>
      </Stack>
      <Stack gap={2}>
        <Text size="sm">
          {column.typeLabel}
          {column.sourceType ? (
            <Text span size="xs" c="dimmed" ml={4}>
              ({column.sourceType})
            </Text>
          ) : null}
        </Text>
        {column.details.map((d) => (
          <Text key={d} size="xs" c="dimmed">
            {d}
          </Text>
        ))}
        {column.targets.length > 0 ? (
          <Group gap={6}>
            <IconLink size={12} aria-hidden />
            {column.targets.map((t) => (
              <TableLink key={t} name={t} linkable={linkable} basePath={basePath} />
            ))}
          </Group>
        ) : null}
      </Stack>
      <div>
        <Badge size="sm" variant={column.requiredLevel === "None" ? "outline" : "light"} color={required.color}>
          {required.label}
        </Badge>
      </div>
      <Validity column={column} />
      <div>
        {column.options ? (
          <Options options={column.options} />
        ) : (
          <Text size="xs" c="dimmed">
            —
          </Text>
        )}
      </div>
    </div>
  );
}

function ColumnsTab({
  page,
  linkable,
  basePath,
  initialFilter,
}: {
  page: TablePage;
  linkable: Set<string>;
  basePath: string;
  initialFilter: string;
}) {
  const [text, setText] = useState(initialFilter);
  const deferred = useDeferredValue(text);
  const visible = useMemo(() => filterColumns(page.columns, deferred), [page.columns, deferred]);
  const listRef = useRef<HTMLDivElement | null>(null);
  return (
    <>
      <Group justify="space-between" align="flex-end" mb="sm">
        <TextInput
          label="Filter columns"
          placeholder="Name, label, type or option"
          leftSection={<IconSearch size={16} aria-hidden />}
          rightSection={text ? <CloseButton size="sm" aria-label="Clear filter" onClick={() => setText("")} /> : null}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === "Escape") setText("");
            focusFirstRow(listRef, e);
          }}
          w={320}
          autoComplete="off"
          spellCheck={false}
        />
        <Text size="sm" c="dimmed" aria-live="polite" data-testid="columns-count">
          {text.trim()
            ? `${visible.length} of ${countOf(page.columns.length, "column")}`
            : countOf(page.columns.length, "column")}
        </Text>
      </Group>
      {page.columns.length === 0 ? (
        <EmptyState icon={<IconColumns size={24} />} title="No columns in this snapshot">
          {page.properties.partial
            ? "The source holds only part of this table and none of its columns."
            : "The source lists no columns for this table."}
        </EmptyState>
      ) : visible.length === 0 ? (
        <EmptyState icon={<IconColumns size={24} />} title={`No columns match '${text.trim()}'`}>
          The filter looks at logical names, display names, types, lookup targets and option labels.
        </EmptyState>
      ) : (
        <>
          <div className={classes.headerWrap}>
            <div className={classes.header} style={{ gridTemplateColumns: COLUMN_GRID, border: 0, borderRadius: 0 }}>
              <span>Column</span>
              <span>Type</span>
              <span>Required</span>
              <span>Valid for</span>
              <span>Options</span>
            </div>
          </div>
          <VirtualList<ColumnView>
            items={visible}
            label="Columns"
            rowHeight={72}
            dynamic
            height="max(360px, calc(100vh - 420px))"
            getKey={(c) => c.logicalName}
            listRef={listRef}
            testId="columns-list"
            renderRow={(column) => <ColumnRow column={column} linkable={linkable} basePath={basePath} />}
          />
        </>
      )}
    </>
  );
}

const SIDES = [
  { value: "manyToOne", label: "Many-to-one (N:1)", hint: "This table holds a lookup to the other table." },
  { value: "oneToMany", label: "One-to-many (1:N)", hint: "The other table holds a lookup to this one." },
  { value: "manyToMany", label: "Many-to-many (N:N)", hint: "Rows are linked through an intersect table." },
] as const;

type Loaded =
  { kind: "loading" } | { kind: "failed"; message: string } | { kind: "done"; view: TableRelationshipsView };

/** Loads the relationships once per table page (the tab can be opened and closed many times). */
function useRelationships(url: string): [Loaded, () => void] {
  const [state, setState] = useState<Loaded>({ kind: "loading" });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    fetch(url, { signal: controller.signal, headers: { accept: "application/json" } })
      .then(async (response) => {
        const body = (await response.json().catch(() => null)) as (TableRelationshipsView & { detail?: string }) | null;
        if (!response.ok || !body?.relationships)
          throw new Error(body?.detail ?? `Loading the relationships failed (HTTP ${response.status}).`);
        setState({ kind: "done", view: body });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted)
          setState({ kind: "failed", message: error instanceof Error ? error.message : String(error) });
      });
    return () => controller.abort();
  }, [url, attempt]);
  return [
    state,
    () => {
      setState({ kind: "loading" });
      setAttempt((n) => n + 1);
    },
  ];
}

function RelationshipsTab({
  page,
  relationshipsUrl,
  basePath,
}: {
  page: TablePage;
  relationshipsUrl: string;
  basePath: string;
}) {
  const [loaded, retry] = useRelationships(relationshipsUrl);
  const counts = page.relationshipCounts;
  const total = counts.manyToOne + counts.oneToMany + counts.manyToMany;
  if (total === 0) {
    return (
      <EmptyState icon={<IconListDetails size={24} />} title="No relationships in this snapshot">
        {page.properties.partial
          ? "A managed solution holds only its own relationships of a system table."
          : "The source lists no relationships for this table."}
      </EmptyState>
    );
  }
  if (loaded.kind === "loading") {
    return (
      <Stack gap="sm" aria-busy="true" aria-label="Loading the relationships">
        <Skeleton height={36} width={520} />
        {Array.from({ length: 6 }, (_, i) => (
          <Skeleton key={i} height={48} />
        ))}
      </Stack>
    );
  }
  if (loaded.kind === "failed") {
    return (
      <Alert color="red" icon={<IconAlertTriangle size={18} />} title="The relationships did not load">
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{loaded.message}</Text>
          <Button size="xs" variant="light" color="red" onClick={retry}>
            Try again
          </Button>
        </Stack>
      </Alert>
    );
  }
  return <RelationshipsList page={page} view={loaded.view} basePath={basePath} />;
}

function RelationshipsList({
  page,
  view,
  basePath,
}: {
  page: TablePage;
  view: TableRelationshipsView;
  basePath: string;
}) {
  const linkable = useMemo(() => new Set(view.linkable), [view.linkable]);
  const counts = page.relationshipCounts;
  const first = SIDES.find((s) => counts[s.value] > 0)?.value ?? "manyToOne";
  const [side, setSide] = useState<(typeof SIDES)[number]["value"]>(first);
  const [text, setText] = useState("");
  const deferred = useDeferredValue(text);
  const items = view.relationships[side];
  const visible = useMemo(() => {
    const needle = deferred.trim().toLowerCase();
    if (!needle) return items;
    return items.filter((r) =>
      [r.schemaName, r.otherTable, r.lookupColumn ?? "", r.intersectTable ?? ""].some((v) =>
        v.toLowerCase().includes(needle),
      ),
    );
  }, [items, deferred]);
  const listRef = useRef<HTMLDivElement | null>(null);
  const hint = SIDES.find((s) => s.value === side)!.hint;
  return (
    <>
      <Group justify="space-between" align="flex-end" mb="sm" wrap="wrap">
        <SegmentedControl
          value={side}
          onChange={(v) => setSide(v as typeof side)}
          data={SIDES.map((s) => ({ value: s.value, label: `${s.label} · ${counts[s.value]}` }))}
          aria-label="Relationship kind"
        />
        <TextInput
          aria-label="Filter relationships"
          placeholder="Filter by name, table or column"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => focusFirstRow(listRef, e)}
          w={300}
          autoComplete="off"
        />
      </Group>
      <Text size="sm" c="dimmed" mb="xs">
        {hint}
      </Text>
      {visible.length === 0 ? (
        <EmptyState
          icon={<IconListDetails size={24} />}
          title={text.trim() ? `No relationships match '${text.trim()}'` : "None of this kind"}
        >
          {text.trim() ? "Try another name, or another kind above." : "Pick another kind above."}
        </EmptyState>
      ) : (
        <>
          <div className={classes.headerWrap}>
            <div
              className={classes.header}
              style={{ gridTemplateColumns: RELATIONSHIP_GRID, border: 0, borderRadius: 0 }}
            >
              <span>Relationship</span>
              <span>
                {side === "manyToMany"
                  ? "Other table"
                  : side === "manyToOne"
                    ? "Referenced table"
                    : "Referencing table"}
              </span>
              <span>Columns</span>
              <span>{side === "manyToMany" ? "Intersect table" : "Cascade"}</span>
            </div>
          </div>
          <VirtualList<RelationshipView>
            key={side}
            items={visible}
            label="Relationships"
            rowHeight={64}
            dynamic
            height="max(320px, calc(100vh - 460px))"
            getKey={(r) => `${r.kind}:${r.schemaName}`}
            listRef={listRef}
            testId="relationships-list"
            renderRow={(r) => (
              <div
                className={classes.staticRow}
                style={{ gridTemplateColumns: RELATIONSHIP_GRID }}
                tabIndex={0}
                aria-label={`${r.schemaName} with ${r.otherTable}`}
              >
                <span className={classes.mono}>{r.schemaName}</span>
                <TableLink name={r.otherTable} linkable={linkable} basePath={basePath} />
                <Text size="xs" className={classes.mono}>
                  {r.kind === "many-to-one"
                    ? `${page.logicalName}.${r.lookupColumn ?? "?"} → ${r.otherTable}.${r.referencedColumn ?? "?"}`
                    : r.kind === "one-to-many"
                      ? `${r.otherTable}.${r.lookupColumn ?? "?"} → ${page.logicalName}.${r.referencedColumn ?? "?"}`
                      : `${r.lookupColumn ?? "?"} ↔ ${r.referencedColumn ?? "?"}`}
                </Text>
                {r.kind === "many-to-many" ? (
                  r.intersectTable ? (
                    <TableLink name={r.intersectTable} linkable={linkable} basePath={basePath} />
                  ) : (
                    <Text size="xs" c="dimmed">
                      —
                    </Text>
                  )
                ) : r.cascade.length ? (
                  <Stack gap={0}>
                    {r.cascade.map((line) => (
                      <Text key={line} size="xs" c="dimmed">
                        {line}
                      </Text>
                    ))}
                  </Stack>
                ) : (
                  <Text size="xs" c="dimmed">
                    not given by the source
                  </Text>
                )}
              </div>
            )}
          />
        </>
      )}
    </>
  );
}

const OWNERSHIP: Record<TablePage["properties"]["ownership"], string> = {
  user: "User or team",
  organization: "Organization",
  none: "None",
};
const yesNo = (v: boolean | undefined) => (v === undefined ? "Not given by the source" : v ? "Yes" : "No");

function PropertiesTab({ page }: { page: TablePage }) {
  const p = page.properties;
  const rows: Array<[string, React.ReactNode]> = [
    [
      "Logical name",
      <span key="l" className={classes.mono}>
        {page.logicalName}
      </span>,
    ],
    ["Schema name", p.schemaName ? <span className={classes.mono}>{p.schemaName}</span> : "Not given by the source"],
    ["Display name", page.displayName],
    ["Plural name", page.plural || "Not given by the source"],
    [
      "Entity set name",
      p.entitySetName ? <span className={classes.mono}>{p.entitySetName}</span> : "Not given by the source",
    ],
    [
      "Primary id column",
      p.primaryIdColumn ? <span className={classes.mono}>{p.primaryIdColumn}</span> : "Not given by the source",
    ],
    [
      "Primary name column",
      p.primaryNameColumn ? <span className={classes.mono}>{p.primaryNameColumn}</span> : "Not given by the source",
    ],
    ["Ownership", OWNERSHIP[p.ownership]],
    ["Activity", yesNo(p.isActivity)],
    ["Intersect", yesNo(p.isIntersect)],
    ["Custom", yesNo(p.custom)],
    ["Object type code", p.objectTypeCode ?? "Not given by the source"],
    ["Offline enabled", yesNo(p.offlineEnabled)],
    ["Columns", page.columns.length],
  ];
  return (
    <Stack gap="md" maw={760}>
      {p.partial ? (
        <Alert color="orange" icon={<IconInfoCircle size={18} />} title="Partial table">
          This snapshot came from a managed solution that holds only its own columns of this system table. The org has
          more columns than listed here; import from the live org or a Web API export for the full table.
        </Alert>
      ) : null}
      <Table withTableBorder variant="vertical" aria-label="Table properties">
        <Table.Tbody>
          {rows.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th w={220}>{label}</Table.Th>
              <Table.Td>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

export function TableView({
  page,
  basePath,
  relationshipsUrl,
  initialColumnFilter = "",
}: {
  page: TablePage;
  basePath: string;
  relationshipsUrl: string;
  initialColumnFilter?: string;
}) {
  const linkable = useMemo(() => new Set(page.linkable), [page.linkable]);
  const relationships =
    page.relationshipCounts.manyToOne + page.relationshipCounts.oneToMany + page.relationshipCounts.manyToMany;
  return (
    <Tabs defaultValue="columns" keepMounted={false}>
      <Tabs.List mb="md">
        <Tabs.Tab value="columns" leftSection={<IconColumns size={16} aria-hidden />}>
          Columns ({page.columns.length})
        </Tabs.Tab>
        <Tabs.Tab value="relationships" leftSection={<IconListDetails size={16} aria-hidden />}>
          Relationships ({relationships})
        </Tabs.Tab>
        <Tabs.Tab value="properties" leftSection={<IconInfoCircle size={16} aria-hidden />}>
          Properties
        </Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="columns">
        <ColumnsTab page={page} linkable={linkable} basePath={basePath} initialFilter={initialColumnFilter} />
      </Tabs.Panel>
      <Tabs.Panel value="relationships">
        <RelationshipsTab page={page} relationshipsUrl={relationshipsUrl} basePath={basePath} />
      </Tabs.Panel>
      <Tabs.Panel value="properties">
        <PropertiesTab page={page} />
      </Tabs.Panel>
    </Tabs>
  );
}
