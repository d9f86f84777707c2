"use client";
// Search every column of the org ("which tables have a column called region?"): a debounced query to the
// server's index, results in a windowed list linking to the table page filtered to that column.
import { countOf } from "@/lib/format/count";
import { useEffect, useRef, useState } from "react";
import Link from "next/link";
import { Alert, Badge, CloseButton, Group, Loader, Text, TextInput } from "@mantine/core";
import { IconColumns, IconSearch, IconAlertTriangle } from "@tabler/icons-react";
import type { ColumnHit } from "@/lib/metadata/search";
import { columnTypeLabel } from "@/lib/metadata/naming";
import { EmptyState } from "@/components/shell/empty-state";
import { VirtualList, focusFirstRow } from "./virtual-list";
import classes from "./metadata-browser.module.css";

const GRID = "minmax(150px, 1fr) minmax(160px, 1.1fr) minmax(140px, 1fr) 140px";
const DEBOUNCE_MS = 150;

type State =
  | { kind: "idle" }
  | { kind: "loading"; query: string }
  | { kind: "done"; query: string; total: number; hits: ColumnHit[] }
  | { kind: "failed"; query: string; message: string };

export function ColumnSearch({ searchUrl, basePath }: { searchUrl: string; basePath: string }) {
  const [text, setText] = useState("");
  const [result, setState] = useState<State>({ kind: "idle" });
  const listRef = useRef<HTMLDivElement | null>(null);
  const [retry, setRetry] = useState(0);

  useEffect(() => {
    const query = text.trim();
    if (!query) return;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      setState((s) => (s.kind === "done" ? s : { kind: "loading", query }));
      try {
        const response = await fetch(`${searchUrl}?q=${encodeURIComponent(query)}`, {
          signal: controller.signal,
          headers: { accept: "application/json" },
        });
        const body = (await response.json().catch(() => null)) as {
          total?: number;
          hits?: ColumnHit[];
          detail?: string;
          message?: string;
        } | null;
        if (!response.ok || !body?.hits)
          throw new Error(body?.detail ?? body?.message ?? `The search failed (HTTP ${response.status}).`);
        setState({ kind: "done", query, total: body.total ?? body.hits.length, hits: body.hits });
      } catch (error) {
        if (controller.signal.aborted) return;
        setState({ kind: "failed", query, message: error instanceof Error ? error.message : String(error) });
      }
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [text, searchUrl, retry]);

  // An empty box shows the hint, whatever the last answer was.
  const state: State = text.trim() ? result : { kind: "idle" };
  const busy = state.kind === "loading" || (state.kind === "done" && state.query !== text.trim());

  return (
    <>
      <TextInput
        label="Search columns across every table"
        description="Logical or display name, e.g. region, statecode, Created On"
        placeholder="Column name"
        leftSection={<IconSearch size={16} aria-hidden />}
        rightSection={
          busy ? (
            <Loader size={14} aria-label="Searching" />
          ) : text ? (
            <CloseButton size="sm" aria-label="Clear search" onClick={() => setText("")} />
          ) : null
        }
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") setText("");
          focusFirstRow(listRef, e);
        }}
        maxLength={100}
        w={420}
        mb="sm"
        autoComplete="off"
        spellCheck={false}
        data-autofocus
      />
      {state.kind === "idle" ? (
        <EmptyState icon={<IconColumns size={24} />} title="Find a column in any table">
          Type part of a column&apos;s name. Exact names come first, then names that start with it (publisher prefixes
          too), then names that contain it.
        </EmptyState>
      ) : state.kind === "failed" ? (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} title="The column search did not answer">
          {state.message}{" "}
          <Text
            component="button"
            type="button"
            c="blue"
            size="sm"
            onClick={() => setRetry((n) => n + 1)}
            style={{ background: "none", border: 0, cursor: "pointer" }}
          >
            Try again
          </Text>
        </Alert>
      ) : state.kind === "loading" ? (
        <Group gap="xs" c="dimmed">
          <Loader size="sm" />
          <Text size="sm">Searching…</Text>
        </Group>
      ) : state.hits.length === 0 ? (
        <EmptyState icon={<IconColumns size={24} />} title={`No columns match '${state.query}'`}>
          No table of this snapshot has a column whose logical or display name contains it.
        </EmptyState>
      ) : (
        <>
          <Text size="sm" c="dimmed" mb="xs" aria-live="polite" data-testid="column-hits-count">
            {state.total > state.hits.length
              ? `${state.total.toLocaleString("en-US")} columns match '${state.query}'; showing the best ${state.hits.length.toLocaleString("en-US")}`
              : `${state.total.toLocaleString("en-US")} ${state.total === 1 ? "column matches" : "columns match"} '${state.query}' in ${countOf(new Set(state.hits.map((h) => h.table)).size, "table")}`}
          </Text>
          <div className={classes.headerWrap}>
            <div className={classes.header} style={{ gridTemplateColumns: GRID, border: 0, borderRadius: 0 }}>
              <span>Table</span>
              <span>Column</span>
              <span>Logical name</span>
              <span>Type</span>
            </div>
          </div>
          <VirtualList<ColumnHit>
            items={state.hits}
            label="Matching columns"
            rowHeight={44}
            height="max(320px, calc(100vh - 420px))"
            getKey={(hit) => `${hit.table}.${hit.column}`}
            listRef={listRef}
            testId="column-hits"
            renderRow={(hit) => (
              <Link
                href={`${basePath}/tables/${encodeURIComponent(hit.table)}?column=${encodeURIComponent(hit.column)}`}
                className={classes.row}
                style={{ gridTemplateColumns: GRID }}
                prefetch={false}
              >
                <span className={classes.ellipsis}>
                  {hit.tableDisplayName}
                  {hit.tableDisplayName !== hit.table ? (
                    <Text span size="xs" c="dimmed" ml={6} className={classes.mono}>
                      {hit.table}
                    </Text>
                  ) : null}
                </span>
                <span className={classes.ellipsis}>
                  {hit.displayName || hit.column}
                  {hit.match === "exact" ? (
                    <Badge size="xs" variant="light" color="teal" ml={6}>
                      exact
                    </Badge>
                  ) : null}
                </span>
                <span className={`${classes.mono} ${classes.ellipsis}`}>{hit.column}</span>
                <span className={classes.ellipsis}>{columnTypeLabel(hit.type)}</span>
              </Link>
            )}
          />
        </>
      )}
    </>
  );
}
