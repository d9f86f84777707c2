"use client";
// The snapshot's tables: instant search and filters over the compact list the server sent, sortable
// columns, a windowed list of links to each table's page.
import { useDeferredValue, useMemo, useRef, useState } from "react";
import Link from "next/link";
import { Badge, CloseButton, Group, Input, SegmentedControl, Select, Text, TextInput } from "@mantine/core";
import { IconArrowDown, IconArrowUp, IconArrowsSort, IconSearch, IconTableOff } from "@tabler/icons-react";
import {
  decodeTableRows,
  filterTableRows,
  type TableRow,
  type TableRowTuple,
  type TableSortKey,
} from "@/lib/metadata/browse";
import type { Ownership } from "@/lib/metadata/schema";
import { EmptyState } from "@/components/shell/empty-state";
import { VirtualList, focusFirstRow } from "./virtual-list";
import classes from "./metadata-browser.module.css";
import { countOf } from "@/lib/format/count";

const GRID = "minmax(160px, 1.3fr) minmax(140px, 1.2fr) 130px minmax(120px, 0.8fr) 80px";
const OWNERSHIP_LABELS: Record<Ownership, string> = {
  user: "User or team",
  organization: "Organization",
  none: "None",
};
const tri = (value: string) => (value === "yes" ? true : value === "no" ? false : undefined);

function SortButton({
  label,
  sortKey,
  sort,
  descending,
  onSort,
}: {
  label: string;
  sortKey: TableSortKey;
  sort: TableSortKey;
  descending: boolean;
  onSort: (key: TableSortKey) => void;
}) {
  const active = sort === sortKey;
  const Icon = !active ? IconArrowsSort : descending ? IconArrowDown : IconArrowUp;
  return (
    <button
      type="button"
      className={classes.sortButton}
      aria-pressed={active}
      aria-label={`Sort by ${label.toLowerCase()}${active ? (descending ? ", descending" : ", ascending") : ""}`}
      onClick={() => onSort(sortKey)}
    >
      {label}
      <Icon size={12} aria-hidden />
    </button>
  );
}

export function TablesList({ rows: tuples, basePath }: { rows: TableRowTuple[]; basePath: string }) {
  const rows = useMemo(() => decodeTableRows(tuples), [tuples]);
  const [text, setText] = useState("");
  const [custom, setCustom] = useState("any");
  const [activity, setActivity] = useState("any");
  const [ownership, setOwnership] = useState<string | null>(null);
  const [sort, setSort] = useState<TableSortKey>("logicalName");
  const [descending, setDescending] = useState(false);
  // Typing stays responsive even if a filter pass ever lags: the list follows a frame behind.
  const deferredText = useDeferredValue(text);
  const visible = useMemo(
    () =>
      filterTableRows(rows, {
        text: deferredText,
        custom: tri(custom),
        activity: tri(activity),
        ownership: (ownership as Ownership | null) ?? undefined,
        sort,
        descending,
      }),
    [rows, deferredText, custom, activity, ownership, sort, descending],
  );
  const listRef = useRef<HTMLDivElement | null>(null);
  const filtered = text.trim() !== "" || custom !== "any" || activity !== "any" || ownership !== null;

  const onSort = (key: TableSortKey) => {
    if (key === sort) setDescending(!descending);
    else {
      setSort(key);
      setDescending(key === "columnCount");
    }
  };

  const clear = () => {
    setText("");
    setCustom("any");
    setActivity("any");
    setOwnership(null);
  };

  return (
    <>
      <Group gap="sm" mb="sm" align="flex-end" wrap="wrap">
        <TextInput
          label="Search tables"
          placeholder="Logical or display name"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === "Escape") setText("");
            focusFirstRow(listRef, e);
          }}
          rightSection={text ? <CloseButton size="sm" aria-label="Clear search" onClick={() => setText("")} /> : null}
          w={300}
          data-autofocus
          autoFocus
          autoComplete="off"
          spellCheck={false}
        />
        <div>
          <Input.Label id="filter-custom" display="block" mb={4}>
            Custom
          </Input.Label>
          <SegmentedControl
            aria-labelledby="filter-custom"
            value={custom}
            onChange={setCustom}
            data={[
              { value: "any", label: "All" },
              { value: "yes", label: "Custom" },
              { value: "no", label: "System" },
            ]}
          />
        </div>
        <div>
          <Input.Label id="filter-activity" display="block" mb={4}>
            Activity
          </Input.Label>
          <SegmentedControl
            aria-labelledby="filter-activity"
            value={activity}
            onChange={setActivity}
            data={[
              { value: "any", label: "All" },
              { value: "yes", label: "Activities" },
              { value: "no", label: "Not activities" },
            ]}
          />
        </div>
        <Select
          label="Ownership"
          placeholder="Any ownership"
          clearable
          value={ownership}
          onChange={setOwnership}
          data={(["user", "organization", "none"] as const).map((value) => ({ value, label: OWNERSHIP_LABELS[value] }))}
          w={180}
        />
      </Group>
      <Text size="sm" c="dimmed" mb="xs" aria-live="polite" data-testid="tables-count">
        {filtered
          ? `${visible.length.toLocaleString("en-US")} of ${countOf(rows.length, "table")}`
          : countOf(rows.length, "table")}
      </Text>
      {visible.length === 0 ? (
        <EmptyState
          icon={<IconTableOff size={24} />}
          title={text.trim() ? `No tables match '${text.trim()}'` : "No tables match these filters"}
          action={
            <Text
              component="button"
              type="button"
              c="blue"
              size="sm"
              onClick={clear}
              style={{ background: "none", border: 0, cursor: "pointer" }}
            >
              Clear search and filters
            </Text>
          }
        >
          Search looks at logical names, display names and plural names.
        </EmptyState>
      ) : (
        <>
          <div className={classes.headerWrap}>
            <div className={classes.header} style={{ gridTemplateColumns: GRID, borderRadius: 0, border: 0 }}>
              <SortButton
                label="Display name"
                sortKey="displayName"
                sort={sort}
                descending={descending}
                onSort={onSort}
              />
              <SortButton
                label="Logical name"
                sortKey="logicalName"
                sort={sort}
                descending={descending}
                onSort={onSort}
              />
              <span>Ownership</span>
              <span>Kind</span>
              <SortButton label="Columns" sortKey="columnCount" sort={sort} descending={descending} onSort={onSort} />
            </div>
          </div>
          <VirtualList<TableRow>
            items={visible}
            label="Tables"
            rowHeight={48}
            height="max(360px, calc(100vh - 400px))"
            getKey={(row) => row.logicalName}
            listRef={listRef}
            testId="tables-list"
            renderRow={(row) => (
              <Link
                href={`${basePath}/tables/${encodeURIComponent(row.logicalName)}`}
                className={classes.row}
                style={{ gridTemplateColumns: GRID }}
                prefetch={false}
              >
                <span className={classes.ellipsis}>
                  {row.displayName}
                  {row.plural && row.plural !== row.displayName ? (
                    <Text span size="xs" c="dimmed" ml={6}>
                      {row.plural}
                    </Text>
                  ) : null}
                </span>
                <span className={`${classes.mono} ${classes.ellipsis}`}>{row.logicalName}</span>
                <span>{OWNERSHIP_LABELS[row.ownership]}</span>
                <Group gap={4} wrap="nowrap">
                  {row.custom ? (
                    <Badge size="xs" variant="light">
                      Custom
                    </Badge>
                  ) : null}
                  {row.isActivity ? (
                    <Badge size="xs" variant="light" color="grape">
                      Activity
                    </Badge>
                  ) : null}
                  {row.partial ? (
                    <Badge size="xs" variant="light" color="orange">
                      Partial
                    </Badge>
                  ) : null}
                </Group>
                <span style={{ textAlign: "right", fontVariantNumeric: "tabular-nums" }}>
                  {row.columnCount.toLocaleString("en-US")}
                </span>
              </Link>
            )}
          />
        </>
      )}
    </>
  );
}
